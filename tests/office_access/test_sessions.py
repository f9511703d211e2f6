"""Signing in and out: /login with e-mail and password, sessions that end, a safe next=."""
from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient

from tests.accounts import PASSWORD, make_account, post_form, sign_in
from vejviser.accounts.service import set_active, set_password
from vejviser.db import db
from vejviser.models import Account


def _editor(app: Flask, email: str = "redaktor@odense.dk") -> str:
    with app.app_context():
        make_account(db.session(), "editor", email=email)
        db.session.commit()
    return email


def test_a_right_password_signs_in_and_a_wrong_one_says_so(app: Flask, client: FlaskClient) -> None:
    email = _editor(app)
    wrong = sign_in(client, email, "forkert-adgangskode")
    assert wrong.status_code == 200
    assert "E-mailadressen eller adgangskoden er forkert." in wrong.get_data(as_text=True)
    assert client.get("/kontor/").status_code == 302
    right = sign_in(client, email.upper())  # the address in any case
    assert right.status_code == 303 and right.headers["Location"] == "/kontor/"
    assert "Du er logget ind som redaktor@odense.dk" in client.get("/kontor/").get_data(
        as_text=True)


def test_anonymous_is_sent_to_login_and_back(app: Flask, client: FlaskClient) -> None:
    email = _editor(app)
    answer = client.get("/kontor/profil")
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/login?next=/kontor/profil"
    back = sign_in(client, email, next_path="/kontor/profil")
    assert back.headers["Location"] == "/kontor/profil"


def test_next_never_leaves_the_site(app: Flask) -> None:
    email = _editor(app)
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:x",
                   "/\t/evil.example", "evil.example"):
        client = app.test_client()
        answer = sign_in(client, email, next_path=target)
        assert answer.status_code == 303
        assert answer.headers["Location"] == "/kontor/", target


def _copied_cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def _replayed(app: Flask, value: str) -> int:
    thief = app.test_client()
    thief.set_cookie("session", value)
    return thief.get("/kontor/").status_code


def test_a_cookie_copied_before_logout_stops_working(app: Flask, client: FlaskClient) -> None:
    email = _editor(app)
    sign_in(client, email)
    copied = _copied_cookie(client)
    assert _replayed(app, copied) == 200
    answer = post_form(client, "/logout")
    assert answer.status_code == 303 and answer.headers["Location"] == "/login"
    assert "Du er logget ud." in client.get("/login").get_data(as_text=True)
    assert _replayed(app, copied) == 302
    assert client.get("/kontor/").status_code == 302


def test_a_new_password_or_disabling_ends_other_sessions(app: Flask, client: FlaskClient) -> None:
    email = _editor(app)
    sign_in(client, email)
    copied = _copied_cookie(client)
    with app.app_context():
        account = db.session.query(Account).filter_by(email=email).one()
        set_password(account, "et-helt-nyt-kodeord-99")
        db.session.commit()
    assert _replayed(app, copied) == 302
    sign_in(client, email, "et-helt-nyt-kodeord-99")
    copied = _copied_cookie(client)
    with app.app_context():
        account = db.session.query(Account).filter_by(email=email).one()
        set_active(account, False)
        db.session.commit()
    assert _replayed(app, copied) == 302
    assert sign_in(app.test_client(), email, "et-helt-nyt-kodeord-99").status_code == 200


def test_logout_is_a_post_with_a_token(app: Flask, client: FlaskClient) -> None:
    email = _editor(app)
    sign_in(client, email)
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400  # no CSRF token: nothing happens
    assert client.get("/kontor/").status_code == 200


def test_the_session_cookie_is_httponly_and_lax(app: Flask, client: FlaskClient) -> None:
    email = _editor(app)
    answer = sign_in(client, email)
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    secure = app.test_client()
    token = secure.get("/login", base_url="https://localhost").get_data(as_text=True)
    assert "csrf_token" in token
    # Over https Flask-WTF also checks that the form came from this site (Referer).
    answer = secure.post("/login", base_url="https://localhost",
                         headers={"Referer": "https://localhost/login"},
                         data={"email": email, "password": PASSWORD,
                               "csrf_token": token.split('csrf_token" value="')[1].split('"')[0]})
    assert answer.status_code == 303
    assert "__Host-session=" in answer.headers["Set-Cookie"]
    assert "Secure" in answer.headers["Set-Cookie"]


def test_changing_the_password_ends_the_other_sessions(app: Flask, client: FlaskClient) -> None:
    email = _editor(app)
    sign_in(client, email)
    elsewhere = app.test_client()
    sign_in(elsewhere, email)
    wrong = post_form(client, "/kontor/profil/adgangskode", {
        "current_password": "forkert", "password": "nyt-kodeord-til-vinter",
        "password_again": "nyt-kodeord-til-vinter"}, form_page="/kontor/profil")
    assert wrong.status_code == 400
    assert "Din nuværende adgangskode er forkert." in wrong.get_data(as_text=True)
    for typed, again, said in (("nyt-kodeord-til-vinter", "nyt-kodeord", "ikke ens"),
                               ("kort", "kort", "mindst 12 tegn")):
        refused = post_form(client, "/kontor/profil/adgangskode", {
            "current_password": PASSWORD, "password": typed, "password_again": again},
            form_page="/kontor/profil")
        assert refused.status_code == 400
        assert said in refused.get_data(as_text=True)
    assert elsewhere.get("/kontor/").status_code == 200
    changed = post_form(client, "/kontor/profil/adgangskode", {
        "current_password": PASSWORD, "password": "nyt-kodeord-til-vinter",
        "password_again": "nyt-kodeord-til-vinter"}, form_page="/kontor/profil")
    assert changed.status_code == 303
    assert "Din adgangskode er skiftet" in client.get("/kontor/profil").get_data(as_text=True)
    assert elsewhere.get("/kontor/").status_code == 302
    assert sign_in(app.test_client(), email, "nyt-kodeord-til-vinter").status_code == 303


def test_a_session_idle_longer_than_its_lifetime_is_refused(
        app: Flask, client: FlaskClient) -> None:
    email = _editor(app)
    assert "Expires=" in sign_in(client, email).headers["Set-Cookie"]
    copied = _copied_cookie(client)
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(seconds=-1)  # already older than that
    assert _replayed(app, copied) == 302
