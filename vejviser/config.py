"""Configuration: defaults, then ``VEJVISER_*`` environment variables, then an explicit mapping.

``load_config`` only reads (the environment, and the secret key file in the instance folder);
it never creates folders or opens connections, so the factory stays free of side effects.
Commands that need the instance folder create it themselves (``vejviser init``).
"""
from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import time, timedelta
from pathlib import Path
from typing import Any

from vejviser.instance import read_secret
from vejviser.messages import Message


class ConfigError(ValueError):
    """A setting whose value we cannot use; the message (a Danish ``Message``) names it."""


def _flag(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ValueError(Message("skal være 1 eller 0 (true/false, yes/no, on/off)"))


def _whole_number(value: str) -> int:
    if not value.strip().isdigit():
        raise ValueError(Message("skal være et helt tal fra 0 og op"))
    return int(value)


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise ValueError(Message("skal være et antal sekunder fra 0 og op, fx 0.5"))
    return seconds


def _log_format(value: str) -> str:
    if value.strip().lower() not in ("text", "json"):
        raise ValueError(Message("skal være text eller json"))
    return value.strip().lower()


#: Environment variables we read: the config key each one sets, and how its text is read.
ENVIRONMENT_KEYS: dict[str, tuple[str, Callable[[str], Any]]] = {
    "VEJVISER_DATABASE_URL": ("SQLALCHEMY_DATABASE_URI", str),
    "VEJVISER_INDEX_DIR": ("INDEX_DIR", str),
    "VEJVISER_SECRET_KEY": ("SECRET_KEY", str),
    "VEJVISER_SEED_DIR": ("SEED_DIR", str),
    "VEJVISER_BASE_URL": ("BASE_URL", str),
    "VEJVISER_TRUSTED_PROXIES": ("TRUSTED_PROXIES", _whole_number),
    "VEJVISER_RATE_LIMITS_ENABLED": ("RATELIMIT_ENABLED", _flag),
    "VEJVISER_RATE_LIMIT_STORAGE_URL": ("RATELIMIT_STORAGE_URI", str),
    "VEJVISER_RATE_LIMIT_REPORTS": ("RATE_LIMIT_REPORTS", str),
    "VEJVISER_RATE_LIMIT_API": ("RATE_LIMIT_API", str),
    "VEJVISER_RATE_LIMIT_LOGIN": ("RATE_LIMIT_LOGIN", str),
    "VEJVISER_RATE_LIMIT_CONFIRMATIONS": ("RATE_LIMIT_CONFIRMATIONS", str),
    "VEJVISER_MAIL_HOST": ("MAIL_HOST", str),
    "VEJVISER_MAIL_PORT": ("MAIL_PORT", _whole_number),
    "VEJVISER_SEARCH_INSIGHTS_FLUSH_SECONDS": ("SEARCH_INSIGHTS_FLUSH_SECONDS", _whole_number),
    "VEJVISER_SEARCH_REFRESH_SECONDS": ("SEARCH_REFRESH_SECONDS", _seconds),
    "VEJVISER_MAIL_STARTTLS": ("MAIL_STARTTLS", _flag),
    "VEJVISER_MAIL_SSL": ("MAIL_SSL", _flag),
    "VEJVISER_MAIL_USER": ("MAIL_USER", str),
    "VEJVISER_MAIL_PASSWORD": ("MAIL_PASSWORD", str),
    "VEJVISER_MAIL_FROM": ("MAIL_FROM", str),
    "VEJVISER_REQUIRE_TOTP_FOR_STAFF": ("REQUIRE_TOTP_FOR_STAFF", _flag),
    "VEJVISER_READY_MAX_INDEX_LAG": ("READY_MAX_INDEX_LAG", _whole_number),
    "VEJVISER_LOG_FORMAT": ("LOG_FORMAT", _log_format),
    "VEJVISER_NODE_NAME": ("NODE_NAME", str),
    "VEJVISER_REDIS_URL": ("REDIS_URL", str),
}


def default_config(instance_dir: Path) -> dict[str, Any]:
    """The defaults: SQLite and the Whoosh index under ``instance_dir``."""
    return {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance_dir / 'vejviser.sqlite3'}",
        "INDEX_DIR": str(instance_dir / "index"),
        "SECRET_KEY": None,  # VEJVISER_SECRET_KEY, else the instance's secret_key file
        "SEED_DIR": None,  # None: the seed folder shipped with the package
        "BASE_URL": "http://127.0.0.1:5000",
        # A form body is parsed before any view runs: a 5 MB body of a million fields cost
        # 1.5 s of a worker. Our forms are a few kilobytes; a view that takes files later can
        # raise request.max_content_length for itself.
        "MAX_CONTENT_LENGTH": 64 * 1024,
        "MAX_FORM_MEMORY_SIZE": 64 * 1024,
        "MAX_FORM_PARTS": 100,
        # Reverse proxies in front of us that set X-Forwarded-For/-Proto (nginx: 1).
        "TRUSTED_PROXIES": 0,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_HTTPONLY": True,
        # A signed-in back-office session ends after this long without a request.
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=8),
        # Abuse limits per client address (vejviser.limits); Flask-Limiter's syntax.
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_KEY_PREFIX": "vejviser",
        "RATE_LIMIT_REPORTS": "5 per 10 minutes",
        "RATE_LIMIT_API": "300 per minute",
        "RATE_LIMIT_LOGIN": "10 per 15 minutes",
        "RATE_LIMIT_CONFIRMATIONS": "30 per 10 minutes",
        # Mail (vejviser.mail): no host means mails are written to the log (development).
        "MAIL_HOST": "",
        "MAIL_PORT": 0,  # 0: 465 with MAIL_SSL, else 25
        "MAIL_STARTTLS": False,
        "MAIL_SSL": False,
        "MAIL_USER": "",
        "MAIL_PASSWORD": "",
        "MAIL_FROM": "vejviser@localhost",
        "MAIL_TIMEOUT": 10,
        # Consultant and editor accounts must set up a second factor before they may work.
        "REQUIRE_TOTP_FOR_STAFF": False,
        # text: plain lines; json: one JSON object a line (vejviser.requestlog).
        "LOG_FORMAT": "text",
        # /readyz: how many changes this node's index may lag behind (vejviser.web.health).
        "READY_MAX_INDEX_LAG": 50,
        # Tonight's free places stop being shown at this local time the next morning.
        "FREE_PLACES_EXPIRE_AT": time(8, 0),
        # Search insights: a query's text is kept once this many searched it in a week.
        "SEARCH_INSIGHTS_ENABLED": True,
        "SEARCH_INSIGHTS_MIN_COUNT": 3,
        "SEARCH_INSIGHTS_FLUSH_SECONDS": 10,
        # How often a worker looks for an index changed by another process (0: never).
        "SEARCH_REFRESH_SECONDS": 0.5,
        "SEARCH_MAX_QUERY_LENGTH": 200,
        "SEARCH_PER_PAGE": 20,
        "SEARCH_MAX_PER_PAGE": 100,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "da",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Copenhagen",
        "LANGUAGES": ("da", "en"),
    }


def from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """The settings given by ``VEJVISER_*`` variables (empty ones are ignored)."""
    settings: dict[str, Any] = {}
    for variable, (key, read) in ENVIRONMENT_KEYS.items():
        raw = environ.get(variable)
        if not raw:
            continue
        try:
            settings[key] = read(raw)
        except ValueError as error:
            raise ConfigError(Message("%(variable)s=%(value)s %(problem)s", variable=variable,
                                      value=repr(raw), problem=error.args[0])) from None
    return settings


def load_config(
    instance_dir: Path,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Merge defaults, the environment and ``overrides`` (highest precedence).

    Without a configured ``SECRET_KEY`` the instance's ``secret_key`` file is read; with neither
    ``SECRET_KEY`` stays None (``create_app`` refuses to start an app without one).
    """
    config = default_config(instance_dir)
    environment = from_environment(os.environ if environ is None else environ)
    config.update(environment)
    if overrides:
        config.update(overrides)
    if config.get("REDIS_URL") and "RATELIMIT_STORAGE_URI" not in {**environment,
                                                                   **(overrides or {})}:
        # One Redis for the whole deployment: rate-limit counts shared by workers and nodes.
        config["RATELIMIT_STORAGE_URI"] = config["REDIS_URL"]
    config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(config["SQLALCHEMY_DATABASE_URI"])
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = read_secret(instance_dir)
    return config


def normalise_database_url(url: str) -> str:
    """Point ``postgres://`` and ``postgresql://`` URLs at psycopg 3, the driver we ship."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url
