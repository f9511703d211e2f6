"""Fresh app, database and index per test.

``app`` starts empty; ``catalogue`` builds a small catalogue of the test's own in it with the
factories in ``tests/factories.py``; ``seeded_app`` holds a copy of the seed (Odense plus the
fictional examples). Both databases are built once per session and copied per test
(``tests/template.py``). Test generic behaviour (hours, filters, pages, the index) on a catalogue
that shows the data it relies on; keep ``seeded_app`` for what the seed itself promises (its
offers, the relevance set, round trips over varied real data, the browser walk-through).

The suite runs on SQLite by default. With ``VEJVISER_TEST_DATABASE_URL`` set to a PostgreSQL URL
it runs against that server instead, each test in a schema of its own. Tests marked ``postgres``
need a server: they skip with a reason when none answers, unless ``VEJVISER_REQUIRE_POSTGRES=1``
(CI), where a missing server is a failure, never a silent skip.
"""
from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import create_engine, text

from tests.factories import Catalogue
from tests.template import DatabaseTemplate
from vejviser import create_app
from vejviser.db import db

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TEST_DATABASE_URL = os.environ.get("VEJVISER_TEST_DATABASE_URL", "")
REQUIRE_POSTGRES = os.environ.get("VEJVISER_REQUIRE_POSTGRES") == "1"


def postgres_reachable(url: str) -> str | None:
    """None when ``url`` answers, else the reason it does not."""
    try:
        engine = create_engine(url, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        engine.dispose()
        return None
    except Exception as error:  # noqa: BLE001 - any failure means "not reachable"
        return f"PostgreSQL at {url} is not reachable: {str(error).splitlines()[0]}"


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """A reachable PostgreSQL URL, or a skip (a failure under VEJVISER_REQUIRE_POSTGRES=1)."""
    from vejviser.config import normalise_database_url

    url = normalise_database_url(
        TEST_DATABASE_URL if TEST_DATABASE_URL.startswith("postgres") else DEFAULT_POSTGRES_URL
    )
    problem = postgres_reachable(url)
    if problem:
        if REQUIRE_POSTGRES:
            pytest.fail(problem)
        pytest.skip(problem)
    return url


class IsolatedSchema:
    """A throw-away PostgreSQL schema, so each test starts from an empty database."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.name = f"t_{uuid.uuid4().hex[:12]}"
        self.admin = create_engine(url)
        with self.admin.begin() as connection:
            connection.execute(text(f'create schema "{self.name}"'))

    def engine_options(self) -> dict[str, Any]:
        return {"connect_args": {"options": f"-csearch_path={self.name}"}, "pool_pre_ping": True}

    def drop(self) -> None:
        with self.admin.begin() as connection:
            connection.execute(text(f'drop schema "{self.name}" cascade'))
        self.admin.dispose()


@pytest.fixture(autouse=True)
def _danish_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line speaks the locale's language: tests expect Danish whatever this machine's
    locale is (``--lang en`` tests English)."""
    for variable in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (for a server in a subprocess)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def make_config(tmp_path: Path, database_url: str | None = None, **extra: Any) -> dict[str, Any]:
    """The config of a test app: everything under ``tmp_path``."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "INSTANCE_DIR": str(tmp_path / "instance"),
        "SQLALCHEMY_DATABASE_URI": database_url or f"sqlite:///{tmp_path / 'test.sqlite3'}",
        "INDEX_DIR": str(tmp_path / "index"),
        # A search waits this long for an index rebuild before its 503: a loaded test machine
        # must not turn a slow rebuild of the seed into a failure (503 tests set it lower).
        "SEARCH_REBUILD_WAIT": 60,
        # Each search's count is written at once (tests/freshness/test_search_insights.py
        # covers the gathering of counts that servers do).
        "SEARCH_INSIGHTS_FLUSH_SECONDS": 0,
        # No background searcher refresh: every test app's index would keep a thread for the
        # rest of the session (tests/search/test_searchers.py runs it). Commits still refresh.
        "SEARCH_REFRESH_SECONDS": 0,
        **extra,
    }


@contextmanager
def own_database(tmp_path: Path, **extra: Any) -> Iterator[tuple[dict[str, Any], str | None]]:
    """``(config, schema)`` of an app on a database of its own: a file under ``tmp_path``, or a
    new PostgreSQL schema (``schema`` is its name; dropped afterwards) when one is configured."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    if TEST_DATABASE_URL.startswith("postgres"):
        from vejviser.config import normalise_database_url

        schema = IsolatedSchema(normalise_database_url(TEST_DATABASE_URL))
        try:
            config = make_config(tmp_path, schema.url,
                                 SQLALCHEMY_ENGINE_OPTIONS=schema.engine_options(), **extra)
            yield config, schema.name
        finally:
            schema.drop()
    else:
        yield make_config(tmp_path, **extra), None


@pytest.fixture
def app_config(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """Config for a fresh app on the test database (a new PostgreSQL schema when configured)."""
    with own_database(tmp_path) as (config, _):
        yield config


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseTemplate]:
    """The tables, created once per session; each test gets a copy (``app``)."""
    with own_database(tmp_path_factory.mktemp("empty-template")) as (config, schema):
        yield DatabaseTemplate.build(config, schema, seeded=False)


@pytest.fixture(scope="session")
def seed_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseTemplate]:
    """The seed, loaded and indexed once per session; each test gets a copy (``seeded_app``)."""
    with own_database(tmp_path_factory.mktemp("seed-template")) as (config, schema):
        yield DatabaseTemplate.build(config, schema, seeded=True)


@pytest.fixture
def app(app_config: dict[str, Any], request: pytest.FixtureRequest) -> Iterator[Flask]:
    """A fresh app on a copy of its own: of the seed when the test uses ``seeded_app`` (so that
    ``client`` and ``runner`` talk to that same app), else of the empty schema."""
    seeded = "seeded_app" in request.fixturenames
    template = request.getfixturevalue("seed_template" if seeded else "empty_template")
    application = create_app(app_config)
    template.copy_into(application)
    yield application
    with application.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def make_app() -> Iterator[Callable[[dict[str, Any]], Flask]]:
    """More apps in one test (other settings on the same database); their connections are
    closed afterwards, so PostgreSQL runs leave no open connection for the garbage collector."""
    made: list[Flask] = []

    def make(config: dict[str, Any]) -> Flask:
        made.append(create_app(config))
        return made[-1]

    yield make
    for application in made:
        with application.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def seeded_app(app: Flask) -> Flask:
    """The app with the seed (Odense + the fictional examples: a night café past midnight, a
    temporarily closed offer, a confirmed entry) committed and indexed, in a copy of its own."""
    return app


@pytest.fixture
def catalogue(app: Flask) -> Catalogue:
    """A small catalogue of the test's own: ``catalogue.offer(**overrides)`` adds an offer."""
    return Catalogue(app)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def seeded_client(seeded_app: Flask) -> FlaskClient:
    return seeded_app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def postgres_schema(postgres_url: str) -> Iterator[IsolatedSchema]:
    """An empty PostgreSQL schema of this test's own (dropped afterwards)."""
    schema = IsolatedSchema(postgres_url)
    yield schema
    schema.drop()


@pytest.fixture
def smtp_server(app: Flask) -> Iterator[Any]:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that ``app`` sends its mail to;
    ``smtp_server.messages`` holds what arrived."""
    from tests.mailbox import running_server

    for server in running_server():
        app.config.update(server.config)
        yield server
