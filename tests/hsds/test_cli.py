"""``vejviser import`` / ``vejviser export``: refusals leave the database untouched."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from tests.hsds.helpers import EXAMPLES, example, new_id, row_counts, small_service
from vejviser.db import db
from vejviser.hsds.schema import service_problems


def _write(path: Path, payload: Any) -> str:
    path.write_text(json.dumps(payload) if not isinstance(payload, str) else payload,
                    encoding="utf-8")
    return str(path)


def _counts(app: Flask) -> dict[str, int]:
    with app.app_context():
        return row_counts()


def _bad_time() -> dict[str, Any]:
    document = small_service(name="Tidlig")
    document["schedules"][0]["opens_at"] = "25:00"
    return document


def _refers_to_nothing() -> dict[str, Any]:
    document = small_service(name="Ingen steder")
    del document["organization"]
    document["organization_id"] = new_id()
    document["service_at_locations"] = [{"id": new_id(), "location_id": new_id()}]
    return document


BAD_FILES = {
    "broken-json": ('[{"id": "x", "name": "a",\n  "status": }]', "(fil)", "linje 2, kolonne 13"),
    "schema": (small_service(status="closed"), "#1", "status"),
    "bad-time": (_bad_time(), "#1", "schedules[0].opens_at"),
    "unknown-status-in-array": ([small_service(), small_service(status="open")], "#2", "status"),
    "missing-name": ({k: v for k, v in small_service().items() if k != "name"}, "#1", "name"),
    "refers-to-nothing": (_refers_to_nothing(), "#1", "organization_id"),
    "unknown-location": (_refers_to_nothing(), "#1", "service_at_locations[0].location_id"),
    "contents-not-a-list": ({"contents": 5}, "(list page)", "contents"),
    "javascript-url": (small_service(url="javascript:alert(1)"), "#1", "url"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_files_are_refused_and_change_nothing(seeded_app: Flask, tmp_path: Path,
                                                  case: str) -> None:
    payload, record, field = BAD_FILES[case]
    path = _write(tmp_path / "bad.json", payload)
    before = _counts(seeded_app)
    result = seeded_app.test_cli_runner().invoke(args=["import", path])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    output = result.output
    if record != "(fil)":
        lines = [line for line in output.splitlines() if line.strip().startswith(record)]
        assert any(f": {field}:" in line for line in lines), output
    else:
        assert field in output
    assert "intet er importeret" in output or "ikke gyldig JSON" in output
    assert _counts(seeded_app) == before


def test_import_cli_summary_and_second_run_unchanged(app: Flask, tmp_path: Path) -> None:
    path = str(EXAMPLES / "service_full.json")
    runner = app.test_cli_runner()
    first = runner.invoke(args=["import", path])
    assert first.exit_code == 0, first.output
    assert "1 oprettet, 0 opdateret, 0 uændret" in first.output
    second = runner.invoke(args=["import", path])
    assert "0 oprettet, 0 opdateret, 1 uændret" in second.output


def test_import_cli_dry_run_writes_nothing(app: Flask, tmp_path: Path) -> None:
    path = _write(tmp_path / "page.json", example("service_list.json"))
    before = _counts(app)
    result = app.test_cli_runner().invoke(args=["import", "--dry-run", path])
    assert result.exit_code == 0, result.output
    assert "prøvekørsel, intet skrevet" in result.output and "1 oprettet" in result.output
    assert _counts(app) == before


def test_import_cli_shows_progress_for_long_files(app: Flask, tmp_path: Path) -> None:
    services = [small_service(name=f"Tilbud {n}") for n in range(25)]
    path = _write(tmp_path / "many.json", services)
    result = app.test_cli_runner().invoke(args=["import", path])
    assert result.exit_code == 0, result.output
    assert "Importerer" in result.output and "25 oprettet" in result.output


def test_export_cli_json_file_and_stdout(seeded_app: Flask, tmp_path: Path) -> None:
    runner = seeded_app.test_cli_runner()
    target = tmp_path / "out" / "hsds.json"
    result = runner.invoke(args=["export", "--format", "hsds-json", "--output", str(target)])
    assert result.exit_code == 0, result.output
    page = json.loads(target.read_text(encoding="utf-8"))
    assert page["total_items"] == len(page["contents"]) >= 14
    assert all(service_problems(doc, "x") == [] for doc in page["contents"])
    stdout = runner.invoke(args=["export", "--output", "-"])
    assert json.loads(stdout.output)["total_items"] == page["total_items"]


def test_export_cli_csv(seeded_app: Flask, tmp_path: Path) -> None:
    runner = seeded_app.test_cli_runner()
    result = runner.invoke(args=["export", "--format", "hsds-csv", "--output", str(tmp_path / "t")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "t" / "services.csv").is_file()
    refused = runner.invoke(args=["export", "--format", "hsds-csv", "--output", "-"])
    assert refused.exit_code != 0


def test_exported_file_imports_into_an_empty_database(seeded_app: Flask, app_config: dict,
                                                      tmp_path: Path) -> None:
    target = tmp_path / "hsds.json"
    runner = seeded_app.test_cli_runner()
    assert runner.invoke(args=["export", "--output", str(target)]).exit_code == 0
    with seeded_app.app_context():
        db.drop_all()
        db.create_all()
    result = runner.invoke(args=["import", str(target)])
    assert result.exit_code == 0, result.output
    again = tmp_path / "again.json"
    assert runner.invoke(args=["export", "--output", str(again)]).exit_code == 0
    strip = lambda page: [{k: v for k, v in d.items() if k != "last_modified"}  # noqa: E731
                          for d in json.loads(page.read_text(encoding="utf-8"))["contents"]]
    assert strip(again) == strip(target)
