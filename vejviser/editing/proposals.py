"""Volunteers propose, the consultant decides field by field.

``submit`` merges a form onto the live offer: editors, the consultant and volunteers of a
trusted organisation publish every field at once; other volunteers publish only the low-risk
fields (dated exceptions) and the rest waits as a ``Proposal``. ``decide`` approves or rejects
each field; approving a field someone changed since the proposal was made needs the reviewer
to say so (``overrides``), so it never silently undoes a newer change.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vejviser.db import utcnow
from vejviser.editing.document import LOW_RISK_FIELDS, document_of
from vejviser.editing.merging import merge, three_way
from vejviser.editing.publish import Editor, check_document, store_document
from vejviser.messages import Message
from vejviser.models import Offer, Organization, Revision
from vejviser.models.editing import APPROVED, PARTLY, PENDING, REJECTED, Proposal


class EditRefused(Exception):
    """An edit this person may not make; ``message`` says why in Danish."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


class NewerChange(Exception):
    """Approving these fields would undo a change made since the proposal; confirm first."""

    def __init__(self, fields: list[str]) -> None:
        super().__init__(", ".join(fields))
        self.fields = fields


@dataclass
class Submitted:
    """What ``submit`` did: the revision published now, the proposal waiting, the conflicts
    (nothing stored when there are any) and the merged document."""

    document: dict[str, Any]
    published: Revision | None = None
    proposal: Proposal | None = None
    conflicts: list[str] = field(default_factory=list)


def publishes_directly(session: Session, editor: Editor, offer: Offer) -> bool:
    """Editors, the consultant and volunteers of a trusted organisation publish at once."""
    if editor.is_staff:
        return True
    organization = session.get(Organization, offer.organization_id)
    return bool(organization and organization.trusted)


def check_precision(editor: Editor, live: Mapping[str, Any], mine: Mapping[str, Any]) -> None:
    """Only the consultant reveals a hidden address (precision "none" to anything else)."""
    if editor.role == "consultant":
        return
    hidden = {place.get("id") for place in live.get("locations") or []
              if place.get("precision") == "none"}
    for place in mine.get("locations") or []:
        if place.get("id") in hidden and place.get("precision") != "none":
            raise EditRefused(Message("Kun frivillighedskonsulenten kan vise en skjult adresse."))


def submit(session: Session, offer: Offer, base: Mapping[str, Any], mine: Mapping[str, Any],
           editor: Editor) -> Submitted:
    """Merge the form ``mine`` (opened at ``base``) onto ``offer``; publish or propose."""
    live = document_of(offer)
    merged = merge(base, live, mine)
    if merged.conflicts:
        return Submitted(merged.document, conflicts=merged.conflicts)
    check_precision(editor, live, merged.document)
    check_document(offer, merged.document)
    if publishes_directly(session, editor, offer):
        return Submitted(merged.document, published=store_document(
            session, offer, merged.document, editor))
    now = {name: merged.document[name] for name in merged.changed if name in LOW_RISK_FIELDS}
    later = {name: merged.document[name] for name in merged.changed if name not in now}
    out = Submitted(merged.document)
    if now:
        out.published = store_document(session, offer, {**live, **now}, editor)
    if later:
        out.proposal = propose(session, offer, later, editor)
    return out


def propose(session: Session, offer: Offer, fields: Mapping[str, Any], editor: Editor,
            kind: str = "edit") -> Proposal:
    """A pending proposal of ``fields`` for ``offer``, based on its live document."""
    proposal = Proposal(offer_id=offer.id, kind=kind, status=PENDING,
                        base_version=offer.version, base=document_of(offer),
                        proposed=dict(fields), decisions={}, edited={},
                        submitter_id=editor.id, submitter_name=editor.name)
    session.add(proposal)
    session.flush()
    return proposal


def decide(session: Session, proposal: Proposal, decisions: Mapping[str, str], editor: Editor,
           comment: str = "", edited: Mapping[str, Any] | None = None,
           overrides: frozenset[str] = frozenset()) -> Revision | None:
    """Approve ("approved") or reject ("rejected") each field of a pending proposal; a field
    without a decision is rejected. ``edited`` replaces a proposed value before approving.
    Raises ``NewerChange`` for an approved field changed since the proposal, unless named in
    ``overrides``; ``CatalogueDataError`` when the approved document cannot be stored."""
    if proposal.status != PENDING:
        raise EditRefused(Message("Forslaget er allerede behandlet."))
    offer = session.get(Offer, proposal.offer_id)
    if offer is None:
        raise EditRefused(Message("Tilbuddet findes ikke længere."))
    values = {**proposal.proposed, **(edited or {})}
    approved = [name for name in proposal.fields if decisions.get(name) == APPROVED]
    live = document_of(offer)
    moved = [row.field for row in three_way(proposal.base, live, values)
             if row.field in approved and row.conflicting and row.field not in overrides]
    if moved:
        raise NewerChange(moved)
    revision = None
    if approved:
        document = {**live, **{name: values[name] for name in approved}}
        revision = store_document(session, offer, document, editor, action="approve",
                                  proposal_id=proposal.id,
                                  summary=f"Godkendt forslag fra {proposal.submitter_name}: "
                                          f"{offer.name}")
    proposal.decisions = {name: APPROVED if name in approved else REJECTED
                          for name in proposal.fields}
    proposal.edited = {name: value for name, value in (edited or {}).items()
                       if name in approved and value != proposal.proposed.get(name)}
    proposal.status = (APPROVED if len(approved) == len(proposal.fields)
                       else REJECTED if not approved else PARTLY)
    proposal.comment, proposal.reviewer_id, proposal.reviewer_name = comment, editor.id, \
        editor.name
    proposal.decided_at = utcnow()
    session.flush()
    return revision


def pending_by_offer(session: Session) -> list[tuple[Offer, list[Proposal]]]:
    """The review queue: pending proposals grouped by offer, oldest first."""
    proposals = session.scalars(select(Proposal).where(Proposal.status == PENDING)
                                .order_by(Proposal.created_at, Proposal.id)).all()
    groups: dict[str, list[Proposal]] = {}
    for proposal in proposals:
        groups.setdefault(proposal.offer_id, []).append(proposal)
    offers = {offer.id: offer for offer in session.scalars(
        select(Offer).where(Offer.id.in_(list(groups))))}
    return [(offers[offer_id], items) for offer_id, items in groups.items()]


def pending_count(session: Session) -> int:
    """How many proposals wait for review."""
    return len(session.scalars(select(Proposal.id).where(Proposal.status == PENDING)).all())
