"""schema.org OpeningHoursSpecification (JSON-LD) for detail pages.

Follows the conventions search engines document: 24 hours is opens "00:00" / closes
"23:59"; a closed day is opens = closes = "00:00" with validFrom/validThrough; a closing
time before the opening time runs past midnight. "Efter aftale" rows have no schema.org
form and are left out rather than published as hours they are not.
"""
from __future__ import annotations

from datetime import date, timedelta

from .engine import HoursLike, _compiled
from .holidays import holiday_name
from .model import DAY_CODES, HolidayRule, WeeklyRule

_DAY_URIS = dict(zip(DAY_CODES, ("https://schema.org/Monday", "https://schema.org/Tuesday",
                                 "https://schema.org/Wednesday", "https://schema.org/Thursday",
                                 "https://schema.org/Friday", "https://schema.org/Saturday",
                                 "https://schema.org/Sunday")))
_TYPE = "OpeningHoursSpecification"


def _hm(t) -> str:
    return t.strftime("%H:%M")


def _spec(rule: WeeklyRule) -> dict:
    spec: dict = {"@type": _TYPE, "dayOfWeek": [_DAY_URIS[c] for c in DAY_CODES if c in rule.byday]}
    if rule.is_24h:
        spec["opens"], spec["closes"] = "00:00", "23:59"
    else:
        spec["opens"], spec["closes"] = _hm(rule.opens_at), _hm(rule.closes_at)
    if rule.valid_from:
        spec["validFrom"] = rule.valid_from.isoformat()
    if rule.valid_to:
        spec["validThrough"] = rule.valid_to.isoformat()
    return spec


def _dated(day_from: date, day_to: date, opens: str, closes: str) -> dict:
    return {"@type": _TYPE, "opens": opens, "closes": closes,
            "validFrom": day_from.isoformat(), "validThrough": day_to.isoformat()}


def opening_hours_specification(h: HoursLike, today: date | None = None,
                                horizon_days: int = 365) -> list[dict]:
    """A list of OpeningHoursSpecification dicts for ``h``.

    Weekly rows and dated exceptions are always included. Holidays are dated, so they are
    listed only when ``today`` is given: each holiday in the next ``horizon_days`` becomes a
    dated spec with that day's real hours (closed, Sunday hours, or own hours).
    """
    c = _compiled(h)
    hours = c.hours
    out = [_spec(r) for r in hours.rules
           if not r.untimed and not r.on_holidays]
    if today is not None and hours.holiday_rule is not HolidayRule.AS_NORMAL:
        for i in range(horizon_days):
            d = today + timedelta(days=i)
            if holiday_name(d, hours.extra_holidays) is None:
                continue
            if any(e.covers(d) for e in hours.exceptions):
                continue  # the exception below says what happens that day
            rules, _ = c.rules_for(d)
            timed = [r for r in rules if not r.untimed]
            if not timed:
                out.append(_dated(d, d, "00:00", "00:00"))
            for r in timed:
                s = _spec(r)
                del s["dayOfWeek"]
                s.pop("validFrom", None)
                s.pop("validThrough", None)
                out.append({**s, "validFrom": d.isoformat(), "validThrough": d.isoformat()})
    for e in hours.exceptions:
        if e.closed:
            out.append(_dated(e.date_from, e.last_day, "00:00", "00:00"))
        else:
            opens, closes = _hm(e.opens_at), _hm(e.closes_at)
            if opens == closes == "00:00":  # ours means 24 hours; schema.org's means closed
                closes = "23:59"
            out.append(_dated(e.date_from, e.last_day, opens, closes))
    return out
