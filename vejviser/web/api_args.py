"""Query parameters of the list endpoints (v1 and HSDS): read strictly, refused in Danish.

A bad value is a 400 problem that names the parameter and what is expected, never a silent
default and never a 500.
"""
from __future__ import annotations

from datetime import datetime, timezone

from flask import abort, request

from vejviser.messages import Message

MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20
MAX_PAGE = 100_000
_TRUE, _FALSE = ("1", "true", "ja", "yes"), ("0", "false", "nej", "no")


def bad(message: str) -> None:
    """Stop with a 400 problem saying ``message``."""
    abort(400, description=message)


def integer(name: str, default: int, low: int, high: int) -> int:
    """A whole number between ``low`` and ``high`` (``default`` when absent)."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        bad(Message("'%(name)s' skal være et helt tal fra %(low)d til %(high)d, fik %(value)s",
                    name=name, low=low, high=high, value=repr(raw[:40])))
    return int(raw)


def paging(default_per_page: int = DEFAULT_PER_PAGE) -> tuple[int, int]:
    """``(page, per_page)``: page from 1, at most ``MAX_PER_PAGE`` per page."""
    return (integer("page", 1, 1, MAX_PAGE),
            integer("per_page", default_per_page, 1, MAX_PER_PAGE))


def flag(name: str) -> bool:
    """A yes/no parameter (true/false, 1/0); anything else is refused."""
    raw = request.args.get(name, "").strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE or not raw:
        return False
    bad(Message("'%(name)s' skal være true eller false, fik %(value)s", name=name,
                value=repr(raw[:40])))
    return False


def text(name: str, limit: int = 200) -> str | None:
    """A short text parameter (None when absent or blank)."""
    raw = " ".join(request.args.get(name, "").split())
    if len(raw) > limit:
        bad(Message("'%(name)s' må højst være %(limit)d tegn", name=name, limit=limit))
    return raw or None


def identifiers(name: str, limit: int = 20) -> tuple[str, ...]:
    """Ids given as repeated parameters or comma-separated (at most ``limit``)."""
    values: list[str] = []
    for raw in request.args.getlist(name):
        for value in raw.split(","):
            value = value.strip()
            if value and value not in values:
                if len(value) > 64 or not value.isprintable():
                    bad(Message("'%(name)s' skal være et id, fik %(value)s", name=name,
                                value=repr(value[:40])))
                values.append(value)
    if len(values) > limit:
        bad(Message("Højst %(count)d værdier i '%(name)s'", count=limit, name=name))
    return tuple(values)


def moment(name: str) -> datetime | None:
    """A date or date and time (ISO 8601; without an offset: UTC) as an aware datetime."""
    raw = request.args.get(name, "").strip()
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00").replace(" ", "+"))
    except ValueError:
        bad(Message("'%(name)s' skal være et tidspunkt som 2026-12-01T00:00:00Z, fik %(value)s",
                    name=name, value=repr(raw[:40])))
        raise  # unreachable: abort raised
    if not 2000 <= value.year <= 2100:
        bad(Message("'%(name)s' skal ligge mellem år 2000 og 2100", name=name))
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
