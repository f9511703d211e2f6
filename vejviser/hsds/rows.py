"""Small HSDS 3.0 row shapes shared by the exporter and the JSON API."""
from __future__ import annotations

from typing import Any

from vejviser.catalogue.public import PublicLocation
from vejviser.hours import WeeklyRule
from vejviser.hsds.extension import stable_id
from vejviser.models import Contact, Language, OrganizationIdentifier, Phone, Schedule


def clock_text(value: Any) -> str | None:
    """A time as HSDS text ("22:00"), None for none."""
    return value.strftime("%H:%M") if value is not None else None


def day_text(value: Any) -> str | None:
    """A date as ISO text, None for none."""
    return value.isoformat() if value is not None else None


def schedule_row(schedule: Schedule, service_id: str,
                 place_id: str | None = None) -> dict[str, Any]:
    """One weekly schedule row in HSDS shape (``export.schedule_document`` adds our flags as
    attributes); ``place_id``: the row belongs to that ``service_at_location`` only."""
    row: dict[str, Any] = {
        "id": schedule.id,
        "service_id": None if place_id else service_id,
        "service_at_location_id": place_id,
        "freq": schedule.freq,
        "byday": schedule.byday or None,
        "opens_at": clock_text(schedule.opens_at),
        "closes_at": clock_text(schedule.closes_at),
        "valid_from": day_text(schedule.valid_from),
        "valid_to": day_text(schedule.valid_to),
        "description": schedule.description or None,
        "notes": schedule.notes or None,
        "attending_type": schedule.attending_type or None,
        "wkst": "MO",
    }
    if schedule.all_day:
        row["opens_at"], row["closes_at"] = "00:00", "23:59"
    return {key: value for key, value in row.items() if value is not None}


def rule_row(rule: WeeklyRule, row_id: str, place_id: str) -> dict[str, Any]:
    """A weekly rule of the hours engine as an HSDS schedule row of one place: how the hours a
    place follows from another offer are written out (as ordinary rows)."""
    row: dict[str, Any] = {
        "id": row_id, "service_at_location_id": place_id, "freq": "WEEKLY",
        "byday": ",".join(rule.byday) or None, "opens_at": clock_text(rule.opens_at),
        "closes_at": clock_text(rule.closes_at), "valid_from": day_text(rule.valid_from),
        "valid_to": day_text(rule.valid_to), "description": rule.description or None, "wkst": "MO",
    }
    if rule.all_day:
        row["opens_at"], row["closes_at"] = "00:00", "23:59"
    return {key: value for key, value in row.items() if value is not None}


def location_row(location: PublicLocation) -> dict[str, Any]:
    """HSDS ``location`` with its physical address, from the public projection of a location
    (``catalogue.public``): what it hides is not there to write."""
    row: dict[str, Any] = {
        "id": location.id,
        "location_type": "physical",
        "name": location.name or None,
        "alternate_name": location.alternate_name or None,
        "description": location.description or None,
        "transportation": location.transportation or None,
        "addresses": [],
    }
    if location.point is not None:
        row["latitude"], row["longitude"] = location.point
    if location.postal_code or location.address_1 or location.city:
        row["addresses"].append(_compact({
            "id": stable_id("address", location.id),
            "location_id": location.id,
            "address_1": location.address_1 or "",
            "address_2": location.address_2 or None,
            "city": location.city or "",
            "region": location.region or "",
            "state_province": location.state_province or "",
            "postal_code": location.postal_code or "",
            "country": location.country or "DK",
            "address_type": "physical",
        }))
    if location.accessibility or location.accessibility_details or location.accessibility_url:
        row["accessibility"] = [_compact({
            "id": stable_id("accessibility", location.id), "location_id": location.id,
            "description": location.accessibility or None,
            "details": location.accessibility_details or None,
            "url": location.accessibility_url or None})]
    return {key: value for key, value in row.items() if value is not None}


def phone_row(phone: Phone) -> dict[str, Any]:
    """HSDS ``phone`` of an offer, one of its places (``service_at_location_id``) or an
    organisation."""
    place = phone.offer_at_location_id
    row = {"id": phone.id, "service_id": None if place else phone.offer_id,
           "service_at_location_id": place, "organization_id": phone.organization_id,
           "number": phone.number, "extension": phone.extension or None,
           "type": phone.type or None, "description": phone.description or None}
    return _compact(row)


def identifier_row(identifier: OrganizationIdentifier) -> dict[str, Any]:
    """HSDS ``organization_identifier``."""
    return _compact({"id": identifier.id, "organization_id": identifier.organization_id,
                     "identifier_scheme": identifier.identifier_scheme or None,
                     "identifier_type": identifier.identifier_type or None,
                     "identifier": identifier.identifier})


def _compact(row: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in row.items() if value is not None}


def contact_row(contact: Contact) -> dict[str, Any]:
    """HSDS ``contact`` (a function, not a private person)."""
    row = {"id": contact.id, "service_id": contact.offer_id, "name": contact.name or None,
           "title": contact.title or None, "department": contact.department or None,
           "email": contact.email or None}
    return {key: value for key, value in row.items() if value is not None}


def language_row(language: Language) -> dict[str, Any]:
    """HSDS ``language``."""
    row = {"id": language.id, "service_id": language.offer_id, "code": language.code,
           "name": language.name or None, "note": language.note or None}
    return {key: value for key, value in row.items() if value is not None}
