"""Per-segment arrays, kept across searchers, and one searcher's view of them.

Whoosh segments never change once written (only their deletion sets do), so what we read from a
segment — a term's posting ids and weights, field lengths, keyword term sets, column values —
is kept per segment for the life of the process, as Lucene keeps its per-segment caches. A
searcher opened after an edit reads only the new small segment; its ``View`` concatenates the
per-segment arrays (a memory copy in C) and applies the deletion sets as one boolean mask.

What is kept must depend on the segment's files alone: postings are read *without* the
reader's deletion set (Whoosh's ``reader.postings`` filters it out once a segment has
deletions), and the key is the segment's folder and recorded file as well as its id. A Whoosh
segment id is the generation's name plus 16 characters of the ``random`` module: copies of one
index (every test app copies the seed's) share ids, and so can segments written while
something has seeded ``random``. Keyed by id alone and read with deletions, one app's edit
(Bolbro's offer deleted from the seed segment and written anew) hid that offer from the
search of another app on a copy of the same index.

Document sets are numpy arrays: sorted ``int32`` document numbers or boolean masks as long as
the index; set algebra, counts and sums run in C instead of over Python sets.
"""
from __future__ import annotations

import threading
from bisect import bisect_right
from collections.abc import Hashable
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from vejviser.bounded import ByteLRU, HashedKey
from vejviser.search import lexicons, postings

#: Bytes of per-segment arrays kept per process (every segment of every searcher).
SEGMENT_BYTES = 48 * 1024 * 1024
#: Bytes of per-searcher assembled arrays (term masks and score columns).
VIEW_BYTES = 16 * 1024 * 1024
EMPTY_IDS, EMPTY_WEIGHTS = postings.EMPTY_IDS, postings.EMPTY_WEIGHTS
_segments: ByteLRU[Any] = ByteLRU(SEGMENT_BYTES)
#: Bytes of arrays assembled over a searcher's segments, kept for the next searcher
#: (``View._assembled``): apart from the per-segment arrays, so that every edit's new run
#: cannot crowd out what is read from the big segment.
RUN_BYTES = 8 * 1024 * 1024
_runs: ByteLRU[Any] = ByteLRU(RUN_BYTES)
#: A segment of at most this many documents answers term look-ups from a set of its terms
#: (read whole once): an edit's new segment is small, and each of its look-ups in Whoosh's
#: term file costs tens of microseconds, hundreds of them for a query's first run.
SMALL_SEGMENT = 1000
#: Field length by Whoosh's one-byte code (``length_to_byte``); code 0 (an empty field) never
#: meets a posting, so its value is never used.
_BYTE_LENGTHS = np.array([byte_to_length(code) if code else 1 for code in range(256)],
                         dtype=np.float64)


def _postings(leaf: Any, field: str, text: str,
              segment: Hashable | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Local ``(ids, weights)`` of a term in one segment, deleted documents included
    (``postings.term_postings``; identical lists shared under the segment's key)."""
    return postings.term_postings(leaf, field, text, lambda key, compute: per_segment(
        segment, "run", key, compute))


def _lengths(leaf: Any, field: str) -> np.ndarray:
    # As Whoosh's scorer reads them (default 1): the codec keeps one byte a document in a
    # column, read here in one piece (a Python call a document took 0.2 s at 100,000).
    count = leaf.doc_count_all()
    try:
        reader = leaf._perdoc._cached_reader(f"_{field}_len", LENGTHS_COLUMN)
        if reader is None:
            return np.ones(count, dtype=np.float64)
        if reader._fixedlen == 1:
            stored = min(count, reader._count)
            codes = np.zeros(count, dtype=np.uint8)
            codes[:stored] = np.frombuffer(reader._dbfile.get(reader._basepos, stored),
                                           dtype=np.uint8)
            return _BYTE_LENGTHS[codes]
    except AttributeError:  # another codec: ask document by document
        pass
    return np.fromiter((leaf.doc_field_length(doc, field, 1) for doc in range(count)),
                       dtype=np.float64, count=count)


def _everything(leaf: Any, segment: Hashable | None) -> Any:
    # A small segment's dictionary is read whole, once for all its fields (``lexicons``).
    if leaf.doc_count_all() > SMALL_SEGMENT:
        return None
    return per_segment(segment, "all-terms", None, lambda: lexicons.all_terms(leaf),
                       lexicons.table_size)


def _terms(leaf: Any, segment: Hashable | None, field: str) -> list[str]:
    return lexicons.field_terms(leaf, field, _everything(leaf, segment))


def _local_postings(leaf: Any, segment: Hashable | None, field: str,
                    text: str) -> tuple[np.ndarray, np.ndarray]:
    """``_postings``, from the term infos of a small segment read whole when they hold the
    postings inline (an edit's new segment: no matcher set up per term)."""
    found = lexicons.postings(leaf, field, text, _everything(leaf, segment))
    if found is None:
        return _postings(leaf, field, text, segment)
    ids, weights = found
    return (np.asarray(ids, dtype=np.int32),
            np.ones(len(ids), dtype=np.float32) if weights is None
            else np.asarray(weights, dtype=np.float32))


def _local_frequency(leaf: Any, segment: Hashable | None, field: str, text: str) -> int:
    """A term's document frequency in one segment: from a small segment's dictionary read
    whole, else Whoosh's (two look-ups in its term file), remembered."""
    found = lexicons.doc_frequency(leaf, field, text, _everything(leaf, segment))
    if found is not None:
        return found
    return per_segment(segment, "df", (field, text), lambda: leaf.doc_frequency(field, text)
                       if (field, text) in leaf else 0, _scalar_size)


def _keyword(leaf: Any, segment: Hashable | None, field: str) -> dict[str, np.ndarray]:
    return {text: _local_postings(leaf, segment, field, text)[0]
            for text in _terms(leaf, segment, field)}


def _column(leaf: Any, field: str) -> list[Any]:
    if leaf.doc_count_all() == 0:
        return []
    reader = leaf.column_reader(field)
    return [reader[doc] for doc in range(leaf.doc_count_all())]


def segment_key(leaf: Any) -> Hashable | None:
    """What identifies a segment's files in this process: its folder, its id and the size and
    CRC-32 recorded for its files (``readers.SharedTermsReader.files_key``). None for a reader
    opened otherwise: what it reads is not kept."""
    return getattr(leaf, "files_key", None)


def segment_terms(leaf: Any, segment: Hashable | None, field: str) -> frozenset[str]:
    """Every term of ``field`` in one segment, kept (read whole: for small segments)."""
    return per_segment(segment, "lexicon", field,
                       lambda: frozenset(_terms(leaf, segment, field)), lexicons.set_size)


def _lacks(leaf: Any, segment: Hashable | None, field: str, text: str) -> bool:
    # A small segment's terms are one kept set: a term it lacks needs no look-up in Whoosh's
    # term file (tens of microseconds each, a dozen a query on a new searcher) nor a cache entry.
    return leaf.doc_count_all() <= SMALL_SEGMENT and text not in segment_terms(leaf, segment, field)


def _pair_size(pair: tuple[np.ndarray, np.ndarray]) -> int:
    # ``approx_size``'s walk, without the walk: two arrays and their tuple.
    return int(pair[0].nbytes + pair[1].nbytes) + 300


def _scalar_size(value: Any) -> int:
    return 100  # a bool or an int and its key


def _joined(leaves: list[Any], field: str, text: str,
            head: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """A term's global ``(ids, weights)`` over ``leaves`` (after ``head``'s, when given)."""
    parts = [(per_segment(segment, "postings", (field, text),
                          lambda leaf=leaf, segment=segment:
                          _local_postings(leaf, segment, field, text), _pair_size), offset)
             for leaf, offset, segment in leaves if not _lacks(leaf, segment, field, text)]
    parts = [(found, offset) for found, offset in parts if len(found[0])]
    if head is not None and len(head[0]):
        parts.insert(0, (head, 0))  # already in global document numbers
    if not parts:
        return EMPTY_IDS, EMPTY_WEIGHTS
    if len(parts) == 1 and parts[0][1] == 0:
        return parts[0][0]
    return (np.concatenate([ids + offset if offset else ids for (ids, _), offset in parts]
                           ).astype(np.int32, copy=False),
            np.concatenate([weights for (_, weights), _ in parts]))


def _merged(leaves: list[Any], field: str,
            head: dict[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """Keyword ``field``'s table over ``leaves`` (after ``head``'s, when given), merged term by
    term from each segment's table: a new searcher shifts the segments' arrays by their
    offsets instead of sorting every (term, document) pair of the index again."""
    out = dict(head or {})
    parts: dict[str, list[np.ndarray]] = {}
    for leaf, offset, segment in leaves:
        table = per_segment(segment, "keyword", field,
                            lambda leaf=leaf, segment=segment: _keyword(leaf, segment, field))
        for term, ids in table.items():
            if len(ids):
                parts.setdefault(term, [out[term]] if term in out else []).append(
                    ids + offset if offset else ids)
    for term, found in parts.items():  # only the terms of ``leaves``: few, behind a head
        out[term] = found[0] if len(found) == 1 else np.concatenate(found).astype(
            np.int32, copy=False)
    return out


def _table_size(table: dict[str, np.ndarray]) -> int:
    return sum(int(ids.nbytes) + 100 for ids in table.values())


def per_segment(segment: Hashable | None, kind: str, key: Any, compute: Any,
                size: Any = None) -> Any:
    """``compute()`` for one segment, kept (bounded by bytes) under its ``segment_key``;
    ``size(value)``: a cheaper estimate of its bytes than ``approx_size``'s walk."""
    if segment is None:
        return compute()
    return _segments.remember((segment, kind, key), compute, size)


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
            return self._assembled("postings", (field, text), lambda leaves, prior: _joined(
                leaves, field, text, prior), _pair_size)

        # Kept while the view lives: a term's mask and its scores both start from it.
        return self.cache.remember(("postings", field, text), compute, _pair_size)

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

    def has(self, field: str, text: str) -> bool:
        """Whether any segment holds the term (as ``(field, text) in reader``), remembered per
        segment (a small segment's whole lexicon is one set): building a query asks this for
        every variant of every word."""
        for leaf, _, segment in self.leaves:
            if leaf.doc_count_all() <= SMALL_SEGMENT:
                if text in segment_terms(leaf, segment, field):
                    return True
            elif per_segment(segment, "has", (field, text),
                             lambda leaf=leaf: (field, text) in leaf, _scalar_size):
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

        return self.cache.remember(("mask", field, text), compute)

    def lengths(self, field: str) -> np.ndarray:
        """Every document's length in ``field``."""
        key = ("lengths", field)
        if key not in self.assembled:
            parts = [per_segment(segment, "lengths", field, lambda leaf=leaf: _lengths(leaf, field))
                     for leaf, _, segment in self.leaves]
            self.assembled[key] = np.concatenate(parts) if parts else np.zeros(0)
        return self.assembled[key]

    def doc_frequency(self, field: str, text: str) -> int:
        """Whoosh's document frequency of a term over every segment, remembered per segment
        (its term info's count, which a merge of deleted documents can leave above the
        postings' own)."""
        def over(leaves: list[Any]) -> int:
            return sum(_local_frequency(leaf, segment, field, text) for leaf, _, segment in leaves)

        return self._assembled("df", (field, text),
                               lambda leaves, prior: (prior or 0) + over(leaves), _scalar_size)

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
                "keyword", field, lambda leaves, prior: _merged(leaves, field, prior), _table_size)
        return self.assembled[key]

    def column(self, field: str) -> list[Any]:
        """Every document's value of a column field (a list indexed by document number)."""
        key = ("column", field)
        if key not in self.assembled:
            out: list[Any] = []
            for leaf, _, segment in self.leaves:
                out += per_segment(segment, "column", field, lambda leaf=leaf: _column(leaf, field))
            self.assembled[key] = out
        return self.assembled[key]

    def values(self, field: str, docs: list[int]) -> list[Any]:
        """Some documents' values of a column field, from each segment's kept list: a page's
        offer ids need not the whole column assembled (20,000 objects on every new searcher)."""
        out = []
        for doc in docs:
            leaf, offset, segment = self.leaves[bisect_right(self.offsets, doc) - 1]
            out.append(per_segment(segment, "column", field,
                                   lambda leaf=leaf: _column(leaf, field))[doc - offset])
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
                    decode(value) for value in _column(leaf, field)])
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


def view(searcher: Searcher, caches: dict[str, Any]) -> View:
    """The searcher's ``View`` (made on first use; it lives as long as the searcher)."""
    found = caches.get("view")
    if found is None or found.searcher is not searcher:
        found = caches["view"] = View(searcher)
    return found
