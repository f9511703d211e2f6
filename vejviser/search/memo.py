"""Bounded per-searcher memo tables, safe to share between request threads.

Term score tables and posting sets are worth keeping while a searcher lives, but every new word
people type would otherwise add one for good; a least-recently-used bound keeps memory flat.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Callable, TypeVar

T = TypeVar("T")

#: How many entries each memo keeps (small values: a word's typo corrections, a built query;
#: arrays are kept bounded by bytes in ``segment_arrays``).
LIMITS = {"corrections": 4096, "queries": 2048}


def _lock(caches: dict[str, Any]) -> Any:
    return caches.setdefault("memo-lock", threading.Lock())


def remember(caches: dict[str, Any], kind: str, key: Any, compute: Callable[[], T]) -> T:
    """``caches[kind][key]``, computing it with ``compute()`` on a miss and evicting the least
    recently used entry beyond ``LIMITS[kind]``."""
    with _lock(caches):
        table: OrderedDict[Any, Any] = caches.setdefault(f"memo:{kind}", OrderedDict())
        if key in table:
            table.move_to_end(key)
            return table[key]
    # Computed outside the lock: a slow table must not block other requests.
    return store(caches, kind, key, compute())


def store(caches: dict[str, Any], kind: str, key: Any, value: T) -> T:
    """Put ``value`` in ``caches[kind]`` (replacing what was there), as ``remember`` would."""
    with _lock(caches):
        table: OrderedDict[Any, Any] = caches.setdefault(f"memo:{kind}", OrderedDict())
        table[key] = value
        table.move_to_end(key)
        while len(table) > LIMITS[kind]:
            table.popitem(last=False)
    return value


def entries(caches: dict[str, Any], kind: str) -> list[tuple[Any, Any]]:
    """A copy of ``caches[kind]``'s entries, most recently used first."""
    with _lock(caches):
        return list(reversed(caches.get(f"memo:{kind}", {}).items()))


def replace(caches: dict[str, Any], kind: str, key: Any, value: Any) -> None:
    """Put ``value`` under ``key`` in ``caches[kind]`` if it is still there, in its place (a
    value checked again is no more recently used than it was)."""
    with _lock(caches):
        table = caches.get(f"memo:{kind}")
        if table is not None and key in table:
            table[key] = value


def carried(caches: dict[str, Any], kinds: tuple[str, ...]) -> dict[str, Any]:
    """A new searcher's caches holding the tables ``kinds`` of the previous searcher's (the
    same tables, under the same lock: requests still on the old searcher may use them)."""
    out = {}
    for kind in kinds:
        if f"memo:{kind}" in caches:
            out[f"memo:{kind}"] = caches[f"memo:{kind}"]
    if out:
        out["memo-lock"] = _lock(caches)
    return out
