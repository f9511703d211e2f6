"""The consultant's "Søgninger" page: zero-result and top searches per week with a chart (inline
SVG with its figures in words), only texts searched 3 times that week, and "Tilføj som synonym",
which makes the next search find the offer."""
from __future__ import annotations

import re

import pytest
from flask import Flask
from sqlalchemy import func, select

from tests.accounts import csrf_token
from tests.factories import Catalogue
from tests.freshness.clock import Clock
from tests.freshness.office import refused_and_unchanged, signed_in
from vejviser.db import db
from vejviser.models import SearchWeek, SynonymGroup

PAGE = "/kontor/soegninger"


@pytest.fixture
def clock(app: Flask) -> Clock:
    return Clock(app, "2026-12-09 10:00")  # a Wednesday, week 50


@pytest.fixture
def searched(app: Flask, clock: Clock, catalogue: Catalogue) -> str:
    """A foot-care offer; "fodplejeklinik" searched 4 times (finds nothing), a name twice."""
    slug = catalogue.offer(name="Fodpleje for hjemløse",
                           description="Gratis fodpleje hver tirsdag.")
    client = app.test_client()
    for text, times in (("fodplejeklinik", 4), ("Jens Hansen", 2), ("fodpleje", 3),
                        ("0101901234", 3), ("010190-1234", 3), ("01 01 90 1234", 3)):
        for _ in range(times):
            assert client.get("/", query_string={"q": text}).status_code == 200
    return slug


def _found(app: Flask, text: str) -> list[str]:
    answer = app.test_client().get("/api/v1/search", query_string={"q": text})
    return [item["slug"] for item in answer.get_json()["results"]]


def test_the_week_its_chart_and_only_texts_searched_three_times(
        app: Flask, searched: str) -> None:
    page = signed_in(app).get(PAGE)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Uge 50, 2026" in text
    assert "18 søgninger, heraf 15 uden resultater." in text  # the rare and personal counted
    svg = re.search(r"<svg class=\"bar-chart\".*?</svg>", text, re.S).group(0)
    assert "<title" in svg and "fodplejeklinik: 4" in svg  # the figures in words for readers
    assert "<script" not in svg and "<th scope=\"row\">fodpleje</th><td>3</td>" in text
    assert "Jens Hansen".lower() not in text.lower()  # twice is not enough to be kept
    assert "1234" not in text


def test_add_as_synonym_makes_the_next_search_find_the_offer(app: Flask, searched: str) -> None:
    assert _found(app, "fodplejeklinik") == []
    client = signed_in(app)
    answer = client.post(PAGE + "/synonym", data={
        "word": "fodplejeklinik", "meaning": "fodpleje", "csrf_token": csrf_token(client, PAGE)})
    assert answer.status_code == 303
    assert "finder nu også" in client.get(PAGE).get_data(as_text=True)
    assert _found(app, "fodplejeklinik") == [searched]
    with app.app_context():  # the shipped groups were stored first, not dropped
        assert db.session.scalar(select(func.count(SynonymGroup.id))) > 5


@pytest.mark.parametrize(("form", "message"), [
    ({"word": "fodplejeklinik", "meaning": ""}, "Skriv det ord, søgningen skal betyde"),
    ({"word": "fodplejeklinik", "meaning": "fodplejeklinik"}, "Skriv et andet ord"),
    ({"word": "fodplejeklinik", "meaning": "fod, pleje"}, "uden komma"),
    ({"word": "jens hansen", "meaning": "fodpleje"}, "står ikke på listen"),  # forged
    ({"word": "sovested", "meaning": "herberg"}, "står ikke på listen"),
])
def test_a_bad_synonym_is_refused_in_danish_and_nothing_is_stored(
        app: Flask, searched: str, form: dict[str, str], message: str) -> None:
    refused_and_unchanged(app, signed_in(app), PAGE + "/synonym", form, message, form_page=PAGE)


def test_a_word_already_in_a_group_is_refused(app: Flask, searched: str) -> None:
    client = signed_in(app)
    token = csrf_token(client, PAGE)
    data = {"word": "fodplejeklinik", "meaning": "fodpleje", "csrf_token": token}
    assert client.post(PAGE + "/synonym", data=data).status_code == 303
    again = client.post(PAGE + "/synonym", data={**data, "meaning": "sovested"})
    assert again.status_code == 400
    assert "står allerede i en synonymgruppe" in again.get_data(as_text=True)


def test_weeks_older_than_13_months_are_gone_from_the_page(app: Flask, clock: Clock,
                                                           searched: str) -> None:
    clock.set("2028-01-19 09:00")
    app.test_client().get("/", query_string={"q": "varmestue"})  # a new week's first search
    with app.app_context():
        assert [str(week) for week in db.session.scalars(select(SearchWeek.week))] \
            == ["2028-01-17"]
    assert "Uge 50, 2026" not in signed_in(app).get(PAGE).get_data(as_text=True)
