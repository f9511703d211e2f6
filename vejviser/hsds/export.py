"""HSDS 3.0 JSON export: one offer as a full ``service`` document, many as a list page.

Every document validates against the official service.json. What HSDS has no field for (slug,
summary, holiday rule, extra holidays, dated exceptions, "by appointment", coordinate precision...)
travels as attributes of the ``vejviser`` extension taxonomy (see ``vejviser.hsds.extension``), so
export -> import gives back everything we store.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vejviser.catalogue.loading import with_offer_parts
from vejviser.catalogue.public import PublicOffer, PublicOrganization, PublicPlace, project
from vejviser.hsds import extension
from vejviser.hsds.rows import (
    contact_row,
    identifier_row,
    language_row,
    location_row,
    phone_row,
    rule_row,
    schedule_row,
)
from vejviser.models import VOCABULARIES, Offer, OfferStatus, Schedule, TaxonomyTerm

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
#: Schedule flags we carry as extension attributes of the row.
FLAGS = ("by_appointment", "on_holidays", "see_description")
SERVICE_TEXT = ("alternate_name", "description", "url", "email", "interpretation_services",
                "application_process", "fees_description", "eligibility_description", "alert")


def _compact(row: dict[str, Any]) -> dict[str, Any]:
    """Drop keys whose value is None or an empty string (HSDS: leave unknown fields out)."""
    return {key: value for key, value in row.items() if value is not None and value != ""}


def timestamp(value: datetime | None) -> str | None:
    """An aware datetime as HSDS ``date-time`` text in UTC (``2023-03-15T10:30:45Z``)."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def organization_document(organization: PublicOrganization) -> dict[str, Any]:
    """HSDS ``organization`` (id, name and description are required; description may be "")."""
    row = _compact({"id": organization.id, "name": organization.name,
                    "alternate_name": organization.alternate_name, "email": organization.email,
                    "website": organization.website})
    row["description"] = organization.description or ""
    if organization.phones:
        row["phones"] = [_phone(phone) for phone in organization.phones]
    if organization.identifiers:
        row["organization_identifiers"] = [identifier_row(item)
                                           for item in organization.identifiers]
    return row


def term_attribute(offer: PublicOffer, term: TaxonomyTerm) -> dict[str, Any]:
    """One of our taxonomy terms as an HSDS attribute with its ``taxonomy_term`` embedded."""
    taxonomy = term.taxonomy
    embedded = _compact({
        "id": term.id, "code": term.code, "name": term.name, "parent_id": term.parent_id,
        "taxonomy": taxonomy.name, "taxonomy_id": taxonomy.id, "language": "da",
    })
    embedded["description"] = term.description or ""
    embedded["taxonomy_detail"] = {"id": taxonomy.id, "name": taxonomy.name,
                                   "description": taxonomy.description or taxonomy.code}
    return {"id": extension.stable_id("attribute", offer.id, term.id), "link_id": offer.id,
            "link_type": taxonomy.code, "link_entity": "service", "taxonomy_term_id": term.id,
            "taxonomy_term": embedded}


def _term_order(term: TaxonomyTerm) -> tuple[int, str, str]:
    vocabulary = term.taxonomy.code
    rank = VOCABULARIES.index(vocabulary) if vocabulary in VOCABULARIES else len(VOCABULARIES)
    return rank, vocabulary, term.code


def service_attributes(offer: PublicOffer) -> list[dict[str, Any]]:
    """Taxonomy terms first (vocabulary order, then code), then our extension fields."""
    rows = [term_attribute(offer, term) for term in sorted(offer.terms, key=_term_order)]

    def add(code: str, value: str, always: bool = False) -> None:
        if value or always:
            rows.append(extension.attribute(code, value, offer.id, "service"))

    add("slug", offer.slug, always=True)
    add("summary", offer.summary)
    add("notes", offer.notes)  # empty unless the projection is internal
    add("accessibility", offer.accessibility)
    add("holiday_rule", offer.holiday_rule.value, always=True)
    add("extra_holidays", offer.extra_holidays, always=True)
    if offer.verified_by and not EMAIL.match(offer.verified_by):
        add("verified_by", offer.verified_by)
    for row in offer.exceptions:
        rows.append(extension.attribute("schedule_exception", extension.exception_value(row),
                                        offer.id, "service", attribute_id=row.id))
    return rows


def schedule_document(schedule: Schedule, service_id: str,
                      place_id: str | None = None) -> dict[str, Any]:
    """HSDS ``schedule`` with our flags as extension attributes (``place_id``: of one place)."""
    row = schedule_row(schedule, service_id, place_id)
    flags = [code for code in FLAGS if getattr(schedule, code)]
    if flags:
        row["attributes"] = [extension.attribute(code, "true", schedule.id, "schedule")
                             for code in flags]
    return row


def _followed_schedules(place: PublicPlace) -> list[dict[str, Any]]:
    """The hours a place keeps from another offer, written out as ordinary rows of the place
    (ids derived from the place, so they are stable across exports)."""
    out = []
    for index, rule in enumerate(place.hours.opening.rules):
        row_id = extension.stable_id("followed", str(place.id), str(index))
        row = rule_row(rule, row_id, str(place.id))
        flags = [code for code in FLAGS if getattr(rule, code)]
        if flags:
            row["attributes"] = [extension.attribute(code, "true", row_id, "schedule")
                                 for code in flags]
        out.append(row)
    return out


def service_at_location_document(offer: PublicOffer, place: PublicPlace) -> dict[str, Any]:
    """HSDS ``service_at_location`` with the location (and its address) embedded, and the
    place's own hours (or the hours it keeps from the offer it follows)."""
    location = place.location
    assert location is not None and place.id is not None
    embedded = location_row(location)
    embedded["attributes"] = [
        extension.attribute(code, value, location.id, "location")
        for code, value in (("precision", location.precision.value),
                            ("short_name", location.short_name),
                            ("preposition", location.preposition))
        if value and not (code == "preposition" and value == "i")
    ]
    attributes = [extension.attribute("schedule_exception", extension.exception_value(row),
                                      place.id, "service_at_location", attribute_id=row.id)
                  for row in place.exceptions]
    if place.follows_id:
        attributes.append(extension.attribute("follows", place.follows_id, place.id,
                                              "service_at_location"))
        schedules = _followed_schedules(place)
    else:
        schedules = [schedule_document(row, offer.id, place.id) for row in place.schedules]
    return _compact({"id": place.id, "service_id": offer.id, "location_id": location.id,
                     "description": place.description, "location": embedded,
                     "phones": [_phone(phone) for phone in place.phones],
                     "schedules": schedules, "attributes": attributes})


def _phone(phone: Any) -> dict[str, Any]:
    row = phone_row(phone)
    extension_text = row.pop("extension", None)
    if extension_text and str(extension_text).isdigit():
        row["extension"] = int(extension_text)  # HSDS: a number
    return row


def service_fields(offer: PublicOffer) -> dict[str, Any]:
    """The one-to-one fields of ``service_document(offer)``, without building the rest (a list
    page of the HSDS API would otherwise write out every schedule and attribute only to drop
    them)."""
    document: dict[str, Any] = {"id": offer.id, "organization_id": offer.organization.id,
                                "name": offer.name, "status": offer.status.value}
    document.update(_compact({field: getattr(offer, field) for field in SERVICE_TEXT}))
    for field in ("minimum_age", "maximum_age"):
        if getattr(offer, field) is not None:
            document[field] = getattr(offer, field)
    if offer.verified_at:
        document["assured_date"] = offer.verified_at.isoformat()
    if offer.verified_by and EMAIL.match(offer.verified_by):
        document["assurer_email"] = offer.verified_by
    document["last_modified"] = timestamp(offer.updated_at)
    return document


def service_document(offer: PublicOffer) -> dict[str, Any]:
    """``offer`` (a public projection; ``internal=True`` for backups) as a complete HSDS 3.0
    service document (valid against service.json)."""
    document = service_fields(offer)
    document["organization"] = organization_document(offer.organization)
    document["schedules"] = [schedule_document(row, offer.id) for row in offer.schedules]
    document["service_at_locations"] = [service_at_location_document(offer, place)
                                        for place in offer.places if place.id is not None]
    document["phones"] = [_phone(phone) for phone in offer.phones]
    document["contacts"] = [contact_row(contact) for contact in offer.contacts]
    document["languages"] = [language_row(language) for language in offer.languages]
    document["attributes"] = service_attributes(offer)
    return _compact(document)


def all_offers(session: Session, internal: bool = False) -> Sequence[Offer]:
    """The offers to export, ordered by slug, parts preloaded: the public ones, or with
    ``internal`` every offer (inactive ones too: an internal export is a backup)."""
    statement = select(Offer).order_by(Offer.slug)
    if not internal:
        statement = statement.where(Offer.status != OfferStatus.INACTIVE)
    return session.scalars(with_offer_parts(statement)).all()


def iter_documents(offers: Sequence[Offer], internal: bool = False,
                   progress: Callable[[int, int], None] | None = None) -> Iterator[dict[str, Any]]:
    """Service documents for ``offers`` — their public projection, or everything with
    ``internal`` — calling ``progress(done, total)`` as it goes."""
    for done, offer in enumerate(offers, start=1):
        yield service_document(project(offer, internal=internal))
        if progress:
            progress(done, len(offers))


def list_page(contents: list[dict[str, Any]], total_items: int | None = None,
              page_number: int = 1, size: int | None = None) -> dict[str, Any]:
    """Wrap documents in HSDS's list page (``Page`` in the HSDS OpenAPI)."""
    total = len(contents) if total_items is None else total_items
    size = size or max(len(contents), 1)
    pages = max(math.ceil(total / size), 1)
    return {"total_items": total, "total_pages": pages, "page_number": page_number,
            "size": len(contents), "first_page": page_number == 1,
            "last_page": page_number >= pages, "empty": not contents, "contents": contents}


def export_list(offers: Sequence[Offer], page_number: int = 1, per_page: int | None = None,
                internal: bool = False,
                progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """One list page of service documents; without ``per_page`` all offers on one page."""
    per_page = per_page or max(len(offers), 1)
    chosen = offers[(page_number - 1) * per_page: page_number * per_page]
    contents = list(iter_documents(chosen, internal, progress))
    return list_page(contents, total_items=len(offers), page_number=page_number, size=per_page)
