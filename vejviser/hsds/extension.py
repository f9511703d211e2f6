"""What we model beyond HSDS 3.0, carried in HSDS's own extension point: ``attributes``.

HSDS services, schedules and locations may carry attributes: a link to a taxonomy term plus a free
``value``. We publish one small taxonomy, ``vejviser`` (fixed UUIDs, below), whose terms name our
extra fields; the attribute's ``value`` holds the field's value as text. Any HSDS consumer can read
or ignore them, and the documents stay valid against service.json.

==================  ===========  ===================================================================
term code           attached to  value
==================  ===========  ===================================================================
slug                service      our URL slug
summary             service      the short summary shown in result lists
notes               service      internal notes
accessibility       service      accessibility of the offer (locations use HSDS accessibility)
holiday_rule        service      closed | as_sunday | as_normal | own_hours
extra_holidays      service      MM-DD days treated like public holidays, "12-24,12-31" ("" = none)
verified_by         service      who verified, when it is not an e-mail (else HSDS assurer_email)
schedule_exception  service,     one dated exception as JSON (attribute id = the exception's id);
                    service_at_  on a service_at_location it applies at that place only
                    location
by_appointment      schedule     "true": the hours are by appointment
on_holidays         schedule     "true": the row gives the hours on public holidays
see_description     schedule     "true": the hours are told in words only (the description)
precision           location     exact | street | district | none (how precise the coordinates are)
short_name          location     how a status line names the place ("Reden")
preposition         location     its preposition ("i", "på")
follows             service_at_  the id of the service whose hours this place keeps; the schedules
                    location     written for the place are that service's, for other readers
==================  ===========  ===================================================================
"""
from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from vejviser.hours import parse_flag

#: Namespace of every id we derive (extension taxonomy, attribute and address ids).
NAMESPACE = uuid.UUID("4845ca18-af4d-4db5-9bde-9acda055a19b")
TAXONOMY_NAME = "vejviser"
TAXONOMY_TITLE = "Den sociale vejviser: felter uden for HSDS 3.0"

TERMS = {
    "slug": "Tilbuddets kortnavn i webadresser.",
    "summary": "Kort resumé til resultatlister.",
    "notes": "Interne noter.",
    "accessibility": "Tilgængelighed for tilbuddet.",
    "holiday_rule": "Regel for helligdage: closed, as_sunday, as_normal eller own_hours.",
    "extra_holidays": "Dage (MM-DD), der behandles som helligdage, kommasepareret.",
    "verified_by": "Hvem der bekræftede oplysningerne.",
    "schedule_exception": "En dateret undtagelse fra de ugentlige åbningstider (JSON).",
    "by_appointment": "Åbningstiden er efter aftale.",
    "on_holidays": "Rækken gælder på helligdage.",
    "see_description": "Åbningstiden står kun i beskrivelsen (fx en månedlig tid).",
    "precision": "Koordinaternes præcision: exact, street, district eller none.",
    "short_name": "Stedets korte navn i en statuslinje.",
    "preposition": "Forholdsordet foran stedets navn (i, på).",
    "follows": "Id på det tilbud, hvis åbningstider stedet følger.",
}
EXCEPTION_FIELDS = ("date_from", "date_to", "closed", "opens_at", "closes_at", "description")


def stable_id(*parts: str) -> str:
    """A UUID derived from ``parts``: the same input always gives the same id."""
    return str(uuid.uuid5(NAMESPACE, ":".join(parts)))


TAXONOMY_ID = stable_id("taxonomy")
TERM_IDS = {stable_id("term", code): code for code in TERMS}


def taxonomy_term(code: str) -> dict[str, Any]:
    """The HSDS ``taxonomy_term`` object of extension term ``code``."""
    return {
        "id": stable_id("term", code), "code": code, "name": code, "description": TERMS[code],
        "taxonomy": TAXONOMY_NAME, "taxonomy_id": TAXONOMY_ID,
        "taxonomy_detail": {"id": TAXONOMY_ID, "name": TAXONOMY_NAME,
                            "description": TAXONOMY_TITLE},
        "language": "da",
    }


def attribute(code: str, value: str, link_id: str, link_entity: str,
              attribute_id: str | None = None) -> dict[str, Any]:
    """An HSDS attribute carrying extension field ``code`` = ``value`` for one entity."""
    return {
        "id": attribute_id or stable_id("attribute", link_id, code),
        "link_id": link_id, "link_type": code, "link_entity": link_entity,
        "taxonomy_term_id": stable_id("term", code), "value": value,
        "taxonomy_term": taxonomy_term(code),
    }


def extension_code(item: Mapping[str, Any]) -> str | None:
    """The extension term code an attribute carries, or None for any other attribute."""
    term = item.get("taxonomy_term") or {}
    for candidate in (item.get("taxonomy_term_id"), term.get("id")):
        if candidate in TERM_IDS:
            return TERM_IDS[candidate]
    if term.get("taxonomy") == TAXONOMY_NAME and term.get("code") in TERMS:
        return str(term["code"])
    return None


def split(attributes: Iterable[Mapping[str, Any]]) -> tuple[dict[str, str], list[Mapping[str, Any]],
                                                            list[Mapping[str, Any]]]:
    """``(values, exceptions, others)``: extension values by code, exceptions, other attributes."""
    values: dict[str, str] = {}
    exceptions: list[Mapping[str, Any]] = []
    others: list[Mapping[str, Any]] = []
    for item in attributes or []:
        code = extension_code(item)
        if code is None:
            others.append(item)
        elif code == "schedule_exception":
            exceptions.append(item)
        else:
            values[code] = "" if item.get("value") is None else str(item["value"])
    return values, exceptions, others


def exception_value(row: Any) -> str:
    """A ``ScheduleException`` as the JSON text of its attribute value."""
    data = {
        "date_from": row.date_from.isoformat(),
        "date_to": row.date_to.isoformat() if row.date_to else None,
        "closed": bool(row.closed),
        "opens_at": row.opens_at.strftime("%H:%M") if row.opens_at else None,
        "closes_at": row.closes_at.strftime("%H:%M") if row.closes_at else None,
        "description": row.description or "",
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def parse_exception(item: Mapping[str, Any]) -> tuple[dict[str, Any] | None, str | None]:
    """``(raw exception, None)`` from an exception attribute, or ``(None, what is wrong)``."""
    try:
        data = json.loads(str(item.get("value") or ""))
    except json.JSONDecodeError as error:
        return None, f"value er ikke gyldig JSON ({error.msg})"
    if not isinstance(data, dict):
        return None, "value skal være et JSON-objekt"
    raw = {field: data.get(field) for field in EXCEPTION_FIELDS if field in data}
    raw["id"] = item.get("id")
    return raw, None


def flag(values: Mapping[str, str], code: str) -> bool:
    """An extension value read as a yes/no flag."""
    try:
        return parse_flag(values.get(code, ""))
    except ValueError:  # our own exports write "true"; anything else from elsewhere means no
        return False
