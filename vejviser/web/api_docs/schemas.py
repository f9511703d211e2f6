"""Component schemas of our OpenAPI document: problems, API v1's shapes, and HSDS's objects.

HSDS's compiled schemas are megabytes (every nested object written out); the document carries
their *shallow* form instead — the top-level fields with their types and what is required, read
from the official files shipped in ``vejviser/hsds/schemas`` — and names the official schema in
each description. The full official schemas are what our tests validate every answer against.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from vejviser.hsds.schema import schema as hsds_schema

#: Keys of the compiled HSDS schemas that are not JSON Schema (tabular-data packaging).
_NOT_SCHEMA = ("name", "path", "datapackage_metadata", "constraints", "core", "example", "title")


def _shallow(official: dict[str, Any], source: str) -> dict[str, Any]:
    properties = {}
    for key, value in official.get("properties", {}).items():
        kind = value.get("type")
        field: dict[str, Any] = {"type": kind} if kind else {}
        if kind not in ("array", "object"):
            field.update({k: v for k, v in value.items() if k in ("enum", "format")})
        properties[key] = field
    return {"type": "object", "required": official.get("required", []), "properties": properties,
            "description": f"HSDS 3.0 {source} (official schema: openreferral/specification, "
                           f"branch 3.0, schema/compiled/{source}); top-level fields here."}


@lru_cache(maxsize=1)
def hsds_components() -> dict[str, Any]:
    """HSDS objects by name, shallow (see the module docstring)."""
    term = hsds_schema("service.json")["properties"]["attributes"]["items"]["properties"][
        "taxonomy_term"]
    return {
        "hsds_service": _shallow(hsds_schema("service.json"), "service.json"),
        "hsds_service_list": _shallow(hsds_schema("service_list.json"), "service_list.json"),
        "hsds_service_at_location": _shallow(hsds_schema("service_at_location.json"),
                                             "service_at_location.json"),
        "hsds_service_at_location_list": _shallow(hsds_schema("service_at_location_list.json"),
                                                  "service_at_location_list.json"),
        "hsds_organization": _shallow(hsds_schema("organization.json"), "organization.json"),
        "hsds_organization_list": _shallow(hsds_schema("organization_list.json"),
                                           "organization_list.json"),
        "hsds_taxonomy_term": _shallow(term, "taxonomy_term.json"),
        "hsds_taxonomy": _shallow(term["properties"]["taxonomy_detail"], "taxonomy.json"),
    }


def _page_of(item: str) -> dict[str, Any]:
    return {"allOf": [{"$ref": "#/components/schemas/Page"}], "type": "object",
            "required": ["contents"],
            "properties": {"contents": {"type": "array",
                                        "items": {"$ref": f"#/components/schemas/{item}"}}}}


def _v1_list(item: str) -> dict[str, Any]:
    return {"type": "object", "required": ["results"],
            "properties": {"total": {"type": "integer"}, "page": {"type": "integer"},
                           "per_page": {"type": "integer"},
                           "results": {"type": "array",
                                       "items": {"$ref": f"#/components/schemas/{item}"}}}}


_NULLABLE_TEXT = {"type": ["string", "null"]}
_CONFIRMATION = {
    "type": "object", "required": ["verified_at", "stale", "text"],
    "description": "When the offer was last confirmed (HSDS assured_date) and, past the "
                   "consultant's limit for its opening hours or its other information, since "
                   "when it is not: text is the Danish 'Ikke bekræftet siden <dato>' (or "
                   "'Ikke bekræftet' when never confirmed), null while confirmed.",
    "properties": {"verified_at": _NULLABLE_TEXT, "stale": {"type": "boolean"},
                   "not_confirmed_since": _NULLABLE_TEXT,
                   "overdue": {"type": "array", "items": {"enum": ["hours", "details"]}},
                   "text": _NULLABLE_TEXT}}
_OFFER = {"type": "object", "required": ["id", "slug", "name", "status", "open", "places"],
          "properties": {"id": {"type": "string"}, "slug": {"type": "string"},
                         "name": {"type": "string"}, "summary": {"type": "string"},
                         "status": {"enum": ["active", "temporarily closed"]},
                         "open": {"type": ["boolean", "null"]}, "next_change": _NULLABLE_TEXT,
                         "categories": {"type": "array", "items": {"type": "string"}},
                         "target_groups": {"type": "array", "items": {"type": "string"}},
                         "attributes": {"type": "array", "items": {"type": "string"}},
                         "places": {"type": "array", "items": {"type": "object"}},
                         "confirmation": _CONFIRMATION}}


def components() -> dict[str, Any]:
    """Every schema the document refers to."""
    problem = {"type": "object", "required": ["type", "title", "status", "detail", "error"],
               "description": "RFC 9457 problem details, in Danish; ``error`` is API v1's own "
                              "error object, kept for v1 clients.",
               "properties": {"type": {"type": "string"}, "title": {"type": "string"},
                              "status": {"type": "integer"}, "detail": {"type": "string"},
                              "instance": {"type": "string"},
                              "error": {"type": "object", "required": ["status", "message"],
                                        "properties": {"status": {"type": "integer"},
                                                       "title": {"type": "string"},
                                                       "message": {"type": "string"}}}}}
    page = {"type": "object", "required": ["total_items", "total_pages", "page_number", "size",
                                           "first_page", "last_page", "empty"],
            "properties": {"total_items": {"type": "integer"}, "total_pages": {"type": "integer"},
                           "page_number": {"type": "integer"}, "size": {"type": "integer"},
                           "first_page": {"type": "boolean"}, "last_page": {"type": "boolean"},
                           "empty": {"type": "boolean"}}}
    search = _v1_list("Offer")
    search["properties"].update({"facets": {"type": "object"},
                                 "suggestion": _NULLABLE_TEXT,
                                 "notices": {"type": "array", "items": {"type": "string"}}})
    named = {"type": "object", "required": ["id", "name"],
             "properties": {"id": {"type": "string"}, "name": {"type": "string"}}}
    return {
        "Problem": problem, "Page": page, "Offer": _OFFER, "OfferDetail": _OFFER,
        "SearchResults": search, "OfferList": _v1_list("Offer"),
        "Organization": named, "OrganizationList": _v1_list("Organization"),
        "Term": {**named, "required": ["id", "code", "name", "taxonomy"]},
        "TermList": _v1_list("Term"),
        "Taxonomy": {**named, "required": ["id", "code", "name"]},
        "TaxonomyList": {"type": "object", "required": ["results"],
                         "properties": {"results": {"type": "array", "items": {
                             "$ref": "#/components/schemas/Taxonomy"}}}},
        "Place": {"type": "object", "required": ["id", "offer", "address_hidden", "open"],
                  "properties": {"id": {"type": "string"}, "offer": {"type": "object"},
                                 "address_hidden": {"type": "boolean"},
                                 "open": {"type": ["boolean", "null"]}}},
        "PlaceList": _v1_list("Place"),
        "ChangeList": {"type": "object", "required": ["changes"], "properties": {"changes": {
            "type": "array", "items": {
                "type": "object", "required": ["id", "kind", "at", "title", "offer", "until"],
                "properties": {"id": {"type": "integer"}, "kind": {"type": "string"},
                               "at": {"type": "string"}, "title": {"type": "string"},
                               "offer": {"type": ["object", "null"]},
                               "until": _NULLABLE_TEXT}}}}},
        "HsdsAbout": {"type": "object", "required": ["version", "profile", "openapi_url"],
                      "properties": {"version": {"type": "string"},
                                     "profile": {"type": "string", "format": "uri"},
                                     "openapi_url": {"type": "string", "format": "uri"}}},
        **hsds_components(),
        **{f"{name}_page": _page_of(name) for name in (
            "hsds_service_list", "hsds_service_at_location_list", "hsds_organization_list",
            "hsds_taxonomy", "hsds_taxonomy_term")},
    }
