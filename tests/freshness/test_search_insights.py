"""What people searched for and did not find: counted per week, with query text kept only when
three people typed it that week, and never a CPR number, e-mail address or phone number."""
from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select

from tests.factories import Catalogue
from tests.freshness.clock import Clock
from vejviser import insights
from vejviser.db import db
from vejviser.models import SearchQueryWeek, SearchWeek

PERSONAL = ["0101901234", "010190-1234", "01 01 90 1234", "０１０１９０-１２３４",
            "jens@example.dk", "+45 12 34 56 78", "12345678", "ring 12 34 56 78"]


@pytest.fixture
def clock(app: Flask) -> Clock:
    return Clock(app, "2026-12-09 10:00")  # a Wednesday


def _search(client, text: str, times: int = 1, api: bool = False) -> None:  # noqa: ANN001
    for _ in range(times):
        url = "/api/v1/search" if api else "/"
        assert client.get(url, query_string={"q": text}).status_code == 200


def _everything_stored(app: Flask) -> str:
    with app.app_context():
        rows = db.session.scalars(select(SearchQueryWeek)).all()
        return " ".join(f"{row.query} {row.digest}" for row in rows)


def test_fodplejeklinik_shows_up_and_cpr_numbers_never_are_stored(
        app: Flask, client, clock: Clock, catalogue: Catalogue) -> None:  # noqa: ANN001
    catalogue.offer(name="Varmestuen")
    _search(client, "fodplejeklinik", 2)
    _search(client, "Fodplejeklinik?", api=True)
    _search(client, "varmestue", 3)
    for text in PERSONAL:
        _search(client, text, 3)
    _search(client, "Jens Hansen", 2)  # a citizen's name, typed twice: never kept as text
    with app.app_context():
        (week,) = insights.weekly_insights(db.session)
        assert insights.stored_texts(db.session) == ["fodplejeklinik", "varmestue"]
    assert week.not_found == [("fodplejeklinik", 3)]
    assert week.top == [("fodplejeklinik", 3), ("varmestue", 3)]
    assert week.searches == 3 + 3 + 3 * len(PERSONAL) + 2
    stored = _everything_stored(app)
    for digits in ("1234", "5678", "0101", "example", "jens"):
        assert digits not in stored.lower()
    result = app.test_cli_runner().invoke(args=["search-insights"])
    assert result.exit_code == 0
    assert "Fandt intet" in result.output and "fodplejeklinik" in result.output
    assert "Jens" not in result.output and "1234" not in result.output


def test_rare_queries_are_forgotten_when_the_week_is_over_and_old_weeks_after_13_months(
        app: Flask, client, clock: Clock) -> None:  # noqa: ANN001
    _search(client, "jens hansen", 2)
    _search(client, "varmestue", 3)
    clock.set("2026-12-14 09:00")  # the next Monday: the first search of a week tidies up
    _search(client, "herberg")
    with app.app_context():
        rows = db.session.execute(select(SearchQueryWeek.week, SearchQueryWeek.query)).all()
        assert sorted((str(week), query) for week, query in rows) == [
            ("2026-12-07", "varmestue"), ("2026-12-14", None)]
        assert db.session.get(SearchWeek, insights.week_of(clock.moment)).searches == 1
    clock.set("2028-01-19 09:00")  # more than 13 months after both weeks
    _search(client, "herberg")
    with app.app_context():
        weeks = db.session.scalars(select(SearchWeek.week)).all()
        assert [str(week) for week in weeks] == ["2028-01-17"]
        assert insights.stored_texts(db.session) == []


def test_the_threshold_is_a_setting_and_turning_pages_is_not_searching(
        app: Flask, client, clock: Clock) -> None:  # noqa: ANN001
    app.config["SEARCH_INSIGHTS_MIN_COUNT"] = 2
    _search(client, "sprøjtebytte", 2)
    client.get("/?q=natcafé&page=2")
    with app.app_context():
        assert insights.stored_texts(db.session) == ["sprøjtebytte"]
        assert db.session.get(SearchWeek, insights.week_of(clock.moment)).searches == 2


def test_a_server_gathers_counts_and_writes_them_together(
        app: Flask, client, clock: Clock) -> None:  # noqa: ANN001
    """Not a write per search: counts wait in memory until the interval has passed (the search
    that finds them due writes them all), and a CPR number is not even kept there."""
    app.config["SEARCH_INSIGHTS_FLUSH_SECONDS"] = 60
    _search(client, "fodplejeklinik", 2)
    _search(client, "0101901234", api=True)
    with app.app_context():
        assert db.session.scalars(select(SearchWeek)).all() == []  # nothing written yet
    gathered = app.extensions["vejviser.search_counts"].pending
    assert "0101901234" not in repr(gathered) and "1234" not in repr(gathered)
    clock.set("2026-12-09 10:01")
    _search(client, "fodplejeklinik")  # a minute on: this search writes all four
    with app.app_context():
        (week,) = insights.weekly_insights(db.session)
        assert week.searches == 4 and week.not_found == [("fodplejeklinik", 3)]
    _search(client, "varmestue")
    with app.app_context():  # the next round waits again
        assert db.session.get(SearchWeek, insights.week_of(clock.moment)).searches == 4
