"""Fresh app, database and index per test.

The suite runs on SQLite by default. With ``VEJVISER_TEST_DATABASE_URL`` set to a PostgreSQL URL it
runs against that server instead, each test in a schema of its own. Tests marked ``postgres`` need
a server: they skip with a reason when none answers, unless ``VEJVISER_REQUIRE_POSTGRES=1`` (CI),
where a missing server is a failure, never a silent skip.
"""
from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import create_engine, text

from vejviser import create_app
from vejviser.db import Base, db

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
        **extra,
    }


@pytest.fixture
def app_config(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """Config for a fresh app on the test database (a new PostgreSQL schema when configured)."""
    if TEST_DATABASE_URL.startswith("postgres"):
        from vejviser.config import normalise_database_url

        schema = IsolatedSchema(normalise_database_url(TEST_DATABASE_URL))
        yield make_config(tmp_path, schema.url, SQLALCHEMY_ENGINE_OPTIONS=schema.engine_options())
        schema.drop()
    else:
        yield make_config(tmp_path)


@pytest.fixture
def app(app_config: dict[str, Any]) -> Iterator[Flask]:
    """A fresh app with an empty schema."""
    application = create_app(app_config)
    with application.app_context():
        Base.metadata.create_all(db.engine)
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
    """The app with the seed (Odense + examples) loaded, committed and indexed."""
    from vejviser import search
    from vejviser.catalogue.seed import load_seed
    from vejviser.resources import resource_dir

    with app.app_context():
        # The Odense catalogue plus the fictional examples (a night café past midnight, a
        # temporarily closed offer, a confirmed entry) that the real seed has no case for.
        load_seed(db.session, resource_dir("seed"), with_examples=True)
        db.session.commit()
        search.rebuild()
    return app


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
