"""A Whoosh segment writer for full rebuilds: the same segment, a fraction of the time and memory.

Whoosh's ``SegmentWriter`` keeps every posting as a Python tuple in a sorting pool (about 200
bytes each: 1.5 GB and runs sorted on disk at 100,000 offers), sorts them all at commit, and
then reads each posting's field length back from the column file it has just written. A rebuild
adds documents in order, so a term's postings arrive with rising document numbers already:

* ``CompactPool`` keeps, per field and term, the document numbers, weights and values in typed
  arrays (16 bytes a posting), and only the terms are sorted at commit;
* the field lengths are kept as they are computed, in one byte array per field;
* the two analysers of our weighted text fields (``analysis.text_analyzer``/``parts_analyzer``)
  are run as one plain loop over the words instead of a chain of token generators.

The segment written is the same as Whoosh's, posting for posting (``tests/search/
test_bulk.py`` compares every term, posting, weight and length of both). Edits still use
Whoosh's own writer (``sync.apply_changes``): they add a few documents at a time.
"""
from __future__ import annotations

from array import array
from functools import lru_cache
from typing import Any

from whoosh.analysis import CompositeAnalyzer, RegexTokenizer
from whoosh.formats import Frequency
from whoosh.system import emptybytes, pack_uint
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from vejviser.search.analysis import (
    SECTION,
    STOPWORDS,
    WEIGHT,
    WORD_RE,
    DanishFilter,
    Lower,
    WeightedTokenizer,
    compound_parts,
    variants,
)


class CompactPool:
    """Postings by field and term, in two typed arrays per term: ``document number << 32 |
    value number`` (unsigned 64-bit) and the weight (the double Whoosh computes). Document
    numbers must come in order."""

    def __init__(self) -> None:
        self.terms: dict[str, dict[bytes, tuple[array, array]]] = {}
        self.values: dict[bytes | None, int] = {}
        self.table: list[bytes | None] = []

    def add(self, item: tuple[str, bytes, int, float, bytes | None]) -> None:
        """Whoosh's pool interface: ``(field, term bytes, document number, weight, value)``."""
        fieldname, tbytes, docnum, weight, vbytes = item
        self.add_postings(fieldname, docnum, [(tbytes, 0, weight, vbytes)])

    def add_postings(self, fieldname: str, docnum: int, items: Any) -> int:
        """Add one document's ``(term bytes, frequency, weight, value)`` items of a field;
        the sum of the frequencies (the field's length in the document)."""
        table = self.terms.get(fieldname)
        if table is None:
            table = self.terms[fieldname] = {}
        values, length = self.values, 0
        for tbytes, freq, weight, vbytes in items:
            length += freq
            index = values.get(vbytes)
            if index is None:
                index = values[vbytes] = len(self.table)
                self.table.append(vbytes)
            postings = table.get(tbytes)
            if postings is None:
                postings = table[tbytes] = (array("Q"), array("d"))
            postings[0].append(docnum << 32 | index)
            postings[1].append(weight)
        return length

    def cleanup(self) -> None:
        """Whoosh's pool interface: let the postings go."""
        self.terms.clear()


#: ``pack_uint(n)`` for small ``n``, one object each (the pool numbers values by identity).
_PACKED = [pack_uint(n) for n in range(256)]


def _packed(freq: int) -> bytes:
    return _PACKED[freq] if freq < 256 else pack_uint(freq)


@lru_cache(maxsize=262144)
def _forms(match: str, compounds: bool) -> tuple[bytes, ...]:
    """The terms ``DanishFilter(compounds)`` makes of one word as the tokenizer found it."""
    word = match.lower()
    if word in STOPWORDS:
        return ()
    forms = variants(word)
    if compounds:
        forms = tuple(part for part in compound_parts(word) if part not in forms)
    return tuple(form.encode("utf-8") for form in forms)


def _danish_values(value: str, compounds: bool) -> list[tuple[bytes, int, float, bytes]]:
    """What ``Frequency.word_values`` gives for ``WeightedTokenizer() | DanishFilter(...)``:
    the same terms, counts and weights (each weight added up in the same order)."""
    freqs: dict[bytes, int] = {}
    weights: dict[bytes, float] = {}
    for section in value.split(SECTION):
        weight, _, text = section.rpartition(WEIGHT)
        boost = float(weight) if weight else 1.0
        for match in WORD_RE.findall(text):
            for form in _forms(match, compounds):
                freqs[form] = freqs.get(form, 0) + 1
                weights[form] = weights.get(form, 0.0) + boost
    return [(form, freq, weights[form], _packed(freq)) for form, freq in freqs.items()]


def _word_values(value: str) -> list[tuple[bytes, int, float, bytes]]:
    """What ``Frequency.word_values`` gives for ``analysis.words_analyzer()`` (each token
    weighs 1.0, so a term's weight is its count)."""
    freqs: dict[str, int] = {}
    for match in WORD_RE.findall(value):
        word = match.lower()
        freqs[word] = freqs.get(word, 0) + 1
    return [(word.encode("utf-8"), freq, float(freq), _packed(freq))
            for word, freq in freqs.items()]


def _fast_path(field: Any) -> Any:
    """The fast equivalent of ``field.index`` for the analysers of our text fields (plain
    frequencies, no field boost), or None (Whoosh's own ``field.index``)."""
    analyzer = getattr(field, "analyzer", None)
    items: Any = analyzer.items if isinstance(analyzer, CompositeAnalyzer) else ()
    if len(items) != 2 or type(field.format) is not Frequency or field.format.field_boost != 1.0:
        return None
    first, second = items
    if isinstance(first, WeightedTokenizer) and isinstance(second, DanishFilter):
        compounds = bool(second.compounds)
        return lambda value: _danish_values(value, compounds)
    if (isinstance(first, RegexTokenizer) and not first.gaps
            and first.expression.pattern == WORD_RE.pattern
            and first.expression.flags == WORD_RE.flags and type(second) is Lower):
        return _word_values
    return None


class BulkWriter(SegmentWriter):
    """``SegmentWriter`` for a new, empty generation that one rebuild fills in order."""

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        if not ix.is_empty():  # checked first: the writer opens files and takes a lock
            raise ValueError("BulkWriter writes a new generation only")
        super().__init__(ix, **kwargs)
        self.pool = CompactPool()
        self._lengths: dict[str, bytearray] = {}
        self._fast = {name: _fast_path(field) for name, field in self.schema.items()}

    def add_document(self, **fields: Any) -> None:
        """Whoosh's ``add_document`` (no boosts, vectors or spelling fields: our schema has
        none) with the fast path for the weighted text fields."""
        self._check_state()
        perdocwriter, schema, docnum = self.perdocwriter, self.schema, self.docnum
        pool = self.pool
        names = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, names)
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in names:
                value = fields[fieldname]
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    fast = self._fast[fieldname]
                    items = field.index(value) if fast is None else fast(value)
                    length = pool.add_postings(fieldname, docnum, items)
                    if not field.scorable:  # Whoosh counts lengths of scored fields only
                        length = 0
                perdocwriter.add_field(fieldname, field, value if field.stored else None,
                                       length)
                if length:
                    self._length_bytes(fieldname)[docnum] = length_to_byte(length)
                column = field.column_type
                if column:
                    perdocwriter.add_column_value(fieldname, column,
                                                  field.to_column_value(value))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _length_bytes(self, fieldname: str) -> bytearray:
        found = self._lengths.get(fieldname)
        if found is None:
            found = self._lengths[fieldname] = bytearray()
        if len(found) <= self.docnum:
            found.extend(bytes(self.docnum + 1024 - len(found)))
        return found

    def _flush_segment(self) -> None:
        # Whoosh's _flush_segment + FieldWriter.add_postings, over the compact pool: fields and
        # terms in sorted order, each term's postings in document order (as they were added).
        self.perdocwriter.close()
        writer, table, pool = self.fieldwriter, self.pool.table, self.pool
        decoded = [emptybytes if value is None else value for value in table]
        for fieldname in sorted(pool.terms):
            terms = pool.terms[fieldname]
            writer.start_field(fieldname, self.schema[fieldname])
            lengths = self._lengths.get(fieldname, bytearray())
            known = len(lengths)
            for tbytes in sorted(terms):
                keys, weights = terms.pop(tbytes)  # let each term go once written
                writer.start_term(tbytes)
                for key, weight in zip(keys, weights):
                    docnum, value = key >> 32, key & 0xFFFFFFFF
                    # Whoosh reads the length back from the column it wrote (a falsy length is
                    # ignored by the postings writer, whether None or 0).
                    byte = lengths[docnum] if docnum < known else 0
                    writer.add(docnum, weight, decoded[value],
                               byte_to_length(byte) if byte else None)
                writer.finish_term()
            writer.finish_field()
        writer.close()
