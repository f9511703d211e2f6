"""Signing in to the back office, and refused forms, for the freshness pages' tests."""
from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.accounts import csrf_token, make_account, sign_in
from tests.office_access.walk import dump
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


def refused_and_unchanged(app: Flask, client: FlaskClient, url: str, data: dict[str, object],
                          message: str, status: int = 400, form_page: str | None = None) -> None:
    """POST ``data`` to ``url`` with the CSRF token of ``form_page`` (default ``url``): refused
    with ``status`` and the Danish ``message``, and the database exactly as before."""
    token = csrf_token(client, form_page or url)
    before = dump(app)
    answer = client.post(url, data={**data, "csrf_token": token})
    assert answer.status_code == status
    assert message in answer.get_data(as_text=True)
    assert dump(app) == before
