"""A new password typed twice into a form: the part the reset, invitation and profile pages share,
and the links mailed to the pages where one is set.

Blueprints do not import each other, so the pages that let someone choose a password (a mailed
link in ``auth``, Min profil in ``office``) read it here: the same fields, the same length cap,
the same words when the two differ or the password is refused.
"""
from __future__ import annotations

from collections.abc import Callable

from flask import request, url_for
from flask_babel import gettext as _

from vejviser.accounts.service import AccountError, set_password
from vejviser.db import db
from vejviser.messages import message_of
from vejviser.models import Account
from vejviser.web.messages import translate

#: Longer input is cut before it is compared or hashed (a password is never that long).
MAX_LENGTH = 1000


def set_password_from_form(account: Account) -> str | None:
    """Give ``account`` the password typed in the form's ``password`` and ``password_again``
    (its other sessions end; the caller commits). On a problem nothing is changed (the session
    is rolled back) and the problem is returned in the page language, else None."""
    password = typed("password")
    if password != typed("password_again"):
        return _("De to adgangskoder er ikke ens. Skriv den samme i begge felter.")
    try:
        set_password(account, password)
    except AccountError as error:
        db.session.rollback()
        return translate(message_of(error))
    return None


def typed(field: str) -> str:
    """A password field of the form as typed, cut to ``MAX_LENGTH``."""
    return request.form.get(field, "")[:MAX_LENGTH]


def link_to(endpoint: str) -> Callable[[str], str]:
    """``token -> absolute URL`` of ``endpoint`` (for the reset and invitation mails)."""
    def make(token: str) -> str:
        return url_for(endpoint, token=token, _external=True)
    return make
