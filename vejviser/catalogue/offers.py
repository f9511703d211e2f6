"""Store offers: create or update an offer and its parts from normalised data, with a revision.

An update that changes nothing writes nothing (no new version, no revision), which is what makes
loading the seed twice, or re-importing the same HSDS file, a no-op.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vejviser.catalogue.errors import CatalogueDataError, FieldProblem
from vejviser.catalogue.snapshot import LOCATION_FIELDS, OFFER_FIELDS, offer_snapshot, snapshot_diff
from vejviser.catalogue.taxonomy import TermLookup
from vejviser.catalogue.validation import is_web_address
from vejviser.models import (
    VOCABULARY_OF_FIELD,
    Contact,
    HolidayRule,
    Language,
    Location,
    Offer,
    OfferAtLocation,
    OfferStatus,
    Organization,
    Phone,
    Precision,
    Revision,
    Schedule,
    ScheduleException,
)


@dataclass
class UpsertResult:
    """What ``upsert_offer`` did: ``created``, ``updated`` or ``unchanged``."""

    offer: Offer
    action: str


def upsert_organization(session: Session, data: Mapping[str, Any]) -> Organization:
    """Create or update an organisation by id (or, lacking an id, by exact name).

    Raises ``CatalogueDataError`` for a website that is not an http(s) address.
    """
    website = data.get("website") or data.get("url") or ""
    if website and not is_web_address(website):
        raise CatalogueDataError([FieldProblem(data.get("name") or "?", "website",
                                               f"{website[:60]!r} skal begynde med http(s)://")])
    organization = session.get(Organization, data["id"]) if data.get("id") else None
    if organization is None and not data.get("id"):
        organization = session.scalar(select(Organization).where(Organization.name == data["name"]))
    if organization is None:
        organization = Organization(id=data.get("id") or None, name=data["name"])
        session.add(organization)
    values = {"name": data["name"], "alternate_name": data.get("alternate_name") or "",
              "description": data.get("description") or "", "email": data.get("email") or "",
              "website": data.get("website") or data.get("url") or ""}
    for key, value in values.items():
        if getattr(organization, key) != value:
            setattr(organization, key, value)
    session.flush()
    return organization


def upsert_offer(session: Session, data: Mapping[str, Any], actor: str,
                 terms: TermLookup | None = None) -> UpsertResult:
    """Create or update one offer from ``normalise_offer`` output; flush, never commit.

    ``terms`` lets a caller storing many offers read the taxonomy once. Raises
    ``CatalogueDataError`` when the data refers to an unknown organisation or term.
    """
    record = data.get("slug") or data.get("id") or "?"
    offer = session.get(Offer, data["id"]) if data.get("id") else None
    if offer is None:
        offer = session.scalar(select(Offer).where(Offer.slug == data["slug"]))
    resolved = _resolve_terms(terms or TermLookup(session), data, record)
    organization = (session.get(Organization, data["organization"])
                    if data.get("organization") else None)
    if organization is None:
        unknown = f"ukendt organisation {data.get('organization')!r}"
        raise CatalogueDataError([FieldProblem(record, "organization", unknown)])
    created = offer is None
    if offer is not None:
        before = offer_snapshot(offer)
        if before == _incoming_snapshot(data, organization.id, resolved, before):
            return UpsertResult(offer, "unchanged")
    else:
        offer = Offer(id=data.get("id") or None, slug=data["slug"], name=data["name"],
                      organization=organization)
        session.add(offer)
        before = {}
    _apply(session, offer, data, organization, resolved)
    session.flush()
    after = offer_snapshot(offer)
    session.add(Revision(
        offer_id=offer.id, entity_type="offer", entity_id=offer.id,
        action="create" if created else "update", actor=actor,
        summary=f"{'Oprettet' if created else 'Ændret'}: {offer.name}",
        changes=snapshot_diff(before, after),
    ))
    session.flush()
    return UpsertResult(offer, "created" if created else "updated")


def _resolve_terms(lookup: TermLookup, data: Mapping[str, Any], record: str) -> list[Any]:
    # (field, vocabulary, code, how to name it in a problem)
    wanted = [(field, vocabulary, code, repr(code))
              for field, vocabulary in VOCABULARY_OF_FIELD.items() for code in data.get(field, [])]
    # Terms of further vocabularies (e.g. a foreign taxonomy from an HSDS import):
    # (vocabulary, code).
    wanted += [("attributes", vocabulary, code, f"{vocabulary}:{code}")
               for vocabulary, code in data.get("other_terms", [])]
    problems, terms = [], []
    for field, vocabulary, code, name in wanted:
        term = lookup.get(vocabulary, code)
        if term is None:
            problems.append(FieldProblem(record, field, f"ukendt term {name}"))
        else:
            terms.append(term)
    if problems:
        raise CatalogueDataError(problems)
    return terms


def _incoming_snapshot(
    data: Mapping[str, Any], organization_id: str, terms: list[Any], before: Mapping[str, Any]
) -> dict[str, Any]:
    """The snapshot ``data`` would produce, borrowing existing child ids where data has none."""
    snap: dict[str, Any] = {field: data.get(field) for field in OFFER_FIELDS}
    snap.update(
        id=before.get("id"), slug=data["slug"], organization_id=organization_id,
        status=data["status"], holiday_rule=data["holiday_rule"],
        extra_holidays=",".join(data["extra_holidays"]),
        terms=sorted(f"{t.taxonomy.code}:{t.code}" for t in terms),
        languages=[{k: lang[k] for k in ("code", "name", "note")} for lang in data["languages"]],
    )
    for part in ("locations", "schedules", "exceptions", "phones", "contacts"):
        old = before.get(part, [])
        rows = []
        for index, row in enumerate(data[part]):
            row = dict(row)
            if not row.get("id"):
                row["id"] = old[index]["id"] if index < len(old) else None
            rows.append(row)
        snap[part] = rows
    for row in snap["locations"]:
        row.pop("link_id", None)
    return snap


def _apply(session: Session, offer: Offer, data: Mapping[str, Any],
           organization: Organization, terms: list[Any]) -> None:
    for field in OFFER_FIELDS:
        setattr(offer, field, data.get(field))
    offer.slug = data["slug"]
    offer.organization = organization
    offer.status = OfferStatus(data["status"])
    offer.holiday_rule = HolidayRule(data["holiday_rule"])
    offer.extra_holidays = ",".join(data["extra_holidays"])
    offer.terms = terms
    # Empty the collections and flush first: a new row may reuse an old row's id (HSDS ids).
    offer.locations_at, offer.schedules, offer.exceptions = [], [], []
    offer.phones, offer.contacts, offer.languages = [], [], []
    session.flush()
    offer.languages = [Language(**_with_id(lang)) for lang in data["languages"]]
    with session.no_autoflush:  # links join the session only once the list is assigned
        offer.locations_at = [
            OfferAtLocation(id=item.get("link_id") or None,
                            location=_upsert_location(session, item),
                            description=item.get("link_description") or "", position=position)
            for position, item in enumerate(data["locations"])
        ]
    offer.schedules = [
        Schedule(**_with_id(row), position=i) for i, row in enumerate(data["schedules"])
    ]
    offer.exceptions = [ScheduleException(**_with_id(row)) for row in data["exceptions"]]
    offer.phones = [Phone(**_with_id(row)) for row in data["phones"]]
    offer.contacts = [Contact(**_with_id(row)) for row in data["contacts"]]


def _with_id(row: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in row.items() if key != "id" or value}


def _upsert_location(session: Session, item: Mapping[str, Any]) -> Location:
    location = session.get(Location, item["id"]) if item.get("id") else None
    if location is None:
        location = Location(id=item.get("id") or None)
        session.add(location)
    for field in LOCATION_FIELDS:
        if getattr(location, field) != item.get(field):
            setattr(location, field, item.get(field))
    precision = Precision(item.get("precision") or "none")
    if location.precision != precision:
        location.precision = precision
    return location
