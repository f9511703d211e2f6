"""Publishing an edit document: store it through ``upsert_offer`` and record who changed what.

Every published change is a ``Revision`` that names the account, the fields and the whole
document before and after, so history can compare any revision with the live offer and put
any of them back (``history``). Confirming an entry ("Stadig korrekt") is not an edit: it sets
the verification date only and never conflicts with anyone's edit.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vejviser.catalogue import freshness
from vejviser.catalogue.errors import CatalogueDataError
from vejviser.catalogue.offers import upsert_offer
from vejviser.catalogue.validation import normalise_offer
from vejviser.db import utcnow
from vejviser.editing.document import changed_fields, document_of, raw_of
from vejviser.local_time import now_local
from vejviser.models import Offer, OfferStatus, Revision


@dataclass(frozen=True)
class Editor:
    """Who acts in the back office: an account's id, name and role ("volunteer", "editor",
    "consultant"), and the organisations it belongs to."""

    id: int | None
    name: str
    role: str
    organization_ids: frozenset[str] = frozenset()

    @property
    def is_staff(self) -> bool:
        """Editors and the consultant publish directly."""
        return self.role in ("editor", "consultant")


def check_document(offer: Offer, document: Mapping[str, Any]) -> dict[str, Any]:
    """``normalise_offer`` output for ``document`` as ``offer``'s; raises
    ``CatalogueDataError`` naming each bad field."""
    raw = raw_of(document, offer.slug, offer.organization_id, offer.id, offer.verified_at,
                 offer.verified_by)
    data, problems = normalise_offer(raw, offer.slug)
    if problems:
        raise CatalogueDataError(problems)
    return data


def store_document(session: Session, offer: Offer, document: Mapping[str, Any], editor: Editor,
                   action: str = "update", proposal_id: int | None = None,
                   summary: str = "") -> Revision | None:
    """Make ``offer`` what ``document`` says; the new revision, or None when nothing changed.
    Flushes; raises ``CatalogueDataError`` for a document that cannot be stored."""
    before = document_of(offer)
    data = check_document(offer, document)
    if upsert_offer(session, data, actor=editor.name).action == "unchanged":
        return None
    after = document_of(offer)
    revision = session.scalars(select(Revision).where(Revision.offer_id == offer.id)
                               .order_by(Revision.id.desc()).limit(1)).one()
    fields = changed_fields(before, after)
    # The kinds of information this edit changed count as checked today.
    freshness.mark_changed(offer, fields, now_local().date())
    revision.action = action
    revision.account_id = editor.id
    revision.proposal_id = proposal_id
    revision.document = {"before": before, "after": after, "fields": fields}
    if summary:
        revision.summary = summary
    session.flush()
    return revision


def _record(session: Session, offer: Offer, editor: Editor, action: str, summary: str,
            changes: dict[str, Any]) -> Revision:
    revision = Revision(offer_id=offer.id, entity_type="offer", entity_id=offer.id,
                        action=action, actor=editor.name, account_id=editor.id,
                        summary=summary, changes=changes)
    session.add(revision)
    session.flush()
    return revision


def confirm(session: Session, offer: Offer, editor: Editor, summary: str = "") -> Revision:
    """"Stadig korrekt": the entry is confirmed today by ``editor`` (a revision, no conflict):
    the verification date and both kinds' dates (``catalogue.freshness``) become today."""
    today = now_local().date()
    changes: dict[str, Any] = {
        name: {"before": value and value.isoformat(), "after": today.isoformat()}
        for name, value in (("verified_at", offer.verified_at),
                            ("hours_checked_at", offer.hours_checked_at),
                            ("details_checked_at", offer.details_checked_at))}
    changes["verified_by"] = {"before": offer.verified_by, "after": editor.name}
    freshness.mark_confirmed(offer, today)
    offer.verified_by = editor.name
    return _record(session, offer, editor, "confirm", summary or f"Bekræftet: {offer.name}",
                   changes)


def close_temporarily(session: Session, offer: Offer, notice: str, editor: Editor
                      ) -> Revision | None:
    """Temporarily closed with a public notice (published at once, revertible)."""
    document = {**document_of(offer), "status": OfferStatus.TEMPORARILY_CLOSED.value,
                "alert": notice}
    return store_document(session, offer, document, editor, action="close",
                          summary=f"Midlertidigt lukket: {offer.name}")


def reopen(session: Session, offer: Offer, editor: Editor) -> Revision | None:
    """Open again after a temporary closure: the notice goes too."""
    document = {**document_of(offer), "status": OfferStatus.ACTIVE.value, "alert": ""}
    return store_document(session, offer, document, editor, action="reopen",
                          summary=f"Åbnet igen: {offer.name}")


def retire(session: Session, offer: Offer, editor: Editor, into: Offer | None = None) -> Revision:
    """Retire ``offer`` (or merge it ``into`` another): out of search, its page answers 410
    (a merged one points to the other). Nothing is deleted."""
    offer.retired_at = utcnow()
    offer.merged_into_id = into.id if into is not None else None
    before = offer.status.value
    offer.status = OfferStatus.INACTIVE
    summary = f"Slået sammen med {into.name}: {offer.name}" if into else f"Nedlagt: {offer.name}"
    return _record(session, offer, editor, "merge" if into else "retire", summary,
                   {"status": {"before": before, "after": OfferStatus.INACTIVE.value},
                    "merged_into": {"before": None, "after": into and into.id}})
