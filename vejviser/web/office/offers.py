"""Mine tilbud: the offers an account keeps, the edit form with its preview, and the low-risk
actions that publish at once ("Stadig korrekt", temporarily closed, open again)."""
from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy import func, select

from vejviser.accounts.roles import has_rank, organisation_ids, sees_hidden_address
from vejviser.catalogue.errors import CatalogueDataError
from vejviser.db import db
from vejviser.editing.display import display, preview
from vejviser.editing.document import OFFER_WIDE, document_of, mask_hidden, unmask_hidden
from vejviser.editing.history import is_low_risk, revisions_of
from vejviser.editing.proposals import EditRefused, submit
from vejviser.editing.publish import close_temporarily, confirm, reopen
from vejviser.hours import DAY_CODES
from vejviser.hours.wording import DAY_ABBR
from vejviser.local_time import now_local
from vejviser.models import Offer, Organization
from vejviser.models.editing import Proposal
from vejviser.web.access import current_account, requires
from vejviser.web.messages import current_lang, translate
from vejviser.web.office import blueprint
from vejviser.web.office.acting import (
    acting_editor,
    editable_offer,
    field_labels,
    problems_of,
    statuses,
    term_labels,
    vocabularies,
)
from vejviser.web.office.offer_form import (
    BLANK_ROWS,
    FormUnreadable,
    document_json,
    parse,
    place_token,
    read_base,
)


@blueprint.route("/tilbud")
@requires("volunteer")
def my_offers() -> ResponseReturnValue:
    """The offers this account keeps (every offer for editors), and its own submissions."""
    me = current_account()
    assert me is not None
    query = select(Offer).where(Offer.retired_at.is_(None)).order_by(func.lower(Offer.name))
    if not has_rank(me, "editor"):
        query = query.where(Offer.organization_id.in_(organisation_ids(me)))
    mine = db.session.scalars(select(Proposal).where(Proposal.submitter_id == me.id)
                              .order_by(Proposal.id.desc()).limit(50)).all()
    names = {offer.id: offer.name for offer in db.session.scalars(
        select(Offer).where(Offer.id.in_([p.offer_id for p in mine])))}
    return render_template("office/offers.html", offers=db.session.scalars(query).all(),
                           proposals=mine, offer_names=names, labels=field_labels())


def _rows_for(document: dict[str, Any]) -> dict[str, Any]:
    """Per place token: its name, weekly rows and exception rows, each with blank rows."""
    weekly = (document.get("hours") or {}).get("weekly") or {}
    dated = document.get("exceptions") or {}
    keys = [OFFER_WIDE] + [place["id"] for place in document.get("locations") or []
                           if place.get("id")]
    names = {OFFER_WIDE: _("Hele tilbuddet")}
    names.update({place["id"]: place.get("name") or place["id"]
                  for place in document.get("locations") or [] if place.get("id")})
    return {place_token(key): {"name": names[key],
                               "weekly": [*(weekly.get(key) or []), *([{}] * BLANK_ROWS)],
                               "exceptions": [*(dated.get(key) or []), *([{}] * BLANK_ROWS)]}
            for key in keys}


def render_form(offer: Offer, document: dict[str, Any], base: dict[str, Any], version: int,
                problems: list[str] | None = None, field_problems: dict[str, str] | None = None,
                show_preview: bool = False, status: int = 200) -> ResponseReturnValue:
    """The edit form for ``document`` (opened at ``base``), with problems or a preview."""
    return render_template("office/offer_form.html", **form_context(
        offer, document, base, version, problems, field_problems, show_preview)), status


def form_context(offer: Offer, document: dict[str, Any], base: dict[str, Any], version: int,
                 problems: list[str] | None = None,
                 field_problems: dict[str, str] | None = None,
                 show_preview: bool = False) -> dict[str, Any]:
    """What the form template needs (the conflict page shows the same form)."""
    lang = current_lang()
    if not sees_hidden_address(current_account()):
        document, base = mask_hidden(document), mask_hidden(base)
    previews, preview_problem = [], None
    if show_preview:
        try:
            previews = preview(document, now_local().date(), lang)
        except ValueError as error:
            preview_problem = str(error)
    days = list(zip(DAY_CODES, DAY_ABBR.get(lang, DAY_ABBR["da"])))
    return dict(
        offer=offer, doc=document, base_json=document_json(base),
        version=version, problems=problems or [], field_problems=field_problems or {},
        previews=previews, preview_problem=preview_problem, show_preview=show_preview,
        vocabularies=vocabularies(), labels=field_labels(), statuses=statuses(),
        groups=_rows_for(document), days=days, lang=lang,
        pending=db.session.scalars(select(Proposal).where(
            Proposal.offer_id == offer.id, Proposal.status == "pending")).all(),
        quick=[revision for revision in revisions_of(db.session(), offer.id)[:10]
               if is_low_risk(revision)][:3],
    )


@blueprint.route("/tilbud/<offer_id>", methods=["GET", "POST"])
@requires("volunteer")
def edit_offer(offer_id: str) -> ResponseReturnValue:
    """The edit form; "Forhåndsvis" shows the hours as the public will read them, "Gem"
    publishes or proposes (``editing.proposals.submit``)."""
    offer = editable_offer(offer_id)
    if request.method == "GET":
        document = document_of(offer)
        return render_form(offer, document, document, offer.version)
    try:
        base, version = read_base(request.form)
    except FormUnreadable:
        abort(400, description=_("Formularen kunne ikke læses. Åbn tilbuddet igen."))
    parsed = parse(request.form, base)
    if not sees_hidden_address(current_account()):
        live = document_of(offer)
        base, parsed.document = unmask_hidden(base, live), unmask_hidden(parsed.document, live)
    if parsed.problems:
        return render_form(offer, parsed.document, base, version,
                           problems=[f"{field_labels()[name]}: {translate(message)}"
                                     for name, message in parsed.problems.items()],
                           field_problems={name: translate(message)
                                           for name, message in parsed.problems.items()},
                           status=422)
    if request.form.get("action") == "preview":
        return render_form(offer, parsed.document, base, version, show_preview=True)
    editor = acting_editor()
    try:
        done = submit(db.session(), offer, base, parsed.document, editor)
    except CatalogueDataError as error:
        db.session.rollback()
        return render_form(offer, parsed.document, base, version, problems=problems_of(error),
                           status=422)
    except EditRefused as error:
        db.session.rollback()
        return render_form(offer, parsed.document, base, version,
                           problems=[translate(error.message)], status=403)
    if done.conflicts:
        db.session.rollback()
        return _conflict(offer, base, parsed.document, done.conflicts)
    db.session.commit()
    if done.published is None and done.proposal is None:
        flash(_("Du ændrede ikke noget."), "info")
    elif done.proposal is not None:
        flash(_("Tak! Ændringen er sendt til godkendelse. Offentligheden ser den, når den er "
                "godkendt."), "info")
        if done.published is not None:
            flash(_("Særlige dage er offentliggjort med det samme."), "info")
    else:
        flash(_("Ændringen er offentliggjort."), "info")
    return redirect(url_for("office.edit_offer", offer_id=offer.id), code=303)


def _conflict(offer: Offer, base: dict[str, Any], mine: dict[str, Any],
              conflicts: list[str]) -> ResponseReturnValue:
    """Both versions of each field changed by both people, side by side; the form below keeps
    what was typed, opened at the live version, so saving again is a deliberate choice."""
    live = document_of(offer)
    lang, labels, terms = current_lang(), field_labels(), term_labels()
    show = has_rank(current_account(), "consultant")
    rows = [(labels[name], display(name, live.get(name), live, lang, terms, show),
             display(name, mine.get(name), mine, lang, terms, show)) for name in conflicts]
    merged = {**live, **{name: mine[name] for name in mine if mine.get(name) != base.get(name)}}
    return render_template("office/conflict.html", rows=rows, **form_context(
        offer, merged, live, offer.version)), 409


@blueprint.route("/tilbud/<offer_id>/bekraeft", methods=["POST"])
@requires("volunteer")
def confirm_offer(offer_id: str) -> ResponseReturnValue:
    """"Stadig korrekt": confirmed today (published at once, never a conflict)."""
    offer = editable_offer(offer_id)
    confirm(db.session(), offer, acting_editor())
    db.session.commit()
    flash(_("Tak! Tilbuddet er bekræftet i dag."), "info")
    return redirect(request.form.get("next") or url_for("office.my_offers"), code=303)


@blueprint.route("/tilbud/<offer_id>/luk", methods=["POST"])
@requires("volunteer")
def close_offer(offer_id: str) -> ResponseReturnValue:
    """Temporarily closed with a public notice (published at once, revertible)."""
    offer = editable_offer(offer_id)
    notice = request.form.get("notice", "").strip()
    if not notice:
        flash(_("Skriv en besked til offentligheden, fx hvornår I åbner igen."), "error")
        return redirect(url_for("office.edit_offer", offer_id=offer.id), code=303)
    close_temporarily(db.session(), offer, notice[:2000], acting_editor())
    db.session.commit()
    flash(_("Tilbuddet vises nu som midlertidigt lukket."), "info")
    return redirect(url_for("office.edit_offer", offer_id=offer.id), code=303)


@blueprint.route("/tilbud/<offer_id>/aabn", methods=["POST"])
@requires("volunteer")
def reopen_offer(offer_id: str) -> ResponseReturnValue:
    """Open again after a temporary closure."""
    offer = editable_offer(offer_id)
    reopen(db.session(), offer, acting_editor())
    db.session.commit()
    flash(_("Tilbuddet vises nu som åbent igen."), "info")
    return redirect(url_for("office.edit_offer", offer_id=offer.id), code=303)


def organisations_for_new() -> list[Organization]:
    """The organisations the signed-in account may create offers for."""
    me = current_account()
    assert me is not None
    query = select(Organization).where(Organization.retired_at.is_(None))
    if not has_rank(me, "editor"):
        query = query.where(Organization.id.in_(organisation_ids(me)))
    return list(db.session.scalars(query.order_by(func.lower(Organization.name))))
