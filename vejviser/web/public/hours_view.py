"""Opening hours for people: the rules in words, the next seven days, and coming changes.

All wording comes from the pure hours engine (``vejviser.hours``); this module only arranges it
for the detail page and the print view.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from flask_babel import gettext as _

from vejviser import hours
from vejviser.catalogue.public import PublicOffer
from vejviser.hours.wording import DAY_NAMES
from vejviser.local_time import now_local


@dataclass
class DayRow:
    """One row of the week table."""

    name: str
    date_text: str
    iso: str
    times: list[str]
    note: str
    unknown: bool
    today: bool
    described: bool = False  # the day's hours are told in words only ("se beskrivelse")


def _times(day: hours.DayHours, lang: str) -> list[str]:
    out = []
    for start, end in day.intervals:
        a = hours.fmt_time(start.timetz().replace(tzinfo=None), lang)
        b = hours.fmt_time(end.timetz().replace(tzinfo=None), lang)
        out.append("–".join((a, b)) if (a, b) != ("0", "0") else "0–24")
    return out


def week_rows(opening: hours.OpeningHours, start: date, lang: str, today: date) -> list[DayRow]:
    """The seven days from ``start`` as they will really be (holidays and exceptions applied)."""
    rows = []
    for day in hours.effective_week(opening, start, lang):
        rows.append(DayRow(
            name=DAY_NAMES[lang if lang in DAY_NAMES else "da"][day.date.weekday()].capitalize(),
            date_text=hours.fmt_date(day.date, lang, year=day.date.year != today.year),
            iso=day.date.isoformat(), times=_times(day, lang), note=day.note,
            unknown=day.unknown, today=day.date == today, described=day.described,
        ))
    return rows


def upcoming(opening: hours.OpeningHours, today: date, lang: str) -> list[tuple[str, list[str]]]:
    """Pattern changes in the next 60 days: ("4. december", ["Man.–fre. 10–16"])."""
    out = []
    for change in hours.upcoming_changes(opening, today):
        rules = tuple(replace(rule, valid_from=None, valid_to=None) for rule in change.rules
                      if not rule.on_holidays)
        lines = hours.describe(hours.OpeningHours(rules=rules), lang) if rules else [_("Lukket")]
        out.append((hours.fmt_date(change.date, lang, year=change.date.year != today.year), lines))
    return out


def hours_context(opening: hours.OpeningHours, start: date, lang: str,
                  today: date | None = None) -> dict[str, Any]:
    """Everything the hours section of a detail page shows, from the offer's ``opening``
    (the hours in force at one place, ``catalogue.opening.hours_by_place``)."""
    today = today or now_local().date()
    return {
        "lines": hours.describe(opening, lang, today=today),
        "week": week_rows(opening, start, lang, today),
        "upcoming": upcoming(opening, today, lang),
        "start": start,
        "prev_week": (start - timedelta(days=7)).isoformat(),
        "next_week": (start + timedelta(days=7)).isoformat(),
        "known": bool(opening.rules),
    }


@dataclass
class PlaceWeek:
    """The hours section for one place (``name`` empty: the offer keeps one set of hours)."""

    name: str
    hours: dict[str, Any]
    #: The offer whose hours this place keeps ("Samme åbningstider som …"), when public.
    follows_name: str = ""
    follows_slug: str = ""
    closed: bool = False


def place_weeks(offer: PublicOffer, per_place: bool, start: date, lang: str) -> list[PlaceWeek]:
    """One hours section per place where the places keep different hours, else one for all."""
    out = []
    for place in offer.places if per_place else offer.places[:1]:
        followed = place.hours.follows
        shown = followed is not None and followed.is_public and not place.hours.broken
        name = ""
        if per_place and place.location is not None:
            name = place.location.short_name or place.location.name
        out.append(PlaceWeek(name, hours_context(place.hours.opening, start, lang),
                             followed.name if shown and followed else "",
                             followed.slug if shown and followed else "", place.hours.closed))
    return out
