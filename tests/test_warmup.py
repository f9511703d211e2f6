"""``vejviser.warmup``: a server worker opens the index before its first request, and a broken
instance still starts (the first request says what is wrong)."""
from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.factories import Catalogue
from vejviser import create_app
from vejviser.search import sync
from vejviser.search.index import shared_searcher
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
