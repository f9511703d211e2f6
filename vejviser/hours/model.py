"""Input and output values of the opening-hours engine.

Everything here is a frozen, hashable value so that compiled schedules can be cached by
their input (two offers with the same hours share one compiled object), and so that the
database layer can build them from rows without the engine ever touching a session.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import Enum

#: HSDS ``byday`` codes in ISO weekday order (Monday = index 0, as ``date.weekday()``).
DAY_CODES: tuple[str, ...] = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

#: Days that many Danish offers treat like public holidays although they are not official
#: ones (the `holidays` package lists them only in its "optional" category).
DEFAULT_EXTRA_HOLIDAYS: frozenset[str] = frozenset({"12-24", "12-31"})


class HolidayRule(str, Enum):
    """What an offer does on Danish public holidays (and its extra holiday-like days)."""

    CLOSED = "closed"
    AS_SUNDAY = "as_sunday"
    AS_NORMAL = "as_normal"
    OWN_HOURS = "own_hours"


def _check_times(opens_at: time | None, closes_at: time | None, what: str) -> None:
    if opens_at is None or closes_at is None:
        raise ValueError(f"{what}: både åbningstid og lukketid skal udfyldes")
    # Seconds and time zones would make wording and JSON-LD lie about the stored value.
    for t in (opens_at, closes_at):
        if t.second or t.microsecond or t.tzinfo is not None:
            raise ValueError(f"{what}: klokkeslæt angives i hele minutter uden tidszone")


@dataclass(frozen=True)
class WeeklyRule:
    """One HSDS schedule row with ``freq=WEEKLY``.

    ``closes_at <= opens_at`` means the hours run past midnight and belong to the day they
    start. ``all_day`` (or 00:00–23:59) means 24 hours. ``by_appointment`` rows carry no
    times: the engine answers "unknown" for the days they cover. So do ``see_description``
    rows: hours told in words only (``description``), such as "the first Monday of the month
    10–12" from a recurrence that is not weekly. ``on_holidays`` marks a
    row as the offer's own holiday hours (used only with :attr:`HolidayRule.OWN_HOURS`;
    such a row never applies on ordinary days; an empty ``byday`` means every holiday).
    """

    byday: tuple[str, ...]
    opens_at: time | None = None
    closes_at: time | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    all_day: bool = False
    by_appointment: bool = False
    on_holidays: bool = False
    description: str = ""
    see_description: bool = False

    def __post_init__(self) -> None:
        if isinstance(self.byday, str) or not isinstance(self.byday, tuple):
            raise ValueError("Ugedage skal være en tuple af koder som ('MO', 'WE')")
        bad = [d for d in self.byday if d not in DAY_CODES]
        if bad:
            raise ValueError(
                f"Ukendt ugedag: {', '.join(map(str, bad))} (brug MO, TU, WE, TH, FR, SA, SU)"
            )
        if len(set(self.byday)) != len(self.byday):
            raise ValueError("Den samme ugedag står to gange")
        if not self.byday and not self.on_holidays:
            raise ValueError("Vælg mindst én ugedag")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError("Gyldig til ligger før gyldig fra")
        if self.all_day + self.by_appointment + self.see_description > 1:
            raise ValueError("En række kan kun være én af døgnåben, efter aftale og "
                             "'se beskrivelse'")
        if self.all_day or self.untimed:
            if self.opens_at is not None or self.closes_at is not None:
                raise ValueError("Døgnåbne rækker, rækker efter aftale og rækker med "
                                 "'se beskrivelse' har ingen klokkeslæt")
        else:
            _check_times(self.opens_at, self.closes_at, "Ugentlig åbningstid")

    @property
    def untimed(self) -> bool:
        """The row gives no hours the engine can use (by appointment, or told in words)."""
        return self.by_appointment or self.see_description

    @property
    def is_24h(self) -> bool:
        """True for the explicit flag and for the 00:00–23:59 convention."""
        return self.all_day or (self.opens_at == time(0, 0) and self.closes_at == time(23, 59))

    def valid_on(self, day: date) -> bool:
        """Whether ``day`` lies inside the rule's inclusive validity range."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True)
class DatedException:
    """Different hours (or closed) on the inclusive date range ``date_from``–``date_to``.

    It replaces the weekly hours and the holiday rule for those dates. When several
    exceptions cover a date, the open ones win over the closed ones and their hours are
    combined, so "closed 20 Dec–2 Jan, but open 23 Dec 10–14" needs no date arithmetic.
    """

    date_from: date
    date_to: date | None = None
    closed: bool = True
    opens_at: time | None = None
    closes_at: time | None = None
    description: str = ""

    def __post_init__(self) -> None:
        if self.date_to is not None and self.date_to < self.date_from:
            raise ValueError("Slutdato ligger før startdato")
        if self.closed:
            if self.opens_at is not None or self.closes_at is not None:
                raise ValueError("En lukket dag har ingen klokkeslæt")
        else:
            _check_times(self.opens_at, self.closes_at, "Særlig åbningstid")

    @property
    def last_day(self) -> date:
        """The last date covered (``date_from`` for a one-day exception)."""
        return self.date_to or self.date_from

    def covers(self, day: date) -> bool:
        """Whether the exception applies to ``day``."""
        return self.date_from <= day <= self.last_day


@dataclass(frozen=True)
class OpeningHours:
    """Everything the engine knows about one offer's hours. No rules = hours unknown."""

    rules: tuple[WeeklyRule, ...] = ()
    exceptions: tuple[DatedException, ...] = ()
    holiday_rule: HolidayRule = HolidayRule.AS_NORMAL
    extra_holidays: frozenset[str] = field(default=DEFAULT_EXTRA_HOLIDAYS)

    def __post_init__(self) -> None:
        if not isinstance(self.rules, tuple) or not isinstance(self.exceptions, tuple):
            raise ValueError("rules og exceptions skal være tupler")
        if not isinstance(self.extra_holidays, frozenset):
            raise ValueError("extra_holidays skal være et frozenset af 'MM-DD'")
        for md in self.extra_holidays:
            try:
                date.fromisoformat(f"2024-{md}")  # a leap year, so 02-29 is allowed
            except (TypeError, ValueError):
                raise ValueError(
                    f"Ugyldig dato for helligdagslignende dag: {md!r} (brug MM-DD)"
                ) from None
        # Coerce a plain string (e.g. from a row) so equality with the enum holds.
        object.__setattr__(self, "holiday_rule", HolidayRule(self.holiday_rule))


@dataclass(frozen=True)
class Change:
    """The next moment the open state flips: ``opens`` True when it opens then."""

    at: datetime
    opens: bool


@dataclass(frozen=True)
class DayHours:
    """One day of an effective week: intervals that start that day, and why it differs."""

    date: date
    intervals: tuple[tuple[datetime, datetime], ...]
    note: str = ""
    unknown: bool = False  # "efter aftale" (or no hours at all): open state not known
    described: bool = False  # unknown because the day's hours are told in words only


@dataclass(frozen=True)
class PatternChange:
    """From ``date`` on, the weekly pattern is ``rules`` (e.g. "from 4 December: Mon–Fri")."""

    date: date
    rules: tuple[WeeklyRule, ...]
