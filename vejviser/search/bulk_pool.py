"""The postings of a rebuild, kept in flat typed arrays until the segment is written.

Whoosh's ``SegmentWriter`` keeps every posting as a Python tuple in a sorting pool (about 200
bytes each: 1.5 GB and runs sorted on disk at 100,000 offers). A rebuild adds documents in
order, so ``FlatPool`` keeps, per field, three arrays with one entry per posting — term
number, weight (the double Whoosh computes) and frequency: 16 bytes a posting, no Python object
per posting or per term, nothing for the garbage collector to walk — and each document's number
and how many postings it added (a document number a posting was 80 MB at 100,000 offers). At commit
``FieldPostings.in_term_order`` sorts them by term once (numpy, stable: each term's postings
stay in document order).

Only the formats our schema uses are kept: ``Frequency`` (a posting's value is its frequency,
``pack_uint(freq)``) and ``Existence`` (no value); ``BulkWriter`` refuses any other.
"""
from __future__ import annotations

from array import array
from dataclasses import dataclass
from typing import Any

import numpy as np

from vejviser.search.bulk_analysis import Postings


@dataclass
class SortedPostings:
    """A field's postings in term order: ``terms`` sorted, ``counts[i]`` postings of
    ``terms[i]``, then the postings' documents, weights and frequencies."""

    terms: list[bytes]
    counts: np.ndarray
    docs: np.ndarray
    weights: np.ndarray
    freqs: np.ndarray


class FieldPostings:
    """One field's postings in the order they were added (document order)."""

    def __init__(self) -> None:
        self.numbers: dict[bytes, int] = {}  # term -> term number (order of first sight)
        self.terms = array("I")
        self.doc_numbers = array("I")  # each document that added postings ...
        self.doc_counts = array("I")  # ... and how many, in order
        self.weights = array("d")
        self.freqs = array("I")

    def add(self, docnum: int, postings: Postings) -> None:
        """Add one document's postings (its terms are distinct)."""
        terms, freqs, weights = postings
        number = self.numbers.setdefault
        numbers = self.numbers
        self.terms.extend([number(term, len(numbers)) for term in terms])
        self.doc_numbers.append(docnum)
        self.doc_counts.append(len(terms))
        self.weights.extend(weights)
        self.freqs.extend(freqs)

    def in_term_order(self) -> SortedPostings:
        """The postings sorted by term (bytes order, as Whoosh writes them). Empties this
        object as it goes: each unsorted array is let go once its sorted copy is made."""
        terms = sorted(self.numbers)
        rank = np.empty(len(terms), dtype=np.uint32)
        rank[np.fromiter((self.numbers[term] for term in terms), dtype=np.int64,
                         count=len(terms))] = np.arange(len(terms), dtype=np.uint32)
        self.numbers = {}
        keys = rank[np.frombuffer(self.terms, dtype=np.uint32)]
        self.terms = array("I")
        order = np.argsort(keys, kind="stable")
        counts = np.bincount(keys, minlength=len(terms))
        del keys
        docs = np.repeat(np.frombuffer(self.doc_numbers, dtype=np.uint32),
                         np.frombuffer(self.doc_counts, dtype=np.uint32))[order]
        self.doc_numbers, self.doc_counts = array("I"), array("I")
        weights = np.frombuffer(self.weights, dtype=np.float64)[order]
        self.weights = array("d")
        freqs = np.frombuffer(self.freqs, dtype=np.uint32)[order]
        self.freqs = array("I")
        return SortedPostings(terms, counts, docs, weights, freqs)


class FlatPool:
    """Whoosh's pool interface (``add``, ``cleanup``) over ``FieldPostings`` per field.
    Document numbers must come in order."""

    def __init__(self) -> None:
        self.fields: dict[str, FieldPostings] = {}

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        """Whoosh's pool interface: ``(field, term bytes, document number, weight, value)``
        (a ``Frequency`` value or none)."""
        fieldname, tbytes, docnum, weight, vbytes = item
        freq = int.from_bytes(vbytes, "big") if vbytes else 1
        self.add_postings(fieldname, docnum, ([tbytes], [freq], [weight]))

    def add_postings(self, fieldname: str, docnum: int, postings: Postings) -> None:
        """Add one document's postings of a field."""
        found = self.fields.get(fieldname)
        if found is None:
            found = self.fields[fieldname] = FieldPostings()
        found.add(docnum, postings)

    def cleanup(self) -> None:
        """Whoosh's pool interface: let the postings go."""
        self.fields.clear()

    def take(self, fieldname: str) -> Any:
        """Remove and return one field's postings (the segment writer writes one at a time)."""
        return self.fields.pop(fieldname)
