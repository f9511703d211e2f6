"""TOTP second factor: set-up with a QR code, recovery codes once, the consultant's reset."""
from __future__ import annotations

import re

import pyotp
from flask import Flask
from flask.testing import FlaskClient

from tests.accounts import PASSWORD, csrf_token, make_account, post_form, sign_in
from vejviser.db import db
from vejviser.models import Account


def _turn_on(client: FlaskClient) -> tuple[str, list[str]]:
    page = client.get("/kontor/profil/totrin").get_data(as_text=True)
    assert "<svg" in page and "QR-kode til din godkendelsesapp" in page
    secret = re.search(r'class="totp-secret">([A-Z2-7]+)<', page).group(1)  # type: ignore
    token = re.search(r'csrf_token" value="([^"]+)"', page).group(1)  # type: ignore
    wrong = client.post("/kontor/profil/totrin", data={"code": "000000", "csrf_token": token})
    assert wrong.status_code == 400 and "Koden passer ikke" in wrong.get_data(as_text=True)
    done = client.post("/kontor/profil/totrin",
                       data={"code": pyotp.TOTP(secret).now(), "csrf_token": token})
    assert done.status_code == 200
    text = done.get_data(as_text=True)
    assert "de vises kun denne ene gang" in text
    codes = re.findall(r"<code>([a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})</code>", text)
    assert len(codes) == 10
    return secret, codes


def _code_step(client: FlaskClient, code: str):  # noqa: ANN202
    return client.post("/login/kode", data={"code": code,
                                            "csrf_token": csrf_token(client, "/login/kode")})


def test_an_editor_turns_on_two_factor_and_then_needs_a_code(app: Flask) -> None:
    with app.app_context():
        make_account(db.session(), "editor", email="maja@odense.dk")
        db.session.commit()
    client = app.test_client()
    sign_in(client, "maja@odense.dk")
    secret, codes = _turn_on(client)
    assert client.get("/kontor/").status_code == 200  # this session goes on
    fresh = app.test_client()
    answer = sign_in(fresh, "maja@odense.dk")
    assert answer.headers["Location"].startswith("/login/kode")
    assert fresh.get("/kontor/").status_code == 302  # not signed in by the password alone
    assert _code_step(fresh, "123456").status_code == 200
    assert _code_step(fresh, pyotp.TOTP(secret).now()).status_code == 303
    assert fresh.get("/kontor/").status_code == 200
    # A recovery code works once.
    for expected in (303, 200):
        other = app.test_client()
        sign_in(other, "maja@odense.dk")
        assert _code_step(other, codes[0].upper()).status_code == expected


def test_the_consultant_resets_a_lost_second_factor(app: Flask) -> None:
    with app.app_context():
        make_account(db.session(), "editor", email="maja@odense.dk", totp_secret="JBSWY3DPEHPK3PXP")
        maja = db.session.query(Account).filter_by(email="maja@odense.dk").one().id
        make_account(db.session(), "consultant", email="konsulent@odense.dk")
        db.session.commit()
    consultant = app.test_client()
    sign_in(consultant, "konsulent@odense.dk")
    assert "Nulstil totrin" in consultant.get("/kontor/brugere").get_data(as_text=True)
    assert post_form(consultant, f"/kontor/brugere/{maja}/totrin").status_code == 303
    assert sign_in(app.test_client(), "maja@odense.dk").headers["Location"] == "/kontor/"


def test_a_setting_requires_two_factor_for_staff(app: Flask) -> None:
    app.config["REQUIRE_TOTP_FOR_STAFF"] = True
    with app.app_context():
        make_account(db.session(), "editor", email="maja@odense.dk")
        make_account(db.session(), "volunteer", email="frivillig@example.dk",
                     organisations=[])
        db.session.commit()
    client = app.test_client()
    sign_in(client, "maja@odense.dk", PASSWORD)
    answer = client.get("/kontor/")
    assert answer.status_code == 302 and answer.headers["Location"] == "/kontor/profil/totrin"
    _turn_on(client)
    assert client.get("/kontor/").status_code == 200
    volunteer = app.test_client()
    sign_in(volunteer, "frivillig@example.dk")
    assert volunteer.get("/kontor/").status_code == 200  # volunteers are not asked
