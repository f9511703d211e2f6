"""Walking the back office: every route, with arguments that point at someone else's things,
and a dump of the whole database to prove nothing changed."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from flask import Flask
from sqlalchemy import select
from werkzeug.routing import Rule

from vejviser.db import Base, db
from vejviser.web.access import PUBLIC, access_of

#: Methods a browser or a form uses; HEAD and OPTIONS are answered by Flask itself.
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True)
class Route:
    """One method of one rule, with the URL filled in and the level it declares."""

    endpoint: str
    method: str
    url: str
    level: str
    has_arguments: bool = False


def back_office_routes(app: Flask, values: dict[str, object]) -> Iterator[Route]:
    """Every non-public route of ``app`` (any method), its arguments taken from ``values`` by
    name (names containing "account", "offer", "organi", "slug"...; anything else: 1)."""
    for rule in app.url_map.iter_rules():
        level = access_of(app, rule.endpoint)
        if level in (None, PUBLIC) or rule.endpoint == "static":
            continue
        url = _url(rule, values)
        for method in sorted(set(rule.methods or ()) & set(METHODS)):
            yield Route(rule.endpoint, method, url, str(level), bool(rule.arguments))


def _url(rule: Rule, values: dict[str, object]) -> str:
    arguments = {}
    for name in rule.arguments:
        chosen = next((value for key, value in values.items() if key in name), 1)
        arguments[name] = chosen
    built = rule.build(arguments, append_unknown=False)
    assert built is not None, rule
    return built[1]


def dump(app: Flask) -> dict[str, list[tuple[str, ...]]]:
    """Every row of every table, as text, in a stable order."""
    with app.app_context():
        result = {}
        for table in Base.metadata.sorted_tables:
            rows = db.session.execute(select(table)).all()
            result[table.name] = sorted(tuple(str(value) for value in row) for row in rows)
        db.session.remove()
    return result
