"""HSDS published by others imports, JSON and CSV: Open Referral's 3.0 and 3.1 examples and the
UK profile's. Each gives a short, grouped report, and no field disappears without a word: every
field either has a fate that keeps it, or the report names it."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from tests.hsds.helpers import EXAMPLES
from vejviser.catalogue.loading import load_offer
from vejviser.db import db
from vejviser.hsds.fates import fate_of
from vejviser.hsds.importer import ImportOptions, import_file
from vejviser.hsds.report import ImportReport
from vejviser.hsds.validate import Node, compile_schema

SAMPLES = Path(__file__).resolve().parent / "samples"
SERVICE_ID = "ac148810-d857-441c-9679-408f346de14b"
#: sample -> (HSDS version the report must name, most lines the report may have)
FILES = {
    EXAMPLES / "service_full.json": ("3.0", 25),
    EXAMPLES / "service_list.json": ("3.0", 10),
    SAMPLES / "openreferral-3.0" / "csv": ("3.0", 20),
    SAMPLES / "openreferral-3.1" / "service_full.json": ("3.1", 25),
    SAMPLES / "openreferral-3.1" / "service_list.json": ("3.0", 10),
    SAMPLES / "openreferral-3.1" / "csv" / "datapackage.json": ("3.1", 20),
    SAMPLES / "uk-profile-3.0" / "service_full.json": ("3.0", 20),
    SAMPLES / "uk-profile-3.0" / "service_list.json": ("3.0", 10),
    SAMPLES / "uk-profile-3.0" / "csv": ("3.0", 20),
}


def _import(app: Flask, path: Path) -> ImportReport:
    with app.app_context():
        report = import_file(db.session(), str(path), ImportOptions(actor=f"import {path.name}"))
        assert report.ok, "\n".join(report.lines())
        db.session.commit()
        return report


@pytest.mark.parametrize("path", sorted(FILES), ids=lambda p: str(p.relative_to(p.parents[2])))
def test_each_sample_imports_with_a_short_grouped_report(app: Flask, path: Path) -> None:
    version, most = FILES[path]
    report = _import(app, path)
    lines = report.lines()
    tabular = path.is_dir() or path.name == "datapackage.json"
    assert lines[0].endswith(f"HSDS {version} ({'CSV-tabeller' if tabular else 'JSON'})")
    assert len(lines) <= most, "\n".join(lines)
    assert lines[-1].startswith("Import: 1 tilbud: 1 oprettet") or "Nye termer" in lines[-1]
    for line in lines[2:]:  # one line per kind of note, never one per record
        assert sum(other == line for other in lines) == 1
    with app.app_context():
        assert load_offer(db.session, SERVICE_ID) is not None


def _fields(node: Node, value: Any, path: str) -> list[tuple[str, str, str]]:
    """(entity, field, path) of every field given in ``value``, as the schema nests them."""
    found = []
    if node.type == "array" and isinstance(value, list) and node.items is not None:
        for index, item in enumerate(value):
            found += _fields(node.items, item, f"{path}[{index}]")
    elif node.type == "object" and isinstance(value, dict):
        for key, item in value.items():
            if item in (None, "", []):
                continue
            where = f"{path}.{key}" if path else key
            found.append((node.entity, key, where))
            child = node.properties.get(key)
            fate = fate_of(node.entity, key)
            if child is not None and fate is not None and fate.fate != "dropped":
                found += _fields(child, item, where)
    return found


@pytest.mark.parametrize("name", ["openreferral-3.1", "uk-profile-3.0"])
def test_no_field_is_lost_silently(app: Flask, name: str) -> None:
    path = SAMPLES / name / "service_full.json"
    report = _import(app, path)
    noted = [item.path for item in report.findings]
    document = json.loads(path.read_text(encoding="utf-8"))
    for entity, field, where in _fields(compile_schema(), document, ""):
        fate = fate_of(entity, field)
        keeps = fate is not None and fate.fate in ("kept", "converted", "ignored")
        said = any(where == seen or where.startswith(seen + ".") or where.startswith(seen + "[")
                   or seen.startswith(where + ".") for seen in noted)
        assert keeps or said, (entity, field, where)
    kinds = {item.kind for item in report.notes}
    assert {"fate.dropped", "fate.moved", "hours.restricted",
            "coordinates.off_globe"} <= kinds


def test_the_csv_and_json_samples_store_the_same_offer(app: Flask) -> None:
    from vejviser.catalogue.snapshot import offer_snapshot

    _import(app, SAMPLES / "openreferral-3.0" / "csv")
    with app.app_context():
        offer = load_offer(db.session, SERVICE_ID)
        from_csv = offer_snapshot(offer)
    assert from_csv["name"] == "Community Counselling"
    assert from_csv["verified_at"].isoformat() == "2005-01-01"
    (place,) = from_csv["locations"]
    assert place["address_2"] == "MyVillage" and place["state_province"] == "MyState"
    assert place["accessibility_details"].startswith("Switch hearing aid")
    assert [phone["number"] for phone in from_csv["phones"]] == ['"+44 1234 234567"']
