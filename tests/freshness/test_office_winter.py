"""Kuldeberedskab from the back office: the consultant prepares a warming room's winter hours in
the hour-row form, switches the plan on until Sunday 12:00 (search and open now follow at once,
the normal hours again from that minute), ends it early; each switch is in the offer's history
and the changes feed. Bad input is refused in Danish with nothing stored."""
from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from tests.accounts import csrf_token
from tests.factories import Catalogue
from tests.freshness.clock import Clock
from tests.freshness.office import refused_and_unchanged, signed_in
from tests.freshness.winter import WARMING_ROOM
from tests.office_access.walk import dump
from vejviser.db import db
from vejviser.models import Offer, Revision, WinterHours

PLAN = "/kontor/vinterberedskab"


@pytest.fixture
def clock(app: Flask) -> Clock:
    return Clock(app, "2026-12-09 20:00")  # a Wednesday evening


@pytest.fixture
def room(app: Flask, catalogue: Catalogue) -> dict[str, str]:
    slug = catalogue.offer(**WARMING_ROOM)
    with app.app_context():
        offer_id = db.session.scalar(select(Offer.id).where(Offer.slug == slug))
    return {"slug": slug, "id": str(offer_id), "form": f"{PLAN}/{offer_id}"}


def _post(client: FlaskClient, path: str, data: dict[str, object],
          page: str = PLAN):  # noqa: ANN202
    return client.post(path, data={**data, "csrf_token": csrf_token(client, page)})


NIGHTS = {"w_present": "1", "w:_:0:byday": ["MO", "TU", "WE", "TH", "FR", "SA", "SU"],
          "w:_:0:opens_at": "20:00", "w:_:0:closes_at": "08:00", "w:_:0:past_midnight": "1",
          "w:_:1:byday": [], "w:_:1:opens_at": "", "w:_:1:closes_at": ""}


def _open_now(app: Flask) -> list[str]:
    answer = app.test_client().get("/api/v1/search?open_now=1")
    return [item["slug"] for item in answer.get_json()["results"]]


def test_prepare_switch_on_until_sunday_and_end_early(app: Flask, clock: Clock,
                                                      room: dict[str, str]) -> None:
    karen = signed_in(app)
    assert "Kuldeberedskabet er ikke aktiveret." in karen.get(PLAN).get_data(as_text=True)
    saved = _post(karen, room["form"], NIGHTS, room["form"])
    assert saved.status_code == 303
    listed = karen.get(PLAN).get_data(as_text=True)
    assert "Varmestuen Kulden" in listed and "20–8" in listed
    clock.set("2026-12-09 23:00")
    assert _open_now(app) == []  # prepared, not in force
    clock.set("2026-12-09 20:00")
    on = _post(karen, PLAN, {"action": "on", "until": "2026-12-13T12:00"})
    assert on.status_code == 303
    state = karen.get(PLAN).get_data(as_text=True)
    assert "Kuldeberedskab aktiveret til søndag 13. december kl. 12.00" in state
    clock.set("2026-12-09 23:00")
    assert _open_now(app) == [room["slug"]]
    clock.set("2026-12-13 07:59")  # Sunday morning: the last winter night, normally closed
    assert _open_now(app) == [room["slug"]]
    clock.set("2026-12-13 12:00")
    assert "Kuldeberedskabet er ikke aktiveret." in karen.get(PLAN).get_data(as_text=True)
    clock.set("2026-12-13 23:00")
    assert _open_now(app) == []  # normal hours again: closed on Sunday night
    clock.set("2026-12-14 11:00")
    assert _open_now(app) == [room["slug"]]  # and open on Monday morning as usual
    clock.set("2026-12-14 20:00")
    assert _post(karen, PLAN, {"action": "on", "until": "2026-12-20T12:00"}).status_code == 303
    clock.set("2026-12-14 21:00")
    assert _open_now(app) == [room["slug"]]
    assert _post(karen, PLAN, {"action": "off"}).status_code == 303
    assert _open_now(app) == []
    with app.app_context():
        history = db.session.scalars(select(Revision.summary).where(
            Revision.action == "winter_plan", Revision.offer_id == room["id"])
            .order_by(Revision.id)).all()
    assert history == ["Kuldeberedskab aktiveret til 13.12.2026 kl. 12.00",
                       "Kuldeberedskab aktiveret til 20.12.2026 kl. 12.00",
                       "Kuldeberedskabet er afsluttet"]
    titles = [c["title"] for c in app.test_client().get("/api/v1/changes").get_json()["changes"]]
    assert "Kuldeberedskab aktiveret til 13.12.2026 kl. 12.00" in titles
    assert titles[0] == "Kuldeberedskabet er slut"


@pytest.mark.parametrize(("data", "status", "message"), [
    ({"action": "on", "until": "søndag"}, 400, "skal være en dato og et klokkeslæt"),
    ({"action": "on", "until": "2026-12-13"}, 400, "mangler klokkeslæt"),
    ({"action": "on", "until": "2026-12-09T19:00"}, 400, "Sluttidspunktet skal ligge efter nu"),
    ({"action": "on", "until": "2027-03-01T12:00"}, 400, "højst aktiveres 31 dage"),
    ({"action": "on", "until": ""}, 400, "Vælg, hvornår kuldeberedskabet skal slutte"),
    ({"action": "off"}, 409, "Kuldeberedskabet er ikke aktiveret."),
    ({"action": "kaput"}, 400, "Formularen kunne ikke læses"),
])
def test_a_bad_switch_is_refused_in_danish_and_nothing_is_stored(
        app: Flask, clock: Clock, room: dict[str, str], data: dict[str, str], status: int,
        message: str) -> None:
    refused_and_unchanged(app, signed_in(app), PLAN, data, message, status)


@pytest.mark.parametrize(("change", "message"), [
    ({"w:_:0:opens_at": "25:00"}, "Ugyldigt klokkeslæt"),
    ({"w:_:0:byday": []}, "vælg mindst én ugedag"),
    ({"w:_:0:past_midnight": "", "w:_:0:opens_at": "16:00", "w:_:0:closes_at": "10:00"},
     "Vinteråbningstid nr. 1"),
    ({"w_present": None}, "Formularen kunne ikke læses"),
])
def test_bad_winter_hours_are_refused_and_the_prepared_ones_kept(
        app: Flask, clock: Clock, room: dict[str, str], change: dict[str, object],
        message: str) -> None:
    karen = signed_in(app)
    assert _post(karen, room["form"], NIGHTS, room["form"]).status_code == 303
    data = {key: value for key, value in {**NIGHTS, **change}.items() if value is not None}
    refused_and_unchanged(app, karen, room["form"], data, message)


def test_removing_every_row_leaves_no_winter_hours(app: Flask, clock: Clock,
                                                   room: dict[str, str]) -> None:
    karen = signed_in(app)
    assert _post(karen, room["form"], NIGHTS, room["form"]).status_code == 303
    gone = _post(karen, room["form"], {**NIGHTS, "w:_:0:delete": "1"}, room["form"])
    assert gone.status_code == 303
    with app.app_context():
        assert db.session.scalars(select(WinterHours)).all() == []


def test_only_the_consultant_and_unknown_offers(app: Flask, clock: Clock, catalogue: Catalogue,
                                                room: dict[str, str]) -> None:
    assert app.test_client().get(PLAN).headers["Location"].startswith("/login?next=")
    own = catalogue.organization(name="Varmestuens forening")
    vera = signed_in(app, "volunteer", own, email="vera@example.dk")
    eva = signed_in(app, "editor")
    karen = signed_in(app)
    tokens = {id(client): csrf_token(client, "/kontor/") for client in (vera, eva)}
    before = dump(app)
    for client in (vera, eva):
        assert client.get(PLAN).status_code == 403
        assert client.post(PLAN, data={"action": "on", "until": "2026-12-13T12:00",
                                       "csrf_token": tokens[id(client)]}).status_code == 403
        assert client.get(room["form"]).status_code == 403
    assert karen.post(PLAN, data={"action": "on", "until": "2026-12-13T12:00"}).status_code \
        == 400  # no CSRF token
    assert karen.get(f"{PLAN}/findes-ikke").status_code == 404
    assert dump(app) == before
