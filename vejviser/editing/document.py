"""An offer as an edit document: one JSON-ready value per field a person edits at once.

Hours are the hours engine's own form rows (``vejviser.hours.rows``), kept per place: the key
``""`` holds the offer's own rows (every place without rows of its own), a location id holds
that place's rows. ``raw_of`` turns a document back into the loose input ``normalise_offer``
reads, so a form, a proposal and a revert store through the one path (``upsert_offer``), and
stored rows keep their ids.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time
from typing import Any

from vejviser.catalogue.snapshot import (
    CONTACT_FIELDS,
    LOCATION_FIELDS,
    PHONE_FIELDS,
    offer_snapshot,
)
from vejviser.models import VOCABULARY_OF_FIELD, Offer

#: The offer's own texts, in the order a form shows them.
TEXT_FIELDS = ("name", "alternate_name", "summary", "description", "url", "email",
               "application_process", "fees_description", "eligibility_description",
               "interpretation_services", "accessibility", "notes")
#: Texts shown as rich text (Markdown).
RICH_FIELDS = frozenset({"description", "application_process", "eligibility_description"})
AGE_FIELDS = ("minimum_age", "maximum_age")
TERM_FIELDS = tuple(VOCABULARY_OF_FIELD)
#: Every field of a document, in form order.
FIELDS = (*TEXT_FIELDS, *AGE_FIELDS, "status", "alert", *TERM_FIELDS, "languages",
          "locations", "hours", "exceptions", "phones", "contacts")
#: Fields a volunteer's change publishes at once (and which stay revertible in one click).
LOW_RISK_FIELDS = frozenset({"exceptions"})
#: Keys of a place in a document (its hours live under ``hours`` and ``exceptions``).
PLACE_KEYS = ("id", *LOCATION_FIELDS, "precision", "link_id", "link_description", "follows",
              "phones")
WEEKLY_KEYS = ("id", "byday", "opens_at", "closes_at", "past_midnight", "valid_from",
               "valid_to", "all_day", "by_appointment", "on_holidays", "see_description",
               "description", "notes", "attending_type")
EXCEPTION_KEYS = ("id", "date_from", "date_to", "closed", "opens_at", "closes_at",
                  "past_midnight", "description")
#: The place key of the offer's own hours.
OFFER_WIDE = ""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "1" if value else ""
    return str(value)


def _night(row: Mapping[str, Any]) -> str:
    opens, closes = row.get("opens_at"), row.get("closes_at")
    return "1" if opens is not None and closes is not None and closes <= opens else ""


def weekly_row(row: Mapping[str, Any]) -> dict[str, str]:
    """A stored schedule row (snapshot shape) as the hours engine's form row."""
    out = {key: _text(row.get(key)) for key in WEEKLY_KEYS if key != "past_midnight"}
    out["past_midnight"] = _night(row)
    return {key: out[key] for key in WEEKLY_KEYS}


def exception_row(row: Mapping[str, Any]) -> dict[str, str]:
    """A stored dated exception (snapshot shape) as the hours engine's form row."""
    out = {key: _text(row.get(key)) for key in EXCEPTION_KEYS if key != "past_midnight"}
    out["past_midnight"] = _night(row)
    return {key: out[key] for key in EXCEPTION_KEYS}


def _place(place: Mapping[str, Any]) -> dict[str, Any]:
    out = {key: place.get(key) for key in PLACE_KEYS if key != "phones"}
    out["phones"] = [{key: _text(row.get(key)) for key in PHONE_FIELDS}
                     for row in place.get("phones") or []]
    out["follows"] = place.get("follows") or ""
    for key in ("latitude", "longitude"):
        out[key] = place.get(key)
    return out


def document_of(offer: Offer) -> dict[str, Any]:
    """The stored offer as an edit document (JSON-ready)."""
    snap = offer_snapshot(offer)
    terms = {field: [term.code for term in offer.terms_in(vocabulary)]
             for field, vocabulary in VOCABULARY_OF_FIELD.items()}
    weekly = {OFFER_WIDE: [weekly_row(row) for row in snap["schedules"]]}
    dated = {OFFER_WIDE: [exception_row(row) for row in snap["exceptions"]]}
    for place in snap["locations"]:
        if place["schedules"]:
            weekly[place["id"]] = [weekly_row(row) for row in place["schedules"]]
        if place["exceptions"]:
            dated[place["id"]] = [exception_row(row) for row in place["exceptions"]]
    return {
        **{field: snap[field] or "" for field in TEXT_FIELDS},
        **{field: snap[field] for field in AGE_FIELDS},
        "status": snap["status"], "alert": snap["alert"] or "",
        **terms,
        "languages": [row["code"] for row in snap["languages"]],
        "locations": [_place(place) for place in snap["locations"]],
        "hours": {"holiday_rule": snap["holiday_rule"],
                  "extra_holidays": snap["extra_holidays"], "weekly": weekly},
        "exceptions": dated,
        "phones": [{key: _text(row.get(key)) for key in PHONE_FIELDS} for row in snap["phones"]],
        "contacts": [{key: _text(row.get(key)) for key in CONTACT_FIELDS}
                     for row in snap["contacts"]],
    }


def raw_of(document: Mapping[str, Any], slug: str, organization_id: str,
           offer_id: str | None = None, verified_at: Any = None,
           verified_by: str = "") -> dict[str, Any]:
    """The loose input ``normalise_offer`` reads for ``document``."""
    hours = document.get("hours") or {}
    weekly = hours.get("weekly") or {}
    dated = document.get("exceptions") or {}
    raw: dict[str, Any] = {
        "id": offer_id, "slug": slug, "organization": organization_id,
        **{field: document.get(field) or "" for field in TEXT_FIELDS},
        **{field: document.get(field) for field in AGE_FIELDS},
        "status": document.get("status") or "active", "alert": document.get("alert") or "",
        **{field: list(document.get(field) or []) for field in TERM_FIELDS},
        "languages": list(document.get("languages") or []),
        "holiday_rule": hours.get("holiday_rule") or "as_normal",
        "extra_holidays": hours.get("extra_holidays", "12-24,12-31"),
        "schedules": list(weekly.get(OFFER_WIDE) or []),
        "exceptions": list(dated.get(OFFER_WIDE) or []),
        "phones": list(document.get("phones") or []),
        "contacts": list(document.get("contacts") or []),
        "verified_at": verified_at, "verified_by": verified_by,
    }
    places = []
    for place in document.get("locations") or []:
        key = place.get("id") or ""
        places.append({**place, "follows": place.get("follows") or None,
                       "schedules": list(weekly.get(key) or []) if key else [],
                       "exceptions": list(dated.get(key) or []) if key else []})
    raw["locations"] = places
    return raw


def changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """The document fields whose values differ, in form order."""
    return [field for field in FIELDS if before.get(field) != after.get(field)]


def field_diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, Any]:
    """``{field: {"before": ..., "after": ...}}`` for every field that differs."""
    return {field: {"before": before.get(field), "after": after.get(field)}
            for field in changed_fields(before, after)}


#: Fields of a place that a hidden address (precision "none") keeps from all but the consultant.
SECRET_PLACE_KEYS = ("address_1", "address_2", "postal_code", "city", "region",
                     "state_province", "latitude", "longitude")


def mask_hidden(document: Mapping[str, Any]) -> dict[str, Any]:
    """``document`` without the address of any place whose precision is "none" (for a form
    or page shown to anyone but the consultant)."""
    places = []
    for place in document.get("locations") or []:
        if place.get("precision") == "none":
            place = {**place, **{key: None for key in SECRET_PLACE_KEYS}}
        places.append(place)
    return {**document, "locations": places}


def unmask_hidden(document: Mapping[str, Any], live: Mapping[str, Any]) -> dict[str, Any]:
    """``document`` (masked by ``mask_hidden``) with the live address of each hidden place put
    back, so a form that never showed it cannot change it."""
    stored = {place.get("id"): place for place in live.get("locations") or []
              if place.get("id") and place.get("precision") == "none"}
    places = []
    for place in document.get("locations") or []:
        secret = stored.get(place.get("id"))
        if secret is not None:
            place = {**place, **{key: secret.get(key) for key in SECRET_PLACE_KEYS}}
        places.append(place)
    return {**document, "locations": places}
