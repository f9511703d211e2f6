"""A small segment's whole term dictionary, read in one pass.

The searcher opened after an edit has one new small segment, and the first search on it asks
for that segment's terms field by field: the words, parts and exact names (building the query,
``segments.View.has``) and every keyword field (facets, filters). Whoosh walks its term file a
key at a time (a few Python calls a term: ~0.5 ms a field for an edit's one offer). Its keys
lie one after the other before the hash tables, each as ``(key length, value length)``, a
field number and the term's bytes, so the whole dictionary is one read and one loop here.
"""
from __future__ import annotations

import pickle
import struct
import sys
from typing import Any

#: Whoosh's ``filetables._lengths``: key and value length before each key/value pair.
_LENGTHS = struct.Struct("!ii")
#: Whoosh's W3 term key starts with the field's number as an unsigned short.
_FIELD = struct.Struct("!H")
#: Both, as they come before each term.
_RECORD = struct.Struct("!iiH")
#: Whoosh's ``W3TermInfo._struct``: (inlined?, weight, document frequency, lengths, max
#: weight, first and last id), then the inlined postings' pickle or the postings' extent.
_INFO = struct.Struct("!BfIBBfII")


def all_terms(leaf: Any) -> dict[str, dict[bytes, bytes]] | None:
    """Field name → term bytes → term info bytes of one segment reader, in the term file's
    order (sorted, as ``leaf.lexicon(field)`` yields them); None when the reader is not one of
    Whoosh's W3 segment readers (the caller asks Whoosh then)."""
    terms = getattr(leaf, "_terms", None)
    table = getattr(terms, "_tindex", None)
    names = getattr(terms, "_fieldunmap", None)
    if table is None or names is None or not hasattr(table, "endofdata"):
        return None
    data = table.dbfile.get(table.startofdata, table.endofdata - table.startofdata)
    found: dict[str, dict[bytes, bytes]] = {}
    unpack, head = _RECORD.unpack_from, _LENGTHS.size
    pos, end = 0, len(data)
    number, into = -1, None  # the keys are sorted: a field's terms come together
    while pos < end:
        keylen, datalen, field = unpack(data, pos)
        start = pos + head
        pos = start + keylen + datalen
        if field != number:
            number = field
            name = names[field] if field < len(names) else None
            into = None if name is None else found.setdefault(name, {})
        if into is not None:
            into[data[start + _FIELD.size:start + keylen]] = data[start + keylen:pos]
    return found


def field_terms(leaf: Any, field: str,
                everything: dict[str, dict[bytes, bytes]] | None) -> list[str]:
    """The terms of ``field`` as text: from ``everything`` (``all_terms`` of the same leaf)
    when given, else from Whoosh's own walk. Fields the schema does not have, none."""
    if field not in leaf.schema:
        return []
    if everything is not None:
        return [term.decode("utf-8") for term in everything.get(field, ())]
    return [term.decode("utf-8") if isinstance(term, bytes) else term
            for term in leaf.lexicon(field)]


def postings(leaf: Any, field: str, text: str, everything: dict[str, dict[bytes, bytes]] | None
             ) -> tuple[tuple[int, ...], tuple[float, ...] | None] | None:
    """A term's local ``(ids, weights)`` in one segment when its term info holds them inline
    (every list of a segment an edit writes: ``edit_segments.EditCodec``), empty when the
    segment lacks the term; None when they are in the postings file (or unknown)."""
    if everything is None or field not in leaf.schema:
        return None
    info = _term_info(leaf, field, text, everything)
    if info is None:
        return (), ()
    if not info[0]:  # not inlined
        return None
    ids, weights, _ = pickle.loads(info[_INFO.size:])  # tuples, as ``set_inlined`` keeps them
    return ids, (weights or None)


def doc_frequency(leaf: Any, field: str, text: str,
                  everything: dict[str, dict[bytes, bytes]] | None) -> int | None:
    """A term's document frequency in one segment as its term info records it (Whoosh's
    ``doc_frequency``), 0 when the segment lacks the term; None without ``everything``."""
    if everything is None or field not in leaf.schema:
        return None
    info = _term_info(leaf, field, text, everything)
    return 0 if info is None else _INFO.unpack_from(info)[2]


def _term_info(leaf: Any, field: str, text: str,
               everything: dict[str, dict[bytes, bytes]]) -> bytes | None:
    """A term's info bytes in ``everything`` (None: the segment lacks the term)."""
    return everything.get(field, {}).get(leaf.schema[field].to_bytes(text))


def table_size(table: dict[str, dict[bytes, bytes]] | None) -> int:
    """Roughly the bytes of an ``all_terms`` table (``bounded.approx_size`` walks every term
    in Python; this sums their lengths in C)."""
    if table is None:
        return 0
    # A bytes object is 33 bytes and its content; a dict slot ~100.
    return sys.getsizeof(table) + sum(
        166 * len(terms) + sum(map(len, terms)) + sum(map(len, terms.values()))
        for terms in table.values())


def set_size(terms: frozenset[str]) -> int:
    """Roughly the bytes of a set of terms (a str is ~49 bytes and its content)."""
    return sys.getsizeof(terms) + 49 * len(terms) + sum(map(len, terms))
