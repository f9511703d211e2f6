"""SQLite as the app opens it: WAL (readers and one writer at once), a busy timeout (a second
writer waits instead of failing), and foreign keys enforced."""
from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import insert, text
from sqlalchemy.exc import IntegrityError

from tests.conftest import make_config
from vejviser import create_app
from vejviser.db import Base, db
from vejviser.models import OfferChange, Phone


@pytest.fixture
def sqlite_app(tmp_path: Path) -> Flask:
    app = create_app(make_config(tmp_path))
    with app.app_context():
        Base.metadata.create_all(db.engine)
    return app


def test_every_connection_has_wal_a_busy_timeout_and_foreign_keys(sqlite_app: Flask) -> None:
    with sqlite_app.app_context(), db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    with sqlite_app.app_context():
        db.engine.dispose()


def test_a_row_pointing_at_no_offer_is_refused(sqlite_app: Flask) -> None:
    with sqlite_app.app_context():
        with pytest.raises(IntegrityError):
            db.session.execute(insert(Phone).values(offer_id="no-such-offer", number="12345678"))
        db.session.rollback()
        db.engine.dispose()


def test_a_second_writer_waits_for_the_first_instead_of_failing(sqlite_app: Flask) -> None:
    path = sqlite_app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    holding, done = threading.Event(), threading.Event()

    def hold_a_write_transaction() -> None:  # another process's long write, in plain sqlite3
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute("insert into offer_change (offer_id, changed_at) values ('a', '2026-12-01')")
        holding.set()
        done.wait(1.0)
        other.execute("COMMIT")
        other.close()

    holder = threading.Thread(target=hold_a_write_transaction)
    holder.start()
    holding.wait(10)
    with sqlite_app.app_context():
        # A reader is never blocked by the writer (WAL) ...
        assert db.session.execute(text("select count(*) from offer_change")).scalar() == 0
        db.session.rollback()
        # ... and a writer waits for it (busy_timeout) rather than "database is locked".
        db.session.execute(insert(OfferChange).values(offer_id="b"))
        db.session.commit()
        assert db.session.execute(text("select count(*) from offer_change")).scalar() == 2
        db.session.remove()
        db.engine.dispose()
    holder.join()
