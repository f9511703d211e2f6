"""Filters (AND), facets that respect them, near a point or postcode, open now / open at."""
from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.factories import Catalogue, all_day, make_location
from tests.search.helpers import run, slugs_for

BOLBRO_POINT = "55.393,10.352"
#: Six offers, each term and place chosen for the filters below.
OFFERS = {
    "warming": dict(name="Kirkens Korshærs varmestue", categories=["varmestue"],
                    target_groups=["hjemloese"], attributes=["gratis", "anonym"],
                    locations=[make_location(name="Varmestuen i Bolbro", postal_code="5200",
                                             city="Odense V", latitude=55.393, longitude=10.352)]),
    "shelter": dict(name="Herberget ved Havnen", categories=["herberg"],
                    target_groups=["hjemloese"], attributes=["gratis"], schedules=[all_day()],
                    locations=[make_location(latitude=55.405, longitude=10.385)]),
    "care": dict(name="Plejeherberget", summary="Herberg med plejeafdeling for ældre hjemløse.",
                 categories=["herberg", "plejehjem"], target_groups=["aeldre-udsatte", "hjemloese"],
                 attributes=[], schedules=[all_day()],
                 locations=[make_location(latitude=55.410, longitude=10.400)]),
    "crisis": dict(name="Krisecentret", categories=["krisecenter"],
                   target_groups=["kvinder-udsat-for-vold"], attributes=["gratis", "anonym"],
                   schedules=[all_day()],
                   locations=[make_location(address_1="", postal_code="", latitude=None,
                                            longitude=None, precision="none")]),
    "advice": dict(name="Grønlandsk rådgivning", categories=["raadgivning"],
                   target_groups=["groenlaendere"], attributes=["gratis"], languages=["da", "kl"]),
    "dropin": dict(name="Værestedet i Odense SØ", categories=["vaerested"],
                   target_groups=["ensomme"], attributes=["uden-visitation"],
                   locations=[make_location(postal_code="5220", city="Odense SØ",
                                            latitude=55.378, longitude=10.428)]),
}
EVERY_DAY_AND_NIGHT = {"shelter", "care", "crisis"}


@pytest.fixture
def offers(catalogue: Catalogue) -> dict[str, str]:
    """Key in ``OFFERS`` -> slug."""
    return dict(zip(OFFERS, catalogue.offers(*OFFERS.values())))


def _slugs(offers: dict[str, str], *keys: str) -> set[str]:
    return {offers[key] for key in keys}


def test_filters_combine_with_and(app: Flask, offers: dict[str, str]) -> None:
    with app.test_request_context():
        free = set(slugs_for(attribute="gratis"))
        anonymous = set(slugs_for(attribute="anonym"))
        assert free == _slugs(offers, "warming", "shelter", "crisis", "advice")
        assert anonymous == _slugs(offers, "warming", "crisis")
        assert set(slugs_for(attribute=["gratis", "anonym"])) == anonymous
        assert slugs_for(category="varmestue", target_group="hjemloese") == [offers["warming"]]
        assert slugs_for(q="herberg", category="krisecenter") == []
        assert slugs_for(category="findes-ikke") == []
        assert slugs_for(language="kl") == [offers["advice"]]


def test_facets_respect_query_and_other_filters(app: Flask, offers: dict[str, str]) -> None:
    with app.test_request_context():
        everything = run(per_page=100)
        assert everything.total == len(OFFERS)
        assert everything.facets["category"]["herberg"] == 2
        homeless = run(target_group="hjemloese", per_page=100)
        assert homeless.total == len(homeless.hits) == 3
        assert homeless.facets["target_group"]["hjemloese"] == 3
        assert homeless.facets["category"].get("krisecenter") is None
        query = run(q="herberg")
        assert query.facets["category"]["herberg"] == 2
        assert "varmestue" not in query.facets["category"]
        narrowed = run(q="herberg", target_group="aeldre-udsatte")
        assert narrowed.total == 1 and narrowed.facets["category"] == {"herberg": 1, "plejehjem": 1}


def test_distance_sort_radius_and_postcode(app: Flask, offers: dict[str, str]) -> None:
    with app.test_request_context():
        near = run(near=BOLBRO_POINT, sort="distance", per_page=100)
        distances = [hit.distance_km for hit in near.hits]
        known = [d for d in distances if d is not None]
        assert known == sorted(known) and known[0] < 0.1 and len(known) == len(OFFERS) - 1
        assert distances[-1] is None  # the crisis centre has no public place: last
        assert slugs_for(near=BOLBRO_POINT, radius_km=1) == [offers["warming"]]
        by_postcode = run(postcode="5220", radius_km=1.5, per_page=100)
        assert slugs_for(postcode="5220", radius_km=1.5) == [offers["dropin"]]
        assert by_postcode.hits[0].distance_km is not None
        unknown = run(postcode="0999", sort="distance")
        assert any("0999" in notice for notice in unknown.notices)


def test_open_at_and_open_now(app: Flask, offers: dict[str, str]) -> None:
    with app.test_request_context():
        monday_noon = set(slugs_for(open_at="2026-12-07T12:00", per_page=100))
        sunday_night = set(slugs_for(open_at="2026-12-06T03:00", per_page=100))
        assert monday_noon == set(offers.values())
        assert sunday_night == _slugs(offers, *EVERY_DAY_AND_NIGHT)
        # Whenever the test runs, the offers open day and night are open now.
        now = set(slugs_for(open_now=1, per_page=100))
        assert _slugs(offers, *EVERY_DAY_AND_NIGHT) <= now <= set(offers.values())


def test_api_contract_is_kept_and_extended(offers: dict[str, str], client: FlaskClient) -> None:
    body = client.get("/api/v1/search", query_string={
        "q": "varmestue", "near": BOLBRO_POINT, "open_now": "1"}).get_json()
    assert {"total", "results", "facets"} <= set(body)
    body = client.get("/api/v1/search", query_string={"q": "korshaer"}).get_json()
    first = body["results"][0]
    assert {"id", "slug", "name", "summary", "open"} <= set(first)
    assert first["slug"] == offers["warming"]
    assert set(body["facets"]) == {"category", "target_group"}


def test_suggestion_when_few_results(app: Flask, offers: dict[str, str]) -> None:
    with app.test_request_context():
        result = run(q="grønlansk rådgivnig")
        assert result.suggestion == "grønlandsk rådgivning"
        assert run(q="varmestue").suggestion is None


def test_corrections_walk_the_lexicon_once_per_word(app: Flask, offers: dict[str, str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from vejviser.search import querying

    with app.test_request_context():
        run(q="varmestue")  # open and verify the index first
        asked: list[str] = []
        real = querying.corrections

        def counting(reader, word):  # type: ignore[no-untyped-def]
            asked.append(word)
            return real(reader, word)

        monkeypatch.setattr(querying, "corrections", counting)
        # Two misspelt words matching nothing together: build, the "some of the words"
        # fallback and the suggestion all want the corrections of each word.
        first = run(q="grønlansk rådgivnig")
        assert first.suggestion == "grønlandsk rådgivning"
        assert sorted(asked) == sorted(set(asked))
        asked.clear()
        assert run(q="grønlansk rådgivnig").suggestion == first.suggestion
        assert asked == []  # the same searcher remembers them


def test_a_synonym_of_several_words_needs_all_of_them(app: Flask, catalogue: Catalogue) -> None:
    catalogue.offer(name="Caféen", summary="Et godt sted at mødes over en kop kaffe.")
    with app.test_request_context():
        assert slugs_for(q="herberg") == []
