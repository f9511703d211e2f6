"""The offer form: a document shown as named form fields, and a posted form read back.

Field names: the texts by their own name; terms as checkbox lists; places ``loc:<n>:<key>``
(``loc:new:<key>`` adds one); weekly hours rows ``w:<place>:<i>:<key>`` and dated exceptions
``x:<place>:<i>:<key>``, where ``<place>`` is ``_`` for the whole offer or a location id. The
form carries the document it was opened with (``base``, JSON) and its ``version``, so a save
merges onto newer changes field by field. A field the form does not show keeps its base value:
only what the person touched is a change.
"""
from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from werkzeug.datastructures import MultiDict

from vejviser.editing.document import (
    AGE_FIELDS,
    EXCEPTION_KEYS,
    OFFER_WIDE,
    TERM_FIELDS,
    TEXT_FIELDS,
    WEEKLY_KEYS,
)
from vejviser.hours import DAY_CODES
from vejviser.messages import Message

#: Place fields the form shows (the rest keep their base values).
PLACE_FORM_KEYS = ("name", "address_1", "postal_code", "city", "precision", "link_description")
#: Empty rows the form offers for new hours and exceptions per place.
BLANK_ROWS = 2
_ROW = re.compile(r"^([wx]):([^:]+):(\d+):(\w+)$")


class FormUnreadable(ValueError):
    """A posted form that no page of ours made (its base is missing or damaged)."""


def place_token(key: str) -> str:
    """The form's name for a place key (``_`` for the whole offer)."""
    return key or "_"


def _clean(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def read_base(form: Mapping[str, str]) -> tuple[dict[str, Any], int]:
    """The document and version the form was opened with; raises ``FormUnreadable``."""
    try:
        base = json.loads(form.get("base") or "")
        version = int(form.get("version") or "")
    except (ValueError, TypeError):
        raise FormUnreadable("base") from None
    if not isinstance(base, dict):
        raise FormUnreadable("base")
    return base, version


@dataclass
class Parsed:
    """The person's document, and problems the form itself found (field name -> message)."""

    document: dict[str, Any]
    problems: dict[str, Message] = field(default_factory=dict)


def _rows(form: MultiDict[str, str], kind: str) -> dict[str, dict[int, dict[str, Any]]]:
    groups: dict[str, dict[int, dict[str, Any]]] = {}
    for name in form:
        found = _ROW.match(name)
        if found and found.group(1) == kind:
            token, index, key = found.group(2), int(found.group(3)), found.group(4)
            row = groups.setdefault(token, {}).setdefault(index, {})
            row[key] = form.getlist(name) if key == "byday" else _clean(form.get(name, ""))
    return groups


def _weekly(row: dict[str, Any], old: Mapping[str, Any] | None) -> dict[str, str] | None:
    days = [day for day in DAY_CODES if day in (row.get("byday") or [])]
    flags = ("past_midnight", "all_day", "by_appointment", "on_holidays", "see_description")
    out = {key: str(row.get(key) or "") for key in WEEKLY_KEYS if key != "byday"}
    out["byday"] = ",".join(days)
    for flag in flags:
        out[flag] = "1" if row.get(flag) else ""
    if old is not None and set(str(old.get("byday", "")).split(",")) == set(days):
        out["byday"] = old["byday"]  # the same days in the stored order: no change
    if row.get("delete") or not (days or out["opens_at"] or out["closes_at"] or out["all_day"]
                                 or out["by_appointment"] or out["on_holidays"]
                                 or out["description"]):
        return None
    return {key: out[key] for key in WEEKLY_KEYS}


def weekly_rows(form: MultiDict[str, str], token: str = "_") -> list[dict[str, str]]:
    """The weekly rows ``w:<token>:<i>:<key>`` of a posted form, read as the offer form reads
    them (empty and deleted rows left out); the winter plan's form uses the same fields."""
    rows = _rows(form, "w").get(token, {})
    read = [_weekly(rows[i], None) for i in sorted(rows)]
    return [row for row in read if row is not None]


def _exception(row: dict[str, Any]) -> dict[str, str] | None:
    out = {key: str(row.get(key) or "") for key in EXCEPTION_KEYS}
    for flag in ("closed", "past_midnight"):
        out[flag] = "1" if row.get(flag) else ""
    if row.get("delete") or not (out["date_from"] or out["date_to"] or out["opens_at"]):
        return None
    return out


def _hours(form: MultiDict[str, str], base: Mapping[str, Any], places: list[str]
           ) -> tuple[dict[str, Any], dict[str, Any]]:
    spec = dict(base.get("hours") or {})
    old_weekly = spec.get("weekly") or {}
    by_id = {row.get("id"): row for rows in old_weekly.values() for row in rows if row.get("id")}
    tokens = {place_token(key): key for key in [OFFER_WIDE, *places]}
    weekly: dict[str, list[dict[str, str]]] = {}
    for token, rows in _rows(form, "w").items():
        if token in tokens:
            read = [_weekly(rows[i], by_id.get(rows[i].get("id"))) for i in sorted(rows)]
            weekly[tokens[token]] = [row for row in read if row is not None]
    dated: dict[str, list[dict[str, str]]] = {}
    for token, rows in _rows(form, "x").items():
        if token in tokens:
            read_x = [_exception(rows[i]) for i in sorted(rows)]
            dated[tokens[token]] = [row for row in read_x if row is not None]
    # A place without rows keeps the offer's hours: no empty list for it (as stored).
    weekly = {key: rows for key, rows in weekly.items() if rows or key == OFFER_WIDE}
    dated = {key: rows for key, rows in dated.items() if rows or key == OFFER_WIDE}
    if "holiday_rule" in form:
        spec["holiday_rule"] = form.get("holiday_rule", "as_normal")
        spec["extra_holidays"] = ",".join(part.strip() for part in
                                          form.get("extra_holidays", "").split(",")
                                          if part.strip())
    spec["weekly"] = {**{OFFER_WIDE: []}, **weekly} if "w_present" in form else old_weekly
    exceptions = {**{OFFER_WIDE: []}, **dated} if "x_present" in form \
        else dict(base.get("exceptions") or {})
    return spec, exceptions


def _places(form: MultiDict[str, str], base: Mapping[str, Any]) -> list[dict[str, Any]]:
    old = {place.get("id"): place for place in base.get("locations") or []}
    out = []
    indexes = sorted({int(found.group(1)) for name in form
                      if (found := re.match(r"^loc:(\d+):id$", name))})
    for index in indexes:
        place = dict(old.get(form.get(f"loc:{index}:id")) or {})
        if not place or form.get(f"loc:{index}:remove"):
            continue
        for key in PLACE_FORM_KEYS:
            if f"loc:{index}:{key}" in form:
                place[key] = _clean(form.get(f"loc:{index}:{key}", ""))
        out.append(place)
    if _clean(form.get("loc:new:name", "")):
        out.append({"id": None, **{key: _clean(form.get(f"loc:new:{key}", ""))
                                   for key in PLACE_FORM_KEYS},
                    "precision": form.get("loc:new:precision") or "none", "phones": []})
    return out


def parse(form: MultiDict[str, str], base: Mapping[str, Any]) -> Parsed:
    """The document the person sent: ``base`` with every field the form shows read back."""
    mine = dict(base)
    problems: dict[str, Message] = {}
    for name in (*TEXT_FIELDS, "alert", "status"):
        if name in form:
            mine[name] = _clean(form.get(name, ""))
    for name in AGE_FIELDS:
        if name in form:
            text = form.get(name, "").strip()
            if not text:
                mine[name] = None
            elif text.isdigit() and int(text) <= 130:
                mine[name] = int(text)
            else:
                problems[name] = Message("Skriv en alder som et helt tal mellem 0 og 130.")
    for name in TERM_FIELDS:
        if f"{name}_present" in form:
            chosen = form.getlist(name)
            kept = [code for code in base.get(name) or [] if code in chosen]
            mine[name] = kept + [code for code in chosen if code not in kept]
    if "languages" in form:
        mine["languages"] = [part.strip().lower() for part in
                             form.get("languages", "").split(",") if part.strip()]
    if "loc_present" in form:
        mine["locations"] = _places(form, base)
    places = [place["id"] for place in mine.get("locations") or [] if place.get("id")]
    mine["hours"], mine["exceptions"] = _hours(form, base, places)
    return Parsed(mine, problems)


def document_json(document: Mapping[str, Any]) -> str:
    """The document as the form's hidden ``base`` field carries it."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))
