"""The consultant's stale overview: offers never confirmed or past their limit, by organisation.

Each group names the addresses a reminder would go to (the organisation's own e-mail and its
contacts' addresses) and when it was last reminded, so the overview says plainly when nothing
can be sent.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from vejviser.catalogue.freshness import Limits, Staleness, staleness
from vejviser.local_time import COPENHAGEN
from vejviser.models import Offer, OfferStatus, Organization, StaleReminder

#: Sort orders of the overview: the oldest first, by organisation, by the offer's name.
SORTS = ("date", "organisation", "name")
_ADDRESS = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$")


@dataclass(frozen=True)
class StaleOffer:
    """One overdue offer: its name, since when (None: never confirmed), which kinds."""

    id: str
    slug: str
    name: str
    verified_at: date | None
    stale: Staleness


@dataclass
class StaleGroup:
    """An organisation's overdue offers, where a reminder goes, when it last went."""

    organization_id: str
    name: str
    addresses: list[str]
    offers: list[StaleOffer] = field(default_factory=list)
    last_reminded: datetime | None = None

    @property
    def oldest(self) -> date:
        """The earliest date among its offers (never confirmed counts as the earliest)."""
        return min(_date_key(offer) for offer in self.offers)


def _date_key(offer: StaleOffer) -> date:
    return offer.stale.since or date.min


def addresses_of(organization: Organization) -> list[str]:
    """The organisation's reminder addresses: its own e-mail, then its contacts' (no repeats,
    only what looks like an address)."""
    found = [organization.email] + [contact.email for contact in organization.contacts]
    out: list[str] = []
    for address in found:
        address = (address or "").strip()
        if _ADDRESS.match(address) and address.lower() not in {a.lower() for a in out}:
            out.append(address)
    return out


def stale_offers(session: Session, on: date, limits: Limits,
                 organization_ids: list[str] | None = None) -> list[tuple[Offer, Staleness]]:
    """Every public offer overdue on ``on``, with what is overdue (organisations loaded)."""
    query = (select(Offer).where(Offer.retired_at.is_(None),
                                 Offer.status != OfferStatus.INACTIVE)
             .options(selectinload(Offer.organization).selectinload(Organization.contacts)))
    if organization_ids is not None:
        query = query.where(Offer.organization_id.in_(organization_ids))
    out = []
    for offer in session.scalars(query):
        stale = staleness(offer, on, limits)
        if stale is not None:
            out.append((offer, stale))
    return out


def last_reminders(session: Session) -> dict[str, datetime]:
    """When each organisation was last sent a reminder."""
    rows = session.execute(select(StaleReminder.organization_id, func.max(StaleReminder.sent_at))
                           .group_by(StaleReminder.organization_id))
    return {organization_id: _aware(sent_at).astimezone(COPENHAGEN)
            for organization_id, sent_at in rows}


def _aware(moment: datetime) -> datetime:
    # SQLite's max() hands back the stored text's naive value (stored in UTC).
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def overview(session: Session, on: date, limits: Limits, sort: str = "date",
             organization_ids: list[str] | None = None) -> list[StaleGroup]:
    """The overdue offers grouped by organisation, in ``sort`` order (``SORTS``): by date the
    group with the oldest offer first and each group's offers oldest first; by organisation the
    groups by name; by name the offers by name (groups by their first offer)."""
    groups: dict[str, StaleGroup] = {}
    reminded = last_reminders(session)
    for offer, stale in stale_offers(session, on, limits, organization_ids):
        organization = offer.organization
        group = groups.get(organization.id)
        if group is None:
            group = groups[organization.id] = StaleGroup(
                organization.id, organization.name, addresses_of(organization),
                last_reminded=reminded.get(organization.id))
        group.offers.append(StaleOffer(offer.id, offer.slug, offer.name, offer.verified_at,
                                       stale))
    found = list(groups.values())
    if sort == "name":
        for group in found:
            group.offers.sort(key=lambda item: item.name.casefold())
        found.sort(key=lambda group: group.offers[0].name.casefold())
        return found
    for group in found:
        group.offers.sort(key=lambda item: (_date_key(item), item.name.casefold()))
    if sort == "organisation":
        found.sort(key=lambda group: group.name.casefold())
    else:
        found.sort(key=lambda group: (group.oldest, group.name.casefold()))
    return found
