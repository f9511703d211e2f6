"""Store a checked import: thousands of new offers in bulk, the rest through ``upsert_offer``.

``upsert_offer`` stores one offer with the ORM: two flushes, a revision, a few queries. That is
right for an edit and for an offer that already exists (its rows keep their ids, the revision
names what changed), but 10,000 new offers took minutes. A new offer has nothing to compare
with, so :func:`create_offers` writes it with bulk INSERTs from the very snapshot
``upsert_offer`` would store (``offers.new_offer_snapshot``), in batches: the offer, its terms,
places, locations, rows, a revision (actor "import <file>", every field in ``changes``) and a
change-sequence row, so the search index catches up after the commit like after any other
change. ``tests/hsds/test_writing.py`` checks both ways store the same offer and revision.

Offers that exist, offers whose place follows another offer's hours, and offers whose location
is already stored with other values go through ``upsert_offer``.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from vejviser import changes
from vejviser.catalogue.offers import new_offer_snapshot, resolve_terms
from vejviser.catalogue.places import resolve_follows
from vejviser.catalogue.snapshot import (
    IDENTIFIER_FIELDS,
    LOCATION_FIELDS,
    OFFER_FIELDS,
    ORGANIZATION_FIELDS,
    PHONE_FIELDS,
    snapshot_diff,
)
from vejviser.catalogue.taxonomy import TermLookup
from vejviser.db import utcnow
from vejviser.models import (
    Contact,
    HolidayRule,
    Language,
    Location,
    Offer,
    OfferAtLocation,
    OfferChange,
    OfferStatus,
    Organization,
    OrganizationIdentifier,
    Phone,
    Precision,
    Revision,
    Schedule,
    ScheduleException,
    offer_term,
)
from vejviser.models._types import new_id

BATCH = 500


def chunks(items: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    """``items`` in slices of ``size``."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


def table_of(model: Any) -> Table:
    """The Core table of a mapped class (or the table itself)."""
    return model if isinstance(model, Table) else cast(Table, model.__table__)


def existing_ids(session: Session, column: Any, ids: Iterable[Any]) -> set[Any]:
    """The ids among ``ids`` that ``column`` holds, in chunks (an IN list has limits)."""
    wanted = sorted({value for value in ids if value})
    found: set[Any] = set()
    for part in chunks(wanted):
        found |= set(session.scalars(select(column).where(column.in_(part))))
    return found


def _location_values(place: Mapping[str, Any]) -> tuple[Any, ...]:
    return (*(place.get(key) for key in LOCATION_FIELDS), place.get("precision") or "none")


class BulkCreator:
    """Creates new offers with bulk INSERTs (see the module docstring)."""

    def __init__(self, session: Session, actor: str) -> None:
        self.session, self.actor = session, actor
        self.locations: dict[str, tuple[Any, ...]] = {}  # created or checked in this import

    def _stored_locations(self, snapshots: list[dict[str, Any]]) -> None:
        ids = {place["id"] for snap in snapshots for place in snap["locations"]} - set(
            self.locations)
        for part in chunks(sorted(ids)):
            for location in self.session.scalars(select(Location).where(Location.id.in_(part))):
                self.locations[location.id] = (
                    *(getattr(location, key) for key in LOCATION_FIELDS), location.precision.value)
                self.session.expunge(location)

    def create(self, batch: list[dict[str, Any]], lookup: TermLookup,
               ) -> list[dict[str, Any]]:
        """Create the offers of ``batch``; returns those that must go through ``upsert_offer``
        instead (a location stored with other values)."""
        planned = []
        for data in batch:
            record = data.get("slug") or "?"
            terms = resolve_terms(lookup, data, record)
            follows = resolve_follows(self.session, data, data["id"], record) if any(
                place.get("follows") for place in data["locations"]) else {}
            planned.append((data, new_offer_snapshot(data, data["organization"], terms, follows),
                            terms))
        self._stored_locations([snap for _, snap, _ in planned])
        rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
        later, now = [], utcnow()
        for data, snap, terms in planned:
            new_locations = []
            for place in snap["locations"]:
                values = _location_values(place)
                known = self.locations.get(place["id"])
                if known is not None and known != values:
                    break
                if known is None:
                    new_locations.append(place)
            else:
                for place in new_locations:
                    self.locations[place["id"]] = _location_values(place)
                self._rows(rows, data, snap, terms, new_locations, now)
                continue
            later.append(data)
        for name, model in TABLES.items():
            if rows[name]:
                self.session.execute(insert(table_of(model)), rows[name])
        changes.mark_changed(self.session)
        return later

    def _rows(self, rows: dict[str, list[dict[str, Any]]], data: Mapping[str, Any],
              snap: dict[str, Any], terms: list[Any], new_locations: list[dict[str, Any]],
              now: Any) -> None:
        offer_id = snap["id"]
        offer = {key: snap[key] for key in ("id", "slug", "organization_id", "extra_holidays",
                                            *OFFER_FIELDS)}
        offer.update(status=OfferStatus(snap["status"]),
                     holiday_rule=HolidayRule(snap["holiday_rule"]), version=1,
                     created_at=now, updated_at=data.get("modified_at") or now)
        rows["offer"].append(offer)
        rows["offer_term"] += [{"offer_id": offer_id, "term_id": term.id}
                               for term in {term.id: term for term in terms}.values()]
        for place in new_locations:
            rows["location"].append({**{key: place[key] for key in ("id", *LOCATION_FIELDS)},
                                     "precision": Precision(place.get("precision") or "none"),
                                     "created_at": now, "updated_at": now})
        for part in ("languages", "contacts"):
            rows[part] += [{**row, "offer_id": offer_id} for row in snap[part]]
        for position, place in enumerate(snap["locations"]):
            link = place["link_id"]
            rows["offer_at_location"].append({
                "id": link, "offer_id": offer_id, "location_id": place["id"],
                "description": place["link_description"], "position": position,
                "follows_offer_id": place["follows"]})
            self._hours_and_phones(rows, offer_id, link, place)
        self._hours_and_phones(rows, offer_id, None, snap)
        rows["revision"].append({
            "offer_id": offer_id, "entity_type": "offer", "entity_id": offer_id,
            "action": "create", "actor": self.actor, "summary": f"Oprettet: {snap['name']}",
            "changes": snapshot_diff({}, snap), "created_at": now})
        rows["offer_change"].append({"offer_id": offer_id, "changed_at": now})

    @staticmethod
    def _hours_and_phones(rows: dict[str, list[dict[str, Any]]], offer_id: str,
                          link: str | None, owner: Mapping[str, Any]) -> None:
        common = {"offer_id": offer_id, "offer_at_location_id": link}
        rows["schedules"] += [{**row, **common, "position": position, "freq": "WEEKLY"}
                              for position, row in enumerate(owner["schedules"])]
        rows["exceptions"] += [{**row, **common} for row in owner["exceptions"]]
        rows["phones"] += [{**row, **common, "organization_id": None} for row in owner["phones"]]


def create_organizations(session: Session, organizations: list[dict[str, Any]], actor: str
                         ) -> list[dict[str, Any]]:
    """Create the organisations that do not exist yet in bulk (with their phones, register
    identifiers and a revision each, as ``upsert_organization`` would); returns the others,
    to be stored with ``upsert_organization``."""
    stored = existing_ids(session, Organization.id, (org.get("id") for org in organizations))
    rows: dict[str, list[dict[str, Any]]] = {"organization": [], "phone": [], "identifier": [],
                                             "revision": []}
    later, now = [], utcnow()
    for data in organizations:
        if not data.get("id") or data["id"] in stored:
            later.append(data)
            continue
        snap = {"id": data["id"], **{key: data.get(key) or "" for key in ORGANIZATION_FIELDS}}
        snap["phones"] = [{key: row.get(key) for key in PHONE_FIELDS} | {"id": row.get("id")
                          or new_id()} for row in data.get("phones") or []]
        snap["identifiers"] = [{key: row.get(key) for key in IDENTIFIER_FIELDS} | {
            "id": row.get("id") or new_id()} for row in data.get("identifiers") or []]
        rows["organization"].append({key: snap[key] for key in ("id", *ORGANIZATION_FIELDS)}
                                    | {"created_at": now, "updated_at": now})
        rows["phone"] += [{**row, "organization_id": data["id"], "offer_id": None,
                           "offer_at_location_id": None} for row in snap["phones"]]
        rows["identifier"] += [{**row, "organization_id": data["id"], "position": position}
                               for position, row in enumerate(snap["identifiers"])]
        rows["revision"].append({"offer_id": None, "entity_type": "organization",
                                 "entity_id": data["id"], "action": "create", "actor": actor,
                                 "summary": f"Oprettet: {snap['name']}",
                                 "changes": snapshot_diff({}, snap), "created_at": now})
    for name, model in (("organization", Organization), ("phone", Phone),
                        ("identifier", OrganizationIdentifier), ("revision", Revision)):
        if rows[name]:
            session.execute(insert(table_of(model)), rows[name])
    return later


#: Insert order: a row's parents first.
TABLES: dict[str, Any] = {
    "location": Location, "offer": Offer, "offer_term": offer_term,
    "offer_at_location": OfferAtLocation, "languages": Language, "contacts": Contact,
    "schedules": Schedule, "exceptions": ScheduleException, "phones": Phone,
    "revision": Revision, "offer_change": OfferChange,
}
