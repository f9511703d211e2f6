"""Opening hours from other systems: lenient about the shape, strict about the truth.

A MONTHLY row, a row with no times and "every second week" become "se beskrivelse" hours with a
note, never a refused file; 24:00 is the end of the day; "9:30" is read; a time with a UTC
offset or a time zone is converted to Copenhagen wall-clock time, with a note."""
from __future__ import annotations

from datetime import datetime, time
from typing import Any

import pytest
from flask import Flask

from tests.hsds.helpers import new_id, small_service
from vejviser.catalogue.loading import load_offer
from vejviser.catalogue.opening import hours_by_place, open_state
from vejviser.catalogue.public import project
from vejviser.db import db
from vejviser.hours import CPH, describe
from vejviser.hsds.export import service_document
from vejviser.hsds.importer import import_hsds
from vejviser.hsds.report import ImportReport
from vejviser.models import Schedule


def _one_row(app: Flask, row: dict[str, Any]) -> tuple[ImportReport, list[Schedule]]:
    document = small_service(schedules=[{"id": new_id(), **row}])
    with app.app_context():
        report = import_hsds(db.session, document)
        assert report.ok, report.lines()
        db.session.commit()
        offer = load_offer(db.session, document["id"])
        return report, list(offer.schedules)


def _line(report: ImportReport) -> str:
    (line,) = [line.strip() for line in report.lines()[2:-1]]
    return line


def test_a_monthly_schedule_is_kept_in_words_with_a_note(app: Flask) -> None:
    report, (row,) = _one_row(app, {"freq": "MONTHLY", "byday": "1MO", "opens_at": "10:00",
                                    "closes_at": "12:00", "description": "Første mandag"})
    assert _line(report) == ("1 åbningstidsrække: MONTHLY-gentagelse er ikke ugentlig: gemt som "
                             "'se beskrivelse', fx #1")
    assert row.see_description and row.opens_at is None and row.byday == "MO"
    assert row.description == "Første mandag (kl. 10:00–12:00; FREQ=MONTHLY;BYDAY=1MO)"
    with app.app_context():
        offer = project(load_offer(db.session, row.offer_id))
        at = datetime(2026, 12, 7, 11, tzinfo=CPH)  # a Monday
        state = open_state(offer.place_hours, at, "da", now=True)
        assert state.open is None  # unknown, never a guess
        assert state.text == "Se åbningstiderne i beskrivelsen"
        assert describe(offer.place_hours[0].opening) == [
            "Man. se beskrivelse (Første mandag (kl. 10:00–12:00; FREQ=MONTHLY;BYDAY=1MO))"]
        document = service_document(offer)
    (exported,) = document["schedules"]
    assert "opens_at" not in exported and exported["byday"] == "MO"


def test_a_row_without_times_becomes_words(app: Flask) -> None:
    report, (row,) = _one_row(app, {"description": "Ring og aftal en tid"})
    assert _line(report) == ("1 åbningstidsrække: har ingen åbne- og lukketid: gemt som "
                             "'se beskrivelse', fx #1")
    assert row.see_description and row.byday == "MO,TU,WE,TH,FR,SA,SU"


def test_a_row_with_nothing_is_left_out_with_a_note(app: Flask) -> None:
    report, rows = _one_row(app, {"freq": "WEEKLY"})
    assert rows == []
    assert "har hverken tider eller beskrivelse og er udeladt" in _line(report)


def test_every_second_week_is_words(app: Flask) -> None:
    report, (row,) = _one_row(app, {"freq": "WEEKLY", "interval": 2, "byday": "TU",
                                    "opens_at": "9:00", "closes_at": "12:00"})
    assert "ugentlig med begrænsninger" in _line(report) and "interval=2" in _line(report)
    assert row.see_description and "INTERVAL=2" in row.description


def test_daily_is_every_day_and_hmm_and_24_00_read(app: Flask) -> None:
    report, (row,) = _one_row(app, {"freq": "DAILY", "opens_at": "6:30", "closes_at": "24:00"})
    assert report.notes == []
    assert (row.byday, row.opens_at, row.closes_at) == ("MO,TU,WE,TH,FR,SA,SU", time(6, 30),
                                                        time(0, 0))
    with app.app_context():
        offer = load_offer(db.session, row.offer_id)
        (place,) = hours_by_place(offer)
        at = datetime(2026, 12, 7, 23, 59, tzinfo=CPH)
        assert open_state([place], at, "da", now=True).open is True


@pytest.mark.parametrize("opens, closes, valid_from, local, note", [
    ("09:00Z", "17:00Z", None, (time(10), time(18)), "dansk normaltid"),
    ("09:00-05:00", "17:00-05:00", None, (time(15), time(23)), "dansk normaltid"),
    ("09:00+01:00", "17:00+01:00", None, (time(9), time(17)), None),
    ("09:00+02:00", "17:00+02:00", None, (time(9), time(17)), None),
    ("09:00+02:00", "17:00+02:00", "2026-01-05", (time(8), time(16)), "omregnet fra +02:00"),
    ("09:00+02:00", "17:00+02:00", "2026-07-06", (time(9), time(17)), None),
    ("09:00", "17:00", None, (time(9), time(17)), None),
])
def test_offsets_are_read_as_copenhagen_time(app: Flask, opens: str, closes: str,
                                             valid_from: str | None,
                                             local: tuple[time, time], note: str | None) -> None:
    row = {"freq": "WEEKLY", "byday": "MO", "opens_at": opens, "closes_at": closes}
    if valid_from:
        row["valid_from"] = valid_from
    report, (stored,) = _one_row(app, row)
    assert (stored.opens_at, stored.closes_at) == local
    lines = "\n".join(report.lines())
    if note is None:
        assert report.notes == [], lines
    else:
        assert note in lines and f"({opens} → {local[0]:%H:%M})" in lines


def test_a_time_zone_field_is_converted_and_the_weekday_moves_with_it(app: Flask) -> None:
    report, (row,) = _one_row(app, {"freq": "WEEKLY", "byday": "MO", "opens_at": "20:00",
                                    "closes_at": "23:00", "timezone": -5})
    assert (row.byday, row.opens_at, row.closes_at) == ("TU", time(2), time(5))
    assert "tiden er omregnet fra -05:00" in "\n".join(report.lines())
    _, (named,) = _one_row(app, {"freq": "WEEKLY", "byday": "MO", "opens_at": "10:00",
                                 "closes_at": "12:00", "timezone": "Europe/London"})
    assert (named.opens_at, named.closes_at) == (time(11), time(13))


def test_an_unknown_time_zone_reads_the_times_as_danish(app: Flask) -> None:
    report, (row,) = _one_row(app, {"freq": "WEEKLY", "byday": "MO", "opens_at": "10:00",
                                    "closes_at": "12:00", "timezone": "Mars/Olympus"})
    assert (row.opens_at, row.closes_at) == (time(10), time(12))
    assert _line(report) == ("1 åbningstidsrække: tidszonen kendes ikke; tiderne er læst som "
                             "dansk tid, fx #1 (Mars/Olympus)")


def test_dtstart_and_until_stand_in_for_the_validity(app: Flask) -> None:
    _, (row,) = _one_row(app, {"freq": "WEEKLY", "dtstart": "2026-11-15T00:00:00",
                               "until": "2027-03-31", "opens_at": "18:00",
                               "closes_at": "23:00"})
    assert (str(row.valid_from), str(row.valid_to), row.byday) == (
        "2026-11-15", "2027-03-31", "SU")  # no byday: the weekday of dtstart


def test_our_holiday_hours_without_days_come_back_as_they_were(app: Flask) -> None:
    from vejviser.hsds import extension

    row_id = new_id()
    report, (row,) = _one_row(app, {"freq": "WEEKLY", "opens_at": "10:00", "closes_at": "14:00",
                                    "attributes": [extension.attribute("on_holidays", "true",
                                                                       row_id, "schedule")]})
    assert report.notes == []
    assert (row.on_holidays, row.byday, row.see_description) == (True, "", False)
