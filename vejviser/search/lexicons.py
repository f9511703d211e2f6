"""A small segment's whole term dictionary, read in one pass.

The searcher opened after an edit has one new small segment, and the first search on it asks
for that segment's terms field by field: the words, parts and exact names (building the query,
``segments.View.has``) and every keyword field (facets, filters). Whoosh walks its term file a
key at a time (a few Python calls a term: ~0.5 ms a field for an edit's one offer). Its keys
lie one after the other before the hash tables, each as ``(key length, value length)``, a
field number and the term's bytes, so the whole dictionary is one read and one loop here.
"""
from __future__ import annotations

import struct
import sys
from typing import Any

#: Whoosh's ``filetables._lengths``: key and value length before each key/value pair.
_LENGTHS = struct.Struct("!ii")
#: Whoosh's W3 term key starts with the field's number as an unsigned short.
_FIELD = struct.Struct("!H")


def all_terms(leaf: Any) -> dict[str, list[bytes]] | None:
    """Field name → the term bytes of one segment reader, in the term file's order (sorted,
    as ``leaf.lexicon(field)`` yields them); None when the reader is not one of Whoosh's W3
    segment readers (the caller asks Whoosh then)."""
    terms = getattr(leaf, "_terms", None)
    table = getattr(terms, "_tindex", None)
    names = getattr(terms, "_fieldunmap", None)
    if table is None or names is None or not hasattr(table, "endofdata"):
        return None
    data = table.dbfile.get(table.startofdata, table.endofdata - table.startofdata)
    found: dict[str, list[bytes]] = {}
    unpack, field_of, head = _LENGTHS.unpack_from, _FIELD.unpack_from, _LENGTHS.size
    pos, end = 0, len(data)
    while pos < end:
        keylen, datalen = unpack(data, pos)
        key = pos + head
        number = field_of(data, key)[0]
        name = names[number] if number < len(names) else None
        if name is not None:
            found.setdefault(name, []).append(data[key + _FIELD.size:key + keylen])
        pos = key + keylen + datalen
    return found


def field_terms(leaf: Any, field: str, everything: dict[str, list[bytes]] | None) -> list[str]:
    """The terms of ``field`` as text: from ``everything`` (``all_terms`` of the same leaf)
    when given, else from Whoosh's own walk. Fields the schema does not have, none."""
    if field not in leaf.schema:
        return []
    if everything is not None:
        return [term.decode("utf-8") for term in everything.get(field, ())]
    return [term.decode("utf-8") if isinstance(term, bytes) else term
            for term in leaf.lexicon(field)]


def table_size(table: dict[str, list[bytes]] | None) -> int:
    """Roughly the bytes of an ``all_terms`` table (``bounded.approx_size`` walks every term
    in Python; this sums their lengths in C)."""
    if table is None:
        return 0
    # A bytes object is 33 bytes and its content; a list slot 8.
    return sys.getsizeof(table) + sum(
        sys.getsizeof(terms) + 33 * len(terms) + sum(map(len, terms)) for terms in table.values())


def set_size(terms: frozenset[str]) -> int:
    """Roughly the bytes of a set of terms (a str is ~49 bytes and its content)."""
    return sys.getsizeof(terms) + 49 * len(terms) + sum(map(len, terms))
