"""Wording (Danish and English), status badges, JSON-LD and the form rows."""
from datetime import date, datetime, time

import pytest

from tests.hours.textparse import parse_description
from vejviser.hours import (
    DatedException,
    HolidayRule,
    ImplausibleHours,
    OpeningHours,
    RowError,
    WeeklyRule,
    describe,
    opening_hours_specification,
    parse_byday,
    parse_date,
    parse_time,
    read_weekly_row,
    rows_to_rules,
    rules_to_rows,
    status_text,
)

R = WeeklyRule
ALL = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKDAYS = ALL[:5]
WARMING = OpeningHours((
    R(("MO", "WE", "FR"), time(10), time(16), valid_to=date(2026, 12, 3)),
    R(WEEKDAYS, time(10), time(16), valid_from=date(2026, 12, 4)),
))
NIGHT = OpeningHours((R(("FR",), time(22), time(5)),))
WINTER = OpeningHours((R(ALL, time(18), time(8), valid_from=date(2026, 11, 1),
                         valid_to=date(2027, 3, 31)),))


@pytest.mark.parametrize("hours, lang, today, lines", [
    (OpeningHours((R(("MO", "WE", "FR"), time(10), time(16)),)), "da", None,
     ["Man., ons. og fre. 10–16"]),
    (OpeningHours((R(("MO", "WE", "FR"), time(10), time(16)),)), "en", None,
     ["Mon, Wed and Fri 10–16"]),
    (WARMING, "da", date(2026, 11, 1),
     ["Til og med 3. december: Man., ons. og fre. 10–16", "Fra 4. december: Man.–fre. 10–16"]),
    (WARMING, "da", date(2026, 12, 5), ["Fra 4. december: Man.–fre. 10–16"]),
    (WARMING, "en", date(2025, 11, 1), ["Until 3 December 2026: Mon, Wed and Fri 10–16",
                                        "From 4 December 2026: Mon–Fri 10–16"]),
    (OpeningHours((R(ALL, all_day=True),)), "da", None, ["Døgnåbent"]),
    (OpeningHours((R(ALL, time(0), time(23, 59)),)), "en", None, ["24 hours"]),
    (OpeningHours((R(ALL, by_appointment=True),)), "da", None, ["Efter aftale"]),
    (OpeningHours((R(("TU",), by_appointment=True),)), "en", None, ["Tue by appointment"]),
    (OpeningHours((R(("MO", "TU", "TH", "SA", "SU"), time(9, 30), time(15)),)), "da", None,
     ["Man., tirs., tors., lør. og søn. 9.30–15"]),
    (OpeningHours((R(WEEKDAYS, time(10), time(16)),), holiday_rule=HolidayRule.CLOSED,
                  extra_holidays=frozenset()), "da", None,
     ["Man.–fre. 10–16", "Lukket på helligdage"]),
    (OpeningHours((R(WEEKDAYS, time(10), time(16)),), holiday_rule=HolidayRule.CLOSED),
     "en", None, ["Mon–Fri 10–16", "Closed on public holidays and on 24 and 31 December"]),
    (OpeningHours((R(WEEKDAYS, time(10), time(16)),), (DatedException(date(2026, 12, 24)),)),
     "da", None, ["Man.–fre. 10–16", "Lukket 24. december 2026"]),
    (OpeningHours(), "da", None, ["Åbningstider ukendte"]),
    (OpeningHours(), "en", None, ["Opening hours unknown"]),
])
def test_describe(hours, lang, today, lines):
    assert describe(hours, lang, today=today) == lines


@pytest.mark.parametrize("hours, lang, lines", [
    (OpeningHours((R(ALL, all_day=True, description="Døgnåbent."),)), "da", ["Døgnåbent"]),
    (OpeningHours((R(ALL, all_day=True, description="DØGNÅBENT"),)), "en", ["24 hours"]),
    (OpeningHours((R(WEEKDAYS, time(10), time(16), description="man.-fre. 10-16"),)), "da",
     ["Man.–fre. 10–16"]),
    (OpeningHours((R(ALL, all_day=True, description="Døgnbemandet."),)), "da",
     ["Døgnåbent (Døgnbemandet.)"]),
    (OpeningHours((R(WEEKDAYS, time(10), time(16)),),
                  (DatedException(date(2026, 12, 24), description="Lukket 24. december"),)),
     "da", ["Man.–fre. 10–16", "Lukket 24. december"]),
    (OpeningHours((R(WEEKDAYS, time(10), time(16)),),
                  (DatedException(date(2026, 12, 24), description="Juleaften"),)),
     "en", ["Mon–Fri 10–16", "Closed 24 December (Juleaften)"]),
])
def test_a_description_that_repeats_the_line_is_not_appended(hours, lang, lines):
    assert describe(hours, lang, today=date(2026, 12, 1)) == lines


@pytest.mark.parametrize("hours, at, da, en", [
    (WARMING, datetime(2026, 12, 10, 12), "Åben nu – lukker kl. 16", "Open now – closes at 16:00"),
    (NIGHT, datetime(2026, 3, 4, 12), "Lukket – åbner fredag kl. 22",
     "Closed – opens Friday at 22:00"),
    (NIGHT, datetime(2026, 3, 6, 12), "Lukket – åbner kl. 22", "Closed – opens at 22:00"),
    (NIGHT, datetime(2026, 3, 6, 23), "Åben nu – lukker i morgen kl. 5",
     "Open now – closes tomorrow at 05:00"),
    (WARMING, datetime(2026, 12, 3, 12), "Lukket – åbner i morgen kl. 10",
     "Closed – opens tomorrow at 10:00"),
    (WINTER, datetime(2026, 6, 1, 12), "Sæsonlukket – åbner 1. november",
     "Closed for the season – opens 1 November"),
    (WINTER, datetime(2027, 6, 1, 12), "Sæsonlukket", "Closed for the season"),
    (OpeningHours(), datetime(2026, 6, 1, 12), "Åbningstider ukendte", "Opening hours unknown"),
    (OpeningHours((R(ALL, by_appointment=True),)), datetime(2026, 6, 1, 12), "Efter aftale",
     "By appointment"),
    (OpeningHours((R(ALL, all_day=True),)), datetime(2026, 6, 1, 12), "Åben nu – døgnåbent",
     "Open now – 24 hours"),
])
def test_status_text(hours, at, da, en):
    assert status_text(hours, at) == da
    assert status_text(hours, at, "en") == en


@pytest.mark.parametrize("hours, at, da, en", [
    (WARMING, datetime(2026, 12, 10, 12), "Åben tors. 10. dec. kl. 12 – lukker kl. 16",
     "Open Thu 10 Dec at 12:00 – closes at 16:00"),
    (WARMING, datetime(2026, 11, 26, 12), "Lukket tors. 26. nov. kl. 12 – åbner fre. kl. 10",
     "Closed Thu 26 Nov at 12:00 – opens Fri at 10:00"),
    (NIGHT, datetime(2026, 3, 6, 23), "Åben fre. 6. mar. kl. 23 – lukker lør. kl. 5",
     "Open Fri 6 Mar at 23:00 – closes Sat at 05:00"),
    (OpeningHours((R(("MO",), time(10), time(12)),),
                  (DatedException(date(2026, 12, 7), date(2026, 12, 14)),)),
     datetime(2026, 12, 1, 12), "Lukket tirs. 1. dec. kl. 12 – åbner man. 21. dec. kl. 10",
     "Closed Tue 1 Dec at 12:00 – opens Mon 21 Dec at 10:00"),
    (OpeningHours((R(ALL, all_day=True),)), datetime(2026, 6, 1, 12),
     "Åben man. 1. jun. kl. 12 – døgnåbent", "Open Mon 1 Jun at 12:00 – 24 hours"),
    (WINTER, datetime(2026, 6, 1, 12), "Sæsonlukket – åbner 1. november",
     "Closed for the season – opens 1 November"),
    (OpeningHours(), datetime(2026, 6, 1, 12), "Åbningstider ukendte", "Opening hours unknown"),
])
def test_status_text_at_a_chosen_moment_never_says_now(hours, at, da, en):
    assert status_text(hours, at, now=False) == da
    assert status_text(hours, at, "en", now=False) == en
    assert "nu" not in da.split() and "now" not in en.split()


def test_json_ld():
    h = OpeningHours((
        R(("MO", "WE"), time(10), time(16), valid_from=date(2026, 12, 4)),
        R(("FR",), time(22), time(5)),
        R(("SA", "SU"), all_day=True),
        R(("TU",), by_appointment=True),
    ), (DatedException(date(2026, 12, 24)),
        DatedException(date(2026, 12, 23), closed=False, opens_at=time(9), closes_at=time(12))),
        holiday_rule=HolidayRule.CLOSED, extra_holidays=frozenset())
    specs = opening_hours_specification(h)
    assert specs[0] == {"@type": "OpeningHoursSpecification",
                        "dayOfWeek": ["https://schema.org/Monday", "https://schema.org/Wednesday"],
                        "opens": "10:00", "closes": "16:00", "validFrom": "2026-12-04"}
    assert specs[1]["opens"] == "22:00" and specs[1]["closes"] == "05:00"
    assert (specs[2]["opens"], specs[2]["closes"]) == ("00:00", "23:59")
    assert len(specs) == 5  # by appointment has no schema.org form
    assert specs[3] == {"@type": "OpeningHoursSpecification", "opens": "00:00",
                        "closes": "00:00", "validFrom": "2026-12-24", "validThrough": "2026-12-24"}
    dated = opening_hours_specification(h, today=date(2026, 12, 20), horizon_days=10)
    assert [s["validFrom"] for s in dated[3:5]] == ["2026-12-25", "2026-12-26"]


@pytest.mark.parametrize("text, expected", [
    ("22:00", time(22)), ("9", time(9)), ("09.30", time(9, 30)), (" 7:05 ", time(7, 5)),
    ("24:00", time(0)), ("00:00", time(0)),
])
def test_parse_time(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["25:00", "10:60", "kl. 10", "", "10:5", "-1"])
def test_parse_time_rejects_with_a_danish_message(text):
    with pytest.raises(ValueError, match="Ugyldigt klokkeslæt"):
        parse_time(text)


def test_parse_date_and_days():
    assert parse_date("2026-12-04") == parse_date("4.12.2026") == date(2026, 12, 4)
    assert parse_byday("MO,WE,FR") == parse_byday("man, ons., fre") == ("MO", "WE", "FR")
    with pytest.raises(ValueError, match="Ugyldig dato"):
        parse_date("31.02.2026")
    with pytest.raises(ValueError, match="Ukendt ugedag"):
        parse_byday("MO,XX")


def test_rows_round_trip_exactly():
    h = OpeningHours(WARMING.rules + (R((), time(11), time(13), on_holidays=True),
                                      R(("SA",), by_appointment=True, description="Ring")),
                     (DatedException(date(2026, 12, 24), description="Juleaften"),
                      DatedException(date(2026, 12, 27), date(2026, 12, 30), closed=False,
                                     opens_at=time(22), closes_at=time(2))),
                     HolidayRule.OWN_HOURS, frozenset({"06-05", "12-24"}))
    rows = rules_to_rows(h)
    assert rows_to_rules(rows) == h
    assert rules_to_rows(rows_to_rules(rows)) == rows
    assert rows[1] == {"kind": "weekly", "byday": "MO,WE,FR", "opens_at": "10:00",
                       "closes_at": "16:00", "past_midnight": "", "valid_from": "",
                       "valid_to": "2026-12-03",
                       "all_day": "", "by_appointment": "", "on_holidays": "",
                       "see_description": "", "description": ""}
    assert rows[0] == {"kind": "holidays", "holiday_rule": "own_hours",
                       "extra_holidays": "06-05,12-24"}


@pytest.mark.parametrize("rows, message", [
    ([{"kind": "weekly", "byday": "MO", "opens_at": "25:00", "closes_at": "16:00"}],
     "Række 1: Ugyldigt klokkeslæt"),
    ([{"kind": "holidays"}, {"kind": "weekly", "byday": "", "opens_at": "10", "closes_at": "16"}],
     "Række 2: vælg mindst én ugedag"),
    ([{"kind": "weekly", "byday": "MO", "opens_at": "10:00"}],
     "Række 1: åbner og lukker skal begge udfyldes"),
    ([{"kind": "exception", "date_from": "2026-12-05", "date_to": "2026-12-04", "closed": "1"}],
     "Række 1: slutdatoen ligger før startdatoen"),
    ([{"kind": "holidays", "holiday_rule": "sometimes"}], "Ukendt helligdagsregel"),
    ([{"kind": "weekly", "byday": "MO", "valid_from": "2026-12-05", "valid_to": "2026-12-04",
       "all_day": "1"}], "slutdatoen ligger før startdatoen"),
    # closing before opening: a plausible night passes, anything longer must say so
    ([{"kind": "weekly", "byday": "MO", "opens_at": "16:00", "closes_at": "10:00"}],
     "Række 1: lukker kl. 10:00, før den åbner kl. 16:00"),
    ([{"kind": "exception", "date_from": "2026-12-05", "closed": "", "opens_at": "12:00",
       "closes_at": "08:00"}], "Række 1: lukker kl. 08:00"),
])
def test_rows_errors_are_readable(rows, message):
    with pytest.raises(ValueError, match=message):
        rows_to_rules(rows)


@pytest.mark.parametrize("row, expected", [
    ({"byday": "man,ons", "opens_at": "22.00", "closes_at": "24:00"}, ("MO", "WE")),
    ({"byday": "MO", "opens_at": "22:00", "closes_at": "08:00"}, ("MO",)),  # a 10-hour night
    ({"byday": "MO", "opens_at": "16:00", "closes_at": "10:00", "past_midnight": "1"}, ("MO",)),
    ({"byday": "MO", "opens_at": "9:30:00", "closes_at": "16"}, ("MO",)),
])
def test_one_reading_of_rows_accepts_what_people_write(row, expected):
    rule = read_weekly_row(row)
    assert rule.byday == expected


def test_a_row_reports_every_bad_field():
    with pytest.raises(RowError) as caught:
        read_weekly_row({"byday": "MO,XX", "opens_at": "25:00", "closes_at": "16:00",
                         "all_day": "måske"})
    assert set(caught.value.problems) == {"byday", "opens_at", "all_day"}


def test_an_implausible_night_is_its_own_error():
    with pytest.raises(ImplausibleHours) as caught:
        read_weekly_row({"byday": "MO", "opens_at": "16:00", "closes_at": "10:00"})
    assert set(caught.value.problems) == {"closes_at"}


def test_describe_parses_back_with_dates_and_holidays():
    h = OpeningHours(WARMING.rules + (R(("SA", "SU"), all_day=True, description="vinter"),
                                      R(("MO",), time(11), time(13), on_holidays=True)),
                     (DatedException(date(2026, 12, 24)),
                      DatedException(date(2026, 12, 27), date(2026, 12, 30), closed=False,
                                     opens_at=time(22), closes_at=time(2), description="nat")),
                     HolidayRule.OWN_HOURS, frozenset({"06-05", "12-24", "12-31"}))
    back = parse_description(describe(h))
    assert set(back.rules) == set(h.rules)
    assert set(back.exceptions) == set(h.exceptions)
    assert (back.holiday_rule, back.extra_holidays) == (h.holiday_rule, h.extra_holidays)
    assert parse_description(describe(h, today=date(2026, 1, 1)), year=2026) == back
