"""Plain-data snapshots of an offer: for "did anything change?", revisions and diffs.

Every part carries its id, so a snapshot of the stored offer and one of incoming data compare
equal exactly when storing the data would change nothing; ``snapshot_diff`` then names the
top-level fields that differ (a rename is ``{"name": ...}`` and nothing else).
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time
from typing import Any

from vejviser.models import Location, Offer, OfferAtLocation, Organization

#: The offer's own columns, as stored and compared (``offers.upsert_offer`` writes the same list).
OFFER_FIELDS = (
    "name", "alternate_name", "summary", "description", "url", "email", "alert",
    "application_process", "fees_description", "eligibility_description",
    "interpretation_services", "accessibility", "notes", "minimum_age", "maximum_age",
    "verified_at", "verified_by",
)
#: A location's columns apart from its id and precision.
LOCATION_FIELDS = ("name", "alternate_name", "description", "address_1", "address_2",
                   "postal_code", "city", "region", "state_province", "transportation",
                   "accessibility", "accessibility_details", "accessibility_url", "latitude",
                   "longitude", "country", "short_name", "preposition")
SCHEDULE_FIELDS = ("id", "byday", "opens_at", "closes_at", "valid_from", "valid_to", "all_day",
                   "by_appointment", "on_holidays", "see_description", "description", "notes",
                   "attending_type")
EXCEPTION_FIELDS = ("id", "date_from", "date_to", "closed", "opens_at", "closes_at",
                    "description")
PHONE_FIELDS = ("id", "number", "extension", "type", "description")
CONTACT_FIELDS = ("id", "name", "title", "department", "email")
LANGUAGE_FIELDS = ("id", "code", "name", "note")
ORGANIZATION_FIELDS = ("name", "alternate_name", "description", "email", "website")
IDENTIFIER_FIELDS = ("id", "identifier_scheme", "identifier_type", "identifier")


def row_of(obj: object, fields: tuple[str, ...]) -> dict[str, Any]:
    """The named attributes of ``obj`` as a dict."""
    return {field: getattr(obj, field) for field in fields}


def location_snapshot(location: Location) -> dict[str, Any]:
    """A location's stored fields (shared by every offer given there)."""
    return {**row_of(location, ("id", *LOCATION_FIELDS)), "precision": location.precision.value}


def place_snapshot(offer: Offer, link: OfferAtLocation) -> dict[str, Any]:
    """One place of ``offer``: the location, the link, the place's own hours rows and phones."""
    return {
        **location_snapshot(link.location),
        "link_id": link.id,
        "link_description": link.description,
        "follows": link.follows_offer_id,
        "schedules": [row_of(row, SCHEDULE_FIELDS) for row in offer.schedules
                      if row.offer_at_location_id == link.id],
        "exceptions": [row_of(row, EXCEPTION_FIELDS) for row in offer.exceptions
                       if row.offer_at_location_id == link.id],
        "phones": [row_of(row, PHONE_FIELDS) for row in offer.phones
                   if row.offer_at_location_id == link.id],
    }


def offer_snapshot(offer: Offer) -> dict[str, Any]:
    """Everything we store about ``offer``, as plain comparable data."""
    snap = row_of(offer, OFFER_FIELDS)
    snap.update(
        id=offer.id,
        slug=offer.slug,
        organization_id=offer.organization_id or (offer.organization and offer.organization.id),
        status=offer.status.value,
        holiday_rule=offer.holiday_rule.value,
        extra_holidays=offer.extra_holidays,
        terms=sorted(f"{term.taxonomy.code}:{term.code}" for term in offer.terms),
        languages=[row_of(lang, LANGUAGE_FIELDS) for lang in offer.languages],
        locations=[place_snapshot(offer, link) for link in offer.locations_at],
        schedules=[row_of(row, SCHEDULE_FIELDS) for row in offer.own_schedules],
        exceptions=[row_of(row, EXCEPTION_FIELDS) for row in offer.own_exceptions],
        phones=[row_of(row, PHONE_FIELDS) for row in offer.own_phones],
        contacts=[row_of(row, CONTACT_FIELDS) for row in offer.contacts],
    )
    return snap


def organization_snapshot(organization: Organization) -> dict[str, Any]:
    """An organisation's stored fields, its own phones and its register identifiers."""
    return {**row_of(organization, ("id", *ORGANIZATION_FIELDS)),
            "phones": [row_of(row, PHONE_FIELDS) for row in organization.phones],
            "identifiers": [row_of(row, IDENTIFIER_FIELDS) for row in organization.identifiers]}


def _jsonable(value: Any) -> Any:
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    return value


def snapshot_diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """Field-by-field differences as JSON-ready ``{field: {"before": ..., "after": ...}}``."""
    diff = {}
    for field in sorted(set(before) | set(after)):
        old, new = before.get(field), after.get(field)
        if old != new:
            diff[field] = {"before": _jsonable(old), "after": _jsonable(new)}
    return diff
