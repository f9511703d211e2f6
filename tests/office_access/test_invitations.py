"""Invitations and resets by mail, read from a real SMTP server (aiosmtpd)."""
from __future__ import annotations

import re
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient

from tests.accounts import csrf_token, make_account, post_form, sign_in
from tests.conftest import free_port
from tests.factories import Catalogue
from vejviser.db import db
from vejviser.models import Account, AccountToken, Organization

NEW_PASSWORD = "vinter-varme-kaffe-2026"


def _link(message: object) -> str:
    found = re.search(r"http://\S+/(invitation|nulstil-adgangskode)/(\S+)", str(message))
    assert found, message
    return f"/{found.group(1)}/{found.group(2)}"


def _consultant(app: Flask, client: FlaskClient) -> None:
    with app.app_context():
        make_account(db.session(), "consultant", email="konsulent@odense.dk")
        db.session.commit()
    assert sign_in(client, "konsulent@odense.dk").status_code == 303


def _organisation(catalogue: Catalogue) -> str:
    return catalogue.organization(name="Foreningen Varmen")


def _set_password(client: FlaskClient, path: str, password: str = NEW_PASSWORD):  # noqa: ANN202
    return client.post(path, data={"password": password, "password_again": password,
                                   "csrf_token": csrf_token(client, path)})


def test_the_consultant_invites_and_the_link_sets_a_password(
        app: Flask, client: FlaskClient, catalogue: Catalogue, smtp_server) -> None:  # noqa: ANN001
    organisation = _organisation(catalogue)
    _consultant(app, client)
    answer = post_form(client, "/kontor/inviter", {
        "email": "Frida@Example.dk", "name": "Frida", "role": "volunteer",
        "organisation": organisation}, form_page="/kontor/inviter")
    assert answer.status_code == 303
    assert "Invitationen er sendt til frida@example.dk." in client.get(
        "/kontor/brugere").get_data(as_text=True)
    [mail] = smtp_server.messages
    assert mail["To"] == "frida@example.dk"
    assert mail["Subject"] == "Invitation til Den sociale vejviser"
    link = _link(mail.get_content())
    visitor = app.test_client()
    page = visitor.get(link).get_data(as_text=True)
    assert "Velkommen til Den sociale vejviser" in page
    short = _set_password(visitor, link, "kort")
    assert short.status_code == 400
    assert "Adgangskoden skal være mindst 12 tegn." in short.get_data(as_text=True)
    assert _set_password(visitor, link).status_code == 303
    assert sign_in(visitor, "frida@example.dk", NEW_PASSWORD).status_code == 303
    # The link worked once.
    again = app.test_client().get(link)
    assert again.status_code == 410
    assert "Linket er allerede brugt" in again.get_data(as_text=True)
    with app.app_context():
        frida = db.session.query(Account).filter_by(email="frida@example.dk").one()
        assert frida.role == "volunteer"
        assert [o.id for o in frida.organisations] == [organisation]


def test_an_expired_invitation_says_so_and_a_resent_one_works(
        app: Flask, client: FlaskClient, catalogue: Catalogue, smtp_server) -> None:  # noqa: ANN001
    organisation = _organisation(catalogue)
    _consultant(app, client)
    post_form(client, "/kontor/inviter", {"email": "bo@example.dk", "role": "volunteer",
                                          "organisation": organisation})
    old_link = _link(smtp_server.messages[-1].get_content())
    with app.app_context():
        for row in db.session.query(AccountToken):
            row.expires_at = row.created_at - timedelta(seconds=1)
        db.session.commit()
        bo = db.session.query(Account).filter_by(email="bo@example.dk").one().id
    expired = app.test_client().get(old_link)
    assert expired.status_code == 410
    text = expired.get_data(as_text=True)
    assert "Linket er udløbet" in text and "sende en ny invitation" in text
    users_page = client.get("/kontor/brugere").get_data(as_text=True)
    assert "Send invitation igen" in users_page and "Inviteret" in users_page
    assert post_form(client, f"/kontor/brugere/{bo}/gensend").status_code == 303
    assert len(smtp_server.messages) == 2
    new_link = _link(smtp_server.messages[-1].get_content())
    assert new_link != old_link
    assert _set_password(app.test_client(), new_link).status_code == 303


def test_a_volunteer_invites_a_colleague_to_her_own_organisation_only(
        app: Flask, catalogue: Catalogue, smtp_server) -> None:  # noqa: ANN001
    own = _organisation(catalogue)
    other = catalogue.organization(name="Anden forening")
    with app.app_context():
        make_account(db.session(), "volunteer", email="anna@example.dk",
                     organisations=[db.session.get(Organization, own)])
        db.session.commit()
    client = app.test_client()
    sign_in(client, "anna@example.dk")
    form = client.get("/kontor/inviter").get_data(as_text=True)
    assert "Anden forening" not in form and 'name="role" value="volunteer"' in form
    refused = post_form(client, "/kontor/inviter", {"email": "x@example.dk", "role": "volunteer",
                                                    "organisation": other})
    assert refused.status_code == 400
    promoted = post_form(client, "/kontor/inviter", {"email": "y@example.dk", "role": "editor",
                                                     "organisation": own})
    assert promoted.status_code == 400
    assert smtp_server.messages == []
    assert post_form(client, "/kontor/inviter", {"email": "kollega@example.dk",
                                                 "role": "volunteer",
                                                 "organisation": own}).status_code == 303
    assert [m["To"] for m in smtp_server.messages] == ["kollega@example.dk"]
    with app.app_context():
        assert db.session.query(Account).count() == 2


def test_a_password_reset_by_mail_ends_old_sessions(
        app: Flask, smtp_server) -> None:  # noqa: ANN001
    with app.app_context():
        make_account(db.session(), "editor", email="maja@odense.dk")
        db.session.commit()
    old = app.test_client()
    sign_in(old, "maja@odense.dk")
    asker = app.test_client()
    for email in ("maja@odense.dk", "ukendt@odense.dk"):
        answer = asker.post("/nulstil-adgangskode", data={
            "email": email, "csrf_token": csrf_token(asker, "/nulstil-adgangskode")})
        assert "Hvis adressen hører til en bruger" in answer.get_data(as_text=True)
    [mail] = smtp_server.messages  # only the known address got one
    link = _link(mail.get_content())
    differ = asker.post(link, data={"password": NEW_PASSWORD, "password_again": "vinter-varme",
                                    "csrf_token": csrf_token(asker, link)})
    assert differ.status_code == 400
    assert "De to adgangskoder er ikke ens." in differ.get_data(as_text=True)
    assert old.get("/kontor/").status_code == 200  # nothing changed; the link still works
    assert _set_password(asker, link).status_code == 303
    assert old.get("/kontor/").status_code == 302
    assert sign_in(asker, "maja@odense.dk", NEW_PASSWORD).status_code == 303


def test_a_failing_mail_server_says_so_and_the_invitation_is_saved(
        app: Flask, client: FlaskClient, catalogue: Catalogue) -> None:
    organisation = _organisation(catalogue)
    app.config.update(MAIL_HOST="127.0.0.1", MAIL_PORT=free_port())  # nothing listens there
    _consultant(app, client)
    answer = post_form(client, "/kontor/inviter", {"email": "bo@example.dk", "role": "volunteer",
                                                   "organisation": organisation})
    assert answer.status_code == 303
    page = client.get("/kontor/brugere").get_data(as_text=True)
    assert "Ændringen er gemt, men mailen kunne ikke sendes." in page
    assert "bo@example.dk" in page and "Send invitation igen" in page


def test_a_refused_mail_is_reported_too(app: Flask, client: FlaskClient, catalogue: Catalogue,
                                        smtp_server) -> None:  # noqa: ANN001
    organisation = _organisation(catalogue)
    _consultant(app, client)
    smtp_server.mailbox.refuse = True
    post_form(client, "/kontor/inviter", {"email": "bo@example.dk", "role": "volunteer",
                                          "organisation": organisation})
    assert "mailen kunne ikke sendes" in client.get("/kontor/brugere").get_data(as_text=True)


def test_a_reset_mail_that_cannot_be_sent_says_so(app: Flask) -> None:
    with app.app_context():
        make_account(db.session(), "editor", email="maja@odense.dk")
        db.session.commit()
    app.config.update(MAIL_HOST="127.0.0.1", MAIL_PORT=free_port())
    client = app.test_client()
    answer = client.post("/nulstil-adgangskode", data={
        "email": "maja@odense.dk", "csrf_token": csrf_token(client, "/nulstil-adgangskode")})
    text = answer.get_data(as_text=True)
    assert "Vi kunne ikke sende mailen lige nu." in text
    assert "Ændringen er gemt" not in text
