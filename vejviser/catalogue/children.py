"""An offer's parts keep their ids when the offer is updated: only what changed changes.

Incoming data (a seed file, an HSDS import, a form) may carry ids for its rows or not. Each row
without an id continues the stored row it matches: an equal row first, then the row at the same
place in the list among those left. A rename therefore touches no schedule, place or phone, and
moderation diffs and revision history see exactly the fields that changed.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

from vejviser.models._types import new_id

_Row = TypeVar("_Row")


def _content(row: Mapping[str, Any], ignore: Iterable[str]) -> dict[str, Any]:
    skip = {"id", *ignore}
    return {key: value for key, value in row.items() if key not in skip}


def assign_ids(existing: Sequence[Mapping[str, Any]], incoming: Sequence[Mapping[str, Any]],
               key: str = "id", ignore: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Copies of ``incoming`` whose ``key`` is filled in from the ``existing`` row each continues
    (see the module docstring); a row that continues none keeps ``None`` (it is new).

    ``ignore`` names fields left out of the content comparison (e.g. nested rows).
    """
    rows = [dict(row) for row in incoming]
    taken = {row[key] for row in rows if row.get(key)}
    free = [row for row in existing if row.get(key) not in taken]
    # An equal row first: reordering or inserting rows keeps every id.
    for row in rows:
        if row.get(key):
            continue
        content = _content(row, (key, *ignore))
        for candidate in free:
            if _content(candidate, (key, *ignore)) == content:
                row[key] = candidate[key]
                free.remove(candidate)
                break
    # Then position among what is left: an edited row keeps its id.
    for row in rows:
        if not row.get(key) and free:
            row[key] = free.pop(0)[key]
    return rows


def sync_rows(current: Iterable[_Row], wanted: Sequence[Mapping[str, Any]],
              make: Callable[..., _Row], fields: Iterable[str]) -> list[_Row]:
    """The ORM rows for ``wanted``: stored rows with the same id updated in place (a column is
    set only when its value differs), the rest made with ``make(id=...)``. Assign the result to
    the relationship; rows left out are deleted by its delete-orphan cascade."""
    by_id = {getattr(row, "id"): row for row in current}
    out = []
    for item in wanted:
        row = by_id.pop(item["id"], None) if item.get("id") else None
        if row is None:
            row = make(id=item.get("id") or new_id())
        for field in fields:
            if field != "id" and field in item and getattr(row, field) != item[field]:
                setattr(row, field, item[field])
        out.append(row)
    return out
