"""Shared helpers for the HSDS tests: example files, small documents, row counts."""
from __future__ import annotations

import copy
import json
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from vejviser.db import Base, db

#: The specification's own examples, kept in the repository so a plain clone runs the tests.
EXAMPLES = Path(__file__).resolve().parent / "examples"


def example(name: str) -> Any:
    """One of the specification's example files, parsed."""
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def new_id() -> str:
    return str(uuid.uuid4())


def small_service(**overrides: Any) -> dict[str, Any]:
    """A small, valid HSDS service with an embedded organisation, location and schedule."""
    service_id = overrides.pop("id", None) or new_id()
    document: dict[str, Any] = {
        "id": service_id,
        "name": "Natcaféen",
        "status": "active",
        "organization": {"id": new_id(), "name": "Foreningen", "description": ""},
        "schedules": [{"id": new_id(), "freq": "WEEKLY", "byday": "MO,TU",
                       "opens_at": "22:00", "closes_at": "05:00"}],
        "service_at_locations": [{"id": new_id(), "location": {
            "id": new_id(), "location_type": "physical", "name": "Caféen",
            "addresses": [{"id": new_id(), "address_1": "", "city": "Odense C",
                           "state_province": "", "postal_code": "5000", "country": "DK",
                           "address_type": "physical"}]}}],
        "phones": [{"id": new_id(), "number": "+45 11 22 33 44"}],
    }
    document.update(copy.deepcopy(overrides))
    return document


def opens_as_formula(cell: str) -> bool:
    """Whether a spreadsheet (Excel, LibreOffice, Google Sheets) may run ``cell`` as a formula:
    OWASP's list of first characters, unless the whole cell is a signed number or phone number.
    Written apart from ``vejviser.hsds.csvcells`` so the tests check the rule, not restate it."""
    if cell[:1] in ("+", "-") and cell[1:2].isascii() and cell[1:2].isdigit():
        return not all(char in "0123456789 .," for char in cell[1:])
    return cell.startswith(("=", "+", "-", "@", "\t", "\r"))


def row_counts() -> dict[str, int]:
    """Rows per table of the whole database (inside an app context)."""
    return {table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in Base.metadata.sorted_tables}
