"""History: every published change is a revision; any of them can be compared and put back.

"Gendan" makes the offer what it was right after a revision (or, for the offer's first change
through the back office, right before it). "Fortryd" undoes just the fields one revision
changed, when nobody has changed them since. Both are new revisions: nothing is ever lost.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vejviser.editing.document import LOW_RISK_FIELDS, document_of, field_diff
from vejviser.editing.proposals import EditRefused, NewerChange
from vejviser.editing.publish import Editor, store_document
from vejviser.messages import Message
from vejviser.models import Offer, Revision
from vejviser.models.editing import Proposal


def revisions_of(session: Session, offer_id: str) -> list[Revision]:
    """The offer's revisions, newest first."""
    return list(session.scalars(select(Revision).where(Revision.offer_id == offer_id)
                                .order_by(Revision.id.desc())))


def proposals_of(session: Session, offer_id: str) -> list[Proposal]:
    """Every proposal for the offer (decided ones too), newest first."""
    return list(session.scalars(select(Proposal).where(Proposal.offer_id == offer_id)
                                .order_by(Proposal.id.desc())))


def state_after(revision: Revision, before: bool = False) -> dict[str, Any] | None:
    """The whole document right after (or ``before``) ``revision``; None when it was made
    outside the back office (the seed, an import) and no document was kept."""
    if not revision.document:
        return None
    return dict(revision.document["before" if before else "after"])


def compare_with_live(revision: Revision, offer: Offer, before: bool = False
                      ) -> dict[str, Any] | None:
    """``{field: {"before": then, "after": live}}`` for each field that differs now."""
    then = state_after(revision, before)
    return None if then is None else field_diff(then, document_of(offer))


def restore(session: Session, revision: Revision, editor: Editor,
            before: bool = False) -> Revision | None:
    """"Gendan": the offer as it was right after (``before``: right before) ``revision``,
    as a new revision; None when that is how it is already."""
    then = state_after(revision, before)
    offer = session.get(Offer, revision.offer_id) if revision.offer_id else None
    if then is None or offer is None:
        raise EditRefused(Message(
            "Denne ændring kan ikke gendannes (den blev ikke lavet i kontoret)."))
    return store_document(session, offer, then, editor, action="revert",
                          summary=f"Gendannet til ændring nr. {revision.id}: {offer.name}")


def undo(session: Session, revision: Revision, editor: Editor,
         overrides: frozenset[str] = frozenset()) -> Revision | None:
    """"Fortryd": put back the fields ``revision`` changed; raises ``NewerChange`` for a field
    changed again since (unless in ``overrides``)."""
    offer = session.get(Offer, revision.offer_id) if revision.offer_id else None
    if offer is not None and revision.action == "confirm":
        return _unconfirm(session, offer, revision, editor)
    if not revision.document or offer is None:
        raise EditRefused(Message(
            "Denne ændring kan ikke fortrydes (den blev ikke lavet i kontoret)."))
    live = document_of(offer)
    after, before = revision.document["after"], revision.document["before"]
    fields = revision.document.get("fields") or []
    moved = [name for name in fields if live.get(name) != after.get(name)
             and live.get(name) != before.get(name) and name not in overrides]
    if moved:
        raise NewerChange(moved)
    document = {**live, **{name: before.get(name) for name in fields}}
    return store_document(session, offer, document, editor, action="revert",
                          summary=f"Fortrudt ændring nr. {revision.id}: {offer.name}")


def is_low_risk(revision: Revision) -> bool:
    """A change anyone who keeps the offer may undo in one click: a confirmation, a temporary
    closure or reopening, or dated exceptions only."""
    if revision.action in ("confirm", "close", "reopen"):
        return True
    fields = (revision.document or {}).get("fields") or []
    return bool(fields) and set(fields) <= LOW_RISK_FIELDS


def _unconfirm(session: Session, offer: Offer, revision: Revision, editor: Editor) -> Revision:
    changes = revision.changes or {}
    undone_changes: dict[str, Any] = {}
    # The verification date and, for confirmations that set them, each kind's date.
    for name in ("verified_at", "hours_checked_at", "details_checked_at"):
        if name not in changes:
            continue
        before_at = (changes.get(name) or {}).get("before")
        now_at = getattr(offer, name)
        setattr(offer, name, date.fromisoformat(before_at) if before_at else None)
        undone_changes[name] = {"before": now_at and now_at.isoformat(), "after": before_at}
    before_by = (changes.get("verified_by") or {}).get("before") or ""
    undone_changes["verified_by"] = {"before": offer.verified_by, "after": before_by}
    offer.verified_by = before_by
    undone = Revision(offer_id=offer.id, entity_type="offer", entity_id=offer.id,
                      action="revert", actor=editor.name, account_id=editor.id,
                      summary=f"Fortrudt bekræftelse nr. {revision.id}: {offer.name}",
                      changes=undone_changes)
    session.add(undone)
    session.flush()
    return undone
