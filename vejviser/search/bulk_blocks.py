"""Writing a field's posting blocks directly, in the byte format of Whoosh's W3 codec.

Whoosh's ``W3FieldWriter.add`` takes one posting per call (type checks, statistics, appends):
about 11 million calls at 100,000 offers. A rebuild has each field's postings sorted already
(``bulk_pool``), so this module computes what ``whoosh.codec.whoosh3.W3PostingsWriter`` would
— block by block, ``blocklimit`` postings each — with numpy over whole fields, and writes the
same bytes:

* per term, the header magic, then per block: the signed length of (info + data), negative
  for the term's last block; the info pickle ``(count, last id, max weight, compression, min length
  byte, max length byte)``; the data pickle ``(delta-encoded ids, weights, values)``,
  zlib-compressed at the codec's level. Weights are float32 (Whoosh's ``array("f")``): ``None``
  when all are 1.0, one number when all are equal; values are the frequencies as 4-byte
  big-endian integers (``Frequency``) or ``None`` (``Existence``);
* per term, the ``W3TermInfo`` row in the term table: the sum of the float32 weights (each
  block summed, then added, as ``W3TermInfo.add_block`` does), document frequency, length
  bytes, max weight, first and last document, and the postings' offset and length.

The block limit and compression level are the field writer's postings writer's, so a codec
configured otherwise (another block limit) is honoured. ``tests/search/test_bulk.py`` compares
the files with Whoosh's own, byte for byte.
"""
from __future__ import annotations

import zlib
from pickle import dumps
from struct import Struct
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import (
    WHOOSH3_HEADER_MAGIC,
    W3FieldWriter,
    W3PostingsWriter,
    W3TermInfo,
)
from whoosh.formats import Existence
from whoosh.system import emptybytes, pack_int, pack_long, pack_ushort

from vejviser.search.bulk_pool import SortedPostings

_TERMINFO = Struct(W3TermInfo._struct.format)


def supports(codec: Any, fieldwriter: Any) -> bool:
    """Whether ``fieldwriter`` is the W3 codec's, whose format this module writes, and its
    postings writer never inlines a list into the term table nor uses byte ids. Whoosh's
    default never inlines (every term has at least one posting, the limit is one), and its
    inlining is broken in 2.7 anyway (it calls ``set_inline``, which is no method)."""
    if type(fieldwriter) is not W3FieldWriter:
        return False
    writer = codec.postings_writer(None)
    return type(writer) is W3PostingsWriter and writer._inlinelimit <= 1 and not writer._byteids


def write_field(fieldwriter: Any, fieldname: str, field: Any, postings: SortedPostings,
                lengths: bytes | None) -> None:
    """Write one field's terms and postings through ``fieldwriter`` (a ``W3FieldWriter``);
    ``lengths`` holds each document's field length byte (0: none), or None when the field has
    no lengths (Whoosh ignores a falsy length)."""
    fieldwriter.start_field(fieldname, field)
    writer = fieldwriter._postwriter  # the codec's, made by start_field: its settings rule
    blocklimit, compression = writer._blocklimit, writer._compression
    counts = postings.counts
    blocks = _Blocks(postings, blocklimit, lengths)
    weights32 = postings.weights.astype(np.float32)
    values = None if type(field.format) is Existence else postings.freqs.astype(">u4")

    postfile, tindex = fieldwriter._postfile, fieldwriter._tindex
    prefix = pack_ushort(fieldwriter._fieldid)
    position = postfile.tell()
    block = 0
    for term, count, first_id, last_id in zip(postings.terms, counts.tolist(),
                                              blocks.first_ids, blocks.last_ids):
        last_block = block + (count + blocklimit - 1) // blocklimit - 1
        parts = [WHOOSH3_HEADER_MAGIC]
        term_weight: float = 0
        term_max: float = 0
        min_byte = max_byte = 0
        while block <= last_block:
            start, end = blocks.starts[block], blocks.ends[block]
            weight_list = weights32[start:end].tolist()
            first = weight_list[0]
            if weight_list.count(first) == len(weight_list):
                mini_weights: Any = None if first == 1.0 else first
            else:
                mini_weights = tuple(weight_list)
            data = dumps((tuple(blocks.ids[start:end].tolist()), mini_weights,
                          None if values is None else values[start:end].tobytes()), 2)
            if compression:
                data = zlib.compress(data, compression)
            # W3PostingsWriter's max weight starts at the integer 0.
            block_max = blocks.max_weights[block]
            block_max = block_max if block_max > 0 else 0
            low, high = blocks.min_bytes[block], blocks.max_bytes[block]
            info = dumps((end - start, blocks.last_in_block[block], block_max, compression,
                          low, high), 2)
            size = len(info) + len(data)
            parts += (pack_int(-size if block == last_block else size), info, data)
            term_weight += sum(weight_list)
            term_max = max(term_max, block_max)
            if low and (not min_byte or low < min_byte):
                min_byte = low
            max_byte = max(max_byte, high)
            block += 1
        chunk = emptybytes.join(parts)
        postfile.write(chunk)
        info_row = _TERMINFO.pack(False, term_weight, count, min_byte, max_byte, term_max,
                                  first_id, last_id)
        tindex.add(prefix + term, info_row + pack_long(position) + pack_int(len(chunk)))
        position += len(chunk)
    fieldwriter.finish_field()


class _Blocks:
    """Where a field's blocks start and end, and their statistics, as Python lists (one
    numpy pass over the field instead of Python work per posting)."""

    def __init__(self, postings: SortedPostings, blocklimit: int, lengths: bytes | None):
        docs, counts = postings.docs, postings.counts
        ends = np.cumsum(counts)
        starts = ends - counts
        # Every block's first posting: a term's start, then every ``blocklimit`` postings.
        per_term = (counts + blocklimit - 1) // blocklimit
        first_block = np.cumsum(per_term) - per_term
        term_of_block = np.repeat(np.arange(len(counts)), per_term)
        block_starts = (starts[term_of_block] + blocklimit
                        * (np.arange(len(term_of_block)) - first_block[term_of_block]))
        block_ends = np.minimum(block_starts + blocklimit, ends[term_of_block])
        self.starts, self.ends = block_starts.tolist(), block_ends.tolist()
        self.first_ids, self.last_ids = docs[starts].tolist(), docs[ends - 1].tolist()
        self.last_in_block = docs[block_ends - 1].tolist()
        # Ids are delta-encoded within a block (each block counts from 0).
        self.ids = docs.astype(np.int64)
        self.ids[1:] -= docs[:-1]
        self.ids[block_starts] = docs[block_starts]
        self.max_weights = np.maximum.reduceat(postings.weights, block_starts).tolist()
        if lengths is None:
            self.max_bytes = self.min_bytes = [0] * len(self.starts)
            return
        column = np.zeros(max(len(lengths), int(docs.max()) + 1), dtype=np.uint8)
        column[:len(lengths)] = np.frombuffer(lengths, dtype=np.uint8)
        found = column[docs]
        self.max_bytes = np.maximum.reduceat(found, block_starts).tolist()
        # The shortest length among the block's postings that have one (0 when none has).
        shortest = np.minimum.reduceat(np.where(found == 0, 256, found.astype(np.uint16)),
                                       block_starts)
        self.min_bytes = np.where(shortest == 256, 0, shortest).tolist()
