"""The OpenAPI 3.1 document of everything under ``/api``: API v1, the HSDS API, and itself.

Built from tables (parameters once, operations as rows) so a new route is one row; a test
fails when a route under ``/api`` is missing here (``tests/test_openapi.py``).
"""
from __future__ import annotations

from typing import Any

from vejviser.web.api_args import MAX_PER_PAGE
from vejviser.web.api_docs.schemas import components

_CODE = {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,63}$"}
_ID = {"type": "string", "minLength": 1, "maxLength": 64}
_FLAG = {"type": "string", "enum": ["true", "false", "1", "0"]}
_MOMENT = {"type": "string", "format": "date-time"}
#: Every query parameter: (schema, description in Danish).
PARAMETERS: dict[str, tuple[dict[str, Any], str]] = {
    "q": ({"type": "string", "maxLength": 200}, "Fritekst (ord, stavefejl og synonymer tåles)."),
    "category": (_CODE, "Tilbudstype, fx varmestue (gentag for flere: alle skal passe)."),
    "target_group": (_CODE, "Målgruppe, fx hjemloese."),
    "attribute": (_CODE, "Egenskab, fx gratis, anonym, uden-visitation."),
    "language": (_CODE, "Sprog, fx da, en, ar."),
    "open_now": (_FLAG, "Kun tilbud, der har åbent nu."),
    "open_at": ({"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$"},
                "Kun tilbud, der har åbent på tidspunktet (dansk tid), fx 2026-12-24T22:00."),
    "near": ({"type": "string", "pattern": r"^-?\d{1,2}(\.\d{1,5})?,-?\d{1,3}(\.\d{1,5})?$"},
             "Breddegrad,længdegrad at måle afstand fra, fx 55.396,10.388."),
    "postcode": ({"type": "string", "pattern": r"^\d{4}$"}, "Dansk postnummer, fx 5000."),
    "radius_km": ({"type": "number", "minimum": 0.1, "maximum": 500},
                  "Kun tilbud inden for så mange km (kræver near eller postcode)."),
    "sort": ({"type": "string", "enum": ["relevance", "distance"]}, "Rækkefølge."),
    "page": ({"type": "integer", "minimum": 1, "maximum": 10000}, "Sidenummer, fra 1."),
    "per_page": ({"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
                 f"Antal pr. side (højst {MAX_PER_PAGE})."),
    "facets": (_FLAG, "0: spring optællingen af filtre over."),
    "lang": ({"type": "string", "enum": ["da", "en"]}, "Sprog for status_text og url."),
    "at": ({"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$"},
           "Vurdér åbent/lukket på dette tidspunkt i stedet for nu."),
    "organization": (_ID, "Kun denne organisations tilbud (id)."),
    "modified_after": (_MOMENT, "Kun det, der er ændret på eller efter tidspunktet."),
    "taxonomy": (_ID, "Kun begreber fra denne taksonomi (kode eller id)."),
    "search": ({"type": "string", "maxLength": 200}, "Fritekst."),
    "taxonomy_term_id": (_ID, "Kun tjenester med dette begreb (gentag: alle skal passe)."),
    "taxonomy_id": (_ID, "Kun tjenester/begreber med et begreb fra denne taksonomi."),
    "organization_id": (_ID, "Kun denne organisations tjenester."),
    "minimal": (_FLAG, "Kun id, navn, status og sidste ændring."),
    "full": (_FLAG, "Fuldt indlejrede objekter."),
    "full_service": (_FLAG, "Organisationens tjenester fuldt indlejret."),
    "format": ({"type": "string", "enum": ["json", "ndjson"]},
               "ndjson: alle resultater, ét JSON-dokument pr. linje, uden sider."),
    "proximity": ({"type": "string", "pattern": r"^[1-9]\d{0,5}$"},
                  "Meter fra postnummerets midtpunkt (kræver postcode)."),
    "top_only": (_FLAG, "Kun begreber uden overbegreb."),
    "limit": ({"type": "integer", "minimum": 1, "maximum": 200},
              "Højst så mange ændringer, nyeste først (standard 50)."),
    "parent_id": (_ID, "Kun begreber under dette overbegreb."),
}
SEARCH = ["q", "category", "target_group", "attribute", "language", "open_now", "open_at",
          "near", "postcode", "radius_km", "sort", "page", "per_page", "facets", "lang"]
HSDS_SERVICES = ["search", "taxonomy_term_id", "taxonomy_id", "organization_id",
                 "modified_after", "page", "per_page", "format"]
#: (path, schema of the 200 body, query parameters, summary, whether a list, whether it can 404)
OPERATIONS: list[tuple[str, str, list[str], str, bool]] = [
    ("/api/v1/search", "SearchResults", SEARCH, "Søg med fritekst og filtre", True),
    ("/api/v1/offers", "OfferList", ["category", "target_group", "attribute", "organization",
                                     "modified_after", "at", "page", "per_page"],
     "Offentlige tilbud, filtreret (alle filtre skal passe)", True),
    ("/api/v1/offers/{key}", "OfferDetail", ["at"], "Ét tilbud (slug eller id)", False),
    ("/api/v1/organizations", "OrganizationList", ["page", "per_page"], "Organisationer", True),
    ("/api/v1/organizations/{organization_id}", "Organization", [], "Én organisation", False),
    ("/api/v1/taxonomies", "TaxonomyList", [], "Taksonomier med begreber", False),
    ("/api/v1/taxonomies/{code}", "Taxonomy", [], "Én taksonomi (kode eller id)", False),
    ("/api/v1/terms", "TermList", ["taxonomy"], "Begreber (til filtrene)", False),
    ("/api/v1/places", "PlaceList", ["postcode", "page", "per_page"], "Steder", True),
    ("/api/v1/places/{place_id}", "Place", [], "Ét sted", False),
    ("/api/v1/changes", "ChangeList", ["limit"],
     "Ændringer: nye tilbud, nye åbningstider, midlertidigt lukket, lukket ned, kuldeberedskab",
     False),
    ("/api/hsds/", "HsdsAbout", [], "HSDS-version, profil og OpenAPI-adresse", False),
    ("/api/hsds/services", "hsds_service_list_page", HSDS_SERVICES + ["minimal", "full"],
     "HSDS-tjenester", True),
    ("/api/hsds/services/{offer_id}", "hsds_service", [], "Én HSDS-tjeneste", False),
    ("/api/hsds/service_at_locations", "hsds_service_at_location_list_page",
     HSDS_SERVICES + ["full", "postcode", "proximity"], "HSDS-tjenester på steder", True),
    ("/api/hsds/service_at_locations/{place_id}", "hsds_service_at_location", [],
     "Én tjeneste på ét sted", False),
    ("/api/hsds/organizations", "hsds_organization_list_page",
     ["search", "full", "full_service", "page", "per_page", "format"], "HSDS-organisationer",
     True),
    ("/api/hsds/organizations/{organization_id}", "hsds_organization", ["full_service"],
     "Én HSDS-organisation med tjenester", False),
    ("/api/hsds/taxonomies", "hsds_taxonomy_page", ["search", "page", "per_page", "format"],
     "HSDS-taksonomier", True),
    ("/api/hsds/taxonomies/{taxonomy_id}", "hsds_taxonomy", [], "Én taksonomi", False),
    ("/api/hsds/taxonomy_terms", "hsds_taxonomy_term_page",
     ["search", "taxonomy_id", "parent_id", "top_only", "page", "per_page", "format"],
     "HSDS-begreber", True),
    ("/api/hsds/taxonomy_terms/{term_id}", "hsds_taxonomy_term", [], "Ét begreb", False),
    ("/api/openapi.json", "", [], "Dette dokument (OpenAPI 3.1)", False),
    ("/healthz", "", [], "Drift: processen svarer", False),
    ("/readyz", "", [],
     "Drift: databasen svarer, migreringerne er kørt, søgeindekset er højst N ændringer bagud "
     "(503 ellers)", False),
    ("/api", "text/html", [], "Dokumentationen som læsevenlig side (dansk)", False),
]
_TEXT = {"schema": {"type": "string"}}
HEADERS = {"ETag": _TEXT, "Last-Modified": _TEXT, "Cache-Control": _TEXT,
           "Access-Control-Allow-Origin": _TEXT}
LIST_HEADERS = {"Link": _TEXT,
                "X-Total-Count": {"schema": {"type": "string", "pattern": r"^\d+$"}}}


def _problem(description: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    answer: dict[str, Any] = {"description": description, "content": {
        "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
    if headers:
        answer["headers"] = headers
    return answer


def _operation(path: str, body: str, params: list[str], summary: str, listed: bool
               ) -> dict[str, Any]:
    if body == "text/html":
        content: dict[str, Any] = {"text/html": {"schema": {"type": "string"}}}
    else:
        content = {"application/json": {"schema": (
            {"$ref": f"#/components/schemas/{body}"} if body else {"type": "object"})}}
    if "format" in params:
        content["application/x-ndjson"] = {"schema": {"type": "string"}}
    ok = {"description": "OK", "headers": {**HEADERS, **(LIST_HEADERS if listed else {})},
          "content": content}
    parameters = [{"name": name, "in": "path", "required": True, "schema": _ID}
                  for name in _path_names(path)]
    parameters += [{"name": name, "in": "query", "required": False,
                    "schema": PARAMETERS[name][0], "description": PARAMETERS[name][1]}
                   for name in params]
    return {"get": {
        "summary": summary, "operationId": _operation_id(path),
        "tags": ["HSDS 3.0" if path.startswith("/api/hsds")
                 else "API v1" if path.startswith("/api") else "Drift"],
        "parameters": parameters,
        "responses": {
            "200": ok, "304": {"description": "Uændret siden If-None-Match/If-Modified-Since"},
            "400": _problem("Ugyldig parameter (problem+json på dansk)"),
            "404": _problem("Findes ikke, eller er ikke offentligt"),
            "429": _problem("For mange forespørgsler fra samme adresse",
                            {"Retry-After": {"schema": {"type": "string"},
                                             "description": "Sekunder til næste forsøg"}}),
            "503": _problem("Søgeindekset genopbygges; prøv igen efter Retry-After"),
            "default": _problem("Anden fejl (problem+json)"),
        }}}


def _path_names(path: str) -> list[str]:
    return [piece[1:-1] for piece in path.split("/") if piece.startswith("{")]


def _operation_id(path: str) -> str:
    if not path.startswith("/api"):  # the health checks, /healthz and /readyz
        return path.strip("/")
    words = [piece.strip("{}").replace(".", "_") for piece in path.split("/")[2:] if piece]
    return "_".join(words) or ("hsds_about" if "hsds" in path else "api_page")


def openapi_document(base: str, rate_limit: str = "300 per minute") -> dict[str, Any]:
    """The document, with ``base`` (scheme and host) as its server and the configured
    ``RATE_LIMIT_API`` (Flask-Limiter's words, e.g. "300 per minute") in its description."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Den sociale vejviser – åbne data",
            "version": "1.1.0",
            "summary": "Odenses tilbud til socialt udsatte som API v1 og som HSDS 3.0.",
            "description": (
                "Alle svar er offentlige og kræver ingen nøgle. Lister har Link- og "
                "X-Total-Count-headere; alle svar har ETag og Last-Modified (betingede GET "
                "giver 304) og Cache-Control max-age højst 60 s. Svar, der siger om noget har "
                "åbent nu, skifter validator hvert minut. CORS: Access-Control-Allow-Origin *. "
                "Fejl er RFC 9457 problem+json på dansk med API v1's error-felt bevaret. "
                f"Grænse pr. adresse (IPv6: pr. /64), fælles for API v1 og HSDS: {rate_limit}; "
                "derefter 429 med Retry-After (sekunder). Skjulte adresser (krisecentre) vises "
                "aldrig."),
            "license": {"name": "CC BY 4.0",
                        "url": "https://creativecommons.org/licenses/by/4.0/"},
        },
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "servers": [{"url": base}],
        "externalDocs": {"description": "Læsevenlig dokumentation", "url": f"{base}/api"},
        "paths": {row[0]: _operation(*row) for row in OPERATIONS},
        "components": {"schemas": components()},
    }
