"""Starting a signed-in session, and where to go afterwards (own paths only)."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import session, url_for
from flask_login import login_user

from vejviser.models.account import Account

PENDING = "pending_login"


def safe_next(target: str | None) -> str:
    """``target`` when it is a path on this site, else the back office's front page.

    Refused: other hosts (``//evil``, ``https://evil``), backslashes and control characters that
    browsers read as ``//``, and anything that is not a path.
    """
    fallback = url_for("office.index")
    if not target or len(target) > 2000 or not target.startswith("/"):
        return fallback
    if target.startswith("//") or "\\" in target or any(ord(c) < 32 or ord(c) == 127
                                                        for c in target):
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return fallback
    return target


def sign_in(account: Account) -> None:
    """A fresh session for ``account`` (nothing carried over from before signing in)."""
    session.clear()
    # Permanent: the signed cookie then carries its age, and Flask refuses it after
    # PERMANENT_SESSION_LIFETIME without activity (each request renews it).
    session.permanent = True
    login_user(account)
