"""A Whoosh segment writer for full rebuilds: the same segment, a fraction of the time and memory.

A rebuild adds every document to one new segment, in order. Whoosh's ``SegmentWriter`` would
keep every posting as a tuple in a sorting pool, sort them all at commit, read each posting's
field length back from the column it has just written, and hand the postings one by one to
its postings writer. ``BulkWriter`` instead

* analyses our text fields with plain loops (``bulk_analysis``);
* keeps the postings in flat typed arrays, field by field (``bulk_pool``), and the field
  lengths in one byte array per field, as they are computed;
* at commit sorts each field's postings by term once and writes the posting blocks and term
  table rows itself, in the W3 codec's byte format (``bulk_blocks``).

The segment written is Whoosh's, byte for byte (``tests/search/test_bulk.py`` compares the
files and every term, posting, weight and length). Edits still use Whoosh's own writer
(``sync.apply_changes``): they add a few documents at a time.
"""
from __future__ import annotations

from typing import Any

from whoosh.formats import Existence, Frequency
from whoosh.util.numeric import length_to_byte
from whoosh.writing import SegmentWriter

from vejviser.search import bulk_blocks
from vejviser.search.bulk_analysis import fast_path, whoosh_values
from vejviser.search.bulk_pool import FlatPool


class BulkWriter(SegmentWriter):
    """``SegmentWriter`` for a new, empty generation that one rebuild fills in order."""

    def __init__(self, ix: Any, **kwargs: Any) -> None:
        if not ix.is_empty():  # checked first: the writer opens files and takes a lock
            raise ValueError("BulkWriter writes a new generation only")
        unsupported = [name for name, field in ix.schema.items()
                       if field.indexed and type(field.format) not in (Frequency, Existence)]
        if unsupported:  # the pool keeps a posting's frequency, not other formats' values
            raise ValueError(f"BulkWriter cannot index the format of {unsupported}")
        super().__init__(ix, **kwargs)
        if not bulk_blocks.supports(self.codec, self.fieldwriter):
            self.cancel()
            raise ValueError("BulkWriter writes the W3 codec's block postings only")
        self.pool = FlatPool()
        self._lengths: dict[str, bytearray] = {}
        self._fast = {name: fast_path(field) for name, field in self.schema.items()}

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
                    postings = whoosh_values(field, value) if fast is None else fast(value)
                    pool.add_postings(fieldname, docnum, postings)
                    length = sum(postings[1])
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
        # Whoosh's _flush_segment over the flat pool: fields in sorted order, each written
        # and let go in turn (only one field's sorted copy is in memory at a time).
        self.perdocwriter.close()
        writer, pool = self.fieldwriter, self.pool
        for fieldname in sorted(pool.fields):
            postings = pool.take(fieldname)
            if not len(postings.terms):  # Whoosh starts no field without postings
                continue
            field = self.schema[fieldname]
            lengths = self._lengths.get(fieldname) if field.scorable else None
            bulk_blocks.write_field(writer, fieldname, field, postings.in_term_order(),
                                    None if lengths is None else bytes(lengths))
        writer.close()
