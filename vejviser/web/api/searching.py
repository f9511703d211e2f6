"""``GET /api/v1/search``: free text plus filters, with facets."""
from __future__ import annotations

from typing import Any

from flask import abort, jsonify, request
from flask.typing import ResponseReturnValue

from vejviser import search
from vejviser.catalogue import shown
from vejviser.catalogue.opening import open_state
from vejviser.catalogue.public import project
from vejviser.db import db
from vejviser.models import Offer
from vejviser.moments import now_local
from vejviser.web.api import blueprint
from vejviser.web.api.shapes import offer_summary


@blueprint.get("/search")
def search_offers() -> ResponseReturnValue:
    """Search results in relevance order, one page at a time."""
    try:
        params = search.parse_args(request.args)
    except search.SearchParamError as error:
        abort(400, description=str(error))
    result = search.search(params)
    at = params.open_at or now_local()

    def summary(offer: Offer, extra: Any) -> dict[str, Any]:
        public, place_id = project(offer), extra[1]
        state = open_state(public.place_hours, at, nearest=[place_id] if place_id else [])
        return offer_summary(public, at, state)

    # Kept per offer state and minute; the offers not kept are read in one go (a fixed number
    # of queries, never one per hit).
    kept = shown.shapes(db.session(), "api-summary",
                        [(hit.offer_id, (shown.minute(at), hit.place_id)) for hit in result.hits],
                        summary)
    results = [{**item, "score": round(hit.score, 4), "distance_km": hit.distance_km,
                "place_id": hit.place_id}  # the place the distance is measured to
               for hit, item in zip(result.hits, kept) if item is not None]
    return jsonify({
        "total": result.total,
        "page": params.page,
        "per_page": params.per_page,
        "results": results,
        "facets": result.facets,
        "suggestion": result.suggestion,
        "notices": result.notices,
    })
