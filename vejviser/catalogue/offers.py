"""Store offers: create or update an offer and its parts from normalised data, with a revision.

An update that changes nothing writes nothing (no new version, no revision), which is what makes
loading the seed twice, or re-importing the same HSDS file, a no-op. An update that changes
something changes only that: parts keep their ids (``catalogue.children``), and the revision
names the fields that differ.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vejviser.catalogue.children import assign_ids, sync_rows
from vejviser.catalogue.errors import CatalogueDataError, FieldProblem
from vejviser.catalogue.places import resolve_follows, store_places, wanted_places
from vejviser.catalogue.snapshot import (
    CONTACT_FIELDS,
    EXCEPTION_FIELDS,
    IDENTIFIER_FIELDS,
    LANGUAGE_FIELDS,
    OFFER_FIELDS,
    PHONE_FIELDS,
    SCHEDULE_FIELDS,
    offer_snapshot,
    organization_snapshot,
    snapshot_diff,
)
from vejviser.catalogue.taxonomy import TermLookup
from vejviser.catalogue.validation import is_web_address
from vejviser.db import utcnow
from vejviser.models import (
    VOCABULARY_OF_FIELD,
    Contact,
    HolidayRule,
    Language,
    Offer,
    OfferStatus,
    Organization,
    OrganizationIdentifier,
    Phone,
    Revision,
    TaxonomyTerm,
)
from vejviser.models._types import new_id


@dataclass
class UpsertResult:
    """What ``upsert_offer`` did: ``created``, ``updated`` or ``unchanged``."""

    offer: Offer
    action: str


def upsert_organization(session: Session, data: Mapping[str, Any],
                        actor: str | None = None) -> Organization:
    """Create or update an organisation by id (or, lacking an id, by exact name).

    ``phones`` and ``identifiers`` (HSDS organization_identifiers), when ``data`` has them,
    replace the organisation's own (rows keep their ids). With ``actor`` a real change is a
    revision. Raises ``CatalogueDataError`` for a website that is not an http(s) address.
    """
    website = data.get("website") or data.get("url") or ""
    if website and not is_web_address(website):
        raise CatalogueDataError([FieldProblem(data.get("name") or "?", "website",
                                               f"{website[:60]!r} skal begynde med http(s)://")])
    organization = session.get(Organization, data["id"]) if data.get("id") else None
    if organization is None and not data.get("id"):
        organization = session.scalar(select(Organization).where(Organization.name == data["name"]))
    before = organization_snapshot(organization) if organization is not None else {}
    if organization is None:
        organization = Organization(id=data.get("id") or None, name=data["name"])
        session.add(organization)
    values = {"name": data["name"], "alternate_name": data.get("alternate_name") or "",
              "description": data.get("description") or "", "email": data.get("email") or "",
              "website": data.get("website") or data.get("url") or ""}
    for key, value in values.items():
        if getattr(organization, key) != value:
            setattr(organization, key, value)
    if "phones" in data:
        rows = assign_ids(before.get("phones", []), [{key: row.get(key) for key in PHONE_FIELDS}
                                                     for row in data["phones"]])
        organization.phones = sync_rows(organization.phones, rows, Phone, PHONE_FIELDS)
    if "identifiers" in data:
        rows = assign_ids(before.get("identifiers", []),
                          [{key: row.get(key) for key in IDENTIFIER_FIELDS}
                           for row in data["identifiers"]])
        for position, row in enumerate(rows):
            row["position"] = position
        organization.identifiers = sync_rows(organization.identifiers, rows,
                                             OrganizationIdentifier,
                                             (*IDENTIFIER_FIELDS, "position"))
    session.flush()
    after = organization_snapshot(organization)
    if actor is not None and after != before:
        session.add(Revision(entity_type="organization", entity_id=organization.id,
                             action="update" if before else "create", actor=actor,
                             summary=f"{'Ændret' if before else 'Oprettet'}: {organization.name}",
                             changes=snapshot_diff(before, after)))
    return organization


def upsert_offer(session: Session, data: Mapping[str, Any], actor: str,
                 terms: TermLookup | None = None) -> UpsertResult:
    """Create or update one offer from ``normalise_offer`` output; flush, never commit.

    ``terms`` lets a caller storing many offers read the taxonomy once. Raises
    ``CatalogueDataError`` when the data refers to an unknown organisation, term or followed
    offer.
    """
    record = data.get("slug") or data.get("id") or "?"
    offer = session.get(Offer, data["id"]) if data.get("id") else None
    if offer is None:
        offer = session.scalar(select(Offer).where(Offer.slug == data["slug"]))
    found_terms = resolve_terms(terms or TermLookup(session), data, record)
    organization = session.get(Organization, data["organization"]) \
        if data.get("organization") else None
    if organization is None:
        raise CatalogueDataError([FieldProblem(
            record, "organization", f"ukendt organisation {data.get('organization')!r}")])
    offer_id = offer.id if offer is not None else data.get("id") or new_id()
    follows = resolve_follows(session, data, offer_id, record)
    before = offer_snapshot(offer) if offer is not None else {}
    wanted = _wanted(data, offer_id, organization.id, found_terms, before, follows)
    if offer is not None and before == wanted:
        return UpsertResult(offer, "unchanged")
    created = offer is None
    if offer is None:
        offer = Offer(id=offer_id, slug=data["slug"], name=data["name"], organization=organization)
        session.add(offer)
    _apply(session, offer, wanted, organization, found_terms)
    if data.get("modified_at"):  # an import keeps the source's last change, not its own time
        offer.updated_at = data["modified_at"]
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


def new_offer_snapshot(data: Mapping[str, Any], organization_id: str,
                       terms: list[TaxonomyTerm],
                       follows: Mapping[int, str | None] | None = None) -> dict[str, Any]:
    """The snapshot a new offer made from ``data`` (``normalise_offer`` output; ``follows``
    from ``places.resolve_follows``) will have, every part's id decided: what ``upsert_offer``
    stores, for a writer that stores many new offers at once (``vejviser.hsds.writing``)."""
    return _wanted(data, data.get("id") or new_id(), organization_id, terms, {}, follows or {})


def resolve_terms(lookup: TermLookup, data: Mapping[str, Any], record: str) -> list[TaxonomyTerm]:
    """The terms ``data`` names; raises ``CatalogueDataError`` naming each unknown one."""
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


def _rows(data: Mapping[str, Any], before: Mapping[str, Any], part: str,
          fields: tuple[str, ...]) -> list[dict[str, Any]]:
    """``data[part]`` in snapshot shape, each row with the id it will be stored under."""
    incoming = [{field: row.get(field) for field in fields} for row in data.get(part) or []]
    rows = assign_ids(before.get(part, []), incoming)
    for row in rows:
        row["id"] = row["id"] or new_id()
    return rows


def _wanted(data: Mapping[str, Any], offer_id: str, organization_id: str,
            terms: list[TaxonomyTerm], before: Mapping[str, Any],
            follows: Mapping[int, str | None]) -> dict[str, Any]:
    """The snapshot the offer will have once ``data`` is stored: ``offer_snapshot``'s shape, with
    the id of every part decided (kept, continued or new)."""
    snap = {field: data.get(field) for field in OFFER_FIELDS}
    snap.update(
        id=offer_id, slug=data["slug"], organization_id=organization_id, status=data["status"],
        holiday_rule=data["holiday_rule"], extra_holidays=",".join(data["extra_holidays"]),
        terms=sorted(f"{t.taxonomy.code}:{t.code}" for t in terms),
        languages=_rows(data, before, "languages", LANGUAGE_FIELDS),
        locations=wanted_places(data.get("locations") or [], before.get("locations", []), follows),
        schedules=_rows(data, before, "schedules", SCHEDULE_FIELDS),
        exceptions=_rows(data, before, "exceptions", EXCEPTION_FIELDS),
        phones=_rows(data, before, "phones", PHONE_FIELDS),
        contacts=_rows(data, before, "contacts", CONTACT_FIELDS),
    )
    return snap


def _set(obj: object, field: str, value: Any) -> None:
    # Only real changes dirty a row (and bump the offer's version).
    if getattr(obj, field) != value:
        setattr(obj, field, value)


def _apply(session: Session, offer: Offer, wanted: Mapping[str, Any],
           organization: Organization, terms: list[TaxonomyTerm]) -> None:
    for field in OFFER_FIELDS:
        _set(offer, field, wanted[field])
    _set(offer, "slug", wanted["slug"])
    if offer.organization is not organization:
        offer.organization = organization
    _set(offer, "status", OfferStatus(wanted["status"]))
    _set(offer, "holiday_rule", HolidayRule(wanted["holiday_rule"]))
    _set(offer, "extra_holidays", wanted["extra_holidays"])
    if {term.id for term in offer.terms} != {term.id for term in terms}:
        offer.terms = terms
    offer.languages = sync_rows(offer.languages, wanted["languages"], Language, LANGUAGE_FIELDS)
    offer.contacts = sync_rows(offer.contacts, wanted["contacts"], Contact, CONTACT_FIELDS)
    store_places(session, offer, wanted, SCHEDULE_FIELDS, EXCEPTION_FIELDS)
    # A change to any part is a change of the offer: a new version (stale edits are refused)
    # and a new last-modified time.
    offer.updated_at = utcnow()
