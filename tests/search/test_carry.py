"""Built queries and corrections kept across searchers (``vejviser.search.carry``): the first
search after an edit answers as a query built afresh would."""
from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select
from whoosh.automata.lev import levenshtein_automaton

from tests.factories import Catalogue
from tests.search.helpers import run, slugs_for
from vejviser import search
from vejviser.db import db
from vejviser.models import Offer, OfferStatus
from vejviser.search import carry, querying

OFFERS = {
    "reden": dict(name="Reden", summary="Værested for kvinder.", categories=["vaerested"]),
    "shelter": dict(name="Herberget St. Dannesbo", summary="Herberg med pelikaner.",
                    categories=["herberg"]),
}


@pytest.fixture
def offers(catalogue: Catalogue) -> dict[str, str]:
    return dict(zip(OFFERS, catalogue.offers(*OFFERS.values())))


def _offer(slug: str) -> Offer:
    return db.session.scalars(select(Offer).where(Offer.slug == slug)).one()


def _builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    built: list[str] = []
    real = querying.build

    def counting(reader, text, *args, **kwargs):  # type: ignore[no-untyped-def]
        built.append(text)
        return real(reader, text, *args, **kwargs)

    monkeypatch.setattr(querying, "build", counting)
    return built


def test_a_word_only_in_the_new_segment_is_found_at_once(
        app: Flask, offers: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    with app.test_request_context():
        # Built and kept: the words are nowhere (the long one also looked for near words).
        assert slugs_for(q="zebrakursus") == []
        assert slugs_for(q="zebu") == []
        assert slugs_for(q="pelikaner") == [offers["shelter"]]
        built = _builds(monkeypatch)
        _offer(offers["reden"]).summary = "Nu også med zebrakursus og zebu"
        db.session.commit()  # a new small segment holds the words
        assert slugs_for(q="zebrakursus") == [offers["reden"]]
        assert slugs_for(q="zebu") == [offers["reden"]]
        assert slugs_for(q="pelikaner") == [offers["shelter"]]
        # The queries whose words came are built again, once each (at the commit, by the
        # warmer of the next searcher: most recently used first); the other one is carried.
        assert sorted(built) == ["zebrakursus", "zebu"]


def test_a_word_whose_only_offer_went_no_longer_matches(
        app: Flask, offers: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    with app.test_request_context():
        assert slugs_for(q="pelikaner") == [offers["shelter"]]
        built = _builds(monkeypatch)
        _offer(offers["shelter"]).summary = "Herberg med døgnåbent."
        db.session.commit()
        assert slugs_for(q="pelikaner") == []
        assert slugs_for(q="døgnåbent") == [offers["shelter"]]
        _offer(offers["shelter"]).status = OfferStatus.INACTIVE
        db.session.commit()
        assert slugs_for(q="døgnåbent") == []
        assert "pelikaner" not in built  # carried: its term stays in the old segment


def test_a_correction_follows_the_words_an_edit_brings(
        app: Flask, offers: dict[str, str]) -> None:
    with app.test_request_context():
        assert run(q="flamingokursus").total == 0
        assert run(q="flamingokursus").suggestion is None  # no word near it yet
        _offer(offers["reden"]).summary = "Nu med flamingokurser"
        db.session.commit()
        result = run(q="flamingokursus")
        assert result.suggestion == "flamingokurser"
        assert [hit.offer_id for hit in result.hits] == [_offer(offers["reden"]).id]


def test_a_rebuilt_index_builds_every_query_again(
        app: Flask, offers: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    with app.test_request_context():
        assert slugs_for(q="pelikaner") == [offers["shelter"]]
        _offer(offers["shelter"]).summary = "Herberg med døgnåbent."
        db.session.commit()
        built = _builds(monkeypatch)
        search.rebuild()  # every segment replaced: "pelikaner" is in none of them now
        assert slugs_for(q="pelikaner") == []
        assert built == ["pelikaner"]


@pytest.mark.parametrize("text,maxdist,prefix", [
    ("herberg", 1, 1), ("herberg", 2, 1), ("rådgivning", 2, 1), ("kursus", 2, 0),
])
def test_near_words_are_the_ones_whoosh_finds(text: str, maxdist: int, prefix: int) -> None:
    candidates = ["herberg", "herbreg", "herbegr", "herbergs", "erberg", "hjerberg", "kerberg",
                  "rådgivnig", "rådgivningen", "raadgivning", "kursis", "kurus", "skursus",
                  "kursuser", "urs", ""]
    automaton = levenshtein_automaton(text, maxdist, prefix=prefix).to_dfa()
    assert [w for w in candidates if carry._within(text, w, maxdist, prefix)] == \
        [w for w in candidates if automaton.accept(w)]


class _Unkeyed:
    """A view of segments without keys (read otherwise than through the index's storage)."""

    keys = None
    leaves: list[object] = []


class _Reader:
    def __init__(self, view: _Unkeyed) -> None:
        self.view = view


def test_results_on_segments_without_keys_stay_with_their_view() -> None:
    caches: dict[str, object] = {}
    built: list[int] = []

    def compute(reader: object, caches: object) -> int:
        built.append(1)
        return len(built)

    first, second = _Unkeyed(), _Unkeyed()
    assert carry.remember(caches, "queries", "key", _Reader(first), compute) == 1
    assert carry.remember(caches, "queries", "key", _Reader(first), compute) == 1
    assert carry.remember(caches, "queries", "key", _Reader(second), compute) == 2


class _Keyed:
    """A view of segments with keys, as a searcher before and after a refresh has."""

    def __init__(self, *keys: str) -> None:
        self.keys = frozenset(keys)
        self.leaves: list[object] = []


class _NearReader(_Reader):
    def terms_within(self, *args: object, **kwargs: object) -> list[str]:
        return []


def test_a_request_on_the_searcher_before_a_refresh_keeps_the_newer_result() -> None:
    caches: dict[str, object] = {}
    built: list[object] = []

    def compute(reader: object, caches: object) -> int:
        # Near words may change when a segment goes: never valid on fewer segments.
        reader.terms_within("words", "herbreg", 2, prefix=1)  # type: ignore[attr-defined]
        built.append(reader)
        return len(built)

    older, newer = _Keyed("a"), _Keyed("a", "b")
    assert carry.remember(caches, "queries", "key", _NearReader(newer), compute) == 1
    # A request still on the searcher the refresh replaced builds for itself ...
    assert carry.remember(caches, "queries", "key", _NearReader(older), compute) == 2
    # ... and what was checked on the newer one stays kept for the searches there.
    assert carry.remember(caches, "queries", "key", _NearReader(newer), compute) == 1
    assert len(built) == 2
