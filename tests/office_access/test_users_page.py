"""The consultant's users page: change role, disable, organisations with no active editor."""
from __future__ import annotations

from flask import Flask

from tests.accounts import make_account, post_form, sign_in
from tests.factories import Catalogue
from vejviser.db import db
from vejviser.models import Account, Organization


def test_the_consultant_manages_users(app: Flask, catalogue: Catalogue) -> None:
    kept = catalogue.organization(name="Kirkens Korshær")
    catalogue.organization(name="Foreningen Varmen")
    with app.app_context():
        session = db.session()
        me = make_account(session, "consultant", email="konsulent@odense.dk").id
        bo = make_account(session, "volunteer", email="bo@example.dk",
                          organisations=[session.get(Organization, kept)]).id
        db.session.commit()
    client = app.test_client()
    sign_in(client, "konsulent@odense.dk")
    page = client.get("/kontor/brugere").get_data(as_text=True)
    assert "bo@example.dk" in page
    orphans = page.split("Organisationer uden aktiv redaktør")[1]
    assert "Foreningen Varmen" in orphans and "Kirkens Korshær" not in orphans

    bo_client = app.test_client()
    sign_in(bo_client, "bo@example.dk")
    assert post_form(client, f"/kontor/brugere/{bo}/rolle", {"role": "editor"}).status_code == 303
    assert "bo@example.dk er nu redaktør." in client.get("/kontor/brugere").get_data(as_text=True)
    assert bo_client.get("/kontor/").status_code == 302  # a new role: sign in again
    sign_in(bo_client, "bo@example.dk")
    assert post_form(client, f"/kontor/brugere/{bo}/aktiv", {"active": "0"}).status_code == 303
    assert bo_client.get("/kontor/").status_code == 302
    page = client.get("/kontor/brugere").get_data(as_text=True)
    assert "Deaktiveret" in page
    assert "Kirkens Korshær" in page.split("Organisationer uden aktiv redaktør")[1]
    assert sign_in(app.test_client(), "bo@example.dk").status_code == 200

    bad_role = post_form(client, f"/kontor/brugere/{bo}/rolle", {"role": "admin"})
    assert bad_role.status_code == 303
    assert "Ukendt rolle: admin." in client.get("/kontor/brugere").get_data(as_text=True)
    post_form(client, f"/kontor/brugere/{me}/aktiv", {"active": "0"})
    assert "Du kan ikke ændre din egen rolle" in client.get(
        "/kontor/brugere").get_data(as_text=True)
    assert client.get("/kontor/brugere").status_code == 200
    assert post_form(client, "/kontor/brugere/9999/rolle", {"role": "editor"}).status_code == 404
    with app.app_context():
        assert db.session.get(Account, me).active  # type: ignore[union-attr]


def test_the_back_office_speaks_english_too(app: Flask) -> None:
    client = app.test_client()
    page = client.get("/login?lang=en").get_data(as_text=True)
    assert '<html lang="en"' in page and "Sign in" in page and "E-mail address" in page
    assert "Log ind" not in page


def test_editors_and_volunteers_cannot_see_users(app: Flask) -> None:
    with app.app_context():
        make_account(db.session(), "editor", email="maja@odense.dk")
        db.session.commit()
    client = app.test_client()
    sign_in(client, "maja@odense.dk")
    answer = client.get("/kontor/brugere")
    assert answer.status_code == 403
    assert 'href="/kontor/brugere"' not in client.get("/kontor/").get_data(as_text=True)
