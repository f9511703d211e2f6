"""HSDS 3.0 tabular (CSV) export: one CSV per table, named and headed as in tabular.json.

The tables are flattened from the same service documents the JSON export writes, so both exports
always say the same thing. Every table of the layout is written; tables we have no data for
(funding, programs, cost_options, ...) get their header only. The output is a directory, or a zip
archive when the path ends in ``.zip``. No text cell starts a spreadsheet formula: see
``vejviser.hsds.csvcells`` (a CSV import must ``restore`` every cell it reads).
"""
from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from vejviser.hsds.csvcells import neutralise
from vejviser.hsds.schema import schema


def layout() -> dict[str, list[str]]:
    """``{"services.csv": [column, ...], ...}`` from tabular.json, in the specification's order."""
    tables = {}
    for table in schema("tabular.json")["properties"].values():
        item = table["items"]
        tables[item["path"]] = [name for name, spec in item["properties"].items()
                                if spec.get("type") not in ("array", "object")]
    return tables


def _scalars(row: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in row.items() if not isinstance(value, (list, dict))}


class _Tables:
    """Rows per table, each id written once."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = {}
        self.seen: set[tuple[str, Any]] = set()

    def add(self, table: str, row: Mapping[str, Any], **extra: Any) -> None:
        key = (table, row.get("id"))
        if key in self.seen:
            return
        self.seen.add(key)
        self.rows.setdefault(table, []).append({**_scalars(row), **extra})

    def attributes(self, items: Iterable[Mapping[str, Any]] | None) -> None:
        for item in items or []:
            self.add("attributes.csv", item)
            term = item.get("taxonomy_term")
            if term:
                self.add("taxonomy_terms.csv", term)
                detail = term.get("taxonomy_detail")
                if detail:
                    self.add("taxonomies.csv", detail)


def flatten(documents: Iterable[Mapping[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Service documents -> rows per CSV table (foreign keys filled in)."""
    tables = _Tables()
    for doc in documents:
        service_id = doc["id"]
        organization = doc.get("organization")
        if organization:
            tables.add("organizations.csv", organization)
            for row in organization.get("phones", []):
                tables.add("phones.csv", row, organization_id=organization["id"])
            for row in organization.get("organization_identifiers", []):
                tables.add("organization_identifiers.csv", row,
                           organization_id=organization["id"])
        tables.add("services.csv", doc)
        for schedule in doc.get("schedules", []):
            tables.add("schedules.csv", schedule, service_id=service_id)
            tables.attributes(schedule.get("attributes"))
        for link in doc.get("service_at_locations", []):
            tables.add("service_at_location.csv", link, service_id=service_id)
            for row in link.get("phones", []):  # the numbers of this place
                tables.add("phones.csv", row, service_at_location_id=link["id"])
            for schedule in link.get("schedules", []):  # the hours of this place only
                tables.add("schedules.csv", schedule, service_at_location_id=link["id"])
                tables.attributes(schedule.get("attributes"))
            tables.attributes(link.get("attributes"))
            location = link.get("location")
            if location:
                tables.add("locations.csv", location)
                for address in location.get("addresses", []):
                    tables.add("addresses.csv", address, location_id=location["id"])
                for item in location.get("accessibility", []):
                    tables.add("accessibility.csv", item, location_id=location["id"])
                tables.attributes(location.get("attributes"))
        for table, key in (("phones.csv", "phones"), ("contacts.csv", "contacts"),
                           ("languages.csv", "languages")):
            for row in doc.get(key, []):
                tables.add(table, row, service_id=service_id)
        tables.attributes(doc.get("attributes"))
    return tables.rows


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):  # a number is never a formula: "-1e-05" stays a number
        return str(value)
    return neutralise(str(value))


def render(rows: dict[str, list[dict[str, Any]]]) -> dict[str, str]:
    """CSV text per table file, every table of the layout included."""
    files = {}
    for table, columns in layout().items():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(columns)
        for row in rows.get(table, []):
            writer.writerow([_cell(row.get(column)) for column in columns])
        files[table] = buffer.getvalue()
    return files


def write_tabular(documents: Iterable[Mapping[str, Any]], output: Path) -> list[str]:
    """Write the CSV tables for ``documents`` to ``output`` (directory, or ``*.zip``).

    Returns the file names written.
    """
    files = render(flatten(documents))
    if output.suffix.lower() == ".zip":
        output.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, text in files.items():
                archive.writestr(name, text)
    else:
        output.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (output / name).write_text(text, encoding="utf-8", newline="")
    return list(files)
