"""docs/roles.md is the rule book: the routes declare exactly what its table says."""
from __future__ import annotations

import re
from pathlib import Path

from flask import Flask

from vejviser.accounts.roles import ROLES
from vejviser.web.access import PUBLIC, access_of

ROLES_MD = Path(__file__).resolve().parents[2] / "docs" / "roles.md"
COLUMNS = ("volunteer", "editor", "consultant")  # Frivillig, Redaktør, Konsulent


def table_rows() -> list[tuple[str, list[str], dict[str, str]]]:
    """(action, endpoints, {role: ja|egne|nej}) per row of the table."""
    rows = []
    for line in ROLES_MD.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 5 or cells[0] in ("Handling", "---"):
            continue
        endpoints = re.findall(r"`([a-z_.]+)`", cells[1])
        rows.append((cells[0], endpoints, dict(zip(COLUMNS, cells[2:]))))
    return rows


def lowest_allowed(marks: dict[str, str]) -> str:
    return next(role for role in COLUMNS if marks[role] in ("ja", "egne"))


def test_the_table_is_read() -> None:
    rows = table_rows()
    assert len(rows) >= 10 and set(COLUMNS) == set(ROLES)
    for action, _, marks in rows:
        assert set(marks.values()) <= {"ja", "egne", "nej"}, action
        # A higher role may do whatever a lower one may.
        allowed = [marks[role] != "nej" for role in COLUMNS]
        assert allowed == sorted(allowed), action


def test_each_endpoint_declares_what_the_table_says(app: Flask) -> None:
    for action, endpoints, marks in table_rows():
        for endpoint in endpoints:
            assert endpoint in app.view_functions, f"{endpoint} ({action}) is no route"
            assert access_of(app, endpoint) == lowest_allowed(marks), (action, endpoint)


def test_every_back_office_route_is_in_the_table(app: Flask) -> None:
    listed = {endpoint for _, endpoints, _ in table_rows() for endpoint in endpoints}
    protected = {rule.endpoint for rule in app.url_map.iter_rules()
                 if access_of(app, rule.endpoint) not in (None, PUBLIC)}
    assert protected - listed == set(), "add these routes to docs/roles.md"
