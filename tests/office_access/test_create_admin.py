"""``vejviser create-admin EMAIL``: no default administrator, a one-time link instead."""
from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskCliRunner

from tests.accounts import csrf_token, sign_in
from vejviser.db import db
from vejviser.models import Account


def test_create_admin_prints_a_link_that_sets_the_password(app: Flask,
                                                           runner: FlaskCliRunner) -> None:
    with app.app_context():
        assert db.session.query(Account).count() == 0  # nobody to sign in as
    result = runner.invoke(args=["create-admin", "Karen@Odense.dk"])
    assert result.exit_code == 0, result.output
    assert "Frivillighedskonsulent: karen@odense.dk" in result.output
    found = re.search(r"https?://\S+(/invitation/\S+)", result.output)
    assert found, result.output
    client = app.test_client()
    path = found.group(1)
    answer = client.post(path, data={"password": "en-lang-adgangskode-1",
                                     "password_again": "en-lang-adgangskode-1",
                                     "csrf_token": csrf_token(client, path)})
    assert answer.status_code == 303
    assert sign_in(client, "karen@odense.dk", "en-lang-adgangskode-1").status_code == 303
    assert "Brugere" in client.get("/kontor/brugere").get_data(as_text=True)
    # Run again for the same address: a reset link, the account kept.
    again = runner.invoke(args=["create-admin", "karen@odense.dk"])
    assert "/nulstil-adgangskode/" in again.output
    with app.app_context():
        assert db.session.query(Account).count() == 1


def test_create_admin_refuses_a_bad_address(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["create-admin", "ikke-en-adresse"])
    assert result.exit_code == 1
    assert "Skriv en gyldig e-mailadresse" in result.output
