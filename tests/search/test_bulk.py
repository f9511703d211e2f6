"""A rebuild's segment (``bulk.BulkWriter``) is Whoosh's own, posting for posting: the same
terms, documents, weights, values, block statistics, field lengths, columns and stored fields
as Whoosh's ``SegmentWriter`` writes for the same documents — so scores cannot change — and
the same files, byte for byte, whatever the codec's block limit."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select
from whoosh.codec.whoosh3 import W3Codec

from benchmarks import catalogue_generator
from tests.factories import make_offer
from vejviser.db import db
from vejviser.models import Offer
from vejviser.search.bulk import BulkWriter
from vejviser.search.documents import INDEXED, offer_document
from vejviser.search.index import new_generation
from vejviser.search.reading import offer_batches

OFFERS = 400  # common words then hold more than 128 postings: several blocks per term


def _postings(reader: Any, field: str, term: bytes) -> list[tuple[Any, ...]]:
    matcher = reader.postings(field, term)
    out = []
    while matcher.is_active():
        out.append((matcher.id(), matcher.weight(), matcher.value(), matcher.block_min_length(),
                    matcher.block_max_length(), matcher.block_max_weight()))
        matcher.next()
    return out


def _dump(reader: Any, schema: Any) -> dict[str, Any]:
    """Everything a search can read of an index, field by field."""
    count = reader.doc_count_all()
    out: dict[str, Any] = {"count": count, "stored": list(reader.all_stored_fields())}
    for field in schema.names():
        kind = schema[field]
        if kind.indexed:
            terms = list(reader.lexicon(field))
            out[field] = {
                "total": reader.field_length(field),
                "terms": {term: (reader.term_info(field, term).weight(),
                                 reader.term_info(field, term).doc_frequency(),
                                 reader.term_info(field, term).max_weight(),
                                 _postings(reader, field, term)) for term in terms},
                "lengths": [reader.doc_field_length(doc, field) for doc in range(count)],
            }
        if reader.has_column(field):
            out[f"column {field}"] = list(reader.column_reader(field))
    return out


def _segment_files(ix: Any) -> dict[str, bytes]:
    """The files inside the index's one (compound) segment, by extension: their names hold
    a random segment id."""
    (segment,) = ix._segments()
    storage = segment.open_compound_file(ix.storage)
    try:
        return {name[name.index("."):]: storage.open_file(name).read()
                for name in storage.list()}
    finally:
        storage.close()


def _build(folder: Path, documents: list[dict[str, Any]], bulk: bool,
           codec: Any = None) -> dict[str, Any]:
    ix, _ = new_generation(folder)
    options = {} if codec is None else {"codec": codec}
    writer = BulkWriter(ix, **options) if bulk else ix.writer(**options)
    for document in documents:
        writer.add_document(**document)
    writer.commit()
    with ix.reader() as reader:
        return {**_dump(reader, ix.schema), "files": _segment_files(ix)}


@pytest.fixture
def documents(app: Flask) -> list[dict[str, Any]]:
    with app.app_context():
        catalogue_generator.load(db.session, OFFERS)
        # Words the fast analysis must treat as Whoosh does: stop words, digits, case that
        # lower-cases to more letters, compounds, repeated words in differently weighted parts.
        make_offer(db.session, name="İstanbul-caféen Kvindekrisecentret", summary="og i på 24/7 "
                   "krisecenter KRISECENTER krisecentre", description="Krisecenter. Café ÆØÅ "
                   "åben ÅBEN", slug="kanttilfaelde")
        db.session.commit()
        ids = db.session.scalars(select(Offer.id).where(INDEXED).order_by(Offer.id)).all()
        return [offer_document(offer) for batch in offer_batches(db.session, list(ids))
                for offer in batch]


def test_bulk_segment_equals_whooshs_own(documents: list[dict[str, Any]],
                                         tmp_path: Path) -> None:
    ours = _build(tmp_path / "bulk", documents, bulk=True)
    theirs = _build(tmp_path / "whoosh", documents, bulk=False)
    assert ours["count"] == len(documents) > OFFERS * 0.9
    assert max(len(p[3]) for p in theirs["text"]["terms"].values()) > 128
    assert {".trm", ".pst", "._stored.col", "._text_len.col"} <= theirs["files"].keys()
    assert ours.keys() == theirs.keys()
    for key in theirs:
        assert ours[key] == theirs[key], key


@pytest.mark.parametrize("blocklimit", [1, 3, 7])
def test_bulk_segment_equals_whooshs_own_with_other_block_limits(
        documents: list[dict[str, Any]], tmp_path: Path, blocklimit: int) -> None:
    # Small blocks: most terms span several blocks, many end in a partial block, and blocks
    # of one posting (all weights "equal", lengths from one document) are common.
    ours = _build(tmp_path / "bulk", documents[:150], True, W3Codec(blocklimit=blocklimit))
    theirs = _build(tmp_path / "whoosh", documents[:150], False, W3Codec(blocklimit=blocklimit))
    assert any(len(p[3]) > 2 * blocklimit for p in theirs["parts"]["terms"].values())
    for key in theirs:
        assert ours[key] == theirs[key], key


def test_bulk_writer_refuses_an_index_with_segments(documents: list[dict[str, Any]],
                                                    tmp_path: Path) -> None:
    ix, _ = new_generation(tmp_path)
    writer = ix.writer()
    writer.add_document(**documents[0])
    writer.commit()
    with pytest.raises(ValueError):
        BulkWriter(ix)


def test_bulk_writer_refuses_a_codec_that_inlines_postings(tmp_path: Path) -> None:
    ix, _ = new_generation(tmp_path)
    with pytest.raises(ValueError):
        BulkWriter(ix, codec=W3Codec(inlinelimit=2))
    BulkWriter(ix).cancel()  # the refused writer let go of the lock
