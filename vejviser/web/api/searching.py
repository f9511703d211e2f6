"""``GET /api/v1/search``: free text plus filters, with facets."""
from __future__ import annotations

from flask import abort, jsonify, request, url_for
from flask.typing import ResponseReturnValue

from vejviser import search
from vejviser.catalogue.crisis import is_crisis_offer
from vejviser.catalogue.loading import load_offers
from vejviser.catalogue.opening import open_state
from vejviser.catalogue.public import project
from vejviser.db import db
from vejviser.local_time import now_local
from vejviser.web.api import blueprint
from vejviser.web.api.http import conditional, paginate
from vejviser.web.api.offer_json import offer_summary


@blueprint.get("/search")
@conditional(clock=True)
def search_offers() -> ResponseReturnValue:
    """Search results in relevance order, one page at a time.

    Besides v1's fields each result has ``status_text`` (the open state in words, in ``lang``),
    ``url`` (its page here) and ``quick_exit`` (a crisis offer: show a way out)."""
    try:
        params = search.parse_args(request.args)
    except search.SearchParamError as error:
        abort(400, description=str(error))
    result = search.search(params)
    # One query per part of an offer, however many hits (never one per hit).
    ids = [hit.offer_id for hit in result.hits]
    offers = {o.id: o for o in load_offers(db.session(), ids=ids)}
    at = params.open_at or now_local()
    lang = "en" if request.args.get("lang") == "en" else "da"
    results = []
    for hit in result.hits:
        if hit.offer_id in offers:
            offer = project(offers[hit.offer_id])
            nearest = [hit.place_id] if hit.place_id else []
            state = open_state(offer.place_hours, at, lang, now=params.open_at is None,
                               nearest=nearest)
            item = offer_summary(offer, at, state)
            item["score"] = round(hit.score, 4)
            item["distance_km"] = hit.distance_km
            item["place_id"] = hit.place_id  # the place the distance is measured to
            item["status_text"] = state.text
            item["url"] = url_for("public.offer", slug=offer.slug, _external=True,
                                  **({"lang": "en"} if lang == "en" else {}))
            item["quick_exit"] = is_crisis_offer(offer)
            results.append(item)
    response = jsonify({
        "total": result.total,
        "page": params.page,
        "per_page": params.per_page,
        "results": results,
        "facets": result.facets,
        "suggestion": result.suggestion,
        "notices": result.notices,
    })
    return paginate(response, params.page, params.per_page, result.total)
