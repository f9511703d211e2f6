"""Alternative hours for a while (the winter emergency plan): pure, like the rest of the engine.

``with_alternative(normal, alternative, start, end)`` gives one :class:`OpeningHours` that keeps
the normal hours before ``start`` and after ``end`` and the alternative hours in between, to the
minute. It says so with dated exceptions for the days the window touches (an exception replaces
a day's weekly hours and holiday rule), so everything that reads hours — the status line, open
now, the search index, JSON-LD — sees the switch, and the end takes effect at its minute without
anyone doing anything: after it, the exceptions are past and the weekly rows apply again.

What the normal hours do on the days of the window is worked out by the engine first (their own
exceptions and holiday rule included), then cut at the window's edges. One limit: a normal night
that began the evening before the window opens keeps its hours into the window's first morning.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from .engine import CPH, compile_hours, local
from .model import DatedException, OpeningHours

ONE_DAY = timedelta(days=1)
#: The description every day of the window carries (the hours list shows it beside the day).
NOTE = "Kuldeberedskab"


def _merge(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[list[float]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(start, end) for start, end in out]


def _outside(exception: DatedException, first: date, last: date) -> list[DatedException]:
    """The parts of a normal exception that lie outside the window's days."""
    parts = []
    if exception.date_from < first:
        parts.append(replace(exception, date_to=min(exception.last_day, first - ONE_DAY)))
    if exception.last_day > last:
        parts.append(replace(exception, date_from=max(exception.date_from, last + ONE_DAY),
                             date_to=exception.last_day))
    return parts


Times = tuple[tuple[time, time], ...]


def _times(spans: list[tuple[float, float]]) -> Times:
    """Merged spans as wall-clock (opens, closes) pairs; a day holds 24 hours at most."""
    return tuple((local(start).time(), local(min(end, start + ONE_DAY.total_seconds())).time())
                 for start, end in spans)


def _exceptions(days: list[tuple[date, Times]]) -> list[DatedException]:
    """One exception per run of consecutive days with the same hours (and per interval): the
    hours list then says "10.–19. december: 20–8", not one line a day."""
    out: list[DatedException] = []
    index = 0
    while index < len(days):
        end = index
        while end + 1 < len(days) and days[end + 1][1] == days[index][1]:
            end += 1
        first, last = days[index][0], days[end][0]
        until = last if last != first else None
        if not days[index][1]:
            out.append(DatedException(first, until, closed=True, description=NOTE))
        out += [DatedException(first, until, closed=False, opens_at=opens, closes_at=closes,
                               description=NOTE) for opens, closes in days[index][1]]
        index = end + 1
    return out


@lru_cache(maxsize=4096)
def with_alternative(normal: OpeningHours, alternative: OpeningHours, start: datetime,
                     end: datetime) -> OpeningHours:
    """``normal`` with ``alternative`` in force from ``start`` to ``end`` (whole minutes)."""
    if end <= start:
        return normal
    start, end = start.astimezone(CPH), end.astimezone(CPH)
    first, last = start.date(), end.date()
    if end == datetime.combine(last, datetime.min.time(), tzinfo=CPH):
        last -= ONE_DAY  # ends at midnight: the window holds nothing of that day
    begins, ends = start.timestamp(), end.timestamp()
    usual, other = compile_hours(normal), compile_hours(alternative)
    days: list[tuple[date, Times]] = []
    day = first
    while day <= last:
        spans = [(max(a, begins), min(b, ends)) for a, b in other.plan(day)[0]
                 if max(a, begins) < min(b, ends)]
        for a, b in usual.plan(day)[0]:
            if a < begins:
                spans.append((a, min(b, begins)))
            if b > ends:
                spans.append((max(a, ends), b))
        days.append((day, _times(_merge(spans))))
        day += ONE_DAY
    added = _exceptions(days)
    kept = [part for exception in normal.exceptions for part in _outside(exception, first, last)]
    rules = normal.rules
    if usual.unknown:
        # Without timed weekly hours the engine calls every day unknown, exceptions or not: the
        # alternative rows, valid only on the window's days (which the exceptions decide anyway),
        # make the window known (the days outside it are then closed, not unknown).
        rules += tuple(replace(rule, valid_from=first, valid_to=last)
                       for rule in alternative.rules if not rule.untimed)
    return OpeningHours(rules=rules, exceptions=tuple(kept + added),
                        holiday_rule=normal.holiday_rule, extra_holidays=normal.extra_holidays)
