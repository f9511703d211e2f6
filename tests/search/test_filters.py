"""Filters (AND), facets that respect them, near a point or postcode, open now / open at."""
from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.search.helpers import run, slugs_for
from vejviser.catalogue.public import coarse_point


def test_filters_combine_with_and(seeded_app: Flask) -> None:
    with seeded_app.test_request_context():
        free = set(slugs_for(attribute="gratis", per_page=100))
        anonymous = set(slugs_for(attribute="anonym", per_page=100))
        both = set(slugs_for(attribute=["gratis", "anonym"], per_page=100))
        assert both == free & anonymous and both
        homeless_warm = slugs_for(category="varmestue", target_group="hjemloese")
        assert homeless_warm == ["kirkens-korshaer-varmestue-bolbro"]
        assert slugs_for(q="herberg", category="krisecenter") == []
        assert slugs_for(category="findes-ikke") == []
        assert "det-groenlandske-hus-odense" in slugs_for(language="kl", per_page=100) or \
            slugs_for(language="kl") == []


def test_facets_respect_query_and_other_filters(seeded_app: Flask) -> None:
    with seeded_app.test_request_context():
        everything = run(per_page=100)
        assert everything.facets["category"]["herberg"] == 2
        homeless = run(target_group="hjemloese", per_page=100)
        assert sum(1 for _ in homeless.hits) == homeless.total
        assert homeless.facets["target_group"]["hjemloese"] == homeless.total
        assert homeless.facets["category"].get("krisecenter") is None
        query = run(q="herberg")
        assert query.facets["category"]["herberg"] == 2
        assert "julehjaelp" not in query.facets["category"]
        narrowed = run(q="herberg", target_group="aeldre-udsatte")
        assert narrowed.total == 1 and narrowed.facets["category"] == {"herberg": 1, "plejehjem": 1}


def test_distance_sort_radius_and_postcode(seeded_app: Flask) -> None:
    # The warming room's place has district precision: it is measured from the centre of its
    # ~1 km grid cell (catalogue.public), never from the stored point.
    bolbro = "%.4f,%.4f" % coarse_point(55.393, 10.352)
    with seeded_app.test_request_context():
        near = run(near=bolbro, sort="distance", per_page=100)
        distances = [hit.distance_km for hit in near.hits]
        known = [d for d in distances if d is not None]
        assert known == sorted(known) and known[0] < 0.1
        assert distances[len(known):] == [None] * (len(distances) - len(known))  # no place: last
        inside = run(near=bolbro, radius_km=1, per_page=100)
        assert inside.total >= 2 and all(hit.distance_km <= 1 for hit in inside.hits)
        by_postcode = run(postcode="5220", radius_km=1.5, per_page=100)
        assert slugs_for(postcode="5220", radius_km=1.5) == ["eksempel-vaerested-odense"]
        assert by_postcode.hits[0].distance_km is not None
        unknown = run(postcode="0999", sort="distance")
        assert any("0999" in notice for notice in unknown.notices)


def test_open_at_and_open_now(seeded_app: Flask) -> None:
    with seeded_app.test_request_context():
        monday_noon = slugs_for(open_at="2026-12-07T12:00", per_page=100)
        sunday_night = slugs_for(open_at="2026-12-06T03:00", per_page=100)
        assert "kirkens-korshaer-varmestue-bolbro" in monday_noon
        assert "kirkens-korshaer-varmestue-bolbro" not in sunday_night
        assert "redernes-krisecenter" in sunday_night  # døgnåbent
        assert set(sunday_night) < set(slugs_for(per_page=100))
        assert run(open_now=1).total <= run().total


def test_api_contract_is_kept_and_extended(seeded_client: FlaskClient) -> None:
    body = seeded_client.get("/api/v1/search", query_string={
        "q": "varmestue", "near": "55.393,10.352", "open_now": "1"}).get_json()
    assert {"total", "results", "facets"} <= set(body)
    body = seeded_client.get("/api/v1/search", query_string={"q": "korshaer"}).get_json()
    first = body["results"][0]
    assert {"id", "slug", "name", "summary", "open"} <= set(first)
    assert first["slug"] == "kirkens-korshaer-varmestue-bolbro"
    assert set(body["facets"]) == {"category", "target_group"}


def test_suggestion_when_few_results(seeded_app: Flask) -> None:
    with seeded_app.test_request_context():
        result = run(q="grønlansk rådgivnig")
        assert result.suggestion == "grønlandsk rådgivning"
        assert run(q="varmestue").suggestion is None


def test_corrections_walk_the_lexicon_once_per_word(seeded_app: Flask, monkeypatch) -> None:
    from vejviser.search import querying

    with seeded_app.test_request_context():
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


def test_temporarily_closed_offer_is_shown_with_its_alert(seeded_client: FlaskClient) -> None:
    body = seeded_client.get("/api/v1/search", query_string={"q": "værested ensomme"}).get_json()
    closed = [r for r in body["results"] if r["slug"] == "eksempel-vaerested-odense"]
    assert closed and closed[0]["status"] == "temporarily closed" and closed[0]["alert"]
