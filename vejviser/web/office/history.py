"""Historik: every published change with who, when, which fields and the whole before/after;
any revision compared with the live offer; "Gendan" (the consultant) and "Fortryd" (low-risk
changes, for whoever keeps the offer), each a new revision. Proposals stay readable."""
from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy import select

from vejviser.accounts.roles import (
    has_rank,
    may_edit_offer,
    may_read_history,
    organisation_ids,
    sees_hidden_address,
)
from vejviser.catalogue.errors import CatalogueDataError
from vejviser.db import db
from vejviser.editing.display import display
from vejviser.editing.document import FIELDS, document_of, field_diff
from vejviser.editing.history import (
    is_low_risk,
    proposals_of,
    restore,
    revisions_of,
    state_after,
    undo,
)
from vejviser.editing.proposals import EditRefused, NewerChange
from vejviser.models import Offer, Revision
from vejviser.web.access import current_account, requires
from vejviser.web.messages import current_lang, translate
from vejviser.web.office import blueprint
from vejviser.web.office.acting import acting_editor, field_labels, problems_of, term_labels


def _readable_offer(offer_id: str | None) -> Offer:
    offer = db.session.get(Offer, offer_id) if offer_id else None
    if offer is None:
        abort(404, description=_("Vi kender ikke dette tilbud."))
    if not may_read_history(current_account(), offer):
        abort(403)
    return offer


@blueprint.route("/historik")
@requires("volunteer")
def history_index() -> ResponseReturnValue:
    """The latest changes this account may read."""
    me = current_account()
    query = select(Revision).where(Revision.offer_id.is_not(None)) \
        .order_by(Revision.id.desc()).limit(100)
    if not has_rank(me, "editor"):
        assert me is not None
        query = query.join(Offer, Offer.id == Revision.offer_id).where(
            Offer.organization_id.in_(organisation_ids(me)))
    revisions = db.session.scalars(query).all()
    names = {offer.id: offer.name for offer in db.session.scalars(
        select(Offer).where(Offer.id.in_({r.offer_id for r in revisions})))}
    return render_template("office/history.html", revisions=revisions, names=names,
                           offer=None, proposals=[], labels=field_labels())


@blueprint.route("/tilbud/<offer_id>/historik")
@requires("volunteer")
def offer_history(offer_id: str) -> ResponseReturnValue:
    """One offer's revisions and proposals (decided ones too), newest first."""
    offer = _readable_offer(offer_id)
    return render_template("office/history.html", offer=offer, names={offer.id: offer.name},
                           revisions=revisions_of(db.session(), offer.id),
                           proposals=proposals_of(db.session(), offer.id),
                           labels=field_labels())


def _lines(changes: dict[str, Any], then: dict[str, Any], now: dict[str, Any]
           ) -> list[dict[str, Any]]:
    lang, terms, labels = current_lang(), term_labels(), field_labels()
    show = sees_hidden_address(current_account())
    return [{"label": labels.get(name, name),
             "before": display(name, change["before"], then, lang, terms, show),
             "after": display(name, change["after"], now, lang, terms, show)}
            for name, change in changes.items() if name in FIELDS]


@blueprint.route("/aendring/<int:revision_id>")
@requires("volunteer")
def revision(revision_id: int) -> ResponseReturnValue:
    """One revision: its fields before and after, and how it compares with the live offer."""
    found = db.session.get(Revision, revision_id)
    if found is None:
        abort(404, description=_("Vi kender ikke denne ændring."))
    offer = _readable_offer(found.offer_id)
    live = document_of(offer)
    before, after = state_after(found, before=True), state_after(found)
    changed = _lines(field_diff(before, after), before, after) \
        if before is not None and after is not None else []
    compared = _lines(field_diff(after, live), after, live) if after is not None else []
    me = current_account()
    low_risk = is_low_risk(found) and may_edit_offer(me, offer)
    return render_template(
        "office/revision.html", revision=found, offer=offer, changed=changed,
        compared=compared, has_document=after is not None,
        may_restore=has_rank(me, "consultant") and after is not None,
        may_undo=has_rank(me, "consultant") or low_risk,
        # Changes made outside the back office (seed, import) are shown as stored, to the
        # consultant only: they may hold a hidden address.
        raw_changes=found.changes if after is None and sees_hidden_address(me) else {})


@blueprint.route("/aendring/<int:revision_id>/gendan", methods=["POST"])
@requires("consultant")
def restore_revision(revision_id: int) -> ResponseReturnValue:
    """"Gendan": the offer as it was right after (or ``before=1``: before) this revision."""
    found = db.session.get(Revision, revision_id)
    if found is None or found.offer_id is None:
        abort(404)
    return _apply(found, lambda: restore(db.session(), found, acting_editor(),
                                         before=request.form.get("before") == "1"))


@blueprint.route("/aendring/<int:revision_id>/fortryd", methods=["POST"])
@requires("volunteer")
def undo_revision(revision_id: int) -> ResponseReturnValue:
    """"Fortryd": put back what this revision changed (low-risk ones for anyone who keeps the
    offer; any for the consultant)."""
    found = db.session.get(Revision, revision_id)
    if found is None or found.offer_id is None:
        abort(404)
    offer = _readable_offer(found.offer_id)
    me = current_account()
    if not (has_rank(me, "consultant") or (is_low_risk(found) and may_edit_offer(me, offer))):
        abort(403)
    overrides = frozenset(request.form.getlist("override"))
    return _apply(found, lambda: undo(db.session(), found, acting_editor(), overrides))


def _apply(found: Revision, action: Any) -> ResponseReturnValue:
    try:
        done = action()
    except NewerChange as error:
        db.session.rollback()
        labels = field_labels()
        flash(_("Ikke fortrudt: %(fields)s er ændret igen siden. Brug »Gendan« for at vælge en "
                "hel version.", fields=", ".join(labels.get(n, n) for n in error.fields)),
              "error")
        return redirect(url_for("office.revision", revision_id=found.id), code=303)
    except EditRefused as error:
        db.session.rollback()
        flash(translate(error.message), "error")
        return redirect(url_for("office.revision", revision_id=found.id), code=303)
    except CatalogueDataError as error:
        db.session.rollback()
        for line in problems_of(error):
            flash(line, "error")
        return redirect(url_for("office.revision", revision_id=found.id), code=303)
    db.session.commit()
    flash(_("Gendannet. Det er en ny ændring i historikken.") if done is not None
          else _("Tilbuddet ser allerede sådan ud."), "info")
    return redirect(url_for("office.offer_history", offer_id=found.offer_id), code=303)
