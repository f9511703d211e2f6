"""``GET /api/v1/offers/{key}``: one offer by slug or HSDS id."""
from __future__ import annotations

from flask import abort, jsonify, request
from flask.typing import ResponseReturnValue

from vejviser.catalogue.loading import load_offer
from vejviser.catalogue.public import project
from vejviser.db import db
from vejviser.local_time import MomentError, now_local, parse_local_moment
from vejviser.web.api import blueprint
from vejviser.web.api.offer_json import offer_detail


@blueprint.get("/offers/<key>")
def offer(key: str) -> ResponseReturnValue:
    """The offer, with ``open``/``next_change`` evaluated now or at ``?at=``."""
    try:
        at = parse_local_moment(request.args["at"], "at") if request.args.get("at") else now_local()
    except MomentError as error:
        abort(400, description=str(error))
    found = load_offer(db.session(), key)
    if found is None or not found.is_public:
        abort(404, description=f"Intet tilbud med nøglen {key[:80]!r}.")
    return jsonify(offer_detail(project(found), at))
