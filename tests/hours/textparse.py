"""Parse the Danish wording of :func:`vejviser.hours.describe` back into :class:`OpeningHours`.

A test helper, not application code: it lets the tests prove that the text a professional reads
says exactly what the rows say (rows -> text -> rows), as the requirement "Danish wording
round-trips the rows it describes" asks. ``tests/hours/test_hours_text.py`` and
``tests/hours/test_hours_properties.py`` use it; nothing in the package does, so it is not shipped.
It reads only our own wording, not free text, and raises ValueError on anything else.
"""
from __future__ import annotations

import re
from datetime import date, time
from typing import Any

from vejviser.hours.model import DAY_CODES, DatedException, HolidayRule, OpeningHours, WeeklyRule
from vejviser.hours.wording import DAY_ABBR, MONTHS, W

_DA = W["da"]
_ABBR = {a: DAY_CODES[i] for i, a in enumerate(DAY_ABBR["da"])}
_MONTH = {m: i + 1 for i, m in enumerate(MONTHS["da"])}
_DATE = r"\d{1,2}\. [a-zæøå]+(?: \d{4})?"
_TIME = r"\d{1,2}(?:\.\d{2})?"
_DESC = re.compile(r"^(.*?)(?: \(([^()]*)\))?$")
_HOLIDAY_LINES = {_DA[r]: r for r in (HolidayRule.CLOSED, HolidayRule.AS_SUNDAY,
                                      HolidayRule.OWN_HOURS)}


def _date(text: str, year: int | None) -> date:
    m = re.fullmatch(r"(\d{1,2})\. ([a-zæøå]+)(?: (\d{4}))?", text)
    full_year = int(m.group(3)) if m and m.group(3) else year
    if not m or m.group(2) not in _MONTH or full_year is None:
        raise ValueError(f"Kan ikke læse datoen {text!r}")
    return date(full_year, _MONTH[m.group(2)], int(m.group(1)))


def _time(text: str) -> time:
    hour, _, minute = text.partition(".")
    return time(int(hour), int(minute or 0))


def _times(text: str) -> tuple[time, time] | None:
    m = re.fullmatch(f"({_TIME})–({_TIME})", text)
    return (_time(m.group(1)), _time(m.group(2))) if m else None


def _days(text: str) -> tuple[str, ...]:
    if text == _DA["every"]:
        return DAY_CODES
    out: list[str] = []
    for item in re.split(r", | og ", text):
        first, _, last = item.partition("–")
        if first not in _ABBR or (last and last not in _ABBR):
            raise ValueError(f"Kan ikke læse ugedagene {text!r}")
        a, b = DAY_CODES.index(_ABBR[first]), DAY_CODES.index(_ABBR[last or first])
        out.extend(DAY_CODES[a:b + 1])
    return tuple(out)


def _md_list(text: str) -> frozenset[str]:
    out: set[str] = set()
    for part in re.findall(r"((?:\d{1,2}\.(?:, | og )?)+) ([a-zæøå]+)", text):
        month = _MONTH[part[1]]
        out.update(f"{month:02d}-{int(d):02d}" for d in re.findall(r"\d{1,2}", part[0]))
    return frozenset(out)


def _rule(body: str, period: tuple[date | None, date | None], desc: str) -> WeeklyRule:
    lowered = body[:1].lower() + body[1:]
    common: dict[str, Any] = dict(valid_from=period[0], valid_to=period[1], description=desc)
    if lowered == _DA["24h"]:
        return WeeklyRule(DAY_CODES, all_day=True, **common)
    if lowered == _DA["appt"]:
        return WeeklyRule(DAY_CODES, by_appointment=True, **common)
    what_re = "(døgnåbent|efter aftale|" + _TIME + "–" + _TIME + ")"
    on_holidays = lowered.startswith(_DA["holidays"] + " ")
    if on_holidays:
        m = re.fullmatch(f"(?:på (.+?) )?{what_re}", lowered[len(_DA["holidays"]) + 1:])
    else:
        m = re.fullmatch(f"(.+?) {what_re}", lowered)
    if not m:
        raise ValueError(f"Kan ikke læse linjen {body!r}")
    days, what = (_days(m.group(1)) if m.group(1) else ()), m.group(2)
    if what == _DA["24h"]:
        return WeeklyRule(days, all_day=True, on_holidays=on_holidays, **common)
    if what == _DA["appt"]:
        return WeeklyRule(days, by_appointment=True, on_holidays=on_holidays, **common)
    times = _times(what)
    if times is None:
        raise ValueError(f"Kan ikke læse tiderne i {body!r}")
    return WeeklyRule(days, times[0], times[1], on_holidays=on_holidays, **common)


def parse_description(lines: list[str], year: int | None = None) -> OpeningHours:
    """Read lines written by ``describe(h, "da")`` back into OpeningHours.

    ``year`` fills in dates written without a year (describe with ``today``). The days
    of grouped lines come back as one row per line, so compare with normalised hours.
    """
    if lines == [_DA["unknown"]]:
        return OpeningHours()
    rules, exceptions = [], []
    holiday_rule, extra = HolidayRule.AS_NORMAL, frozenset[str]()
    for line in lines:
        head, _, tail = line.partition(_DA["extra"].format("").rstrip() + " ")
        if head in _HOLIDAY_LINES:
            holiday_rule, extra = _HOLIDAY_LINES[head], _md_list(tail)
            continue
        m = _DESC.match(line)
        assert m is not None  # _DESC's parts are all optional: it matches every line
        text, desc = m.group(1), m.group(2) or ""
        closed = re.fullmatch(f"Lukket ({_DATE})(?:–({_DATE}))?", text)
        if closed:
            exceptions.append(DatedException(
                _date(closed.group(1), year),
                _date(closed.group(2), year) if closed.group(2) else None, description=desc))
            continue
        period: tuple[date | None, date | None] = (None, None)
        pm = re.match(
            f"^(?:Fra ({_DATE})|Til og med ({_DATE})|({_DATE})(?:–({_DATE}))?): (.*)$", text
        )
        if pm:
            frm, until, a, b, body = pm.groups()
            if frm:
                period = (_date(frm, year), None)
            elif until:
                period = (None, _date(until, year))
            else:
                times = _times(body)
                if times is not None:  # a date (range) followed by plain times: an exception
                    exceptions.append(DatedException(
                        _date(a, year), _date(b, year) if b else None, closed=False,
                        opens_at=times[0], closes_at=times[1], description=desc))
                    continue
                if b is None:
                    raise ValueError(f"Kan ikke læse linjen {line!r}")
                period = (_date(a, year), _date(b, year))
            text = body
        rules.append(_rule(text, period, desc))
    return OpeningHours(tuple(rules), tuple(exceptions), holiday_rule, extra)
