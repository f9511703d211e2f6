"""One searcher's view of its segments as one index: global document numbers, the live mask,
and arrays assembled from what each segment's reading keeps (``segment_arrays``).

A ``View`` concatenates the per-segment arrays (a memory copy in C) and applies the deletion
sets as one boolean mask. What it assembles over its segments is kept for the next searcher,
which after an edit has the same segments and one more.

Document sets are numpy arrays: sorted ``int32`` document numbers or boolean masks as long as
the index; set algebra, counts and sums run in C instead of over Python sets.
"""
from __future__ import annotations

import threading
import time
from bisect import bisect_right
from typing import Any, cast

import numpy as np
from whoosh.searching import Searcher

from vejviser.bounded import ByteLRU, HashedKey
from vejviser.search.segment_arrays import (
    SMALL_SEGMENT,
    column_values,
    field_lengths,
    joined,
    local_frequency,
    merged,
    pair_size,
    per_segment,
    scalar_size,
    segment_key,
    segment_terms,
    table_size,
)

__all__ = ["Lexicon", "SMALL_SEGMENT", "View", "per_segment", "segment_terms", "view"]

#: Bytes of per-searcher assembled arrays (term masks and score columns).
VIEW_BYTES = 16 * 1024 * 1024
#: Bytes of arrays assembled over a searcher's segments, kept for the next searcher
#: (``View._assembled``): apart from the per-segment arrays, so that every edit's new run
#: cannot crowd out what is read from the big segment.
RUN_BYTES = 8 * 1024 * 1024
_runs: ByteLRU[Any] = ByteLRU(RUN_BYTES)


class View:
    """One searcher's segments as one index: global document numbers, live mask, arrays."""

    def __init__(self, searcher: Searcher) -> None:
        reader = searcher.reader()
        self.searcher = searcher
        self.leaves = [(leaf, offset, segment_key(leaf))
                       for leaf, offset in reader.leaf_readers()
                       if leaf.segment() is not None]  # an empty index has none
        self.size = reader.doc_count_all()
        self.live = np.ones(self.size, dtype=bool)
        #: Whether any document is deleted (else ``live`` need not be applied).
        self.deletions = any(leaf.has_deletions() for leaf, _, _ in self.leaves)
        for leaf, offset, _ in self.leaves:
            if leaf.has_deletions():
                gone = np.fromiter(leaf.segment().deleted_docs(), dtype=np.int64)
                self.live[gone + offset] = False
        self.offsets = [offset for _, offset, _ in self.leaves]
        keys = [segment for _, _, segment in self.leaves]
        #: The segments' keys (None when one has none): what results kept across searchers
        #: were built on (``carry``).
        self.keys = None if None in keys else frozenset(keys)
        # The leaves up to the last big one stay the same after an edit (which adds a small
        # segment after them) and after a merge of the small ones behind them: what is
        # assembled over them is kept across searchers under ``head`` (None: not kept, or
        # a single segment, kept as it is).
        big = [i for i, (leaf, _, _) in enumerate(self.leaves)
               if leaf.doc_count_all() > SMALL_SEGMENT]
        self.split = big[-1] + 1 if big else 0
        runs = [(segment, offset) for _, offset, segment in self.leaves]
        kept = None not in keys
        self.head = HashedKey(*runs[:self.split]) if kept and self.split > 1 else None
        # An edit appends one segment to the previous searcher's (a merge replaces some):
        # what was assembled over all of them is kept under their run, so the next view
        # starts from it and adds only its last segment.
        self.whole = HashedKey(*runs) if kept and len(runs) > 1 else None
        self.before_last = HashedKey(*runs[:-1]) if kept and len(runs) > 2 else None
        self.cache: ByteLRU[Any] = ByteLRU(VIEW_BYTES)
        self.assembled: dict[Any, Any] = {}  # small per-field arrays, kept while the view lives
        self.readers: dict[tuple[str, int], Any] = {}
        self.readers_lock = threading.Lock()  # a column reader has one read position

    def postings(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Global ``(ids, weights)`` of a term over every segment (deleted documents included,
        as Whoosh's statistics count them)."""
        def compute() -> tuple[np.ndarray, np.ndarray]:
            return self._assembled("postings", (field, text), lambda leaves, prior: joined(
                leaves, field, text, prior), pair_size)

        # Kept while the view lives: a term's mask and its scores both start from it.
        return self.cache.remember(("postings", field, text), compute, pair_size)

    def _assembled(self, kind: str, key: Any, join: Any, size: Any) -> Any:
        """``kind``'s value for ``key`` over every segment, kept under the view's run:
        ``join(leaves, prior)`` adds ``leaves`` to what was assembled over the ones before
        them (None: nothing). Starts from the previous view's value when this view only
        added a segment to it, else from what is kept over the segments up to the last big
        one (``head``)."""
        def compute() -> Any:
            if self.before_last is not None:
                prior = _runs.get((self.before_last, kind, key))
                if prior is not None:
                    return join(self.leaves[-1:], prior)
            head = per_segment(self.head, kind, key,
                               lambda: join(self.leaves[:self.split], None), size)
            return join(self.leaves[self.split:], head)

        if self.whole is None:
            return compute()
        return _runs.remember((self.whole, kind, key), compute, size)

    def carry_from(self, old: View, deadline: float) -> None:
        """Assemble over this view each term's postings and document frequency that ``old``
        assembled over its segments (most recently used first, until ``time.monotonic()``
        reaches ``deadline``), when this view only added a segment to them: each is ``old``'s
        value plus the new segment."""
        if old.whole is None or self.before_last != old.whole:
            return  # a merge or a new generation: assembled again on first use
        for entry in _runs.keys():
            if time.monotonic() >= deadline:
                break
            run, kind, key = cast("tuple[Any, str, tuple[str, str]]", entry)
            if run != old.whole:
                continue
            if kind == "postings":
                self.postings(*key)
            elif kind == "df":
                self.doc_frequency(*key)

    def has(self, field: str, text: str) -> bool:
        """Whether any segment holds the term (as ``(field, text) in reader``), remembered per
        segment (a small segment's whole lexicon is one set): building a query asks this for
        every variant of every word."""
        for leaf, _, segment in self.leaves:
            if leaf.doc_count_all() <= SMALL_SEGMENT:
                if text in segment_terms(leaf, segment, field):
                    return True
            elif per_segment(segment, "has", (field, text),
                             lambda leaf=leaf: (field, text) in leaf, scalar_size):
                return True
        return False

    def lexicon(self) -> Lexicon:
        """The searcher's reader with term look-ups answered by ``has``."""
        return Lexicon(self)

    def term_mask(self, field: str, text: str) -> np.ndarray:
        """The live documents holding a term, as a boolean mask."""
        def compute() -> np.ndarray:
            mask = np.zeros(self.size, dtype=bool)
            mask[self.postings(field, text)[0]] = True
            return mask & self.live

        return self.cache.remember(("mask", field, text), compute, _array_size)

    def lengths(self, field: str) -> np.ndarray:
        """Every document's length in ``field``."""
        key = ("lengths", field)
        if key not in self.assembled:
            parts = [per_segment(segment, "lengths", field,
                                 lambda leaf=leaf: field_lengths(leaf, field))
                     for leaf, _, segment in self.leaves]
            self.assembled[key] = np.concatenate(parts) if parts else np.zeros(0)
        return self.assembled[key]

    def doc_frequency(self, field: str, text: str) -> int:
        """Whoosh's document frequency of a term over every segment, remembered per segment
        (its term info's count, which a merge of deleted documents can leave above the
        postings' own)."""
        def over(leaves: list[Any]) -> int:
            return sum(local_frequency(leaf, segment, field, text) for leaf, _, segment in leaves)

        return self._assembled("df", (field, text),
                               lambda leaves, prior: (prior or 0) + over(leaves), scalar_size)

    def field_length(self, field: str) -> int:
        """The total length of ``field`` over every document, deleted ones included (as
        Whoosh's ``reader.field_length``)."""
        return sum(leaf.field_length(field) for leaf, _, _ in self.leaves)

    def keyword(self, field: str) -> dict[str, np.ndarray]:
        """Every term of keyword ``field`` → the sorted document numbers holding it (deleted
        ones included: intersect with ``live``)."""
        key = ("keyword", field)
        if key not in self.assembled:
            self.assembled[key] = self._assembled(
                "keyword", field, lambda leaves, prior: merged(leaves, field, prior), table_size)
        return self.assembled[key]

    def column(self, field: str) -> list[Any]:
        """Every document's value of a column field (a list indexed by document number)."""
        key = ("column", field)
        if key not in self.assembled:
            out: list[Any] = []
            for leaf, _, segment in self.leaves:
                out += per_segment(segment, "column", field,
                                   lambda leaf=leaf: column_values(leaf, field))
            self.assembled[key] = out
        return self.assembled[key]

    def values(self, field: str, docs: list[int]) -> list[Any]:
        """Some documents' values of a column field, from each segment's kept list: a page's
        offer ids need not the whole column assembled (20,000 objects on every new searcher)."""
        out = []
        for doc in docs:
            leaf, offset, segment = self.leaves[bisect_right(self.offsets, doc) - 1]
            out.append(per_segment(segment, "column", field,
                                   lambda leaf=leaf: column_values(leaf, field))[doc - offset])
        return out

    def value(self, field: str, doc: int) -> Any:
        """One document's value of a column field, read from its segment's copy: for a column
        too big to keep as Python objects (the hours: 10 MB of bytes at 20,000 offers), of
        which only the values compiled so far are needed."""
        index = bisect_right(self.offsets, doc) - 1
        leaf, offset, _ = self.leaves[index]
        with self.readers_lock:
            reader = self.readers.get((field, index))
            if reader is None:
                reader = self.readers[field, index] = leaf.column_reader(field)
            return reader[doc - offset]

    def derived(self, kind: str, field: str, decode: Any) -> list[Any]:
        """``decode(value)`` of every document's column value, decoded once per segment."""
        key = (kind, field)
        if key not in self.assembled:
            out: list[Any] = []
            for leaf, _, segment in self.leaves:
                out += per_segment(segment, kind, field, lambda leaf=leaf: [
                    decode(value) for value in column_values(leaf, field)])
            self.assembled[key] = out
        return self.assembled[key]


class Lexicon:
    """A reader whose ``(field, text) in reader`` is ``View.has``; everything else is the
    reader's own (what ``querying`` uses: look-ups, ``terms_within``, ``doc_frequency``)."""

    def __init__(self, of: View) -> None:
        self.view = of
        self.reader = of.searcher.reader()

    def __contains__(self, term: tuple[str, str]) -> bool:
        return self.view.has(*term)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.reader, name)


def _array_size(array: np.ndarray) -> int:
    return int(array.nbytes) + 100


def view(searcher: Searcher, caches: dict[str, Any]) -> View:
    """The searcher's ``View`` (made on first use; it lives as long as the searcher)."""
    found = caches.get("view")
    if found is None or found.searcher is not searcher:
        found = caches["view"] = View(searcher)
    return found
