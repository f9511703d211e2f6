"""The HSDS 3.0 API: every endpoint, several pages deep, validates against the official schemas;
filters combine with AND; only public offers; hidden addresses stay hidden.

HSDS's ``openapi.json`` refers to its schemas by remote URLs, which cannot be fetched here. The
table ``SCHEMAS`` says which local file (and, for taxonomies, which part of it) validates each
endpoint's answers: list pages item by item against the ``*_list.json`` schemas, ``full=true``
and single objects against the complete ones.
"""
from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from jsonschema import Draft202012Validator
from referencing import Registry

from tests.factories import Catalogue, make_location
from vejviser.hsds.schema import schema

#: The official copy beside the checkout (``../shared``), from the main checkout or a worktree.
SHARED = next((root / "shared" / "hsds-3.0" for root in Path(__file__).resolve().parents[3:5]
               if (root / "shared" / "hsds-3.0").exists()), Path("../shared/hsds-3.0"))
_TERM = ("service.json", ("properties", "attributes", "items", "properties", "taxonomy_term"))
#: endpoint -> (schema file, path inside it) for one item; lists: the item of their pages.
SCHEMAS: dict[str, tuple[str, tuple[str, ...]]] = {
    "services": ("service_list.json", ()),
    "services?full": ("service.json", ()),
    "services/{id}": ("service.json", ()),
    "service_at_locations": ("service_at_location_list.json", ()),
    "service_at_locations?full": ("service_at_location.json", ()),
    "service_at_locations/{id}": ("service_at_location.json", ()),
    "organizations": ("organization_list.json", ()),
    "organizations?full": ("organization.json", ()),
    "organizations/{id}": ("organization.json", ()),
    "taxonomies": (_TERM[0], _TERM[1] + ("properties", "taxonomy_detail")),
    "taxonomies/{id}": (_TERM[0], _TERM[1] + ("properties", "taxonomy_detail")),
    "taxonomy_terms": _TERM,
    "taxonomy_terms/{id}": _TERM,
}
PAGE = {"total_items": int, "total_pages": int, "page_number": int, "size": int,
        "first_page": bool, "last_page": bool, "empty": bool}


@cache
def _validator(endpoint: str) -> Draft202012Validator:
    name, pointer = SCHEMAS[endpoint]
    part: Any = schema(name)
    for key in pointer:
        part = part[key]
    return Draft202012Validator(part, registry=Registry(),
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def _valid(endpoint: str, document: Any) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}"
              for e in _validator(endpoint).iter_errors(document)]
    assert errors == [], (endpoint, errors[:5])


def _page(client: FlaskClient, url: str, endpoint: str) -> dict[str, Any]:
    response = client.get(url)
    assert response.status_code == 200, (url, response.get_data(as_text=True)[:300])
    body = response.get_json()
    for field, kind in PAGE.items():
        assert isinstance(body[field], kind), (url, field)
    assert body["size"] == len(body["contents"]) and response.headers["X-Total-Count"] == str(
        body["total_items"])
    for item in body["contents"]:
        _valid(endpoint, item)
    return body


def _walk(client: FlaskClient, name: str, extra: str = "", per_page: int = 3) -> list[str]:
    """First, second, middle and last page (following Link to the next); the ids seen."""
    endpoint = name + ("?full" if "full=true" in extra else "")
    url = f"/api/hsds/{name}?per_page={per_page}{extra}"
    first = _page(client, url, endpoint)
    pages = first["total_pages"]
    ids = [item["id"] for item in first["contents"]]
    for number in sorted({2, (pages + 1) // 2, pages} - {1}):
        if number <= pages:
            body = _page(client, f"{url}&page={number}", endpoint)
            assert body["page_number"] == number and body["last_page"] == (number == pages)
            ids += [item["id"] for item in body["contents"]]
    link = client.get(url).headers["Link"]
    if pages > 1:
        following = re.search(r'<([^>]+)>; rel="next"', link)
        assert following and "page=2" in following.group(1)
    return ids


def test_every_hsds_endpoint_validates_several_pages_deep(seeded_client: FlaskClient) -> None:
    client = seeded_client
    about = client.get("/api/hsds/").get_json()
    assert about["version"] == "3.0" and about["openapi_url"].endswith("/api/openapi.json")
    assert client.get(about["openapi_url"]).status_code == 200
    for name in ("services", "service_at_locations", "organizations", "taxonomies",
                 "taxonomy_terms"):
        ids = _walk(client, name)
        assert len(ids) >= 3, name
        if name in ("services", "service_at_locations", "organizations"):
            assert _walk(client, name, "&full=true", per_page=4)
        for item_id in ids[:4]:  # follow ids, as the validator does
            response = client.get(f"/api/hsds/{name}/{item_id}")
            assert response.status_code == 200, (name, item_id)
            _valid(f"{name}/{{id}}", response.get_json())
        lines = client.get(f"/api/hsds/{name}?format=ndjson").get_data(as_text=True).splitlines()
        assert len(lines) == client.get(f"/api/hsds/{name}").get_json()["total_items"]
        for line in lines:
            _valid(name if name != "services" else "services", json.loads(line))
    minimal = _page(client, "/api/hsds/services?minimal=true&per_page=100", "services")
    assert set(minimal["contents"][0]) == {"id", "name", "status", "last_modified"}


def test_the_packaged_schemas_are_the_official_ones() -> None:
    if not SHARED.exists():
        pytest.skip(f"no official copy at {SHARED}")
    for name in {name for name, _ in SCHEMAS.values()}:
        assert schema(name) == json.loads((SHARED / name).read_text("utf-8")), name


@pytest.fixture
def offers(catalogue: Catalogue, app: Flask) -> dict[str, Any]:
    korshaer = catalogue.organization(name="Kirkens Korshær")
    catalogue.offers(
        {"name": "Varmestuen A", "organization": korshaer},
        {"name": "Natcafeen B", "categories": ["natvarmestue"],
         "locations": [make_location(postal_code="5200", city="Odense V", latitude=55.39,
                                     longitude=10.35)]},
        {"name": "Varmestuen C", "attributes": ["anonym"], "organization": korshaer},
        {"name": "Den lukkede D", "status": "inactive", "organization": korshaer},
    )
    terms = {item["code"]: item["id"] for item in
             catalogue.app.test_client().get("/api/hsds/taxonomy_terms?per_page=100")
             .get_json()["contents"]}
    return {"korshaer": korshaer, "terms": terms}


def _names(client: FlaskClient, query: str, name: str = "services") -> list[str]:
    body = client.get(f"/api/hsds/{name}?{query}").get_json()
    if name == "services":
        return [item["name"] for item in body["contents"]]
    return [item["service"]["name"] for item in body["contents"]]


def test_filters_combine_with_and(offers: dict[str, Any], client: FlaskClient) -> None:
    terms = offers["terms"]
    assert _names(client, "") == ["Natcafeen B", "Varmestuen A", "Varmestuen C"]  # not D
    both = f"taxonomy_term_id={terms['varmestue']}&taxonomy_term_id={terms['gratis']}"
    assert _names(client, both) == ["Varmestuen A"]
    mine = f"organization_id={offers['korshaer']}&taxonomy_term_id={terms['anonym']}"
    assert _names(client, mine) == ["Varmestuen C"]
    found = _names(client, f"search=varmestue&organization_id={offers['korshaer']}")
    assert sorted(found) == ["Varmestuen A", "Varmestuen C"]  # in relevance order
    assert _names(client, "modified_after=2100-01-01T00:00:00Z") == []
    assert _names(client, "postcode=5200", "service_at_locations") == ["Natcafeen B"]
    near = "postcode=5000&proximity=1000"  # Odense C's centre: B in Odense V is farther
    assert "Natcafeen B" not in _names(client, near, "service_at_locations")
    assert "Natcafeen B" in _names(client, "postcode=5000&proximity=5000", "service_at_locations")


@pytest.mark.parametrize(("query", "word"), [
    ("per_page=0", "per_page"), ("page=x", "page"), ("format=xml", "format"),
    ("full=maybe", "full"), ("modified_after=igår", "modified_after"),
    ("proximity=100", "postcode"), ("postcode=50", "postcode"),
])
def test_bad_parameters_are_danish_400s(client: FlaskClient, query: str, word: str) -> None:
    response = client.get(f"/api/hsds/service_at_locations?{query}")
    assert response.status_code == 400 and response.mimetype == "application/problem+json"
    assert word in response.get_json()["detail"]


def test_unknown_and_inactive_ids_are_404(offers: dict[str, Any], client: FlaskClient) -> None:
    inactive = client.get("/api/v1/offers/den-lukkede-d")
    assert inactive.status_code == 404
    for name in ("services", "service_at_locations", "organizations", "taxonomies",
                 "taxonomy_terms"):
        assert client.get(f"/api/hsds/{name}/ukendt").status_code == 404


def test_list_fields_are_the_full_documents_one_to_one_fields(seeded_app: Flask) -> None:
    from vejviser.catalogue.public import project
    from vejviser.db import db
    from vejviser.hsds.export import all_offers, service_document
    from vejviser.web.hsds_api.documents import SERVICE_FIELDS, service_fields

    with seeded_app.app_context():
        for offer in all_offers(db.session):
            public = project(offer)
            document = service_document(public)
            expected = {key: document[key] for key in SERVICE_FIELDS if key in document}
            assert service_fields(public) == expected, offer.slug
