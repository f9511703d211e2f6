"""Plain-data snapshots of an offer: for "did anything change?", revisions and diffs."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time
from typing import Any

from vejviser.models import Offer

#: The offer's own columns, as stored and compared (``offers.upsert_offer`` writes the same list).
OFFER_FIELDS = (
    "name", "alternate_name", "summary", "description", "url", "email", "alert",
    "application_process", "fees_description", "eligibility_description",
    "interpretation_services", "accessibility", "notes", "minimum_age", "maximum_age",
    "verified_at", "verified_by",
)
#: A location's columns apart from its id and precision.
LOCATION_FIELDS = ("name", "alternate_name", "description", "address_1", "postal_code", "city",
                   "transportation", "accessibility", "latitude", "longitude", "country")
_SCHEDULE_FIELDS = ("id", "byday", "opens_at", "closes_at", "valid_from", "valid_to", "all_day",
                    "by_appointment", "on_holidays", "description", "notes")
_EXCEPTION_FIELDS = ("id", "date_from", "date_to", "closed", "opens_at", "closes_at", "description")
_PHONE_FIELDS = ("id", "number", "extension", "type", "description")
_CONTACT_FIELDS = ("id", "name", "title", "department", "email")


def _row(obj: object, fields: tuple[str, ...]) -> dict[str, Any]:
    return {field: getattr(obj, field) for field in fields}


def offer_snapshot(offer: Offer) -> dict[str, Any]:
    """Everything we store about ``offer``, as plain comparable data."""
    snap = _row(offer, OFFER_FIELDS)
    snap.update(
        id=offer.id,
        slug=offer.slug,
        organization_id=offer.organization_id or (offer.organization and offer.organization.id),
        status=offer.status.value,
        holiday_rule=offer.holiday_rule.value,
        extra_holidays=offer.extra_holidays,
        terms=sorted(f"{term.taxonomy.code}:{term.code}" for term in offer.terms),
        languages=[{"code": lang.code, "name": lang.name, "note": lang.note}
                   for lang in offer.languages],
        locations=[{**_row(link.location, ("id", *LOCATION_FIELDS)),
                    "precision": link.location.precision.value,
                    "link_description": link.description} for link in offer.locations_at],
        schedules=[_row(row, _SCHEDULE_FIELDS) for row in offer.schedules],
        exceptions=[_row(row, _EXCEPTION_FIELDS) for row in offer.exceptions],
        phones=[_row(row, _PHONE_FIELDS) for row in offer.phones],
        contacts=[_row(row, _CONTACT_FIELDS) for row in offer.contacts],
    )
    return snap


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
