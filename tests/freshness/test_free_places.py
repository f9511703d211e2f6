"""Tonight's free places: the shelter taps a number on a no-login page, and cards, the detail page,
the API and the "Ledig plads i nat" filter show it until 08:00 the next morning, then nothing."""
from __future__ import annotations

import re

import pytest
from flask import Flask
from sqlalchemy import func, select

from tests.factories import Catalogue, all_day
from tests.freshness.clock import Clock
from tests.web.conftest import csrf_token_in, page_of
from vejviser.catalogue.free_places import expires_at
from vejviser.db import db
from vejviser.local_time import COPENHAGEN
from vejviser.models import FreePlacesLog, Offer, Revision

SHELTER = {"name": "Nødherberget", "categories": ["herberg"], "schedules": [all_day()]}


@pytest.fixture
def clock(app: Flask) -> Clock:
    return Clock(app, "2026-12-07 19:40")


@pytest.fixture
def shelter(catalogue: Catalogue) -> str:
    return catalogue.offer(**SHELTER)


def _link(app: Flask, slug: str) -> str:
    result = app.test_cli_runner().invoke(args=["free-places-link", slug, "--label", "Vagten"])
    assert result.exit_code == 0, result.output
    return re.search(r"https?://\S+(/ledige-pladser/\S+)", result.output).group(1)


def _tap(client, link: str, places: str):  # noqa: ANN001, ANN202
    token = csrf_token_in(client.get(link).get_data(as_text=True))
    return client.post(link, data={"csrf_token": token, "places": places})


def _shown(client, slug: str) -> tuple[str, str, object]:  # noqa: ANN001
    card = page_of(client.get("/?q=nødherberget")).text
    detail = page_of(client.get(f"/tilbud/{slug}")).text
    api = client.get(f"/api/v1/offers/{slug}").get_json()["free_places_tonight"]
    return card, detail, api


def test_one_tap_sets_the_figure_shown_until_eight_the_next_morning(
        app: Flask, client, clock: Clock, shelter: str) -> None:  # noqa: ANN001
    link = _link(app, shelter)
    opened = client.get(link)
    assert opened.status_code == 200 and "Hvor mange pladser er ledige i nat?" in opened.text
    with app.app_context():  # opening the link (as a mail scanner would) changed nothing
        assert db.session.scalar(select(func.count()).select_from(FreePlacesLog)) == 0
    assert client.post(link, data={"places": "2"}).status_code == 400  # no CSRF token
    saved = _tap(client, link, "2")
    assert saved.status_code == 303
    assert "Gemt" in client.get(saved.headers["Location"]).text
    card, detail, api = _shown(client, shelter)
    assert "2 ledige pladser i nat · opdateret kl. 19.40" in card
    assert "2 ledige pladser i nat · opdateret kl. 19.40" in detail
    assert api["places"] == 2 and api["text"] == "2 ledige pladser i nat · opdateret kl. 19.40"
    clock.set("2026-12-08 07:59")
    assert "2 ledige pladser i nat" in _shown(client, shelter)[0]
    clock.set("2026-12-08 08:00")
    card, detail, api = _shown(client, shelter)
    assert "ledige pladser" not in card and "ledige pladser" not in detail and api is None


def test_full_is_said_plainly_and_the_log_not_the_offer_keeps_who_and_when(
        app: Flask, client, clock: Clock, shelter: str) -> None:  # noqa: ANN001
    link = _link(app, shelter)
    with app.app_context():
        version = db.session.scalar(select(Offer.version).where(Offer.slug == shelter))
        revisions = db.session.scalar(select(func.count()).select_from(Revision))
    _tap(client, link, "3")
    clock.set("2026-12-07 22:15")
    _tap(client, link, "0")
    assert "Fuldt i nat · opdateret kl. 22.15" in _shown(client, shelter)[0]
    with app.app_context():
        log = db.session.scalars(select(FreePlacesLog).order_by(FreePlacesLog.id)).all()
        assert [(row.places, row.set_by) for row in log] == [(3, "link 1 (Vagten)"),
                                                             (0, "link 1 (Vagten)")]
        assert db.session.scalar(select(Offer.version).where(Offer.slug == shelter)) == version
        assert db.session.scalar(select(func.count()).select_from(Revision)) == revisions


def test_the_filter_finds_free_places_only_while_the_figure_holds(
        app: Flask, client, clock: Clock, catalogue: Catalogue) -> None:  # noqa: ANN001
    free, full, silent = catalogue.offers({**SHELTER, "name": "Herberg Nord"},
                                          {**SHELTER, "name": "Herberg Syd"},
                                          {**SHELTER, "name": "Herberg Øst"})
    _tap(client, _link(app, free), "4")
    _tap(client, _link(app, full), "0")

    def found() -> list[str]:
        body = client.get("/api/v1/search?free_tonight=1").get_json()
        return [item["slug"] for item in body["results"]]

    assert found() == [free]
    page = page_of(client.get("/?free_tonight=1"))
    assert "Herberg Nord" in page.text and "Herberg Syd" not in page.text
    assert "Ledig plads i nat" in page.text  # the checkbox and its chip
    clock.set("2026-12-08 08:00")
    assert found() == []
    assert silent not in found()


def test_a_figure_set_after_midnight_belongs_to_the_evening_before() -> None:
    from datetime import datetime

    late = datetime(2026, 12, 8, 1, 30, tzinfo=COPENHAGEN)
    assert expires_at(late) == datetime(2026, 12, 8, 8, 0, tzinfo=COPENHAGEN)
    evening = datetime(2026, 12, 7, 19, 40, tzinfo=COPENHAGEN)
    assert expires_at(evening) == datetime(2026, 12, 8, 8, 0, tzinfo=COPENHAGEN)


def test_a_revoked_or_made_up_link_is_a_danish_404_and_bad_numbers_a_400(
        app: Flask, client, clock: Clock, shelter: str) -> None:  # noqa: ANN001
    link = _link(app, shelter)
    assert _tap(client, link, "mange").status_code == 400
    assert _tap(client, link, "9999").status_code == 400
    result = app.test_cli_runner().invoke(args=["free-places-link", shelter, "--revoke"])
    assert result.exit_code == 0 and "1 link er spærret" in result.output
    gone = client.get(link)
    assert gone.status_code == 404 and "Linket virker ikke længere" in gone.text
    assert client.get("/ledige-pladser/opdigtet").status_code == 404
    missing = app.test_cli_runner().invoke(args=["free-places-link", "findes-ikke"])
    assert missing.exit_code == 1 and "intet offentligt tilbud" in missing.output
