"""``GET /api/v1/offers`` (a filtered, paged list) and ``/api/v1/offers/{key}`` (one offer)."""
from __future__ import annotations

from datetime import datetime

from flask import abort, jsonify, request
from flask.typing import ResponseReturnValue

from vejviser.catalogue import listing
from vejviser.catalogue.loading import load_offer
from vejviser.catalogue.public import project
from vejviser.db import db
from vejviser.local_time import MomentError, now_local, parse_local_moment
from vejviser.web import api_args as args
from vejviser.web.api import blueprint
from vejviser.web.api.offer_json import offer_detail, offer_summary
from vejviser.web.api_http import conditional, paginate

#: The vocabularies the list filters by, each by its own parameter (as in the search).
VOCABULARY_PARAMS = ("category", "target_group", "attribute")


def _moment() -> datetime:
    try:
        return parse_local_moment(request.args["at"], "at") if request.args.get("at") \
            else now_local()
    except MomentError as error:
        abort(400, description=str(error))


@blueprint.get("/offers")
@conditional(clock=True)
def offers() -> ResponseReturnValue:
    """Public offers by slug, narrowed by terms (AND), organisation and ``modified_after``."""
    number, per_page = args.paging()
    codes = tuple((vocabulary, code) for vocabulary in VOCABULARY_PARAMS
                  for code in args.identifiers(vocabulary))
    wanted = listing.OfferFilter(term_codes=codes,
                                 organization_id=args.text("organization", 64),
                                 modified_after=args.moment("modified_after"))
    at = _moment()
    page = listing.offer_page(db.session(), wanted, number, per_page)
    response = jsonify({"total": page.total, "page": page.page, "per_page": page.per_page,
                        "results": [offer_summary(offer, at) for offer in page.items]})
    return paginate(response, page.page, page.per_page, page.total)


@blueprint.get("/offers/<key>")
@conditional(clock=True)
def offer(key: str) -> ResponseReturnValue:
    """The offer, with ``open``/``next_change`` evaluated now or at ``?at=``."""
    at = _moment()
    found = load_offer(db.session(), key)
    if found is None or not found.is_public:
        abort(404, description=f"Intet tilbud med nøglen {key[:80]!r}.")
    return jsonify(offer_detail(project(found), at))
