"""Login throttling: after 10 failures in 15 minutes a Danish 429, per address and per account."""
from __future__ import annotations

from flask import Flask

from tests.accounts import PASSWORD, csrf_token, make_account
from vejviser.db import db


def _attempt(client, email: str, password: str, address: str = "127.0.0.1"):  # noqa: ANN001,ANN201
    return client.post("/login", data={"email": email, "password": password,
                                       "csrf_token": csrf_token(client)},
                       environ_base={"REMOTE_ADDR": address})


def test_fifty_wrong_passwords_meet_a_danish_429(app: Flask) -> None:
    with app.app_context():
        make_account(db.session(), "editor", email="maja@odense.dk")
        db.session.commit()
    client = app.test_client()
    statuses = [_attempt(client, "maja@odense.dk", f"gæt-{n}").status_code for n in range(50)]
    assert statuses[:10] == [200] * 10
    assert set(statuses[10:]) == {429}
    answer = _attempt(client, "maja@odense.dk", PASSWORD)  # even the right one, for now
    assert answer.status_code == 429
    text = answer.get_data(as_text=True)
    assert "For mange mislykkede forsøg på at logge ind" in text
    assert "Prøv igen om 15 minutter." in text
    assert int(answer.headers["Retry-After"]) > 0
    assert client.get("/login").status_code == 200  # the form itself is still there


def test_the_account_is_throttled_whatever_address_tries(app: Flask) -> None:
    with app.app_context():
        make_account(db.session(), "editor", email="maja@odense.dk")
        make_account(db.session(), "editor", email="bo@odense.dk")
        db.session.commit()
    client = app.test_client()
    for n in range(10):
        assert _attempt(client, "maja@odense.dk", "forkert", f"10.0.0.{n}").status_code == 200
    assert _attempt(client, "maja@odense.dk", PASSWORD, "10.0.1.1").status_code == 429
    # Another account from a fresh address is not affected.
    assert _attempt(client, "bo@odense.dk", PASSWORD, "10.0.1.2").status_code == 303


def test_successful_logins_do_not_count(app: Flask) -> None:
    with app.app_context():
        make_account(db.session(), "editor", email="maja@odense.dk")
        db.session.commit()
    for _ in range(12):
        client = app.test_client()
        assert _attempt(client, "maja@odense.dk", PASSWORD).status_code == 303
