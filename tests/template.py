"""Databases built once per test session and copied into each test's own.

Creating the tables took about a quarter of a second per test on SQLite here, loading the seed
(Odense plus the fictional examples) and indexing it a few seconds; copying the result takes
milliseconds. ``DatabaseTemplate.build`` does the former once per session, ``copy_into`` the
latter for every test (``app``: the empty schema; ``seeded_app``: the seed):

- SQLite: the template's database file (WAL checkpointed first) becomes the test's file;
- PostgreSQL: each test has a schema of its own; the tables are created in it and, for the seed,
  filled from the template's schema (``INSERT ... SELECT`` in dependency order), with the
  sequences moved past the copied ids so that rows the test adds get fresh ones;
- the seed's Whoosh index folder is copied beside the test's database. Its ``state.json`` names
  the last change it holds, and the change sequence is copied with its numbers, so the copy is
  exactly as current as the original.

Tables come from ``Base.metadata``: a new model is copied without touching this file. A template
is never handed to a test, so a test that writes changes only its own copy.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import text
from sqlalchemy.engine import Connection, make_url

from vejviser import create_app, search
from vejviser.db import Base, db

#: Not data: the writer lock is a file to ``flock``, made anew by whoever writes next.
NOT_COPIED = shutil.ignore_patterns("writer.lock")


class DatabaseTemplate:
    """A database (and, when seeded, its index) to be copied into test apps, never used directly."""

    def __init__(self, config: dict[str, Any], schema: str | None, seeded: bool) -> None:
        self.config = config
        #: The PostgreSQL schema holding the template's tables (None on SQLite).
        self.schema = schema
        self.seeded = seeded
        self.index = Path(config["INDEX_DIR"])
        self.sqlite_file = None if schema else Path(
            str(make_url(config["SQLALCHEMY_DATABASE_URI"]).database))

    @classmethod
    def build(cls, config: dict[str, Any], schema: str | None, seeded: bool) -> DatabaseTemplate:
        """Create the tables in the (empty) database of ``config``; with ``seeded``, load the seed
        and index it."""
        from vejviser.catalogue.seed import load_seed
        from vejviser.resources import resource_dir
        from vejviser.search import sync

        app = create_app(config)
        with app.app_context():
            Base.metadata.create_all(db.engine)
            if seeded:
                load_seed(db.session, resource_dir("seed"), with_examples=True)
                db.session.commit()
                search.rebuild()
                state = sync.read_state(Path(config["INDEX_DIR"])) or {}
                newest = sync.max_seq(db.session)
                assert state.get("last_seq") == newest > 0, (state, newest)
            db.session.remove()
            if schema is None:
                # Everything into the main file, so copying that one file copies the database.
                with db.engine.connect() as connection:
                    connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            db.engine.dispose()
        return cls(config, schema, seeded)

    def copy_into(self, app: Flask) -> None:
        """Give ``app``, whose database holds nothing yet, the template's tables, rows and index."""
        with app.app_context():
            db.session.remove()
            if self.schema is None:
                db.engine.dispose()  # no connection may hold the file we replace
                self._copy_sqlite(Path(str(db.engine.url.database)))
            else:
                with db.engine.begin() as connection:
                    Base.metadata.create_all(connection)
                    if self.seeded:
                        self._copy_postgres(connection)
        if self.seeded:
            shutil.copytree(self.index, app.config["INDEX_DIR"], ignore=NOT_COPIED)

    def _copy_sqlite(self, target: Path) -> None:
        assert self.sqlite_file is not None
        for leftover in (target.with_name(target.name + "-wal"),
                         target.with_name(target.name + "-shm")):
            leftover.unlink(missing_ok=True)
        shutil.copyfile(self.sqlite_file, target)

    def _copy_postgres(self, connection: Connection) -> None:
        quote = connection.dialect.identifier_preparer.quote
        source = quote(str(self.schema))
        for table in Base.metadata.sorted_tables:  # parents before the rows that refer to them
            columns = ", ".join(quote(column.name) for column in table.columns)
            connection.execute(text(
                f"insert into {quote(table.name)} ({columns}) "
                f"select {columns} from {source}.{quote(table.name)}"))
        # Serial and identity columns: the next id must come after the copied ones.
        counters = connection.execute(text(
            "select table_name, column_name from information_schema.columns "
            "where table_schema = current_schema() "
            "and (column_default like 'nextval(%' or is_identity = 'YES')")).all()
        for table_name, column in counters:
            connection.execute(text(
                f"select setval(pg_get_serial_sequence(:table, :column), "
                f"coalesce((select max({quote(column)}) from {quote(table_name)}), 0) + 1, false)"),
                {"table": quote(table_name), "column": column})
