"""``/healthz`` says the process answers; ``/readyz`` says whether this node can serve: database,
migrations, and an index not too far behind the change sequence."""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import insert

from tests.conftest import make_config
from tests.factories import Catalogue
from vejviser import create_app
from vejviser.db import db
from vejviser.models import OfferChange
from vejviser.search.index import writer_lock


def test_healthz_answers_and_readyz_is_ready_on_a_sound_node(
        client: FlaskClient, catalogue: Catalogue) -> None:
    catalogue.offer()
    answer = client.get("/healthz")
    assert answer.status_code == 200 and answer.json == {"status": "ok"}
    assert answer.headers["Cache-Control"] == "no-store"
    ready = client.get("/readyz")
    assert ready.status_code == 200, ready.json
    checks: dict[str, Any] = ready.json["checks"]
    assert checks["index"]["behind"] == 0 and all(check["ok"] for check in checks.values())


def test_readyz_is_not_ready_while_the_index_is_too_far_behind(
        app: Flask, client: FlaskClient, catalogue: Catalogue) -> None:
    catalogue.offer()
    assert client.get("/readyz").status_code == 200  # the index is verified and current
    app.config["READY_MAX_INDEX_LAG"] = 2
    offer_id = "missing-offer"
    with app.app_context():  # changes the index has not seen (as if another node wrote them)
        db.session.execute(insert(OfferChange), [{"offer_id": offer_id}] * 3)
        db.session.commit()
    holding, release = threading.Event(), threading.Event()

    def hold_the_writer_lock() -> None:  # a long rebuild elsewhere: no catching up meanwhile
        with writer_lock(Path(app.config["INDEX_DIR"])):
            holding.set()
            release.wait(30)

    holder = threading.Thread(target=hold_the_writer_lock)
    holder.start()
    holding.wait(10)
    app.config["SEARCH_POLL_SECONDS"] = 0
    try:
        answer = client.get("/readyz")
        assert answer.status_code == 503, answer.json
        assert answer.json["status"] == "not ready"
        assert answer.json["checks"]["index"] == {"ok": False, "behind": 3, "max_behind": 2}
        assert client.get("/healthz").status_code == 200
    finally:
        release.set()
        holder.join()
    answer = client.get("/readyz")  # the lock is free: the index catches up
    assert answer.status_code == 200 and answer.json["checks"]["index"]["behind"] == 0


def test_before_init_healthz_answers_and_readyz_says_why_not(tmp_path: Path) -> None:
    app = create_app(make_config(tmp_path))  # no database file yet
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert "vejviser init" in answer.json["checks"]["database"]["reason"]
    assert not (tmp_path / "test.sqlite3").exists()  # looking never creates an empty database


def test_readyz_names_an_unreachable_database(tmp_path: Path) -> None:
    url = "postgresql+psycopg://nobody@127.0.0.1:1/none"
    app = create_app(make_config(tmp_path, url, SQLALCHEMY_ENGINE_OPTIONS={
        "connect_args": {"connect_timeout": 2}}))
    answer = app.test_client().get("/readyz")
    assert answer.status_code == 503
    assert answer.json["checks"]["database"]["ok"] is False
    assert "migrations" not in answer.json["checks"]
    with app.app_context():
        db.engine.dispose()
