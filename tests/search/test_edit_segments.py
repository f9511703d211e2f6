"""The segments edits write (``vejviser.search.edit_segments``): postings inline in the term
dictionary, merged in tiers without moving the segments kept; and what a searcher opened after
an edit carries over from the one before (``segments.View``), equal to what it would read
afresh."""
from __future__ import annotations

import numpy as np
import pytest
from flask import Flask
from sqlalchemy import select

from tests.factories import Catalogue
from tests.search.helpers import slugs_for
from vejviser import search
from vejviser.db import db
from vejviser.models import Offer
from vejviser.search import edit_segments, lexicons, segment_arrays, segments, sync
from vejviser.search.searchers import shared_searcher


@pytest.fixture
def slugs(app: Flask, catalogue: Catalogue) -> list[str]:
    """Three offers, then eight more: the index a rebuild writes is one segment of a tier
    above the edits' (an edit never merges it)."""
    made = catalogue.offers(
        dict(name="Reden", summary="Værested for kvinder.", categories=["vaerested"]),
        dict(name="Herberget St. Dannesbo", summary="Herberg med pelikaner.",
             categories=["herberg"]),
        dict(name="Natcaféen", summary="Varm kaffe og kanelsnegle om natten.",
             categories=["natcafe"]))
    catalogue.offers(*(dict(name=f"Bostøtte {number}", summary="Hjælp i eget hjem.")
                       for number in range(edit_segments.TIER_WIDTH)))
    with app.test_request_context():
        search.rebuild()
    return made


def _edit(slug: str, summary: str) -> None:
    db.session.scalars(select(Offer).where(Offer.slug == slug)).one().summary = summary
    db.session.commit()  # the index catches up after the commit: one new segment


def _leaves(app: Flask) -> list[tuple[str, int]]:
    """(segment id, documents) of the current searcher's segments, in order."""
    with shared_searcher(sync.index_dir(app)).reading() as (searcher, _):
        return [(leaf.segment().segment_id(), leaf.doc_count_all())
                for leaf, _ in searcher.reader().leaf_readers()]


@pytest.mark.parametrize(("documents", "expected"), [
    (0, 0), (1, 0), (7, 0), (8, 1), (63, 1), (64, 2), (511, 2), (512, None), (20000, None)])
def test_a_segment_s_tier_is_its_size_in_powers_of_eight(
        documents: int, expected: int | None) -> None:
    assert edit_segments.tier(documents) == expected


def test_an_edit_s_postings_are_in_its_term_dictionary(app: Flask, slugs: list[str]) -> None:
    with app.test_request_context():
        _edit(slugs[0], "Værested med zebrakursus for kvinder.")
        assert slugs_for(q="zebrakursus") == [slugs[0]]
        with shared_searcher(sync.index_dir(app)).reading() as (searcher, _):
            newest = searcher.reader().leaf_readers()[-1][0]
            assert newest.doc_count_all() == 1
            everything = lexicons.all_terms(newest)
            assert everything is not None
            infos = [info for terms in everything.values() for info in terms.values()]
            assert infos and all(info[0] for info in infos)  # every term info holds its list
            found = lexicons.postings(newest, "category", "vaerested", everything)
            assert found is not None and list(found[0]) == [0]
            # Whoosh's own matcher reads the inlined list too (merges read segments so).
            assert list(newest.postings("category", "vaerested").all_ids()) == [0]


def test_merges_keep_the_segments_in_order_and_the_catalogue_whole(
        app: Flask, slugs: list[str]) -> None:
    with app.test_request_context():
        first = _leaves(app)[0]
        assert len(_leaves(app)) == 1
        sizes = []
        for number in range(edit_segments.TIER_WIDTH + 2):
            _edit(slugs[number % 2], f"Værested nummer {number} med zebrakursus.")
            slugs_for(q="kanelsnegle")
            leaves = _leaves(app)
            assert leaves[0] == first  # never moved, never merged by an edit
            sizes.append(len(leaves))
        # Each edit adds a segment (its offer's older copy is deleted where it was) until a
        # tier is full: then the tier's segments go into the edit's segment.
        assert sizes[:edit_segments.TIER_WIDTH] == list(range(2, edit_segments.TIER_WIDTH + 2))
        assert sizes[edit_segments.TIER_WIDTH] == 2
        assert sizes[edit_segments.TIER_WIDTH + 1] == 3
        # Nothing is lost: every offer is found once, with the text of its last edit.
        assert sorted(slugs_for(q="zebrakursus")) == sorted(slugs[:2])
        assert slugs_for(q="nummer 8") == [slugs[0]]
        assert slugs_for(q="kanelsnegle") == [slugs[2]]


def test_what_a_new_searcher_carries_over_equals_what_it_reads_afresh(
        app: Flask, slugs: list[str]) -> None:
    words = [("text", "kvind"), ("text", "zebrakursus"), ("category", "vaerested"),
             ("category", "herberg")]
    with app.test_request_context():
        slugs_for(q="kvinder")
        _edit(slugs[1], "Herberg med zebrakursus.")
        slugs_for(q="kvinder")
        for _ in range(3):  # every edit: a searcher that starts from the one before
            with shared_searcher(sync.index_dir(app)).reading() as (searcher, caches):
                segments.view(searcher, caches).keyword("category")
                for field, text in words:
                    segments.view(searcher, caches).postings(field, text)
                    segments.view(searcher, caches).doc_frequency(field, text)
            _edit(slugs[0], "Værested for kvinder med zebrakursus.")
            slugs_for(q="kvinder")
        with shared_searcher(sync.index_dir(app)).reading() as (searcher, caches):
            carried = segments.view(searcher, caches)
            assert carried.before_last is not None
            got = {word: (carried.postings(*word), carried.doc_frequency(*word))
                   for word in words}
            table = carried.keyword("category")
            segment_arrays._segments.clear()  # nothing kept: every segment read again
            segments._runs.clear()
            fresh = segments.View(searcher)
            for word in words:
                ids, weights = fresh.postings(*word)
                assert np.array_equal(got[word][0][0], ids)
                assert np.array_equal(got[word][0][1], weights)
                assert got[word][1] == fresh.doc_frequency(*word)
                # ... and Whoosh's own reader agrees (live documents; its term infos' counts).
                live = ids[fresh.live[ids]]
                assert len(live) and list(live) == list(
                    searcher.reader().postings(*word).all_ids())
                assert got[word][1] == searcher.reader().doc_frequency(*word)
                assert carried.has(*word) == ((word[0], word[1]) in searcher.reader())
            again = fresh.keyword("category")
            assert table.keys() == again.keys()
            assert all(np.array_equal(table[term], again[term]) for term in table)
        assert sorted(slugs_for(q="zebrakursus")) == sorted(slugs[:2])
