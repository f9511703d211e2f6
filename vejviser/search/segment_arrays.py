"""What is read from one index segment, kept per segment for the life of the process, and
joined over runs of segments.

Whoosh segments never change once written (only their deletion sets do), so what we read from a
segment — a term's posting ids and weights, field lengths, keyword term sets, column values —
is kept per segment, as Lucene keeps its per-segment caches; a searcher opened after an edit
reads only its new small segment (``segments.View`` joins them).

What is kept must depend on the segment's files alone: postings are read *without* the
reader's deletion set (Whoosh's ``reader.postings`` filters it out once a segment has
deletions), and the key is the segment's folder and recorded file as well as its id. A Whoosh
segment id is the generation's name plus 16 characters of the ``random`` module: copies of one
index (every test app copies the seed's) share ids, and so can segments written while
something has seeded ``random``. Keyed by id alone and read with deletions, one app's edit
(Bolbro's offer deleted from the seed segment and written anew) hid that offer from the
search of another app on a copy of the same index.
"""
from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN
from whoosh.util.numeric import byte_to_length

from vejviser.bounded import ByteLRU
from vejviser.search import lexicons, postings

#: Bytes of per-segment arrays kept per process (every segment of every searcher).
SEGMENT_BYTES = 48 * 1024 * 1024
EMPTY_IDS, EMPTY_WEIGHTS = postings.EMPTY_IDS, postings.EMPTY_WEIGHTS
_segments: ByteLRU[Any] = ByteLRU(SEGMENT_BYTES)
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


def field_lengths(leaf: Any, field: str) -> np.ndarray:
    """Every document's length in ``field`` in one segment, deleted ones included."""
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


def local_frequency(leaf: Any, segment: Hashable | None, field: str, text: str) -> int:
    """A term's document frequency in one segment: from a small segment's dictionary read
    whole, else Whoosh's (two look-ups in its term file), remembered."""
    found = lexicons.doc_frequency(leaf, field, text, _everything(leaf, segment))
    if found is not None:
        return found
    return per_segment(segment, "df", (field, text), lambda: leaf.doc_frequency(field, text)
                       if (field, text) in leaf else 0, scalar_size)


def _keyword(leaf: Any, segment: Hashable | None, field: str) -> dict[str, np.ndarray]:
    return {text: _local_postings(leaf, segment, field, text)[0]
            for text in _terms(leaf, segment, field)}


def column_values(leaf: Any, field: str) -> list[Any]:
    """Every document's value of a column field in one segment (a list by local number)."""
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


def lacks(leaf: Any, segment: Hashable | None, field: str, text: str) -> bool:
    """Whether a small segment certainly lacks the term (False for a big one: not known)."""
    # A small segment's terms are one kept set: a term it lacks needs no look-up in Whoosh's
    # term file (tens of microseconds each, a dozen a query on a new searcher) nor a cache entry.
    return leaf.doc_count_all() <= SMALL_SEGMENT and text not in segment_terms(leaf, segment, field)


def pair_size(pair: tuple[np.ndarray, np.ndarray]) -> int:
    """Bytes of an ``(ids, weights)`` pair, for ``ByteLRU``."""
    # ``approx_size``'s walk, without the walk: two arrays and their tuple.
    return int(pair[0].nbytes + pair[1].nbytes) + 300


def scalar_size(value: Any) -> int:
    """Bytes of a kept bool or int and its key, for ``ByteLRU``."""
    return 100  # a bool or an int and its key


def joined(leaves: list[Any], field: str, text: str,
           head: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """A term's global ``(ids, weights)`` over ``leaves`` (after ``head``'s, when given)."""
    parts = [(per_segment(segment, "postings", (field, text),
                          lambda leaf=leaf, segment=segment:
                          _local_postings(leaf, segment, field, text), pair_size), offset)
             for leaf, offset, segment in leaves if not lacks(leaf, segment, field, text)]
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


def merged(leaves: list[Any], field: str,
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


def table_size(table: dict[str, np.ndarray]) -> int:
    """Bytes of a keyword table (term → document numbers), for ``ByteLRU``."""
    return sum(int(ids.nbytes) + 100 for ids in table.values())


def per_segment(segment: Hashable | None, kind: str, key: Any, compute: Any,
                size: Any = None) -> Any:
    """``compute()`` for one segment, kept (bounded by bytes) under its ``segment_key``;
    ``size(value)``: a cheaper estimate of its bytes than ``approx_size``'s walk."""
    if segment is None:
        return compute()
    return _segments.remember((segment, kind, key), compute, size)
