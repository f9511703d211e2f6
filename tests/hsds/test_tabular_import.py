"""HSDS tabular import: our own CSV export (folder or zip) imports back identically, every cell is
restored exactly, and a zip that unpacks to far more than it holds is refused."""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from flask import Flask

from tests.hsds.helpers import row_counts, small_service
from tests.hsds.test_tabular import _hostile_service
from vejviser.catalogue.snapshot import offer_snapshot
from vejviser.db import Base, db
from vejviser.hsds import sources
from vejviser.hsds.export import all_offers
from vejviser.hsds.importer import ImportOptions, import_file


def _export(app: Flask, tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    result = app.test_cli_runner().invoke(args=["export", "--internal", "--format", "hsds-csv",
                                                "--output", str(target)])
    assert result.exit_code == 0, result.output
    return target


def _files(path: Path) -> dict[str, str]:
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}
    return {child.name: child.read_text(encoding="utf-8") for child in path.iterdir()}


@pytest.mark.parametrize("name", ["export", "export.zip"])
def test_our_csv_export_imports_back_identically(seeded_app: Flask, tmp_path: Path,
                                                 name: str) -> None:
    first = _export(seeded_app, tmp_path, name)
    with seeded_app.app_context():
        stored = [offer_snapshot(offer) for offer in all_offers(db.session, internal=True)]
        db.session.remove()
        Base.metadata.drop_all(db.engine)
        Base.metadata.create_all(db.engine)
    result = seeded_app.test_cli_runner().invoke(args=["import", str(first)])
    assert result.exit_code == 0, result.output
    assert f"{len(stored)} oprettet" in result.output
    assert "Bemærk" not in result.output  # our own layout: nothing moved, nothing left out
    with seeded_app.app_context():
        assert [offer_snapshot(offer) for offer in all_offers(db.session, internal=True)] \
            == stored  # every id kept
    second = _export(seeded_app, tmp_path, "again" + (".zip" if name.endswith(".zip") else ""))
    assert _files(second) == _files(first)


def test_spreadsheet_escapes_are_restored_exactly(app: Flask, tmp_path: Path) -> None:
    source = tmp_path / "hostile.json"
    document = _hostile_service()
    source.write_text(json.dumps(document), encoding="utf-8")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["import", str(source)]).exit_code == 0
    exported = _export(app, tmp_path, "hostile")
    with app.app_context():
        db.session.remove()
        Base.metadata.drop_all(db.engine)
        Base.metadata.create_all(db.engine)
    result = runner.invoke(args=["import", str(exported)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        (offer,) = all_offers(db.session, internal=True)
        assert offer.name == "-Formel"
        assert offer.eligibility_description == "'tis the season"
        assert offer.description == document["description"]
        assert offer.organization.name == "'=1+1"


def test_datapackage_json_names_the_package(app: Flask, tmp_path: Path) -> None:
    folder = tmp_path / "package"
    folder.mkdir()
    (folder / "services.csv").write_text(
        "id,name,status,organization_id,minimum_age\n"
        "7a6e6cf6-08b4-4b07-8bfb-8d5bbc1c47d5,Rådgivningen,active,,18\n", encoding="utf-8")
    (folder / "datapackage.json").write_text(json.dumps({"resources": [
        {"path": "services.csv", "schema": {"fields": [{"name": "minimum_age",
                                                        "type": "integer"}]}}]}),
        encoding="utf-8")
    with app.app_context():
        report = import_file(db.session(), str(folder / "datapackage.json"),
                             ImportOptions(source="Rådgivningen"))
        assert report.ok, report.lines()
        assert report.counts["created"] == 1
        assert "1 tjeneste: har ingen organisation; knyttet til 'Ukendt organisation (package)'" \
            in "\n".join(report.lines())


def test_rows_of_nothing_and_unknown_tables_are_named(app: Flask, tmp_path: Path) -> None:
    folder = tmp_path / "package"
    folder.mkdir()
    service = small_service()
    (folder / "services.csv").write_text(
        f"id,name,status\n{service['id']},Caféen,active\n", encoding="utf-8")
    (folder / "phones.csv").write_text(
        "id,service_id,number\n"
        f"3f9d1c5e-93fb-4a3c-a4c0-7f7d6d7c3e01,{service['id']},+45 12 34 56 78\n"
        "3f9d1c5e-93fb-4a3c-a4c0-7f7d6d7c3e02,9f9d1c5e-93fb-4a3c-a4c0-7f7d6d7c3e02,+45 1\n",
        encoding="utf-8")
    (folder / "fancy_extras.csv").write_text("id\n1\n", encoding="utf-8")
    with app.app_context():
        report = import_file(db.session(), str(folder))
        assert report.ok, report.lines()
        lines = "\n".join(report.lines())
    assert "phones.csv: 1 række hører ikke til nogen tjeneste og er udeladt" in lines
    assert "fancy_extras.csv er ikke en HSDS 3.0-tabel og er udeladt" in lines


def test_a_folder_without_services_is_refused(app: Flask, tmp_path: Path) -> None:
    (tmp_path / "phones.csv").write_text("id,number\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["import", str(tmp_path)])
    assert result.exit_code == 1
    assert "services.csv mangler" in result.output


def _bomb(path: Path, size: int) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("services.csv", "id,name,status\n" + "0" * size)
    return path


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(app: Flask, tmp_path: Path) -> None:
    bomb = _bomb(tmp_path / "bomb.zip", 50_000_000)  # 50 MB of zeros in about 50 kB
    assert bomb.stat().st_size < 100_000
    with app.app_context():
        before = row_counts()
    result = app.test_cli_runner().invoke(args=["import", str(bomb)])
    assert result.exit_code == 1
    assert "services.csv er pakket" in result.output and "zip-bombe" in result.output
    with app.app_context():
        assert row_counts() == before


def test_zip_limits_on_files_and_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    many = tmp_path / "many.zip"
    with zipfile.ZipFile(many, "w") as archive:
        for number in range(sources.MAX_MEMBERS + 1):
            archive.writestr(f"t{number}.csv", "id\n")
    assert [f.kind for f in sources.open_source(str(many)).findings] == ["zip.too_many"]
    monkeypatch.setattr(sources, "MAX_UNPACKED_MB", 1)
    big = tmp_path / "big.zip"
    with zipfile.ZipFile(big, "w") as archive:  # stored, not compressed: no ratio to blame
        archive.writestr("services.csv", "x" * 2_000_000)
    assert [f.kind for f in sources.open_source(str(big)).findings] == ["zip.too_big"]
    assert [f.kind for f in sources.open_source(str(tmp_path / "x.zip")).findings] == [
        "file.unreadable"]


def test_csv_cells_are_read_as_the_schema_types_them() -> None:
    from vejviser.hsds.tabular_read import read_table

    table = read_table("locations.csv", io.StringIO(
        "id,name,latitude,longitude\nx,'=1+1,55.4,10\ny,,,\n", newline=""),
        {"latitude", "longitude"})
    assert table.rows == [("x", "=1+1", 55.4, 10), ("y", "", None, None)]
