"""Fuzzing with hypothesis (issue 15, item 6): search parameters and hours data never crash.

    .venv/bin/python benchmarks/fuzz.py                   # 100,000 cases, several minutes
    .venv/bin/python benchmarks/fuzz.py --cases 2000      # a quick look

- search: random query strings for ``/api/v1/search`` and the search page ``/`` (every
  parameter, text from all of Unicode as well as near-valid values: dates, points, numbers)
  against a small catalogue: the answer is 200 or 400 with a message, never a 500;
- hours: random opening-hour rows (times, days, dates, flags as text from anywhere) are read
  as the forms and the import read them (only ``ValueError`` with a message may come out), and
  the rows that read are asked "open at ...?", "next change?" and "the week?" at random moments:
  no exception at all.

``tests/operations/test_fuzz.py`` runs a few hundred cases of each in the suite.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask import Flask  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from vejviser.hours import engine  # noqa: E402
from vejviser.hours.model import OpeningHours  # noqa: E402
from vejviser.hours.reading import read_exception_row, read_weekly_row  # noqa: E402

SEARCH_KEYS = ("q", "category", "target_group", "attribute", "language", "open_at", "open_now",
               "near", "postcode", "radius_km", "sort", "page", "per_page", "lang")
NEAR_VALID = st.sampled_from([
    "varmestue", "natcafé", "kvindekrisecenter", "2026-12-24T22:30", "2026-02-30T10:00", "24:00",
    "55.39,10.38", "55.39, 10.38", "91,181", "nan,nan", "inf", "-1", "0", "1e308", "5000",
    "5000 Odense", "distance", "relevance", "name", "true", "false", "ja", "1", "10000000000",
    "' OR 1=1 --", "<script>", "*", "?", "AND OR NOT", '"', "~2", "a" * 500, "\x00", "%00",
    "😀", "ø" * 300, "-5", "2.5", "1,2,3"])
QUERY = st.lists(st.tuples(st.sampled_from(SEARCH_KEYS), st.one_of(st.text(max_size=60),
                                                                   NEAR_VALID)),
                 max_size=6)
HOURS_TEXT = st.one_of(st.text(max_size=12), st.sampled_from([
    "", "09:00", "9.30", "22.00", "24:00", "00:00", "23:59", "25:00", "9", "09:00Z",
    "09:00+02:00", "9:00-0500", "man,ons", "MO,TU", "lør-søn", "man,man", "2026-12-24",
    "2026-02-30", "2026-13-01", "ja", "nej", "1", "0", "true", None]))
ROW_KEYS = ("opens_at", "closes_at", "byday", "valid_from", "valid_to", "all_day",
            "by_appointment", "on_holidays", "past_midnight", "see_description", "description",
            "date_from", "date_to", "closed", "note", "timezone")
ROWS = st.dictionaries(st.sampled_from(ROW_KEYS), HOURS_TEXT, max_size=8)
MOMENTS = st.datetimes(datetime(2025, 1, 1), datetime(2028, 12, 31))


def search_app(folder: Path) -> Flask:
    """An app with a small catalogue of varied offers, limits off."""
    from tests.factories import all_day, closed_on, make_offer, weekly
    from vejviser import create_app
    from vejviser.db import Base, db

    app = create_app({"SECRET_KEY": "fuzz", "INSTANCE_DIR": str(folder / "instance"),
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'fuzz.sqlite3'}",
                      "INDEX_DIR": str(folder / "index"), "RATELIMIT_ENABLED": False,
                      "WTF_CSRF_ENABLED": False})
    with app.app_context():
        Base.metadata.create_all(db.engine)
        for number in range(30):
            schedules = [all_day()] if number % 5 == 0 else [weekly(opens="18:00",
                                                                    closes="02:00")]
            make_offer(db.session, name=f"Varmestue nummer {number}", schedules=schedules,
                       exceptions=[closed_on("2026-12-24")] if number % 7 == 0 else [])
        db.session.commit()
        db.session.remove()
    return app


def fuzz_search(app: Flask, cases: int) -> int:
    """``cases`` random searches through the API and the page; the number of 400 answers."""
    client = app.test_client()
    refused = [0]

    @settings(max_examples=cases, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck))
    @given(QUERY, st.integers(0, 9))
    def one(pairs: list[tuple[str, str]], which: int) -> None:
        path = "/" if which == 0 else "/api/v1/search"
        answer = client.get(path, query_string=pairs)
        assert answer.status_code in (200, 400), (path, pairs, answer.status_code)
        if answer.status_code == 400:
            refused[0] += 1
            if path != "/":
                assert answer.json and answer.json["error"]["message"], pairs

    one()
    return refused[0]


def fuzz_hours(cases: int) -> int:
    """``cases`` random sets of rows read and evaluated; the number of rows refused."""
    refused = [0]

    @settings(max_examples=cases, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.lists(ROWS, max_size=4), st.lists(ROWS, max_size=3), MOMENTS)
    def one(weekly: list[dict[str, Any]], exceptional: list[dict[str, Any]],
            at: datetime) -> None:
        rules, exceptions = [], []
        for row, read, into in [(r, read_weekly_row, rules) for r in weekly] + \
                [(r, read_exception_row, exceptions) for r in exceptional]:
            try:
                into.append(read(row))  # type: ignore[operator]
            except ValueError as error:
                assert str(error), row  # a refusal says why
                refused[0] += 1
        hours = OpeningHours(tuple(rules), tuple(exceptions))
        local = at.replace(tzinfo=engine.local(0).tzinfo)
        engine.is_open(hours, local)
        engine.next_change(hours, local)
        engine.effective_week(hours, at.date() - timedelta(days=at.weekday()))
        engine.upcoming_changes(hours, date(at.year, at.month, 1), horizon_days=14)

    one()
    return refused[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000, help="in all (default 100,000)")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    search_cases, hours_cases = args.cases // 2, args.cases - args.cases // 2
    with tempfile.TemporaryDirectory(prefix="vejviser-fuzz-") as folder:
        app = search_app(Path(folder))
        started = time.monotonic()
        refused = fuzz_search(app, search_cases)
        search_seconds = time.monotonic() - started
    started = time.monotonic()
    rows_refused = fuzz_hours(hours_cases)
    hours_seconds = time.monotonic() - started
    print(f"fuzz ({args.cases:,} cases; load before {load:.2f}, after {os.getloadavg()[0]:.2f})")
    print(f"  search parameters {search_cases:>8,} cases {search_seconds:7.0f} s  no 500 "
          f"(400 with a message: {refused:,})")
    print(f"  hours data        {hours_cases:>8,} cases {hours_seconds:7.0f} s  no crash "
          f"(rows refused with a message: {rows_refused:,})")


if __name__ == "__main__":
    main()
