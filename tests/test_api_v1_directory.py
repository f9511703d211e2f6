"""API v1 beyond one offer: filtered lists, organisations, taxonomies, places, pagination,
conditional GET, CORS and problem details."""
from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.factories import Catalogue, make_location

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def three(catalogue: Catalogue) -> dict[str, str]:
    korshaer = catalogue.organization(name="Kirkens Korshær")
    slugs = catalogue.offers(
        {"name": "Varmestuen A", "organization": korshaer},
        {"name": "Natcafeen B", "categories": ["natvarmestue"], "attributes": ["gratis"],
         "locations": [make_location(postal_code="5200", city="Odense V")]},
        {"name": "Varmestuen C", "attributes": ["anonym"], "organization": korshaer},
    )
    return {"korshaer": korshaer, **dict(zip("abc", slugs))}


def _slugs(body: dict[str, Any]) -> list[str]:
    return [item["slug"] for item in body["results"]]


def test_offers_list_filters_with_and(three: dict[str, str], client: FlaskClient) -> None:
    assert _slugs(client.get("/api/v1/offers").get_json()) == [three["b"], three["a"], three["c"]]
    both = client.get("/api/v1/offers?category=varmestue&attribute=gratis").get_json()
    assert _slugs(both) == [three["a"]]  # C has varmestue but not gratis; B gratis but no varmestue
    mine = client.get(f"/api/v1/offers?organization={three['korshaer']}").get_json()
    assert _slugs(mine) == [three["a"], three["c"]]
    assert client.get("/api/v1/offers?modified_after=2100-01-01").get_json()["total"] == 0
    refused = client.get("/api/v1/offers?modified_after=i+går")
    assert refused.status_code == 400 and "modified_after" in refused.get_json()["detail"]


def test_pagination_has_link_and_total(three: dict[str, str], client: FlaskClient) -> None:
    response = client.get("/api/v1/offers?per_page=1&page=2&category=varmestue")
    assert response.headers["X-Total-Count"] == "2"
    body = response.get_json()
    assert (body["total"], body["page"], _slugs(body)) == (2, 2, [three["c"]])
    links = response.headers["Link"]
    assert 'page=1>; rel="first"' in links and 'page=1>; rel="prev"' in links
    assert 'rel="next"' not in links and 'page=2>; rel="last"' in links
    assert "category=varmestue" in links and "per_page=1" in links
    assert client.get("/api/v1/offers?per_page=101").status_code == 400
    search = client.get("/api/v1/search?category=varmestue&per_page=1")
    assert search.headers["X-Total-Count"] == "2" and 'rel="next"' in search.headers["Link"]


def test_organizations_taxonomies_and_terms(three: dict[str, str], client: FlaskClient) -> None:
    names = [item["name"] for item in client.get("/api/v1/organizations").get_json()["results"]]
    assert names == ["Foreningen Varmen", "Kirkens Korshær"]
    one = client.get(f"/api/v1/organizations/{three['korshaer']}").get_json()
    assert one["name"] == "Kirkens Korshær" and len(one["offers"]) == 2
    assert client.get("/api/v1/organizations/ukendt").status_code == 404
    categories = client.get("/api/v1/taxonomies/category").get_json()
    assert {"varmestue", "natvarmestue"} <= {term["code"] for term in categories["terms"]}
    assert categories["filter"] == "category"
    attributes = client.get("/api/v1/terms?taxonomy=attribute").get_json()["results"]
    codes = [term["code"] for term in attributes]
    assert "anonym" in codes and "varmestue" not in codes
    every = client.get("/api/v1/taxonomies").get_json()["results"]
    assert {"category", "target_group", "attribute"} <= {item["code"] for item in every}


def test_places_by_public_postcode_with_open_state(three: dict[str, str], app: Flask,
                                                   client: FlaskClient) -> None:
    app.config["CLOCK"] = lambda: datetime(2026, 12, 2, 11, 0, tzinfo=COPENHAGEN)  # a Wednesday
    body = client.get("/api/v1/places?postcode=5200").get_json()
    assert body["total"] == 1
    (place,) = body["results"]
    assert place["offer"]["slug"] == three["b"] and place["open"] is True
    assert place["location"]["addresses"][0]["postal_code"] == "5200"
    assert client.get(f"/api/v1/places/{place['id']}").get_json()["id"] == place["id"]
    assert client.get("/api/v1/places?postcode=52").status_code == 400


def test_conditional_get_and_the_minute(catalogue: Catalogue, app: Flask,
                                        client: FlaskClient) -> None:
    slug = catalogue.offer()
    app.config["CLOCK"] = lambda: datetime(2026, 12, 2, 11, 0, 5, tzinfo=COPENHAGEN)
    first = client.get(f"/api/v1/offers/{slug}")
    etag = first.headers["ETag"]
    assert first.headers["Last-Modified"] and "max-age=60" in first.headers["Cache-Control"]
    again = client.get(f"/api/v1/offers/{slug}", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    app.config["CLOCK"] = lambda: datetime(2026, 12, 2, 11, 1, 0, tzinfo=COPENHAGEN)
    later = client.get(f"/api/v1/offers/{slug}", headers={"If-None-Match": etag})
    assert later.status_code == 200  # "open now" may have changed: a new validator each minute
    organizations = client.get("/api/v1/organizations")
    catalogue.offer(name="Et nyt tilbud")
    changed = client.get("/api/v1/organizations",
                         headers={"If-None-Match": organizations.headers["ETag"]})
    assert changed.status_code == 200  # the change sequence moved
    since = client.get("/api/v1/organizations",
                       headers={"If-Modified-Since": changed.headers["Last-Modified"]})
    assert since.status_code == 304


def test_cors_for_every_api_answer(catalogue: Catalogue, client: FlaskClient) -> None:
    slug = catalogue.offer()
    for url in (f"/api/v1/offers/{slug}", "/api/v1/findes-ikke"):
        response = client.get(url, headers={"Origin": "https://partner.example"})
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert "Access-Control-Allow-Credentials" not in response.headers
        assert "Set-Cookie" not in response.headers
    preflight = client.options(f"/api/v1/offers/{slug}", headers={
        "Origin": "https://partner.example", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "if-none-match"})
    assert "If-None-Match" in preflight.headers["Access-Control-Allow-Headers"]
    assert client.get("/").headers.get("Access-Control-Allow-Origin") is None


@pytest.mark.parametrize(("method", "url", "status", "title"), [
    ("get", "/api/v1/findes-ikke", 404, "Ikke fundet"),
    ("get", "/api/nope", 404, "Ikke fundet"),
    ("post", "/api/v1/search", 405, "Metoden er ikke tilladt"),
    ("get", "/api/v1/search?per_page=0", 400, "Ugyldig forespørgsel"),
])
def test_errors_are_danish_problem_details_keeping_v1s_error(
        client: FlaskClient, method: str, url: str, status: int, title: str) -> None:
    response = getattr(client, method)(url)
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert (body["status"], body["title"], body["type"]) == (status, title, "about:blank")
    assert body["instance"] == url.split("?")[0]
    assert body["error"]["status"] == status and body["error"]["message"] == body["detail"]
    assert "requested URL" not in body["detail"]  # werkzeug's English is not ours


def test_an_unexpected_error_is_a_500_problem(app: Flask) -> None:
    app.config["PROPAGATE_EXCEPTIONS_IN_TESTS"] = False

    @app.get("/api/v1/boom")
    def boom() -> str:
        raise RuntimeError("hemmelig detalje")

    response = app.test_client().get("/api/v1/boom")
    assert response.status_code == 500 and response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["title"] == "Intern fejl" and "hemmelig" not in response.get_data(as_text=True)


def test_429_is_a_problem_with_retry_after(app: Flask, app_config: dict[str, Any],
                                           make_app: Any) -> None:
    client = make_app({**app_config, "RATE_LIMIT_API": "1 per minute"}).test_client()
    assert client.get("/api/v1/taxonomies").status_code == 200
    refused = client.get("/api/v1/taxonomies")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 1
    assert refused.get_json()["title"] == "For mange forespørgsler"
    assert refused.headers["Access-Control-Allow-Origin"] == "*"
