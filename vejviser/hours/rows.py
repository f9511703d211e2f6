"""A form-editable, 1:1 representation of :class:`OpeningHours` as rows of plain strings.

A form posts strings, so every value here is a string ("MO,WE,FR", "10:00", "2026-12-04",
flags "1" or ""). ``rows_to_rules(rules_to_rows(h)) == h`` for every valid ``h``, and
canonical rows survive the trip the other way. Errors are ValueErrors whose message a
volunteer can read in Danish, prefixed with the row number.

Rows (``kind`` first):

* ``{"kind": "holidays", "holiday_rule", "extra_holidays"}`` — exactly one, first.
* ``{"kind": "weekly", "byday", "opens_at", "closes_at", "past_midnight", "valid_from",
  "valid_to", "all_day", "by_appointment", "on_holidays", "see_description", "description"}``
* ``{"kind": "exception", "date_from", "date_to", "closed", "opens_at", "closes_at",
  "past_midnight", "description"}``

Each row is read by :mod:`.reading`, the one reading of opening-hour rows that the catalogue's
validation and the edit forms share. ``past_midnight`` is written for every row that closes at or
before it opens, so a row a form shows is always accepted back.
"""
from __future__ import annotations

from datetime import date, time
from typing import Any, Mapping

from .model import HolidayRule, OpeningHours
from .reading import RowError, read_exception_row, read_weekly_row


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
            "past_midnight": _f(_overnight(r.opens_at, r.closes_at)),
            "valid_from": _d(r.valid_from), "valid_to": _d(r.valid_to),
            "all_day": _f(r.all_day), "by_appointment": _f(r.by_appointment),
            "on_holidays": _f(r.on_holidays), "see_description": _f(r.see_description),
            "description": r.description,
        })
    for e in h.exceptions:
        rows.append({
            "kind": "exception", "date_from": _d(e.date_from), "date_to": _d(e.date_to),
            "closed": _f(e.closed), "opens_at": _t(e.opens_at), "closes_at": _t(e.closes_at),
            "past_midnight": _f(_overnight(e.opens_at, e.closes_at)),
            "description": e.description,
        })
    return rows


def _overnight(opens_at: time | None, closes_at: time | None) -> bool:
    return opens_at is not None and closes_at is not None and closes_at <= opens_at


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
                rules.append(read_weekly_row(row))
            elif kind == "exception":
                exceptions.append(read_exception_row(row))
            elif kind == "holidays":
                if settings is not None:
                    raise ValueError("helligdagsreglen står to gange")
                settings, settings_row = _holiday_settings(row), n
            else:
                raise ValueError(f"ukendt rækketype {kind!r}")
        except RowError as exc:
            raise type(exc)({key: f"Række {n}: {text}" for key, text in exc.problems.items()}) \
                from None
        except ValueError as exc:
            raise ValueError(f"Række {n}: {exc}") from None
    if settings is None:
        return OpeningHours(tuple(rules), tuple(exceptions))
    try:
        return OpeningHours(tuple(rules), tuple(exceptions), settings[0], settings[1])
    except ValueError as exc:
        raise ValueError(f"Række {settings_row}: {exc}") from None
