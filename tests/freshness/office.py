"""Signing in to the back office for the freshness pages' tests."""
from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.accounts import make_account, sign_in
from vejviser.db import db
from vejviser.models import Organization


def signed_in(app: Flask, role: str = "consultant", organisation: str | None = None,
              email: str | None = None) -> FlaskClient:
    """A client signed in as a new account of ``role`` (member of ``organisation``)."""
    with app.app_context():
        members = [db.session.get(Organization, organisation)] if organisation else []
        account = make_account(db.session(), role, email=email,
                               organisations=[m for m in members if m is not None])
        email = account.email
        db.session.commit()
    client = app.test_client()
    assert sign_in(client, email).status_code == 303
    return client
