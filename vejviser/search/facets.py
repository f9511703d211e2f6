"""Per-document values of a searcher: filter and facet sets, points, opening hours.

Counting facets with Whoosh's ``groupedby`` cost 75 ms at 10k documents (DESIGN.md). Instead,
each keyword term's documents are a sorted array (kept per segment, see ``segment_arrays``), and a
facet count is how many of them the result mask holds: one C loop per term. Points and hours
are decoded once per segment, so a searcher opened after an edit decodes only the new one.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

import numpy as np
from whoosh.searching import Searcher

from vejviser import hours
from vejviser.search.documents import decode_hours, decode_points
from vejviser.search.segments import view

#: The facets a search reports, by keyword field.
FACET_FIELDS = ("category", "target_group")
#: Compiled hours shared across searchers, keyed by a digest of the stored rows (BLAKE2b, 128
#: bits), so identical schedules compile once and a changed offer can never see an old answer.
_compiled_by_rows: dict[bytes, "PlacesHours"] = {}
_MAX_COMPILED = 50_000


def term_docs(searcher: Searcher, caches: dict[str, Any], field: str) -> dict[str, np.ndarray]:
    """Every term of keyword ``field`` → the sorted document numbers holding it (deleted
    ones included: intersect with ``all_docs``)."""
    return view(searcher, caches).keyword(field)


def all_docs(searcher: Searcher, caches: dict[str, Any]) -> np.ndarray:
    """Every live document, as a boolean mask."""
    return view(searcher, caches).live


def column(searcher: Searcher, caches: dict[str, Any], field: str) -> list[Any]:
    """Every document's value of a column field (``id``, ``geo``, ``hours``, ``sort_name``)."""
    return view(searcher, caches).column(field)


def values(searcher: Searcher, caches: dict[str, Any], field: str, docs: list[int]) -> list[Any]:
    """The values of a column field of ``docs`` (document numbers), in their order."""
    return view(searcher, caches).values(field, docs)


def points(searcher: Searcher, caches: dict[str, Any]
           ) -> list[tuple[tuple[int, tuple[float, float]], ...]]:
    """Document number → (place index, point) of its places with a public point (empty for a
    document without any), decoded once per segment."""
    return view(searcher, caches).derived("points", "geo", decode_points)


@dataclass(frozen=True)
class PlacesHours:
    """The compiled hours of each place of one document (None: temporarily closed there)."""

    ids: tuple[str | None, ...]
    compiled: tuple[hours.CompiledHours | None, ...]

    def open_at(self, ts: float) -> tuple[int, ...]:
        """The indices of the places open at POSIX timestamp ``ts``."""
        return tuple(index for index, c in enumerate(self.compiled)
                     if c is not None and c.state_at(ts) is True)


_UNKNOWN = PlacesHours((None,), (hours.compile_hours(hours.OpeningHours()),))


def place_hours(searcher: Searcher, caches: dict[str, Any], doc: int) -> PlacesHours:
    """The compiled hours of one document's places (decoded and compiled at most once; offers
    whose places keep the same hours share one compiled tuple)."""
    per_doc = caches.setdefault("hours", {})
    found = per_doc.get(doc)
    if found is None:
        raw = view(searcher, caches).value("hours", doc)
        # Keyed by a digest: the rows themselves (~500 bytes an offer) would keep a copy of
        # the whole column alive (10 MB of a worker at 20,000 offers).
        key = hashlib.blake2b(raw, digest_size=16).digest()
        found = _compiled_by_rows.get(key)
        if found is None:
            found = _compile(raw)
            if len(_compiled_by_rows) >= _MAX_COMPILED:
                _compiled_by_rows.clear()
                _compiled_by_shape.clear()
            _compiled_by_rows[key] = found
        per_doc[doc] = found
    return found


#: Compiled hours by their rows without the place ids (what the hours engine sees).
_compiled_by_shape: dict[str, tuple[hours.CompiledHours | None, ...]] = {}


def _compile(raw: bytes) -> PlacesHours:
    try:
        entries = json.loads(raw.decode()) if raw else []
        shape = json.dumps([[bool(entry.get("closed")), entry["rows"]] for entry in entries],
                           sort_keys=True)
        compiled = _compiled_by_shape.get(shape)
        if compiled is None:
            compiled = _compiled_by_shape[shape] = tuple(
                None if closed else hours.compile_hours(opening)
                for _, closed, opening in decode_hours(raw))
        return PlacesHours(tuple(entry.get("id") for entry in entries), compiled)
    except (ValueError, KeyError, TypeError, AttributeError):
        return _UNKNOWN  # unreadable: unknown hours, never a guess


def facet_counts(searcher: Searcher, caches: dict[str, Any],
                 docs: np.ndarray) -> dict[str, dict[str, int]]:
    """Per facet field, term → number of documents in the mask ``docs`` (live ones only)
    holding it (zero counts left out)."""
    counts: dict[str, dict[str, int]] = {}
    for field in FACET_FIELDS:
        row = {}
        for term, holders in term_docs(searcher, caches, field).items():
            n = int(np.count_nonzero(docs[holders]))
            if n:
                row[term] = n
        counts[field] = dict(sorted(row.items(), key=lambda item: (-item[1], item[0])))
    return counts
