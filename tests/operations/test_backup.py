"""``vejviser backup`` while another process writes, and ``vejviser restore`` into a fresh
database: every table exactly as of the change sequence number the backup records; a database
holding data is not overwritten without ``--force``; the search index is rebuilt."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from tests.conftest import make_config
from tests.operations.writer import dump_tables
from vejviser import create_app, migrate, search
from vejviser.db import db
from vejviser.search import sync

ROOT = Path(__file__).resolve().parents[2]
Target = Callable[[str], dict[str, Any]]


@contextmanager
def _databases(kind: str, tmp_path: Path, request: pytest.FixtureRequest
               ) -> Iterator[tuple[dict[str, Any], Target]]:
    """The source database's config, and a function giving a fresh, empty target's config."""
    (tmp_path / "source").mkdir()
    if kind == "sqlite":
        yield make_config(tmp_path / "source"), lambda name: make_config(tmp_path / name)
        return
    schema = request.getfixturevalue("postgres_schema")
    config = make_config(tmp_path / "source", schema.url,
                         SQLALCHEMY_ENGINE_OPTIONS=schema.engine_options())

    def fresh(name: str) -> dict[str, Any]:
        # A schema-scoped dump restores into its own schema: empty it (the source's rows are
        # in the writer's table dumps by now).
        with schema.admin.begin() as connection:
            connection.execute(text(f'drop schema "{schema.name}" cascade'))
            connection.execute(text(f'create schema "{schema.name}"'))
        return {**config, "INDEX_DIR": str(tmp_path / name / "index"),
                "INSTANCE_DIR": str(tmp_path / name / "instance")}

    yield config, fresh


def _wait_for(condition: Callable[[], bool], what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_backup_during_writes_restores_every_table_as_of_its_sequence_number(
        kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    with _databases(kind, tmp_path, request) as (config, fresh):
        source = create_app(config)
        with source.app_context():
            migrate.upgrade(db.engine)
            db.engine.dispose()
        dumps = tmp_path / "dumps"
        dumps.mkdir()
        writer = subprocess.Popen(
            [sys.executable, "-m", "tests.operations.writer", json.dumps(config), str(dumps),
             "2000"], cwd=ROOT)
        try:
            _wait_for(lambda: len(list(dumps.glob("*.json"))) >= 3, "the writer writes")
            runner = source.test_cli_runner()
            manifests = []
            for number in range(3):
                path = tmp_path / f"backup-{number}.dump"
                result = runner.invoke(args=["backup", str(path)])
                assert result.exit_code == 0, result.output
                manifests.append(json.loads(path.with_name(path.name + ".json").read_text()))
                assert f"til og med ændring {manifests[-1]['change_seq']}" in result.output
                time.sleep(0.3)
            (dumps / "stop").touch()
            assert writer.wait(120) == 0
        finally:
            writer.kill()
            writer.wait()
            with source.app_context():
                db.engine.dispose()
        written = sorted(int(path.stem) for path in dumps.glob("*.json"))
        assert manifests[-1]["change_seq"] < written[-1], "the writer went on after the backups"
        assert len({manifest["change_seq"] for manifest in manifests}) > 1, manifests
        for number, manifest in enumerate(manifests):
            target = create_app(fresh(f"target-{number}"))
            path = tmp_path / f"backup-{number}.dump"
            result = target.test_cli_runner().invoke(args=["restore", str(path)])
            assert result.exit_code == 0, result.output
            seq = manifest["change_seq"]
            expected = json.loads((dumps / f"{seq}.json").read_text())
            with target.app_context():
                assert dump_tables(db.session()) == expected, f"tables differ as of {seq}"
                state = sync.read_state(Path(target.config["INDEX_DIR"])) or {}
                assert state.get("last_seq") == seq  # the index was rebuilt from the restore
                found = search.search(search.parse_args({"q": "Skrivetilbud"}))
                offers = [row for row in expected["offer"] if "Skrivetilbud" in "".join(row)]
                assert found.total == len(offers) > 0
                db.session.remove()
                db.engine.dispose()
        # Into a database that holds data: refused, unless --force.
        again = target.test_cli_runner().invoke(args=["restore", str(path)])
        assert again.exit_code == 1 and "--force" in again.output, again.output
        forced = target.test_cli_runner().invoke(args=["restore", "--force", str(path)])
        assert forced.exit_code == 0, forced.output
        with target.app_context():
            assert dump_tables(db.session()) == expected
            db.session.remove()
            db.engine.dispose()


def test_restore_refuses_what_is_not_a_backup(app_config: dict[str, Any], tmp_path: Path) -> None:
    junk = tmp_path / "junk.dump"
    junk.write_text("not a backup")
    result = create_app(app_config).test_cli_runner().invoke(args=["restore", str(junk)])
    assert result.exit_code == 1 and "er ikke en sikkerhedskopi" in result.output, result.output
