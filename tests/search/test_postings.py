"""Posting lists read straight from a segment's bytes (``postings.read_blocks``, and
``segment_arrays._postings`` sharing what identical lists decode to) equal what Whoosh's own matcher
reads, for blocks of every length a rebuild or an edit writes; and longer blocks
(``index.REBUILD_BLOCKLIMIT``) hold the same postings as Whoosh's default ones."""
from __future__ import annotations

import io
import random
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from flask import Flask
from sqlalchemy import select
from whoosh.codec.whoosh3 import W3Codec, W3LeafMatcher, W3PostingsWriter, W3TermInfo
from whoosh.filedb.structfile import StructFile
from whoosh.formats import Frequency
from whoosh.index import FileIndex
from whoosh.system import pack_uint

from benchmarks import catalogue_generator
from vejviser.db import db
from vejviser.models import Offer
from vejviser.search import diskparts, postings, segment_arrays
from vejviser.search.bulk import BulkWriter
from vejviser.search.documents import INDEXED, offer_document
from vejviser.search.index import REBUILD_BLOCKLIMIT, new_generation, rebuild_codec
from vejviser.search.reading import offer_batches
from vejviser.search.storage import MemoryFile, VerifiedStorage, record_files

OFFERS = 300
FIELDS = ("text", "parts", "words", "category")


@pytest.fixture
def documents(app: Flask) -> list[dict[str, Any]]:
    with app.app_context():
        catalogue_generator.load(db.session, OFFERS)
        db.session.commit()
        ids = db.session.scalars(select(Offer.id).where(INDEXED).order_by(Offer.id)).all()
        return [offer_document(offer) for batch in offer_batches(db.session, list(ids))
                for offer in batch]


def _segment(folder: Path, documents: list[dict[str, Any]], codec: Any,
             kept: bool = False) -> Any:
    """A segment written by the rebuild's writer with ``codec``, opened as a search opens it
    (its files checked; its posting lists read from disk, or ``kept`` whole in memory)."""
    ix, name = new_generation(folder)
    writer = BulkWriter(ix, codec=codec)
    for document in documents:
        writer.add_document(**document)
    writer.commit()
    storage = VerifiedStorage(folder / name, record_files(folder / name))
    with pytest.MonkeyPatch.context() as patch:
        if not kept:  # as a big segment's are (a test's is under diskparts.SPARSE_FROM)
            patch.setattr(diskparts, "SPARSE_FROM", 0)
        reader = FileIndex(storage, indexname=name).reader()
    postfile = reader._terms._postfile
    assert isinstance(postfile, MemoryFile if kept else diskparts.DiskPart)
    assert postings.run_reader(postfile) is not None
    return reader


def _whooshs(reader: Any, field: str, text: str) -> list[tuple[int, float, Any]]:
    matcher = reader.postings(field, text)
    out = []
    while matcher.is_active():
        out.append((matcher.id(), matcher.weight(), matcher.value()))
        matcher.next()
    return out


def _terms(reader: Any) -> list[tuple[str, str]]:
    return [(field, term.decode("utf-8")) for field in FIELDS for term in reader.lexicon(field)]


def _as_arrays(found: list[tuple[int, float, Any]]) -> tuple[np.ndarray, np.ndarray]:
    return (np.array([doc for doc, _, _ in found], dtype=np.int32),
            np.array([weight for _, weight, _ in found], dtype=np.float32))


def _written(lists: list[tuple[list[int], list[float]]],
             blocklimit: int) -> tuple[bytes, list[int]]:
    """Posting lists as Whoosh's W3 codec writes them, and the offset of each."""
    out = StructFile(io.BytesIO())
    offsets = []
    for ids, weights in lists:
        writer = W3PostingsWriter(out, blocklimit)
        writer.start_postings(Frequency(), W3TermInfo())
        offsets.append(out.tell())
        for doc, weight in zip(ids, weights):
            writer.add_posting(doc, weight, pack_uint(int(weight)), 1 + doc % 7)
        writer.finish_postings()
    return out.file.getvalue(), offsets


@pytest.mark.parametrize("blocklimit", [5, 128, REBUILD_BLOCKLIMIT])
def test_every_shape_of_block_reads_as_whoosh_reads_it(blocklimit: int) -> None:
    shuffle = random.Random(14)
    lists = []
    for count, spread in ((2, 3), (4, 300), (700, 2), (3000, 1), (2500, 40), (900, 70000)):
        ids = sorted(shuffle.sample(range(count * spread + 1), count))
        varied = [float(shuffle.choice([1, 2.5, 4, 10, 16.5])) for _ in ids]
        for weights in (varied, [1.0] * count, [2.5] * count):  # the writer's shorthands
            lists.append((ids, weights))
    data, offsets = _written(lists, blocklimit)
    regular = []
    read = postings._regular_block
    for (ids, weights), offset in zip(lists, offsets):
        matcher = W3LeafMatcher(StructFile(io.BytesIO(data)), offset, 0, Frequency())
        theirs = _as_arrays([(doc, weight, None) for doc, weight in zip(*_drained(matcher))])
        with pytest.MonkeyPatch.context() as patch:  # which blocks skip the unpickler
            patch.setattr(postings, "_regular_block",
                          lambda *args: regular.append(read(*args) is not None) or read(*args))
            ours = postings.read_blocks(memoryview(data), offset)
        assert np.array_equal(ours[0], theirs[0]) and np.array_equal(ours[1], theirs[1])
        assert np.array_equal(ours[0], np.array(ids)) and np.allclose(ours[1], weights)
    assert any(regular) and not all(regular)


def _drained(matcher: Any) -> tuple[list[int], list[float]]:
    ids, weights = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    return ids, weights


@pytest.mark.parametrize("kept", [False, True], ids=["on-disk", "in-memory"])
@pytest.mark.parametrize("blocklimit", [16, 128, REBUILD_BLOCKLIMIT])
def test_blocks_read_in_one_piece_equal_whooshs_matcher(documents: list[dict[str, Any]],
                                                        tmp_path: Path, blocklimit: int,
                                                        kept: bool) -> None:
    reader = _segment(tmp_path, documents, W3Codec(blocklimit=blocklimit), kept)
    longest = max(reader.doc_frequency("text", text) for _, text in _terms(reader))
    assert longest > 3 * 16 and longest > 128  # lists of many blocks at 16, several at 128
    for field, text in _terms(reader):
        ours = segment_arrays._postings(reader, field, text)
        theirs = _as_arrays(_whooshs(reader, field, text))
        assert ours[0].dtype == np.int32 and ours[1].dtype == np.float32
        assert np.array_equal(ours[0], theirs[0]), (field, text)
        assert np.array_equal(ours[1], theirs[1]), (field, text)


def test_rebuild_blocks_hold_whooshs_postings(documents: list[dict[str, Any]],
                                              tmp_path: Path) -> None:
    ours = _segment(tmp_path / "rebuild", documents, rebuild_codec())
    theirs = _segment(tmp_path / "whoosh", documents, W3Codec())
    assert _terms(ours) == _terms(theirs)
    for field, text in _terms(theirs):
        assert _whooshs(ours, field, text) == _whooshs(theirs, field, text), (field, text)
        assert (ours.term_info(field, text).max_weight()
                == theirs.term_info(field, text).max_weight())


def test_identical_lists_are_decoded_once(documents: list[dict[str, Any]], tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    reader = _segment(tmp_path, documents, W3Codec(blocklimit=16))
    key = ("test", str(tmp_path))  # kept per segment, as a search keeps them
    decoded = []
    read_blocks = postings.read_blocks
    monkeypatch.setattr(postings, "read_blocks",
                        lambda *args: decoded.append(args) or read_blocks(*args))
    words = [text for field, text in _terms(reader) if field == "text"]
    # Word variants: the stem and the word it came from hold the same postings.
    pairs = [(stem, word) for stem, word in zip(words, words[1:]) if word.startswith(stem)
             and _whooshs(reader, "text", stem) == _whooshs(reader, "text", word)]
    assert pairs
    stem, word = pairs[0]
    first = segment_arrays._postings(reader, "text", stem, key)
    count = len(decoded)
    second = segment_arrays._postings(reader, "text", word, key)
    assert len(decoded) == count and second[0] is first[0]


def test_a_checksum_collision_is_decoded_apart(documents: list[dict[str, Any]], tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    reader = _segment(tmp_path, documents, W3Codec(blocklimit=16))
    key = ("test", str(tmp_path))
    monkeypatch.setattr(postings, "run_key", lambda *args: 0)  # every list "the same"
    for field, text in _terms(reader)[:200]:
        ours = segment_arrays._postings(reader, field, text, key)
        theirs = _as_arrays(_whooshs(reader, field, text))
        assert np.array_equal(ours[0], theirs[0]) and np.array_equal(ours[1], theirs[1])
