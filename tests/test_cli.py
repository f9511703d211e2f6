"""The ``vejviser`` command: init migrates, seeds and indexes, and is safe to run twice."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from tests.conftest import make_config
from vejviser import create_app
from vejviser.db import db
from vejviser.models import Offer


def test_init_builds_a_working_instance_and_is_idempotent(tmp_path: Path) -> None:
    app = create_app(make_config(tmp_path))
    runner = app.test_cli_runner()
    first = runner.invoke(args=["init"])
    assert first.exit_code == 0, first.output
    assert "16 created" in first.output or "created" in first.output
    second = runner.invoke(args=["init"])
    assert second.exit_code == 0, second.output
    assert "0 created, 0 updated" in second.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Offer)) >= 14
    client = app.test_client()
    assert client.get("/api/v1/offers/reden-odense").status_code == 200


def test_reindex_reports_what_it_indexed(tmp_path: Path) -> None:
    app = create_app(make_config(tmp_path))
    runner = app.test_cli_runner()
    assert runner.invoke(args=["init"]).exit_code == 0
    result = runner.invoke(args=["reindex"])
    assert result.exit_code == 0, result.output
    assert "offers indexed" in result.output
