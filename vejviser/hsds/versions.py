"""Older HSDS shapes, read as 3.0 before anything else looks at a document.

HSDS 1.x and 2.0 kept opening hours in ``regular_schedules`` (one row per weekday: ``weekday``,
``opens_at``, ``closes_at``) and ``holiday_schedules`` (``closed``, ``opens_at``, ``closes_at``,
``start_date``, ``end_date``), on a service, a service_at_location or a location; some 2.0
files put ``weekday`` on ``schedules`` rows. Those become 3.0 weekly schedule rows and our dated
exceptions, with a note saying how weekday numbers were read; rows whose day cannot be read are
left out with a note saying plainly that those hours were NOT imported. (HSDS 3.1 needs no
conversion: it is 3.0 plus fields the report lists as left out, see ``fates.NEW_IN_3_1``.)

Weekday numbers: HSDS never fixed them. 1–7 is read as ISO 8601 (1 = Monday, 7 = Sunday); a
document that uses 0 is read as 0 = Sunday … 6 = Saturday (JavaScript's and Ruby's count).
"""
from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

from vejviser.hours import DAY_CODES
from vejviser.hsds import extension
from vejviser.hsds.report import Finding, finding

REGULAR = ("regular_schedules", "regular_schedule")
HOLIDAY = ("holiday_schedules", "holiday_schedule")
NAMES = {name: code for code, names in zip(DAY_CODES, (
    ("monday", "mon", "mandag", "man"), ("tuesday", "tue", "tues", "tirsdag", "tir", "tirs"),
    ("wednesday", "wed", "onsdag", "ons"), ("thursday", "thu", "thur", "thurs", "torsdag", "tor",
                                            "tors"),
    ("friday", "fri", "fredag", "fre"), ("saturday", "sat", "lørdag", "lør"),
    ("sunday", "sun", "søndag", "søn"))) for name in (*names, code.lower())}
ISO_READING = ("1 = mandag … 7 = søndag (ISO 8601)", "1 = Monday … 7 = Sunday (ISO 8601)")
ZERO_READING = ("0 = søndag … 6 = lørdag", "0 = Sunday … 6 = Saturday")


def _holders(document: dict[str, Any]) -> Iterator[tuple[dict[str, Any], str, dict[str, Any]]]:
    """(object, its path, the object its exceptions belong to): the service, each place, and
    each place's location (whose exceptions belong to the place)."""
    yield document, "", document
    for index, link in enumerate(document.get("service_at_locations") or []):
        if isinstance(link, dict):
            yield link, f"service_at_locations[{index}].", link
            if isinstance(link.get("location"), dict):
                yield link["location"], f"service_at_locations[{index}].location.", link


def _has_legacy(document: dict[str, Any]) -> bool:
    return any(key in holder for holder, _, _ in _holders(document)
               for key in (*REGULAR, *HOLIDAY)) or bool(_weekdays(document))


def _weekday(value: Any, zero_based: bool) -> str | None:
    text = str(value).strip().lower().rstrip(".")
    if text.lstrip("-").isdigit():
        number = int(text)
        if zero_based and 0 <= number <= 6:
            return DAY_CODES[(number - 1) % 7]
        if not zero_based and 1 <= number <= 7:
            return DAY_CODES[number - 1]
        return None
    return NAMES.get(text)


def _weekdays(document: dict[str, Any]) -> list[Any]:
    found = []
    for holder, _, _ in _holders(document):
        for key in (*REGULAR, "schedules"):
            found += [row.get("weekday") for row in holder.get(key) or []
                      if isinstance(row, dict) and row.get("weekday") not in (None, "")]
    return found


def convert_legacy(document: Any, record: int) -> tuple[Any, list[Finding], list[str]]:
    """``(document in 3.0 shape, notes, which older shapes were found)``; see the module
    docstring. A document without older shapes comes back unchanged."""
    if not isinstance(document, dict) or not _has_legacy(document):
        return document, [], []
    document = copy.deepcopy(document)  # the caller's document stays as it was
    weekdays = _weekdays(document)
    zero_based = any(str(value).strip() == "0" for value in weekdays)
    notes: list[Finding] = []
    found: list[str] = []
    if any(str(value).strip().isdigit() for value in weekdays):
        notes.append(finding("hours.legacy_weekday", record, "weekday",
                             reading=ZERO_READING if zero_based else ISO_READING))
    for holder, path, owner in _holders(document):
        rows = [(key, row) for key in REGULAR for row in holder.pop(key, None) or []]
        for index, (key, row) in enumerate(rows):
            found.append(key)
            code = _weekday(row.get("weekday"), zero_based) if isinstance(row, dict) else None
            if code is None:
                notes.append(finding("hours.legacy_none", record, f"{path}{key}[{index}]",
                                     row.get("weekday") if isinstance(row, dict) else ""))
                continue
            converted = {k: v for k, v in row.items() if k != "weekday"}
            holder.setdefault("schedules", []).append({**converted, "freq": "WEEKLY",
                                                       "byday": code})
        for row in holder.get("schedules") or []:
            if isinstance(row, dict) and row.get("weekday") not in (None, "") \
                    and not row.get("byday"):
                found.append("weekday")
                code = _weekday(row.pop("weekday"), zero_based)
                if code is None:
                    notes.append(finding("hours.legacy_none", record, f"{path}schedules"))
                    row["byday"] = ""
                else:
                    row["byday"] = code
        for key in HOLIDAY:
            for index, row in enumerate(holder.pop(key, None) or []):
                found.append(key)
                if isinstance(row, dict):
                    entity = "service" if owner is document else "service_at_location"
                    owner.setdefault("attributes", []).append(
                        _exception(row, owner, entity, f"{path}{key}[{index}]"))
    return document, notes, sorted(set(found))


def _exception(row: dict[str, Any], owner: dict[str, Any], entity: str,
               where: str) -> dict[str, Any]:
    """A holiday_schedule row as our dated exception (an extension attribute of ``owner``)."""
    closed = str(row.get("closed")).strip().lower() in ("true", "1", "yes", "ja") \
        or not (row.get("opens_at") and row.get("closes_at"))
    value = {"date_from": row.get("start_date"), "date_to": row.get("end_date"),
             "closed": closed, "opens_at": None if closed else row.get("opens_at"),
             "closes_at": None if closed else row.get("closes_at"),
             "description": row.get("description") or ""}
    owner_id = str(owner.get("id") or "")
    return extension.attribute("schedule_exception", json.dumps(value, ensure_ascii=False),
                               owner_id, entity, attribute_id=str(row.get("id") or "")
                               or extension.stable_id("holiday", owner_id, where))
