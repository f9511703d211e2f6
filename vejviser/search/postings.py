"""A term's postings in one segment, decoded from Whoosh's W3 posting blocks in a few C calls.

The codec writes a term's postings as a run of blocks at the term's offset in the postings
file (``W3PostingsWriter._write_block``)::

    magic (4 bytes), then per block:
    int32 length (big-endian, negative for the last block), pickled info tuple
    (count, last id, max weight, compression, min length byte, max length byte),
    data: the pickled (id gaps, weights, values) tuple, zlib-compressed when compression > 0

Whoosh's ``W3LeafMatcher`` reads a block through a seek, a read, an unpickling and half a
dozen attribute updates; a common word at 100,000 offers spans hundreds of 128-posting
blocks, and the first query after a worker starts (or after an edit opens a new segment) read
~14,000 of them that way (through ``diskparts``, two ``pread`` calls a block). Here a term's
blocks are read in one piece from the segment's checked copy (a slice of it in memory, or one
``pread``), a block of the usual shape read from its pickle's bytes with numpy
(``_regular_block``), others unpickled; a full rebuild writes longer blocks
(``index.REBUILD_BLOCKLIMIT``). Lists with the same bytes are decoded once (``run_key``).
"""
from __future__ import annotations

import io
import pickle
import struct
import zlib
from collections.abc import Callable, Hashable
from typing import Any

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermsReader
from whoosh.reading import SegmentReader

from vejviser.search.diskparts import DiskPart

EMPTY_IDS = np.zeros(0, dtype=np.int32)
#: Whoosh keeps posting weights as 32-bit floats: stored so, they are exact at half the size.
EMPTY_WEIGHTS = np.zeros(0, dtype=np.float32)
#: The block length before each block (``StructFile.write_int``: big-endian int32).
_LENGTH = struct.Struct("!i")
_DOUBLE = struct.Struct(">d")
#: Pickle opcodes of a block's data (``pickle`` protocol 2, as ``W3PostingsWriter`` writes).
_START = b"\x80\x02("  # PROTO 2, MARK
_MARK, _TUPLE, _NONE, _BININT1, _BINFLOAT = (ord(code) for code in "(tNKG")
#: Integer opcodes (BININT1, BININT2, BININT) -> bytes they take, opcode included.
_INT_SIZES = {ord("K"): 2, ord("M"): 3, ord("J"): 5}
#: Memo opcodes after a tuple (BINPUT, LONG_BINPUT) -> bytes they take, opcode included.
_MEMO = {ord("q"): 2, ord("r"): 5}
#: Bytes handed to the unpickler for a block's info tuple (about 30 are used).
INFO_WINDOW = 64


def run_reader(postfile: Any) -> Callable[[int, int], Any] | None:
    """How to read ``length`` bytes at ``position`` of a postings file in one call, safe from
    any thread: a slice of its checked copy in memory (``storage.MemoryFile``) or one checked
    ``pread`` (``diskparts.DiskPart``, a big segment's posting lists). None for another kind
    of file (Whoosh's matcher reads it)."""
    if isinstance(postfile, DiskPart):
        return postfile.get
    view = getattr(postfile, "_buf", None)
    if isinstance(view, memoryview):
        return lambda position, length: view[position:position + length]
    return None


def term_postings(leaf: Any, field: str, text: str,
                  remember: Callable[[Hashable, Callable[[], Any]], Any]
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Local ``(ids, weights)`` of a term in one segment, deleted documents included: its
    blocks read in one piece and decoded here when the file allows, else through Whoosh's
    matcher. ``remember(key, compute)`` keeps a decoded list for the segment
    (``segment_arrays``)."""
    if (field, text) not in leaf:
        return EMPTY_IDS, EMPTY_WEIGHTS
    run = _posting_run(leaf, field, text)
    if run is not None:
        read, offset, length = run
        raw = memoryview(read(offset, length))
        # Variants of a word ("aeld", "aeldr", "aeldre") usually hold the very same postings,
        # written as the very same bytes: decoded once and shared (a third of a cold mix).
        first, ids, weights = remember(run_key(raw), lambda: (offset, *read_blocks(raw, 0)))
        if first == offset or bytes(read(first, length)) == raw.tobytes():
            return ids, weights
        return read_blocks(raw, 0)  # a CRC-32 collision: decoded apart
    matcher = _all_postings(leaf, field, text)
    found_ids: list[int] = []
    found_weights: list[float] = []
    while matcher.is_active():
        found_ids.append(matcher.id())
        found_weights.append(matcher.weight())
        matcher.next()
    return np.asarray(found_ids, dtype=np.int32), np.asarray(found_weights, dtype=np.float32)


def _posting_run(leaf: Any, field: str, text: str
                 ) -> tuple[Callable[[int, int], Any], int, int] | None:
    """(reader of the postings file, offset, length) of a term's blocks, when the segment is
    one of Whoosh's W3 segments read through ``storage`` and the term's postings are not
    inlined in its term info (a term of one document)."""
    terms = getattr(leaf, "_terms", None)
    if not isinstance(leaf, SegmentReader) or not isinstance(terms, W3TermsReader):
        return None
    read = run_reader(terms._postfile)
    if read is None:
        return None
    info = terms.term_info(field, leaf._text_to_bytes(field, text))
    if info.is_inlined():
        return None
    offset, length = info.extent()
    # W3TermInfo.from_bytes leaves the length as struct.unpack's 1-tuple.
    return read, offset, length[0] if isinstance(length, tuple) else length


def _all_postings(leaf: Any, field: str, text: str) -> Any:
    """The term's matcher over every document of the segment: ``SegmentReader.postings``
    without its filter of the reader's deleted documents (the deletion set differs between
    readers of the same segment; the ``View``'s live mask applies it)."""
    if isinstance(leaf, SegmentReader):
        return leaf._terms.matcher(field, leaf._text_to_bytes(field, text),
                                   leaf.schema[field].format)
    return leaf.postings(field, text)


def read_blocks(data: memoryview, offset: int) -> tuple[np.ndarray, np.ndarray]:
    """``(ids, weights)`` of the posting list starting at ``offset`` of ``data``: ids as
    ``int32`` document numbers in order, weights as ``float32`` (Whoosh's own precision)."""
    if bytes(data[offset:offset + 4]) != WHOOSH3_HEADER_MAGIC:
        raise ValueError(f"no posting list at offset {offset}")
    ids: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    position, last = offset + 4, False
    while not last:
        length = _LENGTH.unpack_from(data, position)[0]
        last = length < 0
        start = position + 4
        position = start + abs(length)
        # The info pickle's own length is not stored: an unpickler over a small window says
        # where it stopped (a C BytesIO: no Python call an opcode).
        window = io.BytesIO(data[start:start + INFO_WINDOW])
        try:
            count, _, _, compression, _, _ = pickle.load(window)
        except (EOFError, pickle.UnpicklingError):  # longer than the window: never seen
            window = io.BytesIO(data[start:position])
            count, _, _, compression, _, _ = pickle.load(window)
        body = data[start + window.tell():position]
        gaps, block_weights = _block(zlib.decompress(body) if compression else bytes(body), count)
        ids.append(np.cumsum(gaps, dtype=np.int64))  # a block's first gap counts from 0
        weights.append(block_weights)
    if len(ids) == 1:
        return ids[0].astype(np.int32), weights[0]
    return np.concatenate(ids).astype(np.int32), np.concatenate(weights)


def _block(raw: bytes, count: int) -> tuple[np.ndarray, np.ndarray]:
    """One block's id gaps and weights, from its pickled ``(gaps, weights, values)``."""
    found = _regular_block(raw, count)
    if found is not None:
        return found
    gaps, weights, _ = pickle.loads(raw)
    if weights is None or isinstance(weights, float):  # the writer's shorthands
        return (np.array(gaps, dtype=np.int64),
                np.full(count, 1.0 if weights is None else weights, dtype=np.float32))
    return np.array(gaps, dtype=np.int64), np.array(weights, dtype=np.float32)


def _regular_block(raw: bytes, count: int) -> tuple[np.ndarray, np.ndarray] | None:
    """The block read without unpickling, when its pickle has the usual shape of a dense
    posting list (else None: ``pickle.loads`` reads it). Unpickling makes a Python object of
    every id and weight, which costs more than decompressing them; a common word's block has
    one shape::

        PROTO 2, MARK, first id (BININT1/BININT2/BININT), (count - 1) x (BININT1 gap), TUPLE,
        BINPUT n, then MARK, count x (BINFLOAT weight), TUPLE | NONE (all 1.0) | BINFLOAT (all
        equal), then the values (not needed here)

    Every gap after the first under 256 (one byte each) is what makes it regular."""
    first_size = _INT_SIZES.get(raw[3], 0) if len(raw) > 3 else 0
    start = 3 + first_size
    end = start + 2 * (count - 1)
    if (count < 4 or not first_size or len(raw) <= end + 1 or raw[:3] != _START
            or raw[end] != _TUPLE):
        return None  # (short tuples are pickled without MARK, as TUPLE1-3)
    octets = np.frombuffer(raw, dtype=np.uint8)
    pairs = octets[start:end].reshape(count - 1, 2)
    # A longer gap (BININT2, BININT) would put its opcode at one of these places.
    if not (pairs[:, 0] == _BININT1).all():
        return None
    gaps = np.empty(count, dtype=np.int64)
    gaps[0] = int.from_bytes(raw[4:start], "little", signed=first_size == 5)  # BININT: signed
    gaps[1:] = pairs[:, 1]
    at = end + 1 + _MEMO.get(raw[end + 1], 0)
    if at == end + 1 or len(raw) < at + 9:  # (a BINFLOAT takes 9 bytes)
        return None
    kind = raw[at]
    if kind == _NONE:
        return gaps, np.ones(count, dtype=np.float32)
    if kind == _BINFLOAT:
        return gaps, np.full(count, _DOUBLE.unpack_from(raw, at + 1)[0], dtype=np.float32)
    stop = at + 1 + 9 * count
    if kind != _MARK or len(raw) <= stop or raw[stop] != _TUPLE:
        return None
    rows = octets[at + 1:stop].reshape(count, 9)
    if not (rows[:, 0] == _BINFLOAT).all():
        return None
    return gaps, np.ascontiguousarray(rows[:, 1:]).view(">f8").ravel().astype(np.float32)


def run_key(raw: memoryview) -> tuple[int, int]:
    """What tells a posting list's bytes apart: their length and CRC-32 (a match is confirmed
    byte for byte). Equal bytes decode to equal postings, and a word's variants often hold
    exactly the same ones."""
    return len(raw), zlib.crc32(raw)
