"""``GET /api/v1/search``: free text plus filters, with facets."""
from __future__ import annotations

from flask import abort, jsonify, request
from flask.typing import ResponseReturnValue

from vejviser import search
from vejviser.catalogue.loading import load_offers
from vejviser.catalogue.opening import open_state
from vejviser.catalogue.public import project
from vejviser.db import db
from vejviser.local_time import now_local
from vejviser.web.api import blueprint
from vejviser.web.api.offer_json import offer_summary
from vejviser.web.search_log import count_search


@blueprint.get("/search")
def search_offers() -> ResponseReturnValue:
    """Search results in relevance order, one page at a time."""
    try:
        params = search.parse_args(request.args)
    except search.SearchParamError as error:
        abort(400, description=str(error))
    result = search.search(params)
    count_search(params, result.total)
    # One query per part of an offer, however many hits (never one per hit).
    ids = [hit.offer_id for hit in result.hits]
    offers = {o.id: o for o in load_offers(db.session(), ids=ids)}
    at = params.open_at or now_local()
    results = []
    for hit in result.hits:
        if hit.offer_id in offers:
            offer = project(offers[hit.offer_id])
            nearest = [hit.place_id] if hit.place_id else []
            state = open_state(offer.place_hours, at, nearest=nearest)
            item = offer_summary(offer, at, state)
            item["score"] = round(hit.score, 4)
            item["distance_km"] = hit.distance_km
            item["place_id"] = hit.place_id  # the place the distance is measured to
            results.append(item)
    return jsonify({
        "total": result.total,
        "page": params.page,
        "per_page": params.per_page,
        "results": results,
        "facets": result.facets,
        "suggestion": result.suggestion,
        "notices": result.notices,
    })
