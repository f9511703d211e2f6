"""Table tests: one row per rule of issue 3, each failing if that rule breaks."""
from datetime import date, datetime, time, timezone

import pytest

from vejviser.hours import (
    CPH,
    DatedException,
    HolidayRule,
    OpeningHours,
    WeeklyRule,
    effective_week,
    intervals_on,
    is_open,
    next_change,
    upcoming_changes,
)

R = WeeklyRule
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR")
DAYTIME = OpeningHours((R(WEEKDAYS, time(10), time(16)),))
NIGHT = OpeningHours((R(("FR",), time(22), time(5)),))
# The Bolbro warming room from the seed minutes: three days a week, five from 4 December.
WARMING = OpeningHours((
    R(("MO", "WE", "FR"), time(10), time(16), valid_to=date(2026, 12, 3)),
    R(WEEKDAYS, time(10), time(16), valid_from=date(2026, 12, 4)),
))
ALWAYS = OpeningHours((R(("MO", "TU", "WE", "TH", "FR", "SA", "SU"), all_day=True),))
ALWAYS_2359 = OpeningHours((R(("MO", "TU", "WE", "TH", "FR", "SA", "SU"), time(0), time(23, 59)),))
WINTER = OpeningHours((R(("MO", "TU", "WE", "TH", "FR", "SA", "SU"), time(18), time(8),
                         valid_from=date(2026, 11, 1), valid_to=date(2027, 3, 31)),))
SAT_NIGHT = OpeningHours((R(("SA",), time(22), time(5)),))
DAILY_NIGHT = OpeningHours((R(("MO", "TU", "WE", "TH", "FR", "SA", "SU"), time(22), time(5)),))


def with_holidays(rule, *extra_rules, extra=frozenset({"12-24", "12-31"})):
    rules = (R(WEEKDAYS, time(10), time(16)), R(("SU",), time(12), time(14)),
             R((), time(11), time(13), on_holidays=True)) + extra_rules
    return OpeningHours(rules, holiday_rule=rule, extra_holidays=extra)


@pytest.mark.parametrize("hours, at, expected", [
    # edges of a day: one minute before, at opening, at closing (exclusive), one before closing
    (DAYTIME, datetime(2026, 3, 4, 9, 59), False),
    (DAYTIME, datetime(2026, 3, 4, 10, 0), True),
    (DAYTIME, datetime(2026, 3, 4, 15, 59), True),
    (DAYTIME, datetime(2026, 3, 4, 16, 0), False),
    (DAYTIME, datetime(2026, 3, 7, 12, 0), False),  # Saturday
    # past midnight belongs to the day it starts
    (NIGHT, datetime(2026, 3, 6, 21, 59), False),
    (NIGHT, datetime(2026, 3, 6, 22, 0), True),
    (NIGHT, datetime(2026, 3, 7, 2, 0), True),  # Saturday 02:00 is Friday's night
    (NIGHT, datetime(2026, 3, 7, 4, 59), True),
    (NIGHT, datetime(2026, 3, 7, 5, 0), False),
    (NIGHT, datetime(2026, 3, 6, 2, 0), False),  # Friday 02:00 is Thursday's night: closed
    # 24 hours, both spellings
    (ALWAYS, datetime(2026, 3, 29, 2, 30), True),
    (ALWAYS_2359, datetime(2026, 3, 4, 23, 59, 30), True),
    (ALWAYS_2359, datetime(2026, 3, 5, 0, 0), True),
    # the day hours change: Thursday 3 Dec closed, Thursday 10 Dec open
    (WARMING, datetime(2026, 12, 3, 12, 0), False),
    (WARMING, datetime(2026, 12, 2, 12, 0), True),
    (WARMING, datetime(2026, 12, 4, 10, 0), True),
    (WARMING, datetime(2026, 12, 10, 12, 0), True),
    # seasonal: validity is about the day a night starts
    (WINTER, datetime(2026, 10, 31, 20, 0), False),
    (WINTER, datetime(2026, 11, 1, 7, 59), False),  # the night of 31 Oct is outside the season
    (WINTER, datetime(2026, 11, 1, 18, 0), True),
    (WINTER, datetime(2027, 4, 1, 7, 0), True),  # the night of 31 March runs into April
    (WINTER, datetime(2027, 4, 1, 18, 0), False),
    # DST nights: spring forward (02:00 -> 03:00), fall back (03:00 -> 02:00)
    (SAT_NIGHT, datetime(2026, 3, 29, 4, 59), True),
    (SAT_NIGHT, datetime(2026, 3, 29, 5, 0), False),
    (SAT_NIGHT, datetime(2026, 10, 25, 2, 30), True),
    (SAT_NIGHT, datetime(2026, 10, 25, 2, 30, fold=1), True),
    (SAT_NIGHT, datetime(2026, 10, 25, 4, 59), True),
    (SAT_NIGHT, datetime(2026, 10, 25, 5, 0), False),
    # aware moments in other zones are converted (UTC 21:00 = 22:00 CET on a Friday)
    (NIGHT, datetime(2026, 3, 6, 21, 0, tzinfo=timezone.utc), True),
    (NIGHT, datetime(2026, 3, 6, 20, 59, tzinfo=timezone.utc), False),
    (DAYTIME, datetime(2026, 7, 1, 8, 0, tzinfo=timezone.utc), True),  # 10:00 CEST
    (DAYTIME, datetime(2026, 7, 1, 7, 59, tzinfo=timezone.utc), False),
])
def test_is_open_edges(hours, at, expected):
    assert is_open(hours, at) is expected


@pytest.mark.parametrize("rule, at, expected", [
    # 2026-12-25 (Juledag) is a Friday; 2026-12-27 is an ordinary Sunday
    (HolidayRule.CLOSED, datetime(2026, 12, 25, 12), False),
    (HolidayRule.AS_NORMAL, datetime(2026, 12, 25, 12), True),
    (HolidayRule.AS_SUNDAY, datetime(2026, 12, 25, 11, 59), False),  # Sunday is 12–14
    (HolidayRule.AS_SUNDAY, datetime(2026, 12, 25, 13), True),
    (HolidayRule.AS_SUNDAY, datetime(2026, 12, 25, 14), False),
    (HolidayRule.OWN_HOURS, datetime(2026, 12, 25, 10, 59), False),
    (HolidayRule.OWN_HOURS, datetime(2026, 12, 25, 11), True),
    (HolidayRule.OWN_HOURS, datetime(2026, 12, 25, 13), False),
    # holiday-hours rows never apply on ordinary days
    (HolidayRule.OWN_HOURS, datetime(2026, 12, 22, 11), True),
    (HolidayRule.OWN_HOURS, datetime(2026, 12, 27, 11), False),
    # 24 December is a Thursday: treated as a holiday by default (extra_holidays)
    (HolidayRule.CLOSED, datetime(2026, 12, 24, 12), False),
    (HolidayRule.CLOSED, datetime(2026, 12, 23, 12), True),
    # Store Bededag: a holiday in 2023 (5 May), an ordinary Friday in 2024 (26 April)
    (HolidayRule.CLOSED, datetime(2023, 5, 5, 12), False),
    (HolidayRule.CLOSED, datetime(2024, 4, 26, 12), True),
])
def test_holiday_rules(rule, at, expected):
    assert is_open(with_holidays(rule), at) is expected


def test_extra_holidays_are_configurable():
    no_extra = with_holidays(HolidayRule.CLOSED, extra=frozenset())
    assert is_open(no_extra, datetime(2026, 12, 24, 12)) is True
    june = with_holidays(HolidayRule.CLOSED, extra=frozenset({"06-05"}))
    assert is_open(june, datetime(2026, 6, 5, 12)) is False  # Grundlovsdag, a Friday
    assert is_open(june, datetime(2026, 12, 24, 12)) is True


def test_holiday_is_decided_by_the_day_a_night_starts():
    h = OpeningHours((R(("TH", "FR"), time(22), time(4)),), holiday_rule=HolidayRule.CLOSED)
    assert is_open(h, datetime(2026, 12, 25, 2)) is False  # Thursday 24th is an extra holiday
    h2 = OpeningHours((R(("TH", "FR"), time(22), time(4)),), holiday_rule=HolidayRule.CLOSED,
                      extra_holidays=frozenset())
    assert is_open(h2, datetime(2026, 12, 25, 2)) is True  # Thursday night runs into Juledag
    assert is_open(h2, datetime(2026, 12, 25, 23)) is False  # Friday = Juledag: closed


@pytest.mark.parametrize("exc, at, expected", [
    (DatedException(date(2026, 3, 4)), datetime(2026, 3, 4, 12), False),
    (DatedException(date(2026, 3, 4)), datetime(2026, 3, 5, 12), True),
    (DatedException(date(2026, 3, 2), date(2026, 3, 4)), datetime(2026, 3, 4, 12), False),
    (DatedException(date(2026, 3, 2), date(2026, 3, 4)), datetime(2026, 3, 5, 12), True),
    (DatedException(date(2026, 3, 4), closed=False, opens_at=time(8), closes_at=time(9)),
     datetime(2026, 3, 4, 8, 30), True),
    (DatedException(date(2026, 3, 4), closed=False, opens_at=time(8), closes_at=time(9)),
     datetime(2026, 3, 4, 12), False),  # replaces, does not add to, the weekly hours
    (DatedException(date(2026, 3, 7), closed=False, opens_at=time(20), closes_at=time(2)),
     datetime(2026, 3, 8, 1), True),  # an exception can run past midnight too
])
def test_exceptions_replace_the_day(exc, at, expected):
    assert is_open(OpeningHours(DAYTIME.rules, (exc,)), at) is expected


def test_open_exception_wins_over_a_closed_range():
    h = OpeningHours(DAYTIME.rules, (
        DatedException(date(2026, 12, 20), date(2027, 1, 2), description="Juleferie"),
        DatedException(date(2026, 12, 23), closed=False, opens_at=time(10), closes_at=time(14)),
    ))
    assert is_open(h, datetime(2026, 12, 22, 12)) is False
    assert is_open(h, datetime(2026, 12, 23, 12)) is True
    assert is_open(h, datetime(2026, 12, 23, 15)) is False


def test_exception_beats_holiday_rule():
    h = OpeningHours(DAYTIME.rules, (DatedException(date(2026, 12, 25), closed=False,
                                                    opens_at=time(9), closes_at=time(11)),),
                     holiday_rule=HolidayRule.CLOSED)
    assert is_open(h, datetime(2026, 12, 25, 10)) is True


@pytest.mark.parametrize("hours", [
    OpeningHours(),
    OpeningHours((R(WEEKDAYS, by_appointment=True),)),
    OpeningHours(exceptions=(DatedException(date(2026, 3, 4)),)),
])
def test_unknown_is_never_guessed(hours):
    for at in (datetime(2026, 3, 4, 12), datetime(2026, 3, 7, 12)):
        assert is_open(hours, at) is None
        assert next_change(hours, at) is None


def test_by_appointment_day_in_an_otherwise_timed_week():
    h = OpeningHours((R(WEEKDAYS, time(10), time(16)), R(("SA",), by_appointment=True)))
    assert is_open(h, datetime(2026, 3, 7, 12)) is None  # Saturday: by appointment
    assert is_open(h, datetime(2026, 3, 8, 12)) is False  # Sunday: known closed
    assert next_change(h, datetime(2026, 3, 8, 12)) == next_change(h, datetime(2026, 3, 8, 20))
    assert next_change(h, datetime(2026, 3, 6, 17)) is None  # what follows is unknown


def _at(*args, fold=0):
    return datetime(*args, tzinfo=CPH, fold=fold)


@pytest.mark.parametrize("hours, at, expected_at, opens", [
    (DAYTIME, datetime(2026, 3, 4, 9, 59), _at(2026, 3, 4, 10), True),
    (DAYTIME, datetime(2026, 3, 4, 10), _at(2026, 3, 4, 16), False),
    (DAYTIME, datetime(2026, 3, 6, 16), _at(2026, 3, 9, 10), True),  # over the weekend
    (NIGHT, datetime(2026, 3, 6, 23), _at(2026, 3, 7, 5), False),
    (NIGHT, datetime(2026, 3, 7, 12), _at(2026, 3, 13, 22), True),
    (WARMING, datetime(2026, 12, 2, 17), _at(2026, 12, 4, 10), True),  # skips Thursday 3rd
    (WINTER, datetime(2026, 6, 1, 12), _at(2026, 11, 1, 18), True),  # out of season
    (DAILY_NIGHT, datetime(2026, 3, 29, 1), _at(2026, 3, 29, 5), False),
    (DAILY_NIGHT, datetime(2026, 10, 25, 1), _at(2026, 10, 25, 5), False),
])
def test_next_change(hours, at, expected_at, opens):
    change = next_change(hours, at)
    assert change is not None
    assert change.at == expected_at and change.opens is opens
    assert change.at.tzinfo is CPH


def test_next_change_none_for_24_7_and_after_the_last_season():
    for h in (ALWAYS, ALWAYS_2359):
        assert next_change(h, datetime(2026, 3, 29, 2, 30)) is None
    assert next_change(WINTER, datetime(2027, 6, 1)) is None


@pytest.mark.parametrize("day, hours_long", [
    (date(2026, 3, 28), 6),   # 22:00 CET -> 05:00 CEST
    (date(2026, 10, 24), 8),  # 22:00 CEST -> 05:00 CET
    (date(2026, 6, 6), 7),
])
def test_shift_over_the_clock_change(day, hours_long):
    [(start, end)] = intervals_on(SAT_NIGHT, day)
    # (aware datetimes in one zone subtract as wall times, so compare timestamps)
    assert end.timestamp() - start.timestamp() == hours_long * 3600
    assert start.hour == 22 and end.hour == 5


def test_nonexistent_start_moves_forward_and_ambiguous_means_first():
    h = OpeningHours((R(("SU",), time(2, 30), time(6)),))
    [(start, end)] = intervals_on(h, date(2026, 3, 29))
    assert (start.hour, start.minute) == (3, 30) and end.hour == 6
    [(start, end)] = intervals_on(h, date(2026, 10, 25))
    assert start.utcoffset().total_seconds() == 7200  # the first 02:30 (summer time)
    assert end.timestamp() - start.timestamp() == 4.5 * 3600


def test_intervals_on_are_aware_and_merged():
    h = OpeningHours((R(("MO",), time(10), time(12)), R(("MO",), time(12), time(14)),
                      R(("MO",), time(11), time(13))))
    assert intervals_on(h, date(2026, 3, 2)) == [(_at(2026, 3, 2, 10), _at(2026, 3, 2, 14))]
    assert intervals_on(h, date(2026, 3, 3)) == []


def test_effective_week_notes():
    h = with_holidays(HolidayRule.CLOSED)
    h = OpeningHours(h.rules, (DatedException(date(2026, 12, 28), description="Personaledag"),),
                     h.holiday_rule, h.extra_holidays)
    week = effective_week(h, date(2026, 12, 23))
    assert [d.date.day for d in week] == [23, 24, 25, 26, 27, 28, 29]
    assert [d.note for d in week] == ["", "Juleaftensdag", "Juledag", "Anden juledag", "",
                                      "Personaledag", ""]
    assert [bool(d.intervals) for d in week] == [True, False, False, False, True, False, True]
    assert effective_week(h, date(2026, 12, 23), "en")[2].note == "Christmas Day"


def test_upcoming_changes_warming_room():
    [change] = upcoming_changes(WARMING, date(2026, 11, 20))
    assert change.date == date(2026, 12, 4)
    assert change.rules == (WARMING.rules[1],)
    assert upcoming_changes(WARMING, date(2026, 11, 20), horizon_days=7) == []
    assert upcoming_changes(WARMING, date(2026, 12, 4)) == []
