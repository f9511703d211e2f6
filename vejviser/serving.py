"""Production serving: ``vejviser serve --production`` runs the app under gunicorn.

Before gunicorn starts, ``production_problems`` refuses what would be wrong on a real site:

- no ``VEJVISER_SECRET_KEY``, or one that is short or a well-known placeholder (several nodes
  must share one key, so the per-instance file written by ``init`` is not enough here);
- no ``VEJVISER_BASE_URL`` (links in mails and QR codes must name the real site), or one that is
  not an absolute ``http(s)://`` address.

gunicorn's own loggers get the hardening filters (``vejviser.logs``: no query strings, no
referrers, no CPR numbers) through ``ProtectedLogger``, in the arbiter and in every worker. The
app is built once in the arbiter and shared by the forked workers; each worker drops the
database connections it inherited (``post_fork``), as SQLAlchemy asks of forked processes.
"""
from __future__ import annotations

import contextvars
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

from vejviser.logs import GUNICORN_ACCESS_LOG_FORMAT, protect_loggers
from vejviser.messages import Message

#: A production secret has at least this many characters (``secrets.token_hex(32)`` has 64).
MIN_SECRET_LENGTH = 32
#: Placeholders people copy from examples: never a real key, whatever their length.
PLACEHOLDERS = ("change-me", "changeme", "secret", "test-secret", "dev", "development", "xxx")


@dataclass(frozen=True)
class ServeOptions:
    """How gunicorn listens and how many workers and threads it runs."""

    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 2
    threads: int = 1
    timeout: int = 30
    control_socket: bool = True


def production_problems(environ: Mapping[str, str] | None = None) -> list[Message]:
    """What stops this environment from serving a real site (empty: nothing)."""
    environ = os.environ if environ is None else environ
    problems = []
    secret = environ.get("VEJVISER_SECRET_KEY", "").strip()
    if not secret:
        problems.append(Message("VEJVISER_SECRET_KEY mangler: i drift deler alle noder én "
                                "hemmelig nøgle (lav en med `python3 -c \"import secrets; "
                                "print(secrets.token_hex(32))\"`)."))
    elif len(secret) < MIN_SECRET_LENGTH or secret.lower() in PLACEHOLDERS \
            or len(set(secret)) < 8:
        problems.append(Message("VEJVISER_SECRET_KEY er ikke en rigtig hemmelig nøgle: brug "
                                "mindst %(length)d tilfældige tegn.", length=MIN_SECRET_LENGTH))
    base_url = environ.get("VEJVISER_BASE_URL", "").strip()
    parts = urlsplit(base_url)
    if not base_url:
        problems.append(Message("VEJVISER_BASE_URL mangler: links i mails og QR-koder skal pege "
                                "på den rigtige adresse (fx https://vejviser.odense.dk)."))
    elif parts.scheme not in ("http", "https") or not parts.hostname:
        problems.append(Message("VEJVISER_BASE_URL=%(value)s er ikke en adresse som "
                                "https://vejviser.odense.dk.", value=repr(base_url)))
    return problems


class ProtectedLogger(Logger):
    """gunicorn's logger with the hardening filters on its access and error logs."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        protect_loggers(access="gunicorn.access", error="gunicorn.error")


class JsonLogger(ProtectedLogger):
    """``ProtectedLogger`` writing JSON lines (``LOG_FORMAT`` json). Its access log is off:
    the app logs every request itself, with request id, route and duration."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        from vejviser.requestlog import json_formatter

        for handler in (*self.error_log.handlers, *self.access_log.handlers):
            handler.setFormatter(json_formatter())


def _post_fork(app: Flask) -> Any:
    def hook(server: Any, worker: Any) -> None:
        from vejviser.db import db

        with app.app_context():
            # Connections opened in the arbiter (the readiness check) belong to it alone.
            db.engine.dispose(close=False)
        protect_loggers(access="gunicorn.access", error="gunicorn.error")

    return hook


def _post_worker_init(app: Flask) -> Any:
    def hook(worker: Any) -> None:
        from vejviser.warmup import warm_up

        # The index opened and every offer's hours compiled before the first request, then the
        # long-lived objects frozen out of the garbage collector's walks (vejviser.warmup).
        warm_up(app)

    return hook


def gunicorn_settings(app: Flask, options: ServeOptions) -> dict[str, Any]:
    """gunicorn's settings for ``options`` (also used by tests and benchmarks)."""
    json_logs = app.config.get("LOG_FORMAT") == "json"
    return {
        "bind": [f"[{options.host}]:{options.port}" if ":" in options.host
                 else f"{options.host}:{options.port}"],
        "workers": options.workers,
        "threads": options.threads,
        "worker_class": "gthread" if options.threads > 1 else "sync",
        "timeout": options.timeout,
        "graceful_timeout": options.timeout,
        "control_socket_disable": not options.control_socket,
        "accesslog": None if json_logs else "-",
        "errorlog": "-",
        "access_log_format": GUNICORN_ACCESS_LOG_FORMAT,
        "logger_class": JsonLogger if json_logs else ProtectedLogger,
        # Only ProxyFix (VEJVISER_TRUSTED_PROXIES) decides what X-Forwarded-* headers mean:
        # gunicorn's default trusts them from 127.0.0.1, where any local client could claim https.
        "forwarded_allow_ips": "",
        "proc_name": "vejviser",
        "post_fork": _post_fork(app),
        "post_worker_init": _post_worker_init(app),
    }


class ProductionServer(BaseApplication):
    """gunicorn serving one already-built Flask app."""

    def __init__(self, app: Flask, settings: dict[str, Any]) -> None:
        self.application = app
        self.settings = settings
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.settings.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.application


def run(app: Flask, options: ServeOptions) -> None:
    """Serve ``app`` under gunicorn until it is stopped (SIGTERM/SIGINT); never returns.

    gunicorn runs in an empty ``contextvars`` context: the command's app context must not be
    inherited by the forked workers, or every request would reuse it and its ``g`` (one
    visitor's CSRF token, request id or signed-in account served to the next)."""
    server = ProductionServer(app, gunicorn_settings(app, options))
    contextvars.Context().run(server.run)
