"""Til godkendelse: the consultant's queue, grouped by offer, and one proposal field by field:
old → new (hours as words), or a three-way comparison when the offer changed since; approve or
reject each field, edit before approving, and a comment mailed to the one who proposed it."""
from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from vejviser.accounts.roles import has_rank, may_read_history, sees_hidden_address
from vejviser.catalogue.errors import CatalogueDataError
from vejviser.db import db
from vejviser.editing.display import display
from vejviser.editing.document import TEXT_FIELDS, document_of
from vejviser.editing.merging import three_way
from vejviser.editing.proposals import (
    EditRefused,
    NewerChange,
    decide,
    pending_by_offer,
    pending_count,
)
from vejviser.mail import queue_mail
from vejviser.models import Account, Offer
from vejviser.models.editing import APPROVED, PENDING, REJECTED, Proposal
from vejviser.web.access import current_account, requires
from vejviser.web.messages import current_lang, translate
from vejviser.web.office import blueprint
from vejviser.web.office.acting import acting_editor, field_labels, problems_of, term_labels


@blueprint.app_context_processor
def _review_count() -> dict[str, Any]:
    # The nav's "Til godkendelse (n)", for the consultant only (one count query).
    account = current_account() if request else None
    if account is not None and has_rank(account, "consultant"):
        return {"review_count": pending_count(db.session())}
    return {}


@blueprint.route("/godkendelse")
@requires("consultant")
def review_queue() -> ResponseReturnValue:
    """Pending proposals, grouped by offer, with the count."""
    groups = pending_by_offer(db.session())
    return render_template("office/review_queue.html", groups=groups, labels=field_labels(),
                           total=sum(len(items) for _, items in groups))


def _rows(proposal: Proposal, offer: Offer) -> list[dict[str, Any]]:
    lang, terms = current_lang(), term_labels()
    show = sees_hidden_address(current_account())
    live = document_of(offer)
    values = {**proposal.proposed, **proposal.edited}
    rows = []
    for row in three_way(proposal.base, live, values):
        rows.append({
            "field": row.field, "moved": row.live_moved, "conflicting": row.conflicting,
            "base": display(row.field, row.base, proposal.base, lang, terms, show),
            "live": display(row.field, row.live, live, lang, terms, show),
            "proposed": display(row.field, row.proposed, {**proposal.base, **values}, lang,
                                terms, show),
            "editable": row.field in TEXT_FIELDS and row.field != "notes",
            "raw": row.proposed if row.field in TEXT_FIELDS else "",
            "decision": proposal.decisions.get(row.field, ""),
        })
    return rows


@blueprint.route("/forslag/<int:proposal_id>", methods=["GET", "POST"])
@requires("volunteer")
def proposal(proposal_id: int) -> ResponseReturnValue:
    """One proposal: readable by whoever may read the offer's history (a rejected one too);
    decided by the consultant."""
    found = db.session.get(Proposal, proposal_id)
    offer = db.session.get(Offer, found.offer_id) if found is not None else None
    if found is None or offer is None:
        abort(404, description=_("Vi kender ikke dette forslag."))
    if not may_read_history(current_account(), offer):
        abort(403)
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        if not has_rank(current_account(), "consultant"):
            abort(403)
        problems, status = _decide(found, offer)
        if not problems:
            return redirect(url_for("office.review_queue"), code=303)
    return render_template("office/proposal.html", proposal=found, offer=offer,
                           rows=_rows(found, offer), labels=field_labels(), problems=problems,
                           pending=found.status == PENDING,
                           comment=request.form.get("comment", "")), status


def _decide(found: Proposal, offer: Offer) -> tuple[list[str], int]:
    form = request.form
    decisions = {name: APPROVED if form.get(f"decision:{name}") == APPROVED else REJECTED
                 for name in found.fields}
    edited = {name: form.get(f"edit:{name}", "").replace("\r\n", "\n").strip()
              for name in found.fields if name in TEXT_FIELDS and f"edit:{name}" in form}
    edited = {name: value for name, value in edited.items() if value != found.proposed[name]}
    overrides = frozenset(name for name in found.fields if form.get(f"override:{name}"))
    comment = form.get("comment", "").strip()[:4000]
    try:
        decide(db.session(), found, decisions, acting_editor(), comment, edited, overrides)
    except NewerChange as error:
        db.session.rollback()
        labels = field_labels()
        return [_("%(field)s er ændret, siden forslaget blev lavet. Sammenlign de tre versioner, "
                  "og sæt kryds i »Godkend alligevel«, hvis forslaget skal gælde.",
                  field=labels.get(name, name)) for name in error.fields], 409
    except EditRefused as error:
        db.session.rollback()
        return [translate(error.message)], 409
    except CatalogueDataError as error:
        db.session.rollback()
        return problems_of(error), 422
    _mail_submitter(found, offer)
    db.session.commit()
    flash(_("Forslaget er behandlet."), "info")
    return [], 303


def _mail_submitter(found: Proposal, offer: Offer) -> None:
    submitter = db.session.get(Account, found.submitter_id) if found.submitter_id else None
    if submitter is None or not submitter.email:
        return
    labels = field_labels()
    lines = [f"- {labels.get(name, name)}: "
             + (_("godkendt") if found.decisions.get(name) == APPROVED else _("afvist"))
             for name in found.fields]
    body = "\n".join([_("Din ændring af %(name)s er behandlet.", name=offer.name), "", *lines])
    if found.comment:
        body += "\n\n" + _("Kommentar fra frivillighedskonsulenten:") + "\n" + found.comment
    body += "\n\n" + url_for("office.proposal", proposal_id=found.id, _external=True)
    queue_mail(submitter.email, _("Din ændring af %(name)s", name=offer.name), body)
