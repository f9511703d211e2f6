"""The opening-hours engine: compile schedules to per-day intervals and answer questions.

How it works, and why:

* A day's hours are chosen by precedence: dated exception > holiday rule > weekly rows.
  Everything is decided for the day an interval *starts* (Friday 22–05 belongs to Friday,
  so Friday's validity range, holiday and exceptions decide it).
* Hours are local wall-clock times in Europe/Copenhagen. Each interval is converted to a
  POSIX timestamp pair with zoneinfo, so the nights the clocks change come out right: a
  22–05 shift is 6 h long in March and 8 h in October, a nonexistent 02:30 start moves
  forward by the gap (fold=0, as RFC 5545 does) and an ambiguous time means its first
  occurrence.
* Per-day plans are cached on the compiled object and conversions are cached per
  (date, time), so open-now over thousands of offers is mostly dict lookups. Each
  compiled object also remembers the window around its last answer in which the answer
  cannot change, which makes repeated open-now checks two float comparisons.
* Unknown stays unknown: no rows (or only "efter aftale" or "se beskrivelse" rows) means None,
  never a guess.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Iterable, Union
from zoneinfo import ZoneInfo

from .holidays import holiday_name
from .model import (
    DAY_CODES,
    Change,
    DatedException,
    DayHours,
    HolidayRule,
    OpeningHours,
    PatternChange,
    WeeklyRule,
)

CPH = ZoneInfo("Europe/Copenhagen")
ONE_DAY = timedelta(days=1)
#: How far ahead next_change looks: a seasonal offer closed for the summer opens within a year.
SEARCH_DAYS = 400
_MAX_CACHED_DAYS = 1024
_INF = float("inf")

Interval = tuple[float, float]
Plan = tuple[tuple[Interval, ...], bool]  # (merged intervals starting that day, unknown?)


@lru_cache(maxsize=8192)
def _midnight(day: date) -> float:
    # Local midnight always exists in Denmark (the clocks change at 02:00/03:00).
    return datetime(day.year, day.month, day.day, tzinfo=CPH).timestamp()


@lru_cache(maxsize=65536)
def _wall(day: date, t: time) -> float:
    # fold=0: ambiguous times mean the first occurrence, nonexistent ones move forward.
    return datetime.combine(day, t, tzinfo=CPH).timestamp()


def _span(day: date, opens: time, closes: time, all_day: bool = False) -> Interval | None:
    """The timestamps of one row's hours starting on ``day`` (None if it vanished in DST)."""
    if all_day or (opens == time(0, 0) and closes == time(23, 59)):
        return _midnight(day), _midnight(day + ONE_DAY)
    start = _wall(day, opens)
    end = _wall(day + ONE_DAY if closes <= opens else day, closes)
    # 02:30–03:15 on the spring-forward day: the start moves to 03:30, past the end.
    return (start, end) if end > start else None


def _merge(spans: list[Interval]) -> tuple[Interval, ...]:
    spans.sort()
    out: list[list[float]] = []
    for s, e in spans:
        if out and s <= out[-1][1]:  # touching counts: 10–12 and 12–14 is one opening
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return tuple((s, e) for s, e in out)


class CompiledHours:
    """An :class:`OpeningHours` prepared for fast questions; build with :func:`compile_hours`."""

    __slots__ = ("hours", "unknown", "_weekly", "_sunday", "_holiday", "_days", "_win")

    def __init__(self, hours: OpeningHours) -> None:
        self.hours = hours
        normal = [r for r in hours.rules if not r.on_holidays]
        # Only "efter aftale" / "se beskrivelse" rows, or none at all: never known.
        self.unknown = not any(not r.untimed for r in hours.rules)
        self._weekly = tuple(tuple(r for r in normal if c in r.byday) for c in DAY_CODES)
        self._sunday = self._weekly[6]
        self._holiday = tuple(r for r in hours.rules if r.on_holidays)
        self._days: dict[date, Plan] = {}
        # (lo, hi, state): the answer for any timestamp in [lo, hi). One tuple, assigned
        # at once, so concurrent readers never see a half-updated window.
        self._win: tuple[float, float, bool | None] = (
            (-_INF, _INF, None) if self.unknown else (0.0, 0.0, None)
        )

    # -- which rows apply on a day -------------------------------------------------------
    def rules_for(self, day: date) -> tuple[tuple[WeeklyRule, ...], tuple[DatedException, ...]]:
        """The weekly rows and the open exceptions that decide ``day`` (after precedence).

        When exceptions cover the day, the rows are empty and the open exceptions (possibly
        none: closed) are returned; otherwise the holiday rule picks the rows.
        """
        exc = [e for e in self.hours.exceptions if e.covers(day)]
        if exc:
            return (), tuple(e for e in exc if not e.closed)
        rule = self.hours.holiday_rule
        if rule is not HolidayRule.AS_NORMAL and holiday_name(day, self.hours.extra_holidays):
            if rule is HolidayRule.CLOSED:
                return (), ()
            if rule is HolidayRule.AS_SUNDAY:
                return tuple(r for r in self._sunday if r.valid_on(day)), ()
            code = DAY_CODES[day.weekday()]
            return tuple(
                r for r in self._holiday if r.valid_on(day) and (not r.byday or code in r.byday)
            ), ()
        return tuple(r for r in self._weekly[day.weekday()] if r.valid_on(day)), ()

    def plan(self, day: date) -> Plan:
        """Merged intervals (timestamps) that start on ``day``, and whether it is unknown."""
        p = self._days.get(day)
        if p is not None:
            return p
        if self.unknown:
            return (), True  # exceptions alone do not make unknown hours known
        rules, opened = self.rules_for(day)
        spans: list[Interval] = []
        # The arg-type ignores below: __post_init__ gives an open exception both times, and every
        # rule both times unless it is all-day (which _span answers before reading them).
        for e in opened:
            s = _span(day, e.opens_at, e.closes_at)  # type: ignore[arg-type]
            if s:
                spans.append(s)
        timed = [r for r in rules if not r.untimed]
        for r in timed:
            s = _span(day, r.opens_at, r.closes_at, r.all_day)  # type: ignore[arg-type]
            if s:
                spans.append(s)
        p = (_merge(spans), self.unknown or (bool(rules) and not timed))
        if len(self._days) >= _MAX_CACHED_DAYS:  # bounded: a long-running worker scans ahead
            self._days.clear()
        self._days[day] = p
        return p

    # -- questions, in timestamps ----------------------------------------------------------
    def state_at(self, ts: float) -> bool | None:
        """Open (True), closed (False) or unknown (None) at POSIX timestamp ``ts``."""
        lo, hi, state = self._win
        if lo <= ts < hi:
            return state
        return self._state_slow(ts)

    def _state_slow(self, ts: float) -> bool | None:
        day = datetime.fromtimestamp(ts, CPH).date()
        lo, hi = _midnight(day), _midnight(day + ONE_DAY)
        today = self.plan(day)
        for s, e in self.plan(day - ONE_DAY)[0] + today[0]:
            if s <= ts < e:
                self._win = (s, e, True)
                return True
            if lo < e <= ts:
                lo = e
            elif ts < s < hi:
                hi = s
        state = None if today[1] else False
        self._win = (lo, hi, state)
        return state

    def next_change_ts(self, ts: float) -> tuple[float, bool] | None:
        """(timestamp, opens) of the next flip after ``ts``; None if unknown or none ahead."""
        state = self.state_at(ts)
        if state is None:
            return None
        day = datetime.fromtimestamp(ts, CPH).date()
        if state:
            # Follow merged openings across midnight (and 24/7) until one really ends.
            end, d = ts, day - ONE_DAY
            for _ in range(SEARCH_DAYS + 2):
                if _midnight(d) > end:
                    break
                for s, e in self.plan(d)[0]:
                    if s <= end < e:
                        end = e
                d += ONE_DAY
            else:
                return None  # open for as far as we look
            return None if self.state_at(end) is None else (end, False)
        d = day
        for i in range(SEARCH_DAYS + 1):
            intervals, unknown = self.plan(d)
            if i and unknown:
                return None  # what comes next is "efter aftale": no flip we can name
            for s, _ in intervals:
                if s > ts:
                    return s, True
            d += ONE_DAY
        return None


HoursLike = Union[OpeningHours, CompiledHours]


@lru_cache(maxsize=32768)
def compile_hours(h: OpeningHours) -> CompiledHours:
    """Compile once; equal inputs share one compiled object (and its per-day cache)."""
    return CompiledHours(h)


def _compiled(h: HoursLike) -> CompiledHours:
    return h if isinstance(h, CompiledHours) else compile_hours(h)


def to_timestamp(at: datetime) -> float:
    """POSIX timestamp of ``at``; naive datetimes are Copenhagen local time."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=CPH)
    return at.timestamp()


def local(ts: float) -> datetime:
    """An aware Europe/Copenhagen datetime for a timestamp (fold set correctly)."""
    return datetime.fromtimestamp(ts, CPH)


def is_open(h: HoursLike, at: datetime) -> bool | None:
    """True/False at moment ``at``; None when the hours are unknown or by appointment."""
    return _compiled(h).state_at(to_timestamp(at))


def open_states(hours: Iterable[HoursLike], at: datetime) -> list[bool | None]:
    """:func:`is_open` for many offers at one moment, as a search's open-now filter does."""
    ts = to_timestamp(at)
    return [(h if isinstance(h, CompiledHours) else compile_hours(h)).state_at(ts) for h in hours]


def next_change(h: HoursLike, at: datetime) -> Change | None:
    """When the offer next opens or closes after ``at`` (searching ~400 days ahead).

    None when the hours are unknown at ``at``, when nothing changes within the horizon
    (24/7, or no future hours), or when what follows is an "efter aftale" day.
    """
    found = _compiled(h).next_change_ts(to_timestamp(at))
    return None if found is None else Change(local(found[0]), found[1])


def intervals_on(h: HoursLike, day: date) -> list[tuple[datetime, datetime]]:
    """Aware (Copenhagen) opening intervals that start on ``day``, merged and sorted."""
    return [(local(s), local(e)) for s, e in _compiled(h).plan(day)[0]]


_NOTES = {
    "da": {"changed": "Særlige åbningstider", "closed": "Lukket", "appointment": "Efter aftale",
           "described": "Se beskrivelse"},
    "en": {"changed": "Special opening hours", "closed": "Closed", "appointment": "By appointment",
           "described": "See the description"},
}


def _told_in_words(c: CompiledHours, day: date) -> WeeklyRule | None:
    """The "se beskrivelse" row that leaves ``day`` unknown, if that is why it is unknown."""
    rules, opened = c.rules_for(day)
    if opened or any(not r.untimed for r in rules):
        return None
    if not rules and c.unknown:  # only words (or appointments) anywhere: say so every day
        rules = tuple(r for r in c.hours.rules if not r.on_holidays)
    words = [r for r in rules if r.see_description]
    return words[0] if words and len(words) == len(rules) else None


def effective_week(h: HoursLike, day: date, lang: str = "da") -> list[DayHours]:
    """The 7 days from ``day`` as they will really be, with a note where a day differs."""
    c = _compiled(h)
    words = _NOTES.get(lang, _NOTES["da"])
    out = []
    for i in range(7):
        d = day + i * ONE_DAY
        intervals, unknown = c.plan(d)
        exc = [e for e in c.hours.exceptions if e.covers(d)]
        if exc:
            texts = [e.description for e in exc if e.description]
            note = "; ".join(texts) or (words["changed"] if intervals else words["closed"])
        elif c.hours.holiday_rule is HolidayRule.AS_NORMAL:
            note = holiday_name(d, frozenset(), lang) or ""  # a name is still useful to read
        else:
            note = holiday_name(d, c.hours.extra_holidays, lang) or ""
        described = _told_in_words(c, d) if unknown else None
        if described is not None and not note:
            note = described.description or words["described"]
        elif unknown and c.hours.rules and not note:
            note = words["appointment"]
        spans = tuple((local(s), local(e)) for s, e in intervals)
        out.append(DayHours(d, spans, note, unknown, described is not None))
    return out


def active_rules(h: HoursLike, day: date) -> tuple[WeeklyRule, ...]:
    """The weekly rows valid on ``day`` (ignoring holidays and exceptions)."""
    return tuple(r for r in _compiled(h).hours.rules if r.valid_on(day))


def upcoming_changes(h: HoursLike, today: date, horizon_days: int = 60) -> list[PatternChange]:
    """Dates within the horizon where the weekly pattern changes, with the new rows.

    Only validity ranges change the pattern; single dates (holidays, exceptions) are shown
    by :func:`effective_week` instead.
    """
    c = _compiled(h)
    last = today + timedelta(days=horizon_days)
    candidates = set()
    for r in c.hours.rules:
        if r.valid_from:
            candidates.add(r.valid_from)
        if r.valid_to:
            candidates.add(r.valid_to + ONE_DAY)
    out = []
    for d in sorted(x for x in candidates if today < x <= last):
        now = active_rules(c, d)
        if now != active_rules(c, d - ONE_DAY):
            out.append(PatternChange(d, now))
    return out


def season_closed(h: HoursLike, day: date) -> bool:
    """True when no weekly row is valid on ``day`` but the offer has rows (out of season)."""
    c = _compiled(h)
    return bool(c.hours.rules) and not any(
        r.valid_on(day) for r in c.hours.rules if not r.on_holidays
    )
