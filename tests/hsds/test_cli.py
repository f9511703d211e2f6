"""``vejviser import`` / ``vejviser export``: refusals leave the database untouched, the report is
short, grouped and in one language, exit codes say what happened."""
from __future__ import annotations

import json
import re
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


#: file -> (the start of the report line that must name it, what the line must say)
BAD_FILES = {
    "broken-json": ('[{"id": "x", "name": "a",\n  "status": }]', "ikke gyldig JSON",
                    "linje 2, kolonne 13"),
    "schema": (small_service(status="closed"), "1 tjeneste:", "status skal være en af"),
    "bad-time": (_bad_time(), "1 åbningstidsrække:", "opens_at er ikke et klokkeslæt"),
    "unknown-status-in-array": ([small_service(), small_service(status="open")], "1 tjeneste:",
                                "status skal være en af"),
    "missing-name": ({k: v for k, v in small_service().items() if k != "name"}, "1 tjeneste:",
                     "name mangler"),
    "refers-to-nothing": (_refers_to_nothing(), "1 tjeneste:", "organization_id henviser"),
    "unknown-location": (_refers_to_nothing(), "1 sted:", "location_id henviser til et sted"),
    "contents-not-a-list": ({"contents": 5}, "sidens felt contents", "en liste"),
    "javascript-url": (small_service(url="javascript:alert(1)"), "1 tjeneste:",
                       "url skal være en webadresse"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_files_are_refused_and_change_nothing(seeded_app: Flask, tmp_path: Path,
                                                  case: str) -> None:
    payload, start, says = BAD_FILES[case]
    path = _write(tmp_path / "bad.json", payload)
    before = _counts(seeded_app)
    result = seeded_app.test_cli_runner().invoke(args=["import", path])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    assert lines[0] == "bad.json: HSDS 3.0 (JSON)"
    assert lines[1].startswith("Afvist: intet er importeret")
    assert any(line.strip().startswith(start) and says in line for line in lines), result.output
    assert _counts(seeded_app) == before


def test_import_cli_summary_and_second_run_unchanged(app: Flask) -> None:
    path = str(EXAMPLES / "service_full.json")
    runner = app.test_cli_runner()
    first = runner.invoke(args=["import", path])
    assert first.exit_code == 0, first.output
    assert "Import: 1 tilbud: 1 oprettet, 0 opdateret, 0 uændret." in first.output
    assert len(first.output.splitlines()) <= 25  # grouped: one line per kind, not per field
    second = runner.invoke(args=["import", path])
    assert "0 oprettet, 0 opdateret, 1 uændret" in second.output


def test_import_cli_in_english_has_no_danish(app: Flask, tmp_path: Path) -> None:
    runner = app.test_cli_runner()
    accepted = runner.invoke(args=["import", "--lang", "en", str(EXAMPLES / "service_full.json")])
    assert accepted.exit_code == 0, accepted.output
    refused = runner.invoke(args=["import", "--lang", "en", _write(
        tmp_path / "bad.json", [_bad_time(), _refers_to_nothing(), small_service(id="7")])])
    assert refused.exit_code == 1
    for output in (accepted.output, refused.output):
        assert not re.search(r"[æøåÆØÅ]|\b(og|ikke|felter|tilbud|udeladt|mangler)\b", output), \
            output
    assert "Import: 1 service: 1 created, 0 updated, 0 unchanged." in accepted.output
    assert "1 schedule row: opens_at is not a time of day (e.g. 09:30), e.g. #1 ('25:00')" \
        in refused.output
    assert "1 service: id is not a UUID, e.g. #3 ('7')" in refused.output


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
    assert "Gemmer" in result.output and "25 oprettet" in result.output


def test_usage_errors_exit_with_2(app: Flask, tmp_path: Path) -> None:
    runner = app.test_cli_runner()
    path = _write(tmp_path / "one.json", small_service())
    assert runner.invoke(args=["import", "--mint-ids", path]).exit_code == 2
    assert runner.invoke(args=["import", "--lang", "fr", path]).exit_code == 2
    assert runner.invoke(args=["import"]).exit_code == 2


def test_missing_file_is_refused_in_one_line(app: Flask, tmp_path: Path) -> None:
    result = app.test_cli_runner().invoke(args=["import", str(tmp_path / "nope.json")])
    assert result.exit_code == 1
    assert "filen kan ikke læses (filen findes ikke)" in result.output


def test_report_file_holds_every_finding_in_one_language(app: Flask, tmp_path: Path) -> None:
    documents = [small_service(id=str(n), name=f"Nr. {n}") for n in range(1, 8)]
    target = tmp_path / "report.json"
    result = app.test_cli_runner().invoke(args=[
        "import", "--lang", "en", "--report", str(target),
        _write(tmp_path / "legacy.json", documents)])
    assert result.exit_code == 1
    report = json.loads(target.read_text(encoding="utf-8"))
    assert report["accepted"] is False and report["language"] == "en"
    (ids,) = [group for group in report["problems"] if group["kind"] == "schema.uuid"]
    assert ids["count"] == 7 and len(ids["records"]) == 7  # the printed report shows 3
    assert ids["message"] == "7 services: id is not a UUID"
    assert ids["records"][6] == {"record": 7, "id": "7", "name": "Nr. 7", "field": "id",
                                 "detail": "'7'"}


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


def test_exported_file_imports_into_an_empty_database(seeded_app: Flask, tmp_path: Path) -> None:
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
    assert again.read_text(encoding="utf-8") == target.read_text(encoding="utf-8")
