"""``/api/hsds/``, ``/services`` and ``/service_at_locations`` (lists and one by id)."""
from __future__ import annotations

import dataclasses
from typing import Any

from flask import abort, current_app, jsonify, url_for
from flask.typing import ResponseReturnValue

from vejviser import search
from vejviser.catalogue import listing
from vejviser.db import db
from vejviser.messages import Message
from vejviser.resources import seed_dir
from vejviser.search.geo import postcode_centroids
from vejviser.web import api_args as args
from vejviser.web.api_http import conditional
from vejviser.web.hsds_api import blueprint
from vejviser.web.hsds_api.answers import ndjson_answer, page_answer, wants_ndjson
from vejviser.web.hsds_api.documents import place_item, service_full, service_item
from vejviser.web.hsds_api.items import service_list_items

HSDS_VERSION = "3.0"
#: More hits than any catalogue of ours has: a text search narrows, the rest is paged here.
ALL_HITS = 100_000


def _text_ids() -> tuple[str, ...] | None:
    text = args.text("search")
    if text is None:
        return None
    params = search.parse_args({"q": text, "facets": "0"})
    found = search.search(dataclasses.replace(params, per_page=ALL_HITS, page=1))
    return tuple(hit.offer_id for hit in found.hits)


def offer_filter() -> listing.OfferFilter:
    """The service filters every list shares (AND): search, taxonomy_term_id, taxonomy_id,
    organization_id, modified_after."""
    organization = args.identifiers("organization_id", limit=1)
    return listing.OfferFilter(
        term_ids=args.identifiers("taxonomy_term_id"),
        taxonomy_ids=args.identifiers("taxonomy_id"),
        organization_id=organization[0] if organization else None,
        modified_after=args.moment("modified_after"),
        ids=_text_ids(),
    )


@blueprint.get("/")
@conditional()
def about() -> ResponseReturnValue:
    """Which HSDS this is, its profile and where its OpenAPI document is."""
    return jsonify({"version": HSDS_VERSION,
                    "profile": url_for("api_docs.page", _external=True) + "#hsds",
                    "openapi_url": url_for("api_docs.openapi", _external=True)})


@blueprint.get("/services")
@conditional()
def services() -> ResponseReturnValue:
    """Public services by name order (by relevance with ``search``), AND of every filter."""
    wanted = offer_filter()
    full, minimal = args.flag("full"), args.flag("minimal")
    session = db.session()

    def fetch(number: int, size: int) -> listing.Page:
        if full:
            return listing.offer_page(session, wanted, number, size)
        page = listing.offer_id_page(session, wanted, number, size)
        page.items = service_list_items(session, page.items, minimal)
        return page

    def render(item: Any) -> dict[str, Any]:
        return service_item(item, full=True) if full else item

    if wants_ndjson():
        return ndjson_answer(fetch, render)
    number, per_page = args.paging()
    page = fetch(number, per_page)
    return page_answer([render(item) for item in page.items], page)


@blueprint.get("/services/<offer_id>")
@conditional()
def service(offer_id: str) -> ResponseReturnValue:
    """One public service, complete (its places, hours, phones, terms ...)."""
    offer = listing.public_offer(db.session(), offer_id)
    if offer is None or offer.id != offer_id:
        abort(404, description=Message("Ingen tjeneste med id'et %(key)s.",
                                       key=repr(offer_id[:80])))
    return jsonify(service_full(offer))


def _proximity() -> tuple[str | None, tuple[float, float] | None, float | None]:
    postcode = args.text("postcode", 4)
    if postcode is not None and not (postcode.isdigit() and len(postcode) == 4):
        args.bad(Message("'postcode' skal være et dansk postnummer med fire cifre, fx 5000"))
    raw = args.text("proximity", 12)
    if raw is None:
        return postcode, None, None
    if postcode is None:
        args.bad(Message("'proximity' kræver 'postcode': afstanden måles fra postnummerets midte"))
    if not raw.isdigit() or not 1 <= int(raw) <= 500_000:
        args.bad(Message("'proximity' skal være et antal meter fra 1 til 500000, fik %(value)s",
                         value=repr(raw)))
    centre = postcode_centroids(seed_dir(current_app.config.get("SEED_DIR")) / "postcodes.toml"
                                ).get(str(postcode))
    if centre is None:
        args.bad(Message("Postnummer %(postcode)s kender vi ikke.", postcode=postcode))
    # Within the distance of the postcode's centre, not only inside the postcode itself.
    return None, centre, int(raw) / 1000


@blueprint.get("/service_at_locations")
@conditional()
def service_at_locations() -> ResponseReturnValue:
    """Public places of public services; ``postcode`` (a public postcode) and ``proximity``
    (metres from the postcode's centre) narrow them — a hidden place has neither."""
    wanted = offer_filter()
    full = args.flag("full")
    postcode, centre, radius = _proximity()
    session = db.session()

    def fetch(number: int, size: int) -> listing.Page:
        return listing.place_page(session, wanted, number, size, postcode, centre, radius)

    if wants_ndjson():
        return ndjson_answer(fetch, lambda pair: place_item(pair[0], pair[1], full=full))
    number, per_page = args.paging()
    page = fetch(number, per_page)
    return page_answer([place_item(pair[0], pair[1], full=full) for pair in page.items], page)


@blueprint.get("/service_at_locations/<place_id>")
@conditional()
def service_at_location(place_id: str) -> ResponseReturnValue:
    """One place of a public service, complete, with the service's one-to-one fields."""
    found = listing.public_place(db.session(), place_id)
    if found is None:
        abort(404, description=Message("Intet sted med id'et %(key)s.", key=repr(place_id[:80])))
    return jsonify(place_item(*found, full=True))
