"""Fields of an edit document as a person reads them: hours as the Danish (or English) wording
of the hours engine, terms by their labels, places by name and address; and the preview of a
form's hours (wording and the coming week per place) before it is saved."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from vejviser import hours
from vejviser.editing.document import AGE_FIELDS, OFFER_WIDE, TERM_FIELDS
from vejviser.hours.wording import MONTHS

WHOLE_OFFER = {"da": "Hele tilbuddet", "en": "The whole offer"}
HIDDEN = {"da": "adressen er skjult", "en": "the address is hidden"}
CLOSED = {"da": "Lukket", "en": "Closed"}


def _days(first: date, last: date | None, lang: str) -> str:
    if last is None or last == first:
        return hours.fmt_date(first, lang)
    dot = "." if lang == "da" else ""
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}{dot}–{hours.fmt_date(last, lang)}"
    if first.year == last.year:
        return f"{first.day}{dot} {MONTHS[lang][first.month - 1]}–{hours.fmt_date(last, lang)}"
    return f"{hours.fmt_date(first, lang)}–{hours.fmt_date(last, lang)}"


def exception_line(row: hours.DatedException, lang: str = "da") -> str:
    """"Lukket 28.–30. december 2026" or "24. december 2026: 10–14", with its description."""
    lang = lang if lang in CLOSED else "da"
    when = _days(row.date_from, row.date_to, lang)
    if row.closed:
        text = f"{CLOSED[lang]} {when}"
    else:
        assert row.opens_at is not None and row.closes_at is not None
        text = f"{when}: {hours.fmt_time(row.opens_at, lang)}–{hours.fmt_time(row.closes_at, lang)}"
    return f"{text} ({row.description})" if row.description else text


def place_names(document: Mapping[str, Any], lang: str = "da") -> dict[str, str]:
    """Place key -> what to call it (the whole offer, or the place's name)."""
    names = {OFFER_WIDE: WHOLE_OFFER.get(lang, WHOLE_OFFER["da"])}
    for place in document.get("locations") or []:
        if place.get("id"):
            names[place["id"]] = place.get("name") or place.get("address_1") or place["id"]
    return names


def opening_hours(document: Mapping[str, Any], key: str) -> hours.OpeningHours:
    """The hours engine's input for one place key of ``document`` (the offer's own dated
    exceptions apply at every place). Raises ``ValueError`` for rows that cannot be read."""
    spec = document.get("hours") or {}
    weekly = (spec.get("weekly") or {})
    dated = document.get("exceptions") or {}
    rows: list[Mapping[str, Any]] = [{"kind": "holidays",
                                      "holiday_rule": spec.get("holiday_rule") or "as_normal",
                                      "extra_holidays": spec.get("extra_holidays") or ""}]
    rows += [{**row, "kind": "weekly"} for row in weekly.get(key) or weekly.get(OFFER_WIDE)
             or []]
    own = list(dated.get(key) or []) if key != OFFER_WIDE else []
    rows += [{**row, "kind": "exception"} for row in [*(dated.get(OFFER_WIDE) or []), *own]]
    return hours.rows_to_rules(rows)


def _keys(document: Mapping[str, Any], part: str) -> list[str]:
    spec = document.get(part) or {}
    found = spec.get("weekly") if part == "hours" else spec
    return [key for key in (found or {}) if key == OFFER_WIDE or (found or {}).get(key)]


def display(field: str, value: Any, document: Mapping[str, Any], lang: str = "da",
            labels: Mapping[str, str] | None = None, show_hidden: bool = False) -> list[str]:
    """``value`` of ``field`` as lines of text (``document`` names the places)."""
    labels = labels or {}
    if field == "hours":
        names = place_names(document, lang)
        out = []
        for key in _keys({**document, "hours": value}, "hours"):
            try:
                lines = hours.describe(opening_hours({**document, "hours": value,
                                                      "exceptions": {}}, key), lang)
            except ValueError as error:
                lines = [str(error)]
            out += [f"{names.get(key, key)}: {line}" for line in lines]
        return out
    if field == "exceptions":
        names = place_names(document, lang)
        out = []
        for key, rows in (value or {}).items():
            for row in rows:
                try:
                    line = exception_line(hours.read_exception_row(row), lang)
                except ValueError as error:
                    line = str(error)
                out.append(f"{names.get(key, key)}: {line}")
        return out
    if field in TERM_FIELDS:
        return [labels.get(f"{field}:{code}", code) for code in value or []]
    if field == "locations":
        return [_place_line(place, lang, show_hidden) for place in value or []]
    if field in ("phones", "contacts"):
        return [" · ".join(str(v) for k, v in row.items() if k != "id" and v)
                for row in value or []]
    if field == "languages":
        return [str(code) for code in value or []]
    if field in AGE_FIELDS:
        return [] if value in (None, "") else [str(value)]
    return [line for line in str(value or "").splitlines()]


def _place_line(place: Mapping[str, Any], lang: str, show_hidden: bool) -> str:
    name = place.get("name") or ""
    if place.get("precision") == "none" and not show_hidden:
        return f"{name} ({HIDDEN.get(lang, HIDDEN['da'])})"
    town = " ".join(str(part) for part in (place.get("postal_code"), place.get("city")) if part)
    address = ", ".join(str(part) for part in (place.get("address_1"), town) if part)
    return f"{name}: {address} [{place.get('precision')}]"


@dataclass
class PlacePreview:
    """One place's hours as the public will read them, and its coming week."""

    name: str
    lines: list[str]
    week: list[hours.DayHours]


def preview(document: Mapping[str, Any], today: date, lang: str = "da") -> list[PlacePreview]:
    """The wording and the 7 days from ``today`` for each place key with hours of its own;
    raises ``ValueError`` naming the first row that cannot be read."""
    names = place_names(document, lang)
    keys = list(dict.fromkeys([*_keys(document, "hours"), *_keys(document, "exceptions")]))
    out = []
    for key in keys:
        spec = opening_hours(document, key)
        out.append(PlacePreview(names.get(key, key), hours.describe(spec, lang, today),
                                hours.effective_week(spec, today, lang)))
    return out
