"""Is this instance set up? One answer for the web (a 503 page) and the command line (one line).

Run from the wrong folder, or before ``vejviser init``, the database has no tables: without this
check a search printed a 90-line traceback ending in "no such table: offer_change" and every
page was a 500. Now every command and page says what to do in one line.
"""
from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, request
from sqlalchemy import inspect
from sqlalchemy.engine import Engine, make_url
from werkzeug.exceptions import ServiceUnavailable

from vejviser.messages import Message

#: The one-line answer when the database has not been created.
NOT_CREATED = Message("Databasen er ikke oprettet: kør `vejviser init` (eller sæt "
                      "VEJVISER_INSTANCE_DIR).")
#: The database is older than the code (a new release whose migrations have not run).
OUT_OF_DATE = Message("Databasen skal opdateres: kør `vejviser init`.")

#: ``app.extensions`` key set once the database answered as set up (pages may then query it).
READY_KEY = "vejviser.ready"


def _sqlite_file_missing(engine: Engine) -> bool:
    # Connecting to a missing SQLite file creates an empty one: look before connecting.
    url = make_url(engine.url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return False
    return not Path(url.database).exists()


def database_file_missing(engine: Engine) -> bool:
    """True when ``engine`` is SQLite and its file does not exist (connecting would create it)."""
    return _sqlite_file_missing(engine)


def database_problem(engine: Engine) -> Message | None:
    """None when the database has every table of our models at the shipped migration, else
    what to do about it. Connection failures are raised (they are not "not set up")."""
    from vejviser import migrate
    from vejviser.db import Base
    from vejviser.models import Offer  # noqa: F401 - every model's table is in the metadata

    if _sqlite_file_missing(engine):
        return NOT_CREATED
    with engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        if not set(Base.metadata.tables) <= tables:
            return NOT_CREATED if "offer" not in tables else OUT_OF_DATE
        # Tests build their schema without Alembic; a migrated database must be at the head.
        if "alembic_version" in tables and migrate.stored_revision(connection) != migrate.HEAD:
            return OUT_OF_DATE
    return None


def app_database_problem(app: Flask) -> Message | None:
    """``database_problem`` for ``app``'s database; once it is fine the answer is remembered."""
    from vejviser.db import db

    if app.extensions.get(READY_KEY):
        return None
    with app.app_context():
        problem = database_problem(db.engine)
    if problem is None:
        app.extensions[READY_KEY] = True
    return problem


def _refuse_until_ready() -> None:
    # Static files still load, so the 503 page has its stylesheet; /healthz and /readyz say
    # for themselves what is wrong.
    from vejviser.web.health import ENDPOINTS

    if request.endpoint == "static" or request.endpoint in ENDPOINTS:
        return
    problem = app_database_problem(current_app)
    if problem is not None:
        raise ServiceUnavailable(description=problem)


def init_app(app: Flask) -> None:
    """Answer every request with a 503 and the one-line message until the database is set up
    (checked per request only until it first succeeds: then it costs nothing)."""
    app.before_request(_refuse_until_ready)
