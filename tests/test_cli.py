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
    assert "Seed: 14 created, 0 updated, 0 unchanged." in first.output  # no examples by default
    second = runner.invoke(args=["init"])
    assert second.exit_code == 0, second.output
    assert "0 created, 0 updated" in second.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Offer)) == 14
    client = app.test_client()
    assert client.get("/api/v1/offers/reden-odense").status_code == 200


def test_reindex_reports_what_it_indexed(tmp_path: Path) -> None:
    app = create_app(make_config(tmp_path))
    runner = app.test_cli_runner()
    assert runner.invoke(args=["init"]).exit_code == 0
    result = runner.invoke(args=["reindex"])
    assert result.exit_code == 0, result.output
    assert "offers indexed" in result.output


def test_init_with_examples_adds_the_fictional_offers(tmp_path: Path) -> None:
    app = create_app(make_config(tmp_path))
    result = app.test_cli_runner().invoke(args=["init", "--with-examples"])
    assert result.exit_code == 0, result.output
    assert "Seed: 16 created" in result.output
    assert app.test_client().get("/api/v1/offers/eksempel-vaerested-odense").status_code == 200


def test_commands_before_init_explain_instead_of_crashing(tmp_path: Path) -> None:
    runner = create_app(make_config(tmp_path)).test_cli_runner()
    for args in (["reindex"], ["export", "--output", str(tmp_path / "out.json")]):
        result = runner.invoke(args=args)
        assert result.exit_code != 0
        assert "has `vejviser init` run?" in result.output, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_export_to_a_place_that_cannot_be_written_says_so(tmp_path: Path) -> None:
    app = create_app(make_config(tmp_path))
    runner = app.test_cli_runner()
    assert runner.invoke(args=["init", "--no-seed"]).exit_code == 0
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = runner.invoke(args=["export", "--output", str(blocker / "out.json")])
    assert result.exit_code != 0 and "cannot write" in result.output
    assert isinstance(result.exception, SystemExit)
