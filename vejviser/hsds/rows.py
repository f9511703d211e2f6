"""Small HSDS 3.0 row shapes shared by the exporter and the JSON API."""
from __future__ import annotations

from typing import Any

from vejviser.hsds.extension import stable_id
from vejviser.models import Contact, Language, Location, Phone, Schedule


def _clock(value: Any) -> str | None:
    return value.strftime("%H:%M") if value is not None else None


def _day(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def schedule_row(schedule: Schedule, service_id: str) -> dict[str, Any]:
    """One weekly schedule row in HSDS shape (``export.schedule_document`` adds our flags as
    attributes)."""
    row: dict[str, Any] = {
        "id": schedule.id,
        "service_id": service_id,
        "freq": schedule.freq,
        "byday": schedule.byday or None,
        "opens_at": _clock(schedule.opens_at),
        "closes_at": _clock(schedule.closes_at),
        "valid_from": _day(schedule.valid_from),
        "valid_to": _day(schedule.valid_to),
        "description": schedule.description or None,
        "notes": schedule.notes or None,
        "wkst": "MO",
    }
    if schedule.all_day:
        row["opens_at"], row["closes_at"] = "00:00", "23:59"
    return {key: value for key, value in row.items() if value is not None}


def location_row(location: Location) -> dict[str, Any]:
    """HSDS ``location`` with its physical address; coordinates only when we may show them."""
    row: dict[str, Any] = {
        "id": location.id,
        "location_type": "physical",
        "name": location.name or None,
        "alternate_name": location.alternate_name or None,
        "description": location.description or None,
        "transportation": location.transportation or None,
        "addresses": [],
    }
    if location.has_point:
        row["latitude"], row["longitude"] = location.latitude, location.longitude
    if location.postal_code or location.address_1 or location.city:
        row["addresses"].append({
            "id": stable_id("address", location.id),
            "location_id": location.id,
            "address_1": location.address_1 or "",
            "city": location.city or "",
            "region": "",
            "state_province": "",
            "postal_code": location.postal_code or "",
            "country": location.country or "DK",
            "address_type": "physical",
        })
    if location.accessibility:
        row["accessibility"] = [{"id": stable_id("accessibility", location.id),
                                 "location_id": location.id,
                                 "description": location.accessibility}]
    return {key: value for key, value in row.items() if value is not None}


def phone_row(phone: Phone) -> dict[str, Any]:
    """HSDS ``phone``."""
    row = {"id": phone.id, "service_id": phone.offer_id, "organization_id": phone.organization_id,
           "number": phone.number, "extension": phone.extension or None,
           "type": phone.type or None, "description": phone.description or None}
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
