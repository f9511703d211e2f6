"""Times from other systems (offsets, zones, 24:00) and hours told in words only."""
from __future__ import annotations

from datetime import date, datetime, time

import pytest

from vejviser.hours import (
    CPH,
    DAY_CODES,
    OpeningHours,
    RowError,
    WeeklyRule,
    describe,
    effective_week,
    is_open,
    local_clock,
    read_weekly_row,
    rows_to_rules,
    rules_to_rows,
    status_text,
)


@pytest.mark.parametrize("text, on, zone, expected", [
    ("09:00", None, None, (time(9), 0, None, None)),
    ("9:30", None, None, (time(9, 30), 0, None, None)),
    ("09:00Z", None, None, (time(10), 0, "UTC", time(11))),
    ("09:00Z", date(2026, 7, 1), None, (time(11), 0, "UTC", None)),
    ("09:00+01:00", None, None, (time(9), 0, None, None)),
    ("09:00+02:00", None, None, (time(9), 0, None, None)),
    ("09:00+02:00", date(2026, 1, 5), None, (time(8), 0, "+02:00", None)),
    ("09:00+01:00", date(2026, 7, 6), None, (time(10), 0, "+01:00", None)),
    ("23:00-05:00", None, None, (time(5), 1, "-05:00", time(6))),
    ("01:00+09:00", date(2026, 1, 5), None, (time(17), -1, "+09:00", None)),
    ("10:00:00", date(2005, 1, 1), 3, (time(8), 0, "+03:00", None)),
    ("10:00", None, "Europe/Berlin", (time(10), 0, None, None)),
    ("10:00", None, "Europe/London", (time(11), 0, "Europe/London", None)),
    ("10:00", None, "+0530", (time(5, 30), 0, "+05:30", time(6, 30))),
])
def test_local_clock(text: str, on: date | None, zone: object,
                     expected: tuple[time, int, str | None, time | None]) -> None:
    found = local_clock(text, on, zone)  # type: ignore[arg-type]
    assert (found.time, found.day_shift, found.converted_from, found.summer) == expected


def test_local_clock_refuses_what_it_cannot_read() -> None:
    with pytest.raises(ValueError, match="Ukendt tidszone"):
        local_clock("10:00", None, "Mars/Olympus")
    with pytest.raises(ValueError, match="Ugyldigt klokkeslæt"):
        local_clock("25:00Z")


def test_24_00_is_the_end_of_the_day_never_a_long_night() -> None:
    rule = read_weekly_row({"byday": "MO", "opens_at": "06:00", "closes_at": "24:00"})
    hours = OpeningHours((rule,))
    assert is_open(hours, datetime(2026, 12, 7, 23, 30, tzinfo=CPH))
    assert not is_open(hours, datetime(2026, 12, 8, 0, 30, tzinfo=CPH))
    with pytest.raises(RowError):  # the same span written 06:00-00:00 is a typo, not a night
        read_weekly_row({"byday": "MO", "opens_at": "06:00", "closes_at": "00:00"})


MONDAY = datetime(2026, 12, 7, 11, tzinfo=CPH)


def _words(*more: WeeklyRule) -> OpeningHours:
    return OpeningHours((WeeklyRule(("MO",), see_description=True,
                                    description="Første mandag i måneden 10–12"), *more))


def test_hours_in_words_are_unknown_and_say_so() -> None:
    hours = _words()
    assert is_open(hours, MONDAY) is None
    assert status_text(hours, MONDAY) == "Se åbningstiderne i beskrivelsen"
    assert status_text(hours, MONDAY, "en") == "See the description for opening hours"
    assert describe(hours) == ["Man. se beskrivelse (Første mandag i måneden 10–12)"]
    monday, tuesday = effective_week(hours, MONDAY.date())[:2]
    assert (monday.described, monday.unknown, monday.note) == (
        True, True, "Første mandag i måneden 10–12")
    assert tuesday.described and tuesday.unknown


def test_words_beside_weekly_hours_leave_only_their_days_unknown() -> None:
    hours = _words(WeeklyRule(("TU",), time(10), time(14)))
    monday, tuesday, wednesday = effective_week(hours, MONDAY.date())[:3]
    assert monday.described and monday.unknown
    assert not tuesday.unknown and len(tuesday.intervals) == 1
    assert not wednesday.unknown and wednesday.intervals == ()
    assert is_open(hours, datetime(2026, 12, 8, 11, tzinfo=CPH)) is True


def test_words_round_trip_through_form_rows_and_need_a_description() -> None:
    hours = _words()
    assert rows_to_rules(rules_to_rows(hours)) == hours
    with pytest.raises(RowError) as error:
        read_weekly_row({"byday": "MO", "see_description": "1"})
    assert error.value.problems == {"description": "skriv åbningstiderne i beskrivelsen"}
    with pytest.raises(ValueError):
        WeeklyRule(DAY_CODES, opens_at=time(9), closes_at=time(10), see_description=True)
