"""The home page is the search page: query, filters, facet counts, result cards, pagination.

``?fragment=1`` returns only the results region; ``site.js`` uses it for live results. Without
JavaScript the same URL renders the whole page, so every state has a shareable address.
"""
from __future__ import annotations

import math

from flask import render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import MultiDict

from vejviser import search
from vejviser.local_time import now_local
from vejviser.web.messages import current_lang
from vejviser.web.public import blueprint
from vejviser.web.public.cards import cached_cards
from vejviser.web.public.filters import RADII_KM, build_filter_form, has_filters
from vejviser.web.public.form_errors import field_error
from vejviser.web.search_log import count_search


def _search_args() -> MultiDict[str, str]:
    """The query string without empty fields, and without a distance or "nearest first" when
    no place was given: the no-JS form always sends them, and they mean nothing without one."""
    args = MultiDict([(k, v) for k, v in request.args.items(multi=True) if v.strip()])
    if not args.get("near") and not args.get("postcode"):
        args.pop("radius_km", None)
        args.pop("sort", None)
    return args


@blueprint.get("/")
def index() -> ResponseReturnValue:
    """Search box, filters and results; a malformed parameter is a 400 with the form intact."""
    lang = current_lang()
    try:
        params = search.parse_args(_search_args())
        error = None
    except search.SearchParamError as problem:
        params, error = None, field_error(problem)
    result = search.search(params) if params is not None else search.SearchResult(0, [])
    if params is not None:
        count_search(params, result.total)
    chosen = params.open_at if params is not None else None
    at = chosen or now_local()
    cards = cached_cards(result.hits, at, lang, now=chosen is None)
    page = params.page if params is not None else 1
    per_page = params.per_page if params is not None else 20
    context = {
        "result": result,
        "cards": cards,
        "error": error,
        "page": page,
        "pages": max(1, math.ceil(result.total / per_page)),
        "first_rank": (page - 1) * per_page + 1,
        "filters": build_filter_form(result.facets, lang),
        "filtered": has_filters(),
        "radii": RADII_KM,
        "args": request.args,
        "quick_exit": (any(card.crisis for card in cards)
                       and bool(request.args.get("q") or has_filters())),
    }
    status = 400 if error else 200
    if request.args.get("fragment"):
        return render_template("public/_results.html", live=True, **context), status
    return render_template("public/search.html", live=False, **context), status
