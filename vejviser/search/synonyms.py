"""Search synonyms as data (``seed/synonyms.toml``), applied when a query is built.

Synonyms are expanded at query time, not written into the index, so the consultant's edits
(stored in the database, ``vejviser.editing.synonyms``) apply without a rebuild: at once in the
process that saved them, within ``SEARCH_POLL_SECONDS`` in the others.
"""
from __future__ import annotations

import time
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vejviser.models import SynonymGroup
from vejviser.search.analysis import query_terms

#: Keys in ``current``'s ``kept``: (when the stamp was last asked, the groups then), and how
#: many times ``forget`` was called.
_CHECKED, _FORGOTTEN = "checked", "forgotten"
#: An entry as its sequence of primary stems ("seng for natten" → ("seng", "nat")).
Entry = tuple[str, ...]


@dataclass(frozen=True)
class Synonyms:
    """Groups of entries that mean the same; each entry is a tuple of primary stems."""

    groups: tuple[tuple[Entry, ...], ...] = ()

    def longest_match(self, keys: list[str], start: int) -> tuple[int, tuple[Entry, ...]] | None:
        """The longest entry matching ``keys`` at ``start``: (length, the other entries)."""
        best: tuple[int, tuple[Entry, ...]] | None = None
        for group in self.groups:
            for entry in group:
                size = len(entry)
                matches = size and tuple(keys[start:start + size]) == entry
                if matches and (best is None or size > best[0]):
                    best = (size, tuple(other for other in group if other != entry))
        return best


def entry_of(text: str) -> Entry:
    """The primary stems of a synonym word or phrase."""
    return tuple(variants[0] for _, variants in query_terms(text))


def parse(data: dict[str, Any]) -> Synonyms:
    """Synonyms from the parsed TOML (``[[group]] words = [...]``, optionally ``en = [...]``:
    English words that lead to the same Danish ones); bad groups are skipped."""
    groups = []
    for group in data.get("group", []):
        entries = []
        words = [*group.get("words", []), *group.get("en", [])] if isinstance(group, dict) else []
        for word in words:
            entry = entry_of(str(word))
            if entry and entry not in entries:
                entries.append(entry)
        if len(entries) >= 2:
            groups.append(tuple(entries))
    return Synonyms(tuple(groups))


@lru_cache(maxsize=8)
def _load(path: str, mtime_ns: int) -> Synonyms:
    with open(path, "rb") as handle:
        return parse(tomllib.load(handle))


def load(path: Path) -> Synonyms:
    """The synonyms in ``path`` (re-read when the file changes); none when it is missing."""
    try:
        return _load(str(path), path.stat().st_mtime_ns)
    except (OSError, tomllib.TOMLDecodeError):
        return Synonyms()


def _lines(text: str) -> list[str]:
    return [part.strip() for line in text.splitlines() for part in line.split(",")
            if part.strip()]


def current(make_session: Callable[[], Session], path: Path,
            kept: dict[Any, Any], max_age: float = 0.0) -> Synonyms:
    """The consultant's groups from the database (parsed again only when they change); the
    shipped file while none are stored.

    ``kept`` holds the parsed groups by the stamp they were read at (count, highest id, last
    change). It must be one per database (the app's): two databases copied from one seed can
    reach the same stamp with different groups. The stamp is asked of the database at most
    every ``max_age`` seconds (a query on every search was a tenth of its time); ``forget``
    makes the next call ask (this process saved groups)."""
    checked = kept.get(_CHECKED)
    if checked is not None and time.monotonic() - checked[0] < max_age:
        return checked[1]
    generation = kept.get(_FORGOTTEN, 0)
    with make_session() as session:
        stamp = tuple(session.execute(select(func.count(SynonymGroup.id),
                                             func.max(SynonymGroup.id),
                                             func.max(SynonymGroup.updated_at))).one())
        found: Synonyms | None = load(path) if not stamp[0] else kept.get(stamp)
        if found is None:
            rows = session.execute(select(SynonymGroup.words, SynonymGroup.english)
                                   .order_by(SynonymGroup.position, SynonymGroup.id)).all()
            found = parse({"group": [{"words": _lines(words), "en": _lines(english)}
                                     for words, english in rows]})
            for older in [key for key in kept if isinstance(key, tuple)]:
                kept.pop(older, None)
            kept[stamp] = found
    if kept.get(_FORGOTTEN, 0) == generation:  # else groups were saved while we asked
        kept[_CHECKED] = (time.monotonic(), found)
    return found


def forget(kept: dict[Any, Any]) -> None:
    """Make the next ``current`` ask the database for the stamp again (and a ``current``
    asking just now not keep what it read)."""
    kept[_FORGOTTEN] = kept.get(_FORGOTTEN, 0) + 1
    kept.pop(_CHECKED, None)
