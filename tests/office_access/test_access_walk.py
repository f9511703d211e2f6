"""Access control is complete by construction (issue 10, item 9).

Every route declares who may use it; every back-office route is tried as anonymous, as a
volunteer of another organisation, and with a valid session but no CSRF token: a redirect to the
login, 403 or 400 — never a 2xx on a change, and never a change in the database.
"""
from __future__ import annotations

import pytest
from flask import Flask

from tests.accounts import csrf_token, make_account, sign_in
from tests.factories import Catalogue
from tests.office_access.walk import back_office_routes, dump
from vejviser.accounts.roles import ROLE_RANK
from vejviser.db import db
from vejviser.models import Account, Offer, Organization
from vejviser.web.access import undeclared_endpoints

#: A form's worth of fields for a POST that should be refused whatever it says.
PAYLOAD = {"email": "ny@example.dk", "name": "Ny", "role": "consultant", "active": "0",
           "password": "et-langt-nok-kodeord", "password_again": "et-langt-nok-kodeord",
           "code": "123456", "comment": "x"}


def test_every_route_declares_who_may_use_it(app: Flask) -> None:
    assert undeclared_endpoints(app) == []


def test_an_undeclared_route_is_caught(app: Flask) -> None:
    @app.route("/glemt")
    def forgotten() -> str:
        return "hemmeligt"

    assert undeclared_endpoints(app) == ["forgotten"]


@pytest.fixture
def world(app: Flask, catalogue: Catalogue) -> dict[str, object]:
    """Two organisations with an offer each; a volunteer of the first, a consultant; the values
    the walk puts in URLs all belong to the *second* organisation or the consultant."""
    own = catalogue.organization(name="Egen forening")
    other = catalogue.organization(name="Anden forening")
    slug = catalogue.offer(name="Andens varmestue", organization=other)
    with app.app_context():
        session = db.session()
        make_account(session, "volunteer", email="frivillig@example.dk",
                     organisations=[session.get(Organization, own)])
        consultant = make_account(session, "consultant", email="konsulent@example.dk")
        offer = session.query(Offer).filter_by(slug=slug).one()
        db.session.commit()
        values = {"account": consultant.id, "offer": offer.id, "slug": slug,
                  "organi": other, "revision": 1, "proposal": 1, "term": 1, "report": 1}
    return values


def test_anonymous_is_sent_to_login_and_nothing_changes(app: Flask,
                                                        world: dict[str, object]) -> None:
    client = app.test_client()
    before = dump(app)
    routes = list(back_office_routes(app, world))
    assert any(route.method == "POST" for route in routes)
    for route in routes:
        answer = client.open(route.url, method=route.method, data=PAYLOAD)
        assert answer.status_code in (302, 400), (route, answer.status_code)
        if answer.status_code == 302:
            assert answer.headers["Location"].startswith("/login?next="), route
    assert dump(app) == before


def test_a_volunteer_of_another_organisation_changes_nothing(app: Flask,
                                                             world: dict[str, object]) -> None:
    client = app.test_client()
    assert sign_in(client, "frivillig@example.dk").status_code == 303
    token = csrf_token(client, "/kontor/")
    before = dump(app)
    for route in back_office_routes(app, world):
        if route.endpoint == "auth.logout":
            continue  # signing out is hers to do (and changes her own token): tested elsewhere
        answer = client.open(route.url, method=route.method,
                             data={**PAYLOAD, "csrf_token": token})
        if ROLE_RANK.get(route.level, 0) > ROLE_RANK["volunteer"]:
            assert answer.status_code == 403, (route, answer.status_code)
            assert "Du har ikke adgang til denne side" in answer.get_data(as_text=True)
        elif route.method != "GET":
            assert answer.status_code in (303, 400, 403, 404, 409), (route, answer.status_code)
        elif route.has_arguments:
            # Her pages about a thing (an offer, a revision...) are about the other
            # organisation's here: refused, or not found.
            assert answer.status_code in (403, 404), (route, answer.status_code)
    assert dump(app) == before


def test_a_session_without_csrf_changes_nothing(app: Flask, world: dict[str, object]) -> None:
    client = app.test_client()
    sign_in(client, "konsulent@example.dk")
    before = dump(app)
    posts = [route for route in back_office_routes(app, world) if route.method != "GET"]
    for route in posts:
        answer = client.open(route.url, method=route.method, data=PAYLOAD)
        assert answer.status_code == 400, (route, answer.status_code)
        assert "Der er ikke gemt noget" in answer.get_data(as_text=True)
    assert dump(app) == before
    assert client.get("/kontor/").status_code == 200  # still signed in


def test_a_disabled_consultant_is_turned_away(app: Flask, world: dict[str, object]) -> None:
    client = app.test_client()
    sign_in(client, "konsulent@example.dk")
    with app.app_context():
        account = db.session.query(Account).filter_by(email="konsulent@example.dk").one()
        account.active = False
        db.session.commit()
    assert client.get("/kontor/brugere").status_code == 302
