"""``vejviser.warmup``: a server worker opens the index before its first request, and a broken
instance still starts (the first request says what is wrong)."""
from __future__ import annotations

import gc
import logging
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.factories import Catalogue
from vejviser import create_app
from vejviser.search import sync
from vejviser.search.searchers import shared_searcher
from vejviser.warmup import warm_up


@pytest.fixture(autouse=True)
def _unfreeze() -> Iterator[None]:
    yield
    gc.unfreeze()  # the test process goes on making and dropping apps


def test_the_index_is_open_before_the_first_request(app: Flask, catalogue: Catalogue) -> None:
    catalogue.offer(name="Varmestuen Lygten")
    warm_up(app)
    assert gc.get_freeze_count() > 0
    searcher = shared_searcher(sync.index_dir(app))
    assert searcher.searcher is not None and searcher.searcher.doc_count() == 1


def test_a_broken_instance_still_starts(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    app = create_app({"SECRET_KEY": "x", "INSTANCE_DIR": str(tmp_path),
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'none.sqlite3'}",
                      "INDEX_DIR": str(tmp_path / "index")})
    with caplog.at_level(logging.WARNING, logger="vejviser.warmup"):
        warm_up(app)
    assert "warming up the search index failed" in caplog.text
    assert app.test_client().get("/api/v1/search?q=x").status_code == 503


def test_a_search_worker_loads_no_migration_or_validation_machinery(tmp_path: Path) -> None:
    # A fresh interpreter, as a gunicorn worker starts: Alembic (with Mako and Pygments),
    # jsonschema and markdown-it are 16 MB of every worker that only searches (issue 14).
    script = f"""
import sys
from vejviser import create_app, migrate
from vejviser.db import Base, db
app = create_app({{"SECRET_KEY": "x", "INSTANCE_DIR": {str(tmp_path)!r},
                   "SQLALCHEMY_DATABASE_URI": "sqlite:///{tmp_path / 'w.sqlite3'}",
                   "INDEX_DIR": {str(tmp_path / 'index')!r}}})
with app.app_context():
    Base.metadata.create_all(db.engine)
    with db.engine.begin() as connection:
        connection.exec_driver_sql("create table alembic_version (version_num varchar(32))")
        connection.exec_driver_sql(f"insert into alembic_version values ('{{migrate.HEAD}}')")
client = app.test_client()
for path in ("/", "/?q=varmestue", "/api/v1/search?q=varmestue"):
    assert client.get(path).status_code == 200, path
print(sorted(name for name in ("alembic", "jsonschema", "markdown_it", "pygments")
             if name in sys.modules))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
