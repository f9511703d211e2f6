"""What partner sites and professionals follow: the published changes to offers, newest first.

The feed is read from the revisions (who changed what is kept there anyway) and tells only the
kinds of change someone acts on: a new offer, changed opening hours, temporarily closed, open
again, retired; plus the winter emergency plan switched on or ended. Nothing about who made the
change is told, and the offer itself is shown only through its public projection.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vejviser.catalogue import loading
from vejviser.catalogue.public import PublicOffer, project
from vejviser.local_time import COPENHAGEN
from vejviser.messages import Message
from vejviser.models import OfferStatus, Revision

#: The kinds of change the feed tells, in the order an entry names them.
KINDS = ("new", "retired", "closed", "reopened", "hours", "winter_on", "winter_off")
#: Offer fields whose change is a change of opening hours.
HOURS_FIELDS = ("schedules", "exceptions", "holiday_rule", "extra_holidays")
#: Place fields whose change is a change of opening hours there.
PLACE_HOURS_FIELDS = ("schedules", "exceptions", "follows")
#: How many revisions one feed looks through for the entries it shows.
SCAN_FACTOR = 4
#: Revision entity of the winter plan's own entries (``vejviser.catalogue.winter``).
WINTER_ENTITY = "winter_plan"


@dataclass(frozen=True)
class FeedEntry:
    """One change: its kind, when, and the offer as the public may see it (None for the winter
    plan's entries, which are about every offer at once)."""

    id: int
    kind: str
    at: datetime
    offer: PublicOffer | None = None
    #: The winter plan's end (for ``winter_on``).
    until: datetime | None = None

    @property
    def title(self) -> Message:
        """The entry's headline, Danish (the web translates it)."""
        name = self.offer.name if self.offer is not None else ""
        if self.kind == "new":
            return Message("Nyt tilbud: %(name)s", name=name)
        if self.kind == "retired":
            return Message("Ophørt: %(name)s", name=name)
        if self.kind == "closed":
            return Message("Midlertidigt lukket: %(name)s", name=name)
        if self.kind == "reopened":
            return Message("Åben igen: %(name)s", name=name)
        if self.kind == "hours":
            return Message("Nye åbningstider: %(name)s", name=name)
        if self.kind == "winter_on" and self.until is not None:
            until = self.until.astimezone(COPENHAGEN)
            return Message("Kuldeberedskab aktiveret til %(day)s kl. %(time)s",
                           day=until.strftime("%d.%m.%Y"), time=until.strftime("%H.%M"))
        if self.kind == "winter_on":
            return Message("Kuldeberedskab aktiveret")
        return Message("Kuldeberedskabet er slut")


def _place_hours_changed(change: Mapping[str, Any]) -> bool:
    before = {place.get("link_id"): place for place in change.get("before") or []}
    after = {place.get("link_id"): place for place in change.get("after") or []}
    if set(before) != set(after):
        return True
    return any(before[key].get(field) != after[key].get(field)
               for key in after for field in PLACE_HOURS_FIELDS)


def kind_of(action: str, changes: Mapping[str, Any]) -> str | None:
    """The kind of change a revision of an offer is (see ``KINDS``), or None when the feed does
    not tell it (a new phone number, a better description)."""
    status = changes.get("status") or {}
    after = status.get("after")
    if action == "create":
        return None if after == OfferStatus.INACTIVE.value else "new"
    if action in ("retire", "merge") or after == OfferStatus.INACTIVE.value:
        return "retired"
    if status.get("before") == OfferStatus.INACTIVE.value:  # published (approved) at last
        return "new"
    if after == OfferStatus.TEMPORARILY_CLOSED.value:
        return "closed"
    if status.get("before") == OfferStatus.TEMPORARILY_CLOSED.value:
        return "reopened"
    if any(field in changes for field in HOURS_FIELDS) or (
            "locations" in changes and _place_hours_changed(changes["locations"])):
        return "hours"
    return None


def _winter_kind(revision: Revision) -> str | None:
    return {"activate": "winter_on", "end": "winter_off"}.get(revision.action)


def recent_changes(session: Session, limit: int = 50) -> list[FeedEntry]:
    """The newest ``limit`` published changes, newest first, in a fixed number of queries."""
    revisions = session.scalars(
        select(Revision)
        .where(((Revision.entity_type == "offer") & Revision.offer_id.is_not(None))
               | (Revision.entity_type == WINTER_ENTITY))
        .order_by(Revision.created_at.desc(), Revision.id.desc())
        .limit(limit * SCAN_FACTOR)
    ).all()
    chosen: list[tuple[Revision, str]] = []
    for revision in revisions:
        kind = (_winter_kind(revision) if revision.entity_type == WINTER_ENTITY
                else kind_of(revision.action, revision.changes or {}))
        if kind is not None:
            chosen.append((revision, kind))
        if len(chosen) == limit:
            break
    offers = _public_offers(session, [r.offer_id for r, _ in chosen if r.offer_id])
    entries = []
    for revision, kind in chosen:
        if revision.entity_type == WINTER_ENTITY:
            until = (revision.changes or {}).get("until")
            entries.append(FeedEntry(revision.id, kind, revision.created_at,
                                     until=datetime.fromisoformat(until) if until else None))
        elif revision.offer_id in offers:
            entries.append(FeedEntry(revision.id, kind, revision.created_at,
                                     offers[revision.offer_id]))
    return entries


def _public_offers(session: Session, ids: Sequence[str]) -> dict[str, PublicOffer]:
    # A retired offer is still named in its "retired" entry (its name was public until then);
    # the projection keeps a hidden address out whatever the status.
    return {offer.id: project(offer)
            for offer in loading.load_offers(session, ids=list(dict.fromkeys(ids)))}
