"""Tonight's free places from the back office: a volunteer sets the figure for her own
organisation's shelter (logged under her name, shown on the card until 08:00), makes a one-tap
link shown once and revokes it; another organisation's volunteer is refused; bad figures are
refused in Danish with nothing stored."""
from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.accounts import csrf_token
from tests.factories import Catalogue, all_day
from tests.freshness.clock import Clock
from tests.freshness.office import refused_and_unchanged, signed_in
from tests.office_access.walk import dump
from tests.web.conftest import page_of
from vejviser.db import db
from vejviser.models import Offer


@pytest.fixture
def clock(app: Flask) -> Clock:
    return Clock(app, "2026-12-07 19:40")


@pytest.fixture
def world(app: Flask, catalogue: Catalogue) -> dict[str, str]:
    own = catalogue.organization(name="Herbergsforeningen")
    other = catalogue.organization(name="Anden forening")
    slug = catalogue.offer(name="Nødherberget", organization=own, schedules=[all_day()])
    hidden = catalogue.offer(name="Lukket herberg", organization=own, status="inactive")
    with app.app_context():
        ids = {offer.slug: offer.id for offer in db.session.query(Offer)}
    return {"own": own, "other": other, "slug": slug, "offer": ids[slug],
            "hidden": ids[hidden]}


def _page(world: dict[str, str]) -> str:
    return f"/kontor/tilbud/{world['offer']}/ledige-pladser"


def _post(client: FlaskClient, path: str, data: dict[str, str], page: str):  # noqa: ANN202
    return client.post(path, data={**data, "csrf_token": csrf_token(client, page)})


def test_a_volunteer_sets_tonights_figure_for_her_shelter(app: Flask, clock: Clock,
                                                          world: dict[str, str]) -> None:
    vera = signed_in(app, "volunteer", world["own"], email="vera@example.dk")
    page = _page(world)
    assert "Ledige pladser" in vera.get("/kontor/tilbud").get_data(as_text=True)
    saved = _post(vera, page, {"places": "2"}, page)
    assert saved.status_code == 303
    shown = vera.get(page).get_data(as_text=True)
    assert "2 ledige pladser i nat · opdateret kl. 19.40" in shown
    assert re.search(r"07\.12\.2026 19\.40</td><td>Volunteer</td><td>2</td>", shown)
    assert "2 ledige pladser i nat" in page_of(app.test_client().get("/?q=nødherberget")).text
    clock.set("2026-12-07 22:10")
    assert _post(vera, page, {"full": "1", "places": ""}, page).status_code == 303
    assert "Fuldt i nat · opdateret kl. 22.10" in page_of(
        app.test_client().get("/?q=nødherberget")).text
    clock.set("2026-12-08 08:00")  # the next morning: nothing
    card = page_of(app.test_client().get("/?q=nødherberget")).text
    assert "Fuldt i nat" not in card and "ledige pladser" not in card


def test_a_link_is_shown_once_works_and_is_revoked(app: Flask, clock: Clock,
                                                   world: dict[str, str]) -> None:
    karen = signed_in(app)
    page = _page(world)
    made = _post(karen, page + "/link", {"label": "Nattevagten"}, page)
    assert made.status_code == 200 and made.headers["Cache-Control"] == "no-store"
    link = re.search(r'href="http://localhost(/ledige-pladser/[^"]+)"', made.get_data(as_text=True))
    assert link, made.get_data(as_text=True)
    later = karen.get(page).get_data(as_text=True)
    assert link.group(1) not in later and "Nattevagten" in later  # listed, never shown again
    assert app.test_client().get(link.group(1)).status_code == 200
    revoked = _post(karen, page + "/spaer", {}, page)
    assert revoked.status_code == 303
    assert "1 link er spærret." in karen.get(page).get_data(as_text=True)
    assert app.test_client().get(link.group(1)).status_code == 404


@pytest.mark.parametrize(("places", "message"), [
    ("-3", "Skriv antallet af ledige pladser som et helt tal"),
    ("to", "Skriv antallet af ledige pladser som et helt tal"),
    ("", "Skriv antallet af ledige pladser som et helt tal"),
    ("501", "Antallet skal være mellem 0 og 500."),
    ("99999", "Skriv antallet af ledige pladser som et helt tal"),
])
def test_a_bad_figure_is_refused_in_danish_and_nothing_is_stored(
        app: Flask, clock: Clock, world: dict[str, str], places: str, message: str) -> None:
    karen = signed_in(app)
    refused_and_unchanged(app, karen, _page(world), {"places": places}, message)


def test_an_inactive_offer_gets_no_figure_nor_link(app: Flask, clock: Clock,
                                                   world: dict[str, str]) -> None:
    karen = signed_in(app)
    page = f"/kontor/tilbud/{world['hidden']}/ledige-pladser"
    token = csrf_token(karen, page)
    before = dump(app)
    for path, data in ((page, {"places": "3"}), (page + "/link", {"label": "x"})):
        answer = karen.post(path, data={**data, "csrf_token": token})
        assert answer.status_code == 409
        assert "Tilbuddet er ikke offentligt" in answer.get_data(as_text=True)
    assert dump(app) == before


def test_other_people_and_unknown_offers(app: Flask, clock: Clock,
                                         world: dict[str, str]) -> None:
    page = _page(world)
    assert app.test_client().get(page).headers["Location"].startswith("/login?next=")
    olga = signed_in(app, "volunteer", world["other"], email="olga@example.dk")
    token = csrf_token(olga, "/kontor/")
    karen = signed_in(app)
    before = dump(app)
    assert olga.get(page).status_code == 403
    for path in (page, page + "/link", page + "/spaer"):
        assert olga.post(path, data={"places": "2", "csrf_token": token}).status_code == 403
        assert olga.post(path, data={"places": "2"}).status_code == 400  # no CSRF token
    assert karen.get("/kontor/tilbud/findes-ikke/ledige-pladser").status_code == 404
    assert dump(app) == before
