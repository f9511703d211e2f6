"""HSDS tabular export: the layout's files, with the specification's column names."""
from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from flask import Flask

from tests.hsds.helpers import example
from vejviser.db import db
from vejviser.hsds.export import all_offers, iter_documents
from vejviser.hsds.tabular import layout, write_tabular

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
