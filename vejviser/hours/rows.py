"""A form-editable, 1:1 representation of :class:`OpeningHours` as rows of plain strings.

A form posts strings, so every value here is a string ("MO,WE,FR", "10:00", "2026-12-04",
flags "1" or ""). ``rows_to_rules(rules_to_rows(h)) == h`` for every valid ``h``, and
canonical rows survive the trip the other way. Errors are ValueErrors whose message a
volunteer can read in Danish, prefixed with the row number.

Rows (``kind`` first):

* ``{"kind": "holidays", "holiday_rule", "extra_holidays"}`` — exactly one, first.
* ``{"kind": "weekly", "byday", "opens_at", "closes_at", "valid_from", "valid_to",
  "all_day", "by_appointment", "on_holidays", "description"}``
* ``{"kind": "exception", "date_from", "date_to", "closed", "opens_at", "closes_at",
  "description"}``
"""
from __future__ import annotations

import re
from datetime import date, time
from typing import Any, Mapping

from .model import DAY_CODES, DatedException, HolidayRule, OpeningHours, WeeklyRule

_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*$")
_DANISH_DAYS = {"man": "MO", "tir": "TU", "tirs": "TU", "ons": "WE", "tor": "TH", "tors": "TH",
                "fre": "FR", "lør": "SA", "lor": "SA", "søn": "SU", "son": "SU"}
_TRUE = {"1", "true", "on", "yes", "ja", "y"}
_FALSE = {"", "0", "false", "off", "no", "nej", "n"}


def parse_time(text: str) -> time:
    """"22:00", "22.00", "9" -> time. "24:00" means midnight at the end of the day (00:00)."""
    m = _TIME.match(text or "")
    if m:
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        if hour == 24 and minute == 0:
            return time(0, 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise ValueError(f"Ugyldigt klokkeslæt: {text!r} – skriv fx 09:30 eller 22:00")


def parse_date(text: str) -> date:
    """"2026-12-04" (or Danish "4.12.2026" / "4/12-2026") -> date."""
    s = (text or "").strip()
    try:
        return date.fromisoformat(s)
    except ValueError:
        pass
    m = re.match(r"^(\d{1,2})[./](\d{1,2})[.\-/](\d{4})$", s)
    if m:
        try:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            pass
    raise ValueError(f"Ugyldig dato: {text!r} – skriv fx 2026-12-04")


def parse_byday(text: str) -> tuple[str, ...]:
    """"MO,WE,FR" (or "man, ons, fre") -> ("MO", "WE", "FR"), in the order written."""
    out = []
    for part in (text or "").split(","):
        p = part.strip().rstrip(".")
        if not p:
            continue
        code = p.upper() if p.upper() in DAY_CODES else _DANISH_DAYS.get(p.lower())
        if code is None:
            raise ValueError(
                f"Ukendt ugedag: {part.strip()!r} – brug fx MO,WE,FR eller man,ons,fre"
            )
        out.append(code)
    return tuple(out)


def parse_flag(value: Any) -> bool:
    """A checkbox value: "1", "on", "ja", True -> True; "", "0", None, False -> False."""
    if isinstance(value, bool) or value is None:
        return bool(value)
    s = str(value).strip().lower()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise ValueError(f"Ugyldig afkrydsning: {value!r}")


def _opt(value: Any, parse):
    s = "" if value is None else str(value).strip()
    return parse(s) if s else None


def _t(t: time | None) -> str:
    return "" if t is None else t.strftime("%H:%M")


def _d(d: date | None) -> str:
    return "" if d is None else d.isoformat()


def _f(flag: bool) -> str:
    return "1" if flag else ""


def rules_to_rows(h: OpeningHours) -> list[dict[str, str]]:
    """The rows a form shows for ``h``; see the module docstring for their keys."""
    rows = [{"kind": "holidays", "holiday_rule": h.holiday_rule.value,
             "extra_holidays": ",".join(sorted(h.extra_holidays))}]
    for r in h.rules:
        rows.append({
            "kind": "weekly", "byday": ",".join(r.byday),
            "opens_at": _t(r.opens_at), "closes_at": _t(r.closes_at),
            "valid_from": _d(r.valid_from), "valid_to": _d(r.valid_to),
            "all_day": _f(r.all_day), "by_appointment": _f(r.by_appointment),
            "on_holidays": _f(r.on_holidays), "description": r.description,
        })
    for e in h.exceptions:
        rows.append({
            "kind": "exception", "date_from": _d(e.date_from), "date_to": _d(e.date_to),
            "closed": _f(e.closed), "opens_at": _t(e.opens_at), "closes_at": _t(e.closes_at),
            "description": e.description,
        })
    return rows


def _weekly(row: Mapping[str, Any]) -> WeeklyRule:
    return WeeklyRule(
        byday=parse_byday(str(row.get("byday") or "")),
        opens_at=_opt(row.get("opens_at"), parse_time),
        closes_at=_opt(row.get("closes_at"), parse_time),
        valid_from=_opt(row.get("valid_from"), parse_date),
        valid_to=_opt(row.get("valid_to"), parse_date),
        all_day=parse_flag(row.get("all_day")),
        by_appointment=parse_flag(row.get("by_appointment")),
        on_holidays=parse_flag(row.get("on_holidays")),
        description=str(row.get("description") or "").strip(),
    )


def _exception(row: Mapping[str, Any]) -> DatedException:
    start = _opt(row.get("date_from"), parse_date)
    if start is None:
        raise ValueError("Startdato mangler")
    return DatedException(
        date_from=start,
        date_to=_opt(row.get("date_to"), parse_date),
        closed=parse_flag(row.get("closed")),
        opens_at=_opt(row.get("opens_at"), parse_time),
        closes_at=_opt(row.get("closes_at"), parse_time),
        description=str(row.get("description") or "").strip(),
    )


def _holiday_settings(row: Mapping[str, Any]) -> tuple[HolidayRule, frozenset[str]]:
    value = str(row.get("holiday_rule") or HolidayRule.AS_NORMAL.value)
    try:
        rule = HolidayRule(value)
    except ValueError:
        raise ValueError(f"Ukendt helligdagsregel: {value!r}") from None
    parts = str(row.get("extra_holidays") or "").split(",")
    extra = frozenset(p.strip() for p in parts if p.strip())
    return rule, extra


def rows_to_rules(rows: list[Mapping[str, Any]]) -> OpeningHours:
    """Build :class:`OpeningHours` from form rows; raises ValueError("Række N: ...").

    Without a "holidays" row the defaults apply (as normal; 24 and 31 December).
    """
    rules, exceptions = [], []
    settings: tuple[HolidayRule, frozenset[str]] | None = None
    settings_row = 0
    for n, row in enumerate(rows, start=1):
        try:
            kind = row.get("kind")
            if kind == "weekly":
                rules.append(_weekly(row))
            elif kind == "exception":
                exceptions.append(_exception(row))
            elif kind == "holidays":
                if settings is not None:
                    raise ValueError("helligdagsreglen står to gange")
                settings, settings_row = _holiday_settings(row), n
            else:
                raise ValueError(f"ukendt rækketype {kind!r}")
        except ValueError as exc:
            raise ValueError(f"Række {n}: {exc}") from None
    if settings is None:
        return OpeningHours(tuple(rules), tuple(exceptions))
    try:
        return OpeningHours(tuple(rules), tuple(exceptions), settings[0], settings[1])
    except ValueError as exc:
        raise ValueError(f"Række {settings_row}: {exc}") from None
