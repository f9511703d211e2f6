"""Accounts for tests, and signing in through the real /login form (CSRF token included)."""
from __future__ import annotations

import re
from collections.abc import Iterable

from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from vejviser.accounts.passwords import hash_password
from vejviser.models import Account, Organization

PASSWORD = "korrekt-hest-batteri-42"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
#: argon2 with its real settings costs ~0.1 s per hash: tests hash the usual password once.
_HASHES: dict[str, str] = {}


def make_account(session: Session, role: str, email: str | None = None,
                 password: str | None = PASSWORD, organisations: Iterable[Organization] = (),
                 **fields: object) -> Account:
    """An active account (added and flushed) that can sign in with ``password``."""
    if password is not None and password not in _HASHES:
        _HASHES[password] = hash_password(password)
    count = len(session.query(Account.id).all())
    account = Account(email=(email or f"{role}{count + 1}@example.dk").lower(), role=role,
                      name=fields.pop("name", role.title()),  # type: ignore[arg-type]
                      active=True, password_hash=_HASHES.get(password or ""),
                      organisations=list(organisations), **fields)
    session.add(account)
    session.flush()
    return account


def csrf_token(client: FlaskClient, path: str = "/login") -> str:
    """The CSRF token of the form at ``path`` (empty when CSRF is switched off)."""
    found = _CSRF.search(client.get(path).get_data(as_text=True))
    return found.group(1) if found else ""


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD,
            next_path: str | None = None) -> TestResponse:
    """POST the real login form, with its CSRF token; returns the answer (303 on success)."""
    data = {"email": email, "password": password, "csrf_token": csrf_token(client)}
    if next_path:
        data["next"] = next_path
    return client.post("/login", data=data)


def post_form(client: FlaskClient, path: str, data: dict[str, str] | None = None,
              form_page: str = "/kontor/") -> TestResponse:
    """POST ``data`` to ``path`` with a CSRF token taken from ``form_page``."""
    return client.post(path, data={**(data or {}), "csrf_token": csrf_token(client, form_page)})
