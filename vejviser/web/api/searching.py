"""``GET /api/v1/search``: free text plus filters, with facets."""
from __future__ import annotations

from typing import Any

from flask import abort, jsonify, request, url_for
from flask.typing import ResponseReturnValue

from vejviser import search
from vejviser.catalogue import freshness, shown
from vejviser.catalogue.crisis import is_crisis_offer
from vejviser.catalogue.opening import open_state
from vejviser.catalogue.public import project
from vejviser.db import db
from vejviser.local_time import now_local
from vejviser.models import Offer
from vejviser.web.api import blueprint
from vejviser.web.api.offer_json import offer_summary
from vejviser.web.api_http import conditional, paginate
from vejviser.web.search_log import count_search


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
    count_search(params, result.total)
    at = params.open_at or now_local()
    lang = "en" if request.args.get("lang") == "en" else "da"
    now = params.open_at is None

    def summary(offer: Offer, extra: Any) -> dict[str, Any]:
        public, place_id = project(offer), extra[1]
        state = open_state(public.place_hours, at, lang, now=now,
                           nearest=[place_id] if place_id else [])
        return {**offer_summary(public, at, state), "status_text": state.text,
                "quick_exit": is_crisis_offer(public)}

    # Kept per offer state, minute, place, language and wording ("nu" or a named moment); the
    # offers not kept are read in one go (a fixed number of queries, never one per hit).
    fresh = freshness.cache_key(db.session())  # "Ikke bekræftet siden" depends on both
    kept = shown.shapes(db.session(), "api-summary",
                        [(hit.offer_id, (shown.minute(at), hit.place_id, lang, now, fresh))
                         for hit in result.hits],
                        summary)
    in_english = {"lang": "en"} if lang == "en" else {}
    results = [{**item, "score": round(hit.score, 4), "distance_km": hit.distance_km,
                "place_id": hit.place_id,  # the place the distance is measured to
                "url": url_for("public.offer", slug=item["slug"], _external=True, **in_english)}
               for hit, item in zip(result.hits, kept) if item is not None]
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
