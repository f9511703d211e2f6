"""Abuse limits per client address (Flask-Limiter): the report form, the API, the future login.

A view or blueprint asks for a limit by name with a decorator from here; the numbers are
settings (``RATE_LIMIT_REPORTS``, ``RATE_LIMIT_API``, ``RATE_LIMIT_LOGIN``, in Flask-Limiter's
syntax such as ``"5 per 10 minutes"``)::

    @blueprint.route("/login", methods=["GET", "POST"])
    @limits.login
    def login(): ...

Counts live in ``RATELIMIT_STORAGE_URI``: ``memory://`` counts per worker process (two gunicorn
workers let through twice the limit), ``redis://host:6379/N`` shares them between processes and
nodes. Each app gets a limiter of its own (Flask-Limiter keeps settings and storage on the
limiter object), so the decorators only mark views and ``init_app`` applies the limits.

The client is ``request.remote_addr``: behind a reverse proxy set ``TRUSTED_PROXIES`` (see
``vejviser.security``), or every visitor shares the proxy's address.
"""
from __future__ import annotations

import ipaddress
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import Blueprint, Flask, Response, current_app, request
from flask_limiter import Limiter
from flask_limiter.errors import RateLimitExceeded
from limits import parse_many

from vejviser.config import ENVIRONMENT_KEYS, ConfigError
from vejviser.messages import Message

_EXTENSION = "vejviser.limiter"
Target = TypeVar("Target")


@dataclass(frozen=True)
class LimitSpec:
    """Which setting holds the limit, which methods count, and which answers count."""

    setting: str
    methods: tuple[str, ...] | None = None
    deduct_when: Callable[[Response], bool] | None = None
    #: What is counted (default: the client address) and the name its counts are kept under.
    key: Callable[[], str] | None = None
    scope: str | None = None


def limited(setting: str, methods: tuple[str, ...] | None = None,
            deduct_when: Callable[[Response], bool] | None = None,
            key: Callable[[], str] | None = None,
            scope: str | None = None) -> Callable[[Target], Target]:
    """A decorator marking a view function or a blueprint for the limit in ``setting`` (a view
    may carry several)."""
    spec = LimitSpec(setting, methods, deduct_when, key, scope)

    def mark(target: Target) -> Target:
        setattr(target, "rate_limits", (*getattr(target, "rate_limits", ()), spec))
        return target

    return mark


def _stored(response: Response) -> bool:
    # Only a report that was accepted (303 to the offer) counts: a refused one stored nothing,
    # and someone correcting a too-short text or a CPR number should not run out of tries.
    return response.status_code == 303


#: "Rapportér en fejl": accepted reports per address.
correction_reports = limited("RATE_LIMIT_REPORTS", methods=("POST",), deduct_when=_stored)


def _not_signed_in(response: Response) -> bool:
    # A successful sign-in (or a reset mailed) answers 303; everything else was a failure.
    return response.status_code != 303


def login_account_key() -> str:
    """The account a login attempt is for: the typed e-mail address, or the account waiting
    for its second factor."""
    from flask import session

    email = request.form.get("email", "").strip().lower()[:255]
    pending = session.get("pending_login")
    if not email and isinstance(pending, str):
        email = "account:" + pending.partition(":")[0]
    return "login:" + (email or "none")


#: The back office's login forms: failed attempts per client address...
login = limited("RATE_LIMIT_LOGIN", methods=("POST",), deduct_when=_not_signed_in)
#: ... and per account, whatever address they come from.
login_account = limited("RATE_LIMIT_LOGIN", methods=("POST",), deduct_when=_not_signed_in,
                        key=login_account_key, scope="RATE_LIMIT_LOGIN/account")
#: "Alt er stadig korrekt" from a reminder link: confirmations per address (an organisation
#: with many offers confirms them one by one, so more than reports).
reminder_confirmations = limited("RATE_LIMIT_CONFIRMATIONS", methods=("POST",))
#: Every API request (used on the API blueprint).
api = limited("RATE_LIMIT_API")


def client_key() -> str:
    """The address a limit counts for: IPv4 as is, IPv6 by its /64 (one household or server
    has a whole /64 to rotate through)."""
    address = request.remote_addr or "unknown"
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return address


def limiter_of(app: Flask) -> Limiter:
    """The app's limiter (made by ``init_app``)."""
    limiter: Limiter = app.extensions[_EXTENSION]
    return limiter


def retry_after_seconds() -> int:
    """Seconds until the limit this request broke lets the client in again (at least 1)."""
    current = limiter_of(current_app).current_limit
    if current is None:
        return 60
    reset_time = current.window[0]  # (``reset_at`` rounds up a second more)
    return max(1, math.ceil(reset_time - time.time()))


def _limit_value(app: Flask, setting: str) -> str:
    value = str(app.config[setting])
    try:
        parse_many(value)
    except ValueError:
        # Named as the operator set it: the environment variable when one sets it.
        name = next((variable for variable, (key, _) in ENVIRONMENT_KEYS.items()
                     if key == setting), setting)
        raise ConfigError(Message("%(setting)s=%(value)s er ikke en grænse som '5 per 10 "
                                  "minutes'", setting=name, value=repr(value))) from None
    return value


def _apply(limiter: Limiter, app: Flask, target: Any, spec: LimitSpec) -> Any:
    # Shared, with the setting as its scope: one allowance for all the API's routes (and for
    # every view that asks for the same setting), not one per route.
    methods = list(spec.methods) if spec.methods else None
    return limiter.shared_limit(_limit_value(app, spec.setting), scope=spec.scope or spec.setting,
                                key_func=spec.key, methods=methods,
                                deduct_when=spec.deduct_when)(target)


def init_app(app: Flask) -> None:
    """Give ``app`` its limiter and apply the marked limits (call after the blueprints are
    registered)."""
    limiter = Limiter(
        client_key,
        storage_uri=app.config["RATELIMIT_STORAGE_URI"],
        # Storage trouble (Redis down) must not take the site down: count in memory meanwhile.
        swallow_errors=True,
        in_memory_fallback_enabled=True,
        # Retry-After is set on 429 answers only (vejviser.errors), not on every answer.
        headers_enabled=False,
    )
    limiter.init_app(app)
    app.extensions[_EXTENSION] = limiter
    for blueprint in app.blueprints.values():
        for spec in getattr(blueprint, "rate_limits", ()):
            if isinstance(blueprint, Blueprint) and isinstance(spec, LimitSpec):
                _apply(limiter, app, blueprint, spec)
    for endpoint, view in list(app.view_functions.items()):
        for spec in getattr(view, "rate_limits", ()):
            if isinstance(spec, LimitSpec):
                view = app.view_functions[endpoint] = _apply(limiter, app, view, spec)


__all__ = ["RateLimitExceeded", "api", "client_key", "correction_reports", "init_app", "limited",
           "login", "login_account", "login_account_key", "reminder_confirmations",
           "retry_after_seconds"]
