"""A least-recently-used table bounded by (approximate) bytes, safe to share between threads.

Caches bounded by entry count grow with what each entry holds: a score column at 100,000 offers
is five times one at 20,000. Bounding by bytes keeps a worker's memory flat whatever the
catalogue's size; each entry's size is estimated once, when it is stored.
"""
from __future__ import annotations

import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

V = TypeVar("V")
#: Containers deeper than this are counted at their shallow size (estimates, not accounting).
MAX_DEPTH = 6


def approx_size(value: Any, depth: int = 0, seen: set[int] | None = None) -> int:
    """Roughly how many bytes ``value`` and what it holds take (numpy arrays by ``nbytes``;
    shared objects counted once)."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return 0
    seen.add(id(value))
    size = int(getattr(value, "nbytes", 0)) or sys.getsizeof(value)
    if depth >= MAX_DEPTH or isinstance(value, (str, bytes, int, float)):
        return size
    if isinstance(value, dict):
        items: Any = [item for pair in value.items() for item in pair]
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = value
    elif hasattr(value, "__dict__"):
        items = list(vars(value).values())
    elif hasattr(value, "__slots__"):
        items = [getattr(value, name, None) for name in value.__slots__]
    else:
        return size
    if len(items) > 256 and not isinstance(value, dict):  # a big flat container: sample it
        sample = list(items)[:64]
        per = sum(approx_size(item, depth + 1, seen) for item in sample) / len(sample)
        return size + int(per * len(items))
    return size + sum(approx_size(item, depth + 1, seen) for item in items)


class HashedKey:
    """A tuple as a cache key, hashed once: a key of nested tuples (an index segment's files
    with their sizes and checksums) is otherwise hashed again on every look-up."""

    __slots__ = ("parts", "_hash")

    def __init__(self, *parts: Hashable) -> None:
        self.parts = parts
        self._hash = hash(parts)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other: object) -> bool:
        return (self is other or isinstance(other, HashedKey) and self._hash == other._hash
                and self.parts == other.parts)

    def __repr__(self) -> str:
        return f"HashedKey{self.parts!r}"


class ByteLRU(Generic[V]):
    """``get``/``put`` with least-recently-used eviction beyond ``max_bytes``."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self.lock = threading.Lock()
        self.table: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()

    def get(self, key: Hashable) -> V | None:
        """The value stored under ``key`` (None when absent), now the most recently used."""
        with self.lock:
            found = self.table.get(key)
            if found is None:
                return None
            self.table.move_to_end(key)
            return found[0]

    def __contains__(self, key: Hashable) -> bool:
        return key in self.table

    def put(self, key: Hashable, value: V, size: int | None = None) -> V:
        """Store ``value`` (``size`` bytes, estimated when not given); evict the least recently
        used entries beyond the bound. An entry larger than the bound is not kept."""
        size = approx_size(value) if size is None else size
        with self.lock:
            old = self.table.pop(key, None)
            if old is not None:
                self.bytes -= old[1]
            if size <= self.max_bytes:
                self.table[key] = (value, size)
                self.bytes += size
            while self.bytes > self.max_bytes and self.table:
                _, (_, dropped) = self.table.popitem(last=False)
                self.bytes -= dropped
        return value

    def remember(self, key: Hashable, compute: Callable[[], V],
                 size: Callable[[V], int] | None = None) -> V:
        """The value under ``key``, computed (outside the lock) and stored on a miss;
        ``size(value)`` estimates its bytes when given (``approx_size`` otherwise)."""
        with self.lock:
            found = self.table.get(key)
            if found is not None:
                self.table.move_to_end(key)
                return found[0]
        value = compute()
        return self.put(key, value, None if size is None else size(value))

    def keys(self) -> list[Hashable]:
        """The keys, most recently used first (a copy: the table may change meanwhile)."""
        with self.lock:
            return list(reversed(self.table))

    def clear(self) -> None:
        with self.lock:
            self.table.clear()
            self.bytes = 0
