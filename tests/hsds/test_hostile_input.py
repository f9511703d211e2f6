"""Hostile HSDS imports: control characters are cleaned, lone surrogates and absurd nesting are
refused with a Danish message naming the record and field - through ``import_hsds`` and through
``vejviser import`` - and nothing is written."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import select

from tests.hsds.helpers import row_counts, small_service
from vejviser.db import db
from vejviser.hsds.importer import import_hsds
from vejviser.models import Location, Offer, Organization

DEEP = 100_000


def _nested(depth: int) -> list[Any]:
    """``[[[...]]]`` ``depth`` levels deep, built without recursion."""
    value: list[Any] = []
    for _ in range(depth - 1):
        value = [value]
    return value


def _deep_text(depth: int) -> str:
    return "[" * depth + "]" * depth


def _write(path: Path, payload: Any) -> str:
    # json.dumps escapes non-ASCII, so a lone surrogate is written as the JSON escape "\ud800",
    # which is how one arrives in a real file (a UTF-8 file cannot hold one).
    path.write_text(payload if isinstance(payload, str) else json.dumps(payload), encoding="utf-8")
    return str(path)


def _with_control_characters() -> dict[str, Any]:
    document = small_service(
        name="Nat\x00caféen\x07", alternate_name="To\nlinjer",
        description="Linje 1\r\nLinje 2\rLinje 3\x1b[31m\tmed tab\x00",
    )
    document["organization"]["name"] = "Forenin\x00gen\x0b"
    document["organization"]["description"] = "Om os\x85og dem\x9b"
    document["service_at_locations"][0]["location"]["name"] = "Café\ten\r\nbagved"
    return document


def _with_surrogates() -> dict[str, Any]:
    document = small_service(name="Halv\ud83d emoji", description="Rigtig emoji \U0001F600")
    document["organization"]["description"] = "\udc80"
    return document


def test_control_characters_are_cleaned_on_import(app: Flask) -> None:
    with app.app_context():
        report = import_hsds(db.session, _with_control_characters())
        assert report.ok, report.problems
        db.session.commit()
        offer = db.session.scalars(select(Offer)).one()
        assert offer.name == "Natcaféen"
        assert offer.alternate_name == "To linjer"  # a name holds one line
        assert offer.description == "Linje 1\nLinje 2\nLinje 3[31m\tmed tab"
        organization = db.session.scalars(select(Organization)).one()
        assert (organization.name, organization.description) == ("Foreningen", "Om os\nog dem")
        assert db.session.scalars(select(Location)).one().name == "Café en bagved"


def test_control_characters_are_cleaned_through_the_cli(app: Flask, tmp_path: Path) -> None:
    path = _write(tmp_path / "control.json", _with_control_characters())
    result = app.test_cli_runner().invoke(args=["import", path])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalars(select(Offer.name)).one() == "Natcaféen"


def test_lone_surrogates_are_refused_naming_record_and_field(app: Flask) -> None:
    other = small_service(name="Helt i orden")
    with app.app_context():
        before = row_counts()
        report = import_hsds(db.session, [other, _with_surrogates()])
        assert not report.ok
        assert [(p.kind, p.record, p.path, p.detail) for p in report.problems] == [
            ("text.surrogate", 1, "name", "5: U+D83D"),
            ("text.surrogate", 1, "organization.description", "1: U+DC80")]
        lines = report.lines()
        assert "  1 tjeneste: name indeholder et ugyldigt tegn (en halv UTF-16-surrogat), fx #2 " \
               "(5: U+D83D)" in lines
        "\n".join(lines).encode("utf-8")  # the report itself can be printed
        db.session.rollback()
        assert row_counts() == before


def test_lone_surrogates_are_refused_through_the_cli(app: Flask, tmp_path: Path) -> None:
    path = _write(tmp_path / "surrogate.json", _with_surrogates())
    with app.app_context():
        before = row_counts()
    result = app.test_cli_runner().invoke(args=["import", path])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and result.exception is not None
    assert isinstance(result.exception, SystemExit), result.exception
    assert "1 tjeneste: name indeholder et ugyldigt tegn" in result.output
    assert "Afvist: intet er importeret (2 problemer)." in result.output
    with app.app_context():
        assert row_counts() == before


def test_a_surrogate_pair_is_a_character_and_imports(app: Flask, tmp_path: Path) -> None:
    path = _write(tmp_path / "emoji.json", small_service(name="Caféen \U0001F600"))
    assert "\\ud83d\\ude00" in Path(path).read_text(encoding="utf-8")  # two escapes, one letter
    result = app.test_cli_runner().invoke(args=["import", path])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalars(select(Offer.name)).one() == "Caféen \U0001F600"


def test_deep_nesting_is_refused_by_the_import(app: Flask) -> None:
    document = small_service(name="Dyb")
    document["description"] = _nested(DEEP)  # after small_service: it deep-copies its overrides
    with app.app_context():
        before = row_counts()
        report = import_hsds(db.session, [small_service(), document])
        (problem,) = report.problems
        assert (problem.kind, problem.record) == ("text.too_deep", 1)
        assert problem.path.startswith("description[0][0]")
        assert "1 tjeneste: description… er for dybt indlejret" in "\n".join(report.lines())
        everything = import_hsds(db.session, _nested(DEEP))  # the whole payload this deep
        assert [p.kind for p in everything.problems] == ["text.too_deep"]
        db.session.rollback()
        assert row_counts() == before


def test_a_deep_file_the_parser_reads_is_refused_per_record(app: Flask, tmp_path: Path) -> None:
    text = json.dumps(small_service(name="DYB")).replace('"DYB"', _deep_text(200), 1)
    result = app.test_cli_runner().invoke(args=["import", _write(tmp_path / "deep.json", text)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    assert "1 tjeneste: name… er for dybt indlejret" in result.output, result.output


def test_a_file_too_deep_to_parse_is_a_clear_error(app: Flask, tmp_path: Path) -> None:
    path = _write(tmp_path / "deep.json", _deep_text(DEEP))
    result = app.test_cli_runner().invoke(args=["import", path])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), result.exception
    assert "JSON-filen er for dybt indlejret" in result.output


def test_the_installed_command_refuses_a_deep_file_without_a_traceback(tmp_path: Path) -> None:
    path = _write(tmp_path / "deep.json", _deep_text(DEEP))
    environment = {**os.environ, "VEJVISER_SECRET_KEY": "test-secret",
                   "VEJVISER_INSTANCE_DIR": str(tmp_path / "instance")}
    vejviser = [sys.executable, "-c", "from vejviser.cli import main; main()"]
    made = subprocess.run([*vejviser, "init", "--no-seed"], capture_output=True, text=True,
                          env=environment, cwd=tmp_path, timeout=120)
    assert made.returncode == 0, made.stderr
    command = [*vejviser, "import", path]
    done = subprocess.run(command, capture_output=True, text=True, env=environment,
                          cwd=tmp_path, timeout=120)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "for dybt indlejret" in done.stderr
