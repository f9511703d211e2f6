"""Alembic migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""
from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from vejviser import migrate
from vejviser.db import Base


def _assert_matches_models(engine) -> None:  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        context = MigrationContext.configure(connection)
        differences = compare_metadata(context, Base.metadata)
        assert migrate.current_revision(connection) == migrate.head_revision()
        # The readiness check's one-statement answer agrees with Alembic's.
        assert migrate.stored_revision(connection) == migrate.HEAD == migrate.head_revision()
    assert differences == [], f"models and migrations disagree: {differences}"


def test_migrations_match_models_on_sqlite(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    migrate.upgrade(engine)
    assert "offer" in inspect(engine).get_table_names()
    _assert_matches_models(engine)
    migrate.upgrade(engine)  # running again is harmless
    engine.dispose()


@pytest.mark.postgres
def test_migrations_match_models_on_postgres(postgres_schema) -> None:  # noqa: ANN001
    engine = create_engine(postgres_schema.url, **postgres_schema.engine_options())
    migrate.upgrade(engine)
    assert "offer" in inspect(engine).get_table_names(schema=postgres_schema.name)
    _assert_matches_models(engine)
    engine.dispose()
