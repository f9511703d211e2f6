"""Configuration: defaults, then ``VEJVISER_*`` environment variables, then an explicit mapping.

``load_config`` only reads; it never creates folders or opens connections (the factory stays free of
I/O). Commands that need ``instance/`` create it themselves.
"""
from __future__ import annotations

import os
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

DEVELOPMENT_SECRET = "development-only-secret-change-me"

#: Environment variables we read, and the config key each one sets.
ENVIRONMENT_KEYS = {
    "VEJVISER_DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
    "VEJVISER_INDEX_DIR": "INDEX_DIR",
    "VEJVISER_SECRET_KEY": "SECRET_KEY",
    "VEJVISER_SEED_DIR": "SEED_DIR",
    "VEJVISER_BASE_URL": "BASE_URL",
}


class DevelopmentSecretWarning(UserWarning):
    """Raised (as a warning) when the app runs with the built-in development secret."""


def default_config(instance_dir: Path) -> dict[str, Any]:
    """The defaults: SQLite and the Whoosh index under ``instance_dir``."""
    return {
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance_dir / 'vejviser.sqlite3'}",
        "INDEX_DIR": str(instance_dir / "index"),
        "SECRET_KEY": None,
        "SEED_DIR": None,  # None: the seed folder shipped with the package
        "BASE_URL": "http://127.0.0.1:5000",
        "MAX_CONTENT_LENGTH": 5 * 1024 * 1024,
        "SEARCH_MAX_QUERY_LENGTH": 200,
        "SEARCH_PER_PAGE": 20,
        "SEARCH_MAX_PER_PAGE": 100,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "WTF_CSRF_TIME_LIMIT": None,
        "BABEL_DEFAULT_LOCALE": "da",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Copenhagen",
        "LANGUAGES": ("da", "en"),
    }


def load_config(
    instance_dir: Path,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Merge defaults, the environment and ``overrides`` (highest precedence)."""
    environ = os.environ if environ is None else environ
    config = default_config(instance_dir)
    for variable, key in ENVIRONMENT_KEYS.items():
        if environ.get(variable):
            config[key] = environ[variable]
    if overrides:
        config.update(overrides)
    config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(config["SQLALCHEMY_DATABASE_URI"])
    if not config.get("SECRET_KEY"):
        warnings.warn(
            "VEJVISER_SECRET_KEY is not set; using a development secret. "
            "Set it before running in production.",
            DevelopmentSecretWarning,
            stacklevel=2,
        )
        config["SECRET_KEY"] = DEVELOPMENT_SECRET
    return config


def normalise_database_url(url: str) -> str:
    """Point ``postgres://`` and ``postgresql://`` URLs at psycopg 3, the driver we ship."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url
