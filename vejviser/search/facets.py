"""Per-searcher caches of per-document values: filter and facet sets, points, opening hours.

Counting facets with Whoosh's ``groupedby`` cost 75 ms at 10k documents (DESIGN.md). Instead,
each keyword term's documents are read once per searcher as a set, and a facet count is the
size of an intersection with the result set: microseconds per term. The caches live as long as
the searcher: when the index changes, a new searcher starts with empty caches.
"""
from __future__ import annotations

from typing import Any

from whoosh.searching import Searcher

from vejviser import hours
from vejviser.search.documents import decode_hours, decode_points

#: The facets a search reports, by keyword field.
FACET_FIELDS = ("category", "target_group")
#: Compiled hours shared across searchers, keyed by the stored rows themselves, so identical
#: schedules compile once and a changed offer can never see an old answer.
_compiled_by_rows: dict[bytes, hours.CompiledHours] = {}
_MAX_COMPILED = 50_000


def term_docs(searcher: Searcher, caches: dict[str, Any], field: str) -> dict[str, frozenset[int]]:
    """Every term of keyword ``field`` → the set of (live) document numbers holding it."""
    key = f"terms:{field}"
    if key not in caches:
        reader = searcher.reader()
        table: dict[str, frozenset[int]] = {}
        for term in reader.lexicon(field):
            text = term.decode("utf-8") if isinstance(term, bytes) else term
            ids = reader.postings(field, text).all_ids()
            table[text] = frozenset(doc for doc in ids if not reader.is_deleted(doc))
        caches[key] = table
    return caches[key]


def all_docs(searcher: Searcher, caches: dict[str, Any]) -> frozenset[int]:
    """Every live document number."""
    if "all" not in caches:
        caches["all"] = frozenset(searcher.reader().all_doc_ids())
    return caches["all"]


def column(searcher: Searcher, caches: dict[str, Any], field: str) -> Any:
    """Random access to a column field (``id``, ``geo``, ``hours``, ``sort_name``)."""
    key = f"column:{field}"
    if key not in caches:
        caches[key] = searcher.reader().column_reader(field)
    return caches[key]


def points(searcher: Searcher,
           caches: dict[str, Any]) -> dict[int, tuple[tuple[float, float], ...]]:
    """Document number → its points, for documents that have any (built once per searcher)."""
    if "points" not in caches:
        geo = column(searcher, caches, "geo")
        table = {}
        for doc in all_docs(searcher, caches):
            raw = geo[doc]
            if raw:
                table[doc] = decode_points(raw)
        caches["points"] = table
    return caches["points"]


def compiled_hours(searcher: Searcher, caches: dict[str, Any], doc: int) -> hours.CompiledHours:
    """The compiled opening hours of one document (decoded and compiled at most once)."""
    per_doc = caches.setdefault("hours", {})
    found = per_doc.get(doc)
    if found is None:
        raw = column(searcher, caches, "hours")[doc]
        found = _compiled_by_rows.get(raw)
        if found is None:
            try:
                found = hours.compile_hours(decode_hours(raw))
            except ValueError:
                found = hours.compile_hours(hours.OpeningHours())  # unreadable: unknown hours
            if len(_compiled_by_rows) >= _MAX_COMPILED:
                _compiled_by_rows.clear()
            _compiled_by_rows[raw] = found
        per_doc[doc] = found
    return found


def facet_counts(searcher: Searcher, caches: dict[str, Any],
                 docs: frozenset[int] | set[int]) -> dict[str, dict[str, int]]:
    """Per facet field, term → number of ``docs`` holding it (zero counts left out)."""
    counts: dict[str, dict[str, int]] = {}
    for field in FACET_FIELDS:
        row = {}
        for term, holders in term_docs(searcher, caches, field).items():
            n = len(holders & docs) if len(holders) < len(docs) else len(docs & holders)
            if n:
                row[term] = n
        counts[field] = dict(sorted(row.items(), key=lambda item: (-item[1], item[0])))
    return counts
