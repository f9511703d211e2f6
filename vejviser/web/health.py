"""``/healthz`` and ``/readyz`` for load balancers, systemd and monitoring.

- ``/healthz``: the process answers (200 whatever the database does); nothing is read.
- ``/readyz``: this node can serve: the database answers, its schema is at the shipped
  migration, and the search index is at most ``READY_MAX_INDEX_LAG`` changes behind the
  database's change sequence. 200 when all hold, else 503; the JSON body names each check.

Neither is rate-limited nor waits for ``vejviser init`` (``readiness`` lets them through), and
neither shows more than a check's name and a short reason: no URLs, no offers.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from vejviser import search
from vejviser.db import db
from vejviser.web.access import PUBLIC, declare

blueprint = declare(Blueprint("health", __name__), PUBLIC)
#: Endpoints that answer before the database is set up (``vejviser.readiness``).
ENDPOINTS = ("health.healthz", "health.readyz")
#: How many changes the index may lag behind the database and still be "ready".
DEFAULT_MAX_INDEX_LAG = 50


def _no_store(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.get("/healthz")
def healthz() -> Response:
    """The process answers."""
    return _no_store(jsonify({"status": "ok"}))


def _database() -> dict[str, Any]:
    from vejviser.readiness import NOT_CREATED, database_file_missing

    if database_file_missing(db.engine):  # connecting would create an empty file
        return {"ok": False, "reason": str(NOT_CREATED)}
    try:
        db.session.execute(text("select 1"))
    except SQLAlchemyError as error:
        db.session.rollback()
        return {"ok": False, "reason": str(getattr(error, "orig", None) or error).splitlines()[0]}
    return {"ok": True}


def _migrations() -> dict[str, Any]:
    from vejviser.readiness import database_problem

    try:
        problem = database_problem(db.engine)
    except SQLAlchemyError as error:
        return {"ok": False, "reason": str(getattr(error, "orig", None) or error).splitlines()[0]}
    return {"ok": True} if problem is None else {"ok": False, "reason": str(problem)}


def _index() -> dict[str, Any]:
    limit = int(current_app.config.get("READY_MAX_INDEX_LAG", DEFAULT_MAX_INDEX_LAG))
    try:
        behind = search.changes_behind()
    except search.SearchUnavailable as error:
        return {"ok": False, "reason": error.reason}
    except SQLAlchemyError as error:
        return {"ok": False, "reason": str(getattr(error, "orig", None) or error).splitlines()[0]}
    return {"ok": behind <= limit, "behind": behind, "max_behind": limit}


@blueprint.get("/readyz")
def readyz() -> Response:
    """Database reachable, migrations at head, index at most N changes behind."""
    checks = {"database": _database()}
    if checks["database"]["ok"]:
        checks["migrations"] = _migrations()
        if checks["migrations"]["ok"]:
            checks["index"] = _index()
    ready = all(check["ok"] for check in checks.values()) and len(checks) == 3
    response = jsonify({"status": "ready" if ready else "not ready", "checks": checks})
    response.status_code = 200 if ready else 503
    return _no_store(response)
