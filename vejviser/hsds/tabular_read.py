"""Read HSDS tabular (CSV) files back into service documents, the shape the JSON import reads.

Every cell passes through ``csvcells.restore`` first (our export puts an apostrophe in front of a
cell a spreadsheet could run), then an empty cell means "not given" and a number column (by the
HSDS tabular schema, or a ``datapackage.json``'s field types) becomes a number. Rows are then
nested under the row they belong to, by HSDS's foreign keys, as the JSON layout nests them:

* a service gets its organisation, its places (``service_at_location`` with the location
  embedded), schedules, phones, contacts, languages, attributes and the tables we do not model
  (funding, cost options, ...), which the import then reports as left out;
* a row naming several parents (HSDS's own examples give a phone a service, a place, a
  location, a contact and an organisation at once) belongs to the most specific one the export
  would have written it under: the service, then the place, the location, the contact, the
  organisation;
* rows that belong to nothing, and tables that are not HSDS 3.0, are counted for the report.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from vejviser.hsds.csvcells import restore
from vejviser.hsds.report import Finding, finding
from vejviser.hsds.schema import schema

#: Other spellings of 3.0's table names (HSDS 1.x, the UK profile's singular names).
ALIASES = {"services_at_location.csv": "service_at_location.csv", "schedule.csv": "schedules.csv",
           "address.csv": "addresses.csv", "attribute.csv": "attributes.csv",
           "taxonomy.csv": "taxonomies.csv", "phone.csv": "phones.csv",
           "contact.csv": "contacts.csv", "location.csv": "locations.csv",
           "organization.csv": "organizations.csv", "service.csv": "services.csv",
           "language.csv": "languages.csv"}
#: Tables of older HSDS whose rows the import still reads (``vejviser.hsds.versions``).
LEGACY = {"regular_schedules.csv": "regular_schedules", "holiday_schedules.csv":
          "holiday_schedules", "services_taxonomy.csv": "service_taxonomies"}
#: Tables HSDS 3.1 added: a package with any of them is 3.1.
NEW_IN_3_1 = {"service_capacity.csv", "units.csv", "url.csv"}
#: Tables whose rows hang under a service under this key (when not one of the parents below).
UNDER_SERVICE = {"funding.csv": "funding", "service_areas.csv": "service_areas",
                 "cost_options.csv": "cost_options", "required_documents.csv":
                 "required_documents", "service_capacity.csv": "capacities",
                 "eligibility.csv": "eligibility", "payments_accepted.csv": "payments_accepted"}
#: Child table -> (its key in the parent, [(foreign key, parent kind), ...] most specific first).
NESTING: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "schedules.csv": ("schedules", [("service_at_location_id", "place"),
                                    ("service_id", "service"), ("location_id", "location")]),
    "phones.csv": ("phones", [("service_id", "service"), ("service_at_location_id", "place"),
                              ("location_id", "location"), ("contact_id", "contact"),
                              ("organization_id", "organization")]),
    "contacts.csv": ("contacts", [("service_id", "service"), ("service_at_location_id", "place"),
                                  ("location_id", "location"),
                                  ("organization_id", "organization")]),
    "languages.csv": ("languages", [("service_id", "service"), ("location_id", "location"),
                                    ("phone_id", "phone")]),
    "addresses.csv": ("addresses", [("location_id", "location")]),
    "accessibility.csv": ("accessibility", [("location_id", "location")]),
    "organization_identifiers.csv": ("organization_identifiers",
                                     [("organization_id", "organization")]),
    "programs.csv": ("programs", [("organization_id", "organization")]),
    **{name: (key, [("service_at_location_id", "place"), ("service_id", "service"),
                    ("location_id", "location")]) for name, key in LEGACY.items()},
    **{name: (key, [("service_id", "service"), ("service_at_location_id", "place"),
                    ("organization_id", "organization")])
       for name, key in UNDER_SERVICE.items()},
}
#: Tables read as lookups, not nested by a foreign key of their own.
LOOKUPS = ("services.csv", "organizations.csv", "locations.csv", "service_at_location.csv",
           "attributes.csv", "taxonomy_terms.csv", "taxonomies.csv")


def number_columns() -> dict[str, set[str]]:
    """``{"locations.csv": {"latitude", "longitude"}, ...}`` from HSDS's tabular schema."""
    out: dict[str, set[str]] = {}
    for table in schema("tabular.json")["properties"].values():
        item = table["items"]
        out[item["path"]] = {name for name, spec in item["properties"].items()
                             if spec.get("type") in ("number", "integer")}
    return out


@dataclass
class Table:
    """One CSV table: its columns and its rows, as tuples (half the memory of dicts)."""

    name: str
    columns: list[str]
    rows: list[tuple[Any, ...]] = field(default_factory=list)


def _cell(text: str, number: bool) -> Any:
    text = restore(text)
    if text == "":
        # A CSV cell cannot tell "" from "not given": "" for text (HSDS requires some fields our
        # export writes empty, such as an organisation's description), nothing for a number.
        return None if number else ""
    if number:
        try:
            value = float(text)
        except ValueError:
            return text  # the schema check names it
        return int(value) if value.is_integer() and text.strip().lstrip("+-").isdigit() else value
    return text


class TableError(ValueError):
    """A CSV file that cannot be read; ``line`` is where reading stopped."""

    def __init__(self, line: int) -> None:
        super().__init__(f"line {line}")
        self.line = line


def read_table(name: str, handle: IO[str], numbers: set[str]) -> Table:
    """Read one CSV table (header first); raises :class:`TableError` on a malformed file."""
    reader = csv.reader(handle)
    try:
        header = next(reader, None) or []
        columns = [restore(column).strip().lstrip("\ufeff") for column in header]
        table = Table(name, columns)
        flags = [column in numbers for column in columns]
        width = len(columns)
        for row in reader:
            if not any(row):
                continue
            row = (row + [""] * width)[:width]
            table.rows.append(tuple(_cell(text, flag) for text, flag in zip(row, flags)))
    except csv.Error:
        raise TableError(reader.line_num) from None
    return table


def read_tables(files: dict[str, Callable[[], IO[bytes]]],
                extra_numbers: dict[str, set[str]] | None = None
                ) -> tuple[dict[str, Table], list[Finding]]:
    """The tables of a package (``files``: file name -> opener), by their 3.0 name."""
    numbers = {**number_columns(), **(extra_numbers or {})}
    tables: dict[str, Table] = {}
    found: list[Finding] = []
    known = set(numbers) | set(LEGACY) | set(UNDER_SERVICE) | set(LOOKUPS) | set(NESTING)
    for raw_name in sorted(files):
        name = ALIASES.get(raw_name, raw_name) if ALIASES.get(raw_name) not in files else raw_name
        if name not in known:
            found.append(finding("csv.unknown_table", table=raw_name))
            continue
        try:
            with files[raw_name]() as binary:
                text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
                tables[name] = read_table(raw_name, text, numbers.get(name, set()))
        except TableError as error:
            found.append(finding("csv.unreadable", table=raw_name, line=error.line))
        except UnicodeDecodeError:
            found.append(finding("csv.not_utf8", table=raw_name))
    if "services.csv" not in tables:
        found.append(finding("csv.no_services"))
    return tables, found
