"""Who may use which route: every endpoint declares it, and signed-in sessions end when told.

Each view carries ``@public`` or ``@requires("volunteer" | "editor" | "consultant")`` (that role
or a higher one, ``vejviser.accounts.roles.ROLE_RANK``); a whole blueprint of public pages may
be declared with ``declare(blueprint, "public")``. ``undeclared_endpoints(app)`` lists the
endpoints that declare nothing, and a test fails on any.

Anonymous visitors of a protected route are sent to ``/login?next=<the path>``; a signed-in
account of too low a rank gets a Danish 403 page. Sessions carry the account's id *and* its
``session_token``: rotating the token (logout, new password, reset, disabled) ends every session
issued before, including a copied cookie.
"""
from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Blueprint, Flask, abort, current_app, redirect, request, url_for
from flask_login import LoginManager, current_user

from vejviser.accounts.roles import ROLE_RANK, TOTP_ROLES, has_rank
from vejviser.db import db
from vejviser.messages import Message
from vejviser.models.account import Account

PUBLIC = "public"
LEVELS = (PUBLIC, *ROLE_RANK)
#: Endpoints that are no view of ours: static files.
ALLOWED_UNDECLARED = frozenset({"static"})
View = TypeVar("View", bound=Callable[..., Any])
#: The 403 page's text (views that refuse someone else's offer use it too).
FORBIDDEN = Message("Du har ikke adgang til denne side. Den er for brugere med en anden rolle "
                    "eller fra en anden organisation. Spørg frivillighedskonsulenten, hvis du "
                    "mener, du skal have adgang.")
login_manager = LoginManager()
#: Where an account that must set up its second factor may still go.
SECOND_FACTOR_SETUP = frozenset({"office.two_factor_setup", "office.profile", "auth.logout"})


def public(view: View) -> View:
    """Declare ``view`` open to everyone."""
    setattr(view, "access", PUBLIC)
    return view


def requires(role: str) -> Callable[[View], View]:
    """Declare ``view`` for accounts of ``role`` or higher, and enforce it."""
    if role not in ROLE_RANK:
        raise ValueError(f"unknown role {role!r}")

    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            account = current_account()
            if account is None:
                return redirect(login_url())
            if not has_rank(account, role):
                abort(403, description=FORBIDDEN)
            if _must_set_up_second_factor(account):
                return redirect(url_for("office.two_factor_setup"))
            return view(*args, **kwargs)

        setattr(guarded, "access", role)
        return cast(View, guarded)

    return decorate


def _must_set_up_second_factor(account: Account) -> bool:
    # REQUIRE_TOTP_FOR_STAFF: editors and consultants work only after setting up a second factor.
    return (bool(current_app.config.get("REQUIRE_TOTP_FOR_STAFF"))
            and account.role in TOTP_ROLES and not account.totp_secret
            and request.endpoint not in SECOND_FACTOR_SETUP)


def declare(blueprint: Blueprint, level: str) -> Blueprint:
    """Declare every route of ``blueprint`` at ``level`` (used for wholly public blueprints)."""
    if level != PUBLIC:
        raise ValueError("only public blueprints are declared as a whole; protect each view")
    setattr(blueprint, "access", level)
    return blueprint


def login_url() -> str:
    """``/login`` with ``next`` set to the current path (and its query)."""
    own = request.path + (f"?{request.query_string.decode()}" if request.query_string else "")
    return url_for("auth.login", next=own)


def current_account() -> Account | None:
    """The signed-in account of this request, or None."""
    if current_user and current_user.is_authenticated:
        return cast(Account, current_user._get_current_object())
    return None


def access_of(app: Flask, endpoint: str) -> str | None:
    """The level ``endpoint`` declares (its view's, else its blueprint's), or None."""
    view = app.view_functions.get(endpoint)
    level = getattr(view, "access", None)
    if level is None and "." in endpoint:
        blueprint = app.blueprints.get(endpoint.rsplit(".", 1)[0])
        level = getattr(blueprint, "access", None)
    return level


def undeclared_endpoints(app: Flask) -> list[str]:
    """Endpoints of ``app.url_map`` that declare no access level (must be none)."""
    return sorted({rule.endpoint for rule in app.url_map.iter_rules()
                   if rule.endpoint not in ALLOWED_UNDECLARED
                   and not rule.endpoint.endswith(".static")
                   and access_of(app, rule.endpoint) not in LEVELS})


def load_session_account(session_id: str) -> Account | None:
    """The active account a session id (``"<id>:<session token>"``) names, if the token is
    still its current one."""
    account_id, _, token = session_id.partition(":")
    if not account_id.isdigit() or not token:
        return None
    account = db.session.get(Account, int(account_id))
    if account is None or not account.active:
        return None
    if not secrets.compare_digest(account.session_token.encode(), token.encode()):
        return None  # the session was ended (logout, new password, reset, disabled)
    return account


def init_app(app: Flask) -> None:
    """Flask-Login on ``app``: sessions carry id and token; no remember-me cookie."""
    login_manager.init_app(app)
    login_manager.user_loader(load_session_account)
    login_manager.login_view = "auth.login"
    login_manager.login_message = ""  # we say nothing extra on the login page
    login_manager.session_protection = "basic"
