"""The ranker's scores equal Whoosh's own on a catalogue big enough for posting lists of many
blocks (Whoosh stores 128 postings a block) in several segments with deleted documents: 2,000
generated offers, then edits in several commits, each of which adds a segment."""
from __future__ import annotations

import numpy as np
import pytest
from flask import Flask
from sqlalchemy import select

from benchmarks import catalogue_generator, query_mix
from tests.search.test_scoring import _ranked_both_ways
from vejviser import search
from vejviser.db import db
from vejviser.models import Offer, OfferStatus
from vejviser.resources import resource_dir
from vejviser.search import querying, sync
from vejviser.search.searchers import shared_searcher
from vejviser.search.synonyms import load as load_synonyms

OFFERS = 2000
COMMITS = 4


@pytest.fixture
def large_app(app: Flask) -> Flask:
    with app.app_context():
        catalogue_generator.load(db.session, OFFERS)
        db.session.commit()
        search.rebuild()
        ids = db.session.scalars(select(Offer.id).where(Offer.status == OfferStatus.ACTIVE)
                                 .order_by(Offer.id)).all()
        for commit in range(COMMITS):  # every commit: a new segment, older copies deleted
            for offer_id in ids[commit * 37:commit * 37 + 25]:
                offer = db.session.get(Offer, offer_id)
                offer.summary += " Varmestue med rene sprøjter og bad for hjemløse kvinder."
            db.session.commit()
    return app


@pytest.mark.parametrize("require_all", [True, False], ids=["all-words", "some-words"])
def test_ranker_matches_whoosh_on_a_large_segmented_index(large_app: Flask,
                                                          require_all: bool) -> None:
    with large_app.test_request_context():
        search.search(search.parse_args({"q": "varmestue"}))  # catches up on every commit
        synonyms = load_synonyms(resource_dir("seed") / "synonyms.toml")
        with shared_searcher(sync.index_dir(large_app)).reading() as (searcher, caches):
            reader = searcher.reader()
            assert reader.doc_count() >= OFFERS * 0.95
            assert len(reader.leaf_readers()) > 1 and reader.has_deletions()
            longest = max(reader.doc_frequency("text", term) for term in reader.lexicon("text"))
            assert longest > 5 * 128  # posting lists of many blocks
            for text in query_mix.QUERIES:
                query, _ = querying.build(reader, text, synonyms, require_all=require_all)
                if query is None:
                    continue
                ours, theirs = _ranked_both_ways(searcher, caches, query)
                if not require_all:
                    # Whoosh's coordination bonus counts the terms present in each segment
                    # (see test_scoring): the same documents, then.
                    assert len(ours) == len(theirs), text
                    continue
                assert [d for d, _ in ours] == [d for d, _ in theirs], text
                assert np.allclose([v for _, v in ours], [v for _, v in theirs],
                                   rtol=1e-9), text
