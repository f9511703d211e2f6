"""The catalogue the load benchmarks serve: generated once into a folder, reused by later runs.

A folder holds ``bench.sqlite3`` (the generated offers), ``index/`` (our search index) and
``fts.sqlite3`` (the frozen FTS5 baseline's table). ``prepare`` builds what is missing;
``app_env`` is the environment a gunicorn of the app needs to serve that folder.
"""
from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

from flask import Flask

from benchmarks import catalogue_generator, fts_baseline
from vejviser import create_app, search
from vejviser.db import Base, db

DATABASE, INDEX, FTS = "bench.sqlite3", "index", "fts.sqlite3"


def app_config(folder: Path) -> dict[str, Any]:
    """The app's settings for ``folder`` (rate limits off: the load comes from one address)."""
    return {"SECRET_KEY": "bench", "INSTANCE_DIR": str(folder),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / DATABASE}",
            "INDEX_DIR": str(folder / INDEX), "RATELIMIT_ENABLED": False}


def app_env(folder: Path) -> dict[str, str]:
    """The same settings as ``VEJVISER_*`` environment variables, for gunicorn."""
    return {"VEJVISER_INSTANCE_DIR": str(folder),
            "VEJVISER_DATABASE_URL": f"sqlite:///{folder / DATABASE}",
            "VEJVISER_INDEX_DIR": str(folder / INDEX), "VEJVISER_SECRET_KEY": "bench",
            "VEJVISER_RATE_LIMITS_ENABLED": "0"}


def bench_app(folder: Path) -> Flask:
    """The app serving ``folder`` in this process."""
    return create_app(app_config(folder))


def prepare(folder: Path, size: int, say: Any = print) -> None:
    """Generate ``size`` offers, build the index and the FTS5 table in ``folder`` (each only
    when missing: a folder prepared by an earlier run is reused as it is)."""
    folder.mkdir(parents=True, exist_ok=True)
    app = bench_app(folder)
    if not (folder / DATABASE).exists():
        started = time.perf_counter()
        with app.app_context():
            Base.metadata.create_all(db.engine)
            catalogue_generator.load(db.session, size)
            db.session.commit()
        say(f"generated {size} offers in {time.perf_counter() - started:.0f} s")
    if not (folder / INDEX / "state.json").exists():
        started = time.perf_counter()
        with app.app_context():
            search.rebuild()
        say(f"indexed in {time.perf_counter() - started:.0f} s")
    # WAL, as SQLite should run in production: searches read while the editor commits
    # (without it, every reader waits for each commit's journal to be synced).
    with sqlite3.connect(folder / DATABASE) as connection:
        connection.execute("pragma journal_mode=wal")
    if not (folder / FTS).exists():
        fts_baseline.build(folder / DATABASE, folder / FTS)
