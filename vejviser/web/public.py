"""The public pages professionals and citizens use (the public-UI issue grows this)."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from vejviser import search
from vejviser.db import db
from vejviser.models import Offer

blueprint = Blueprint("public", __name__)


@blueprint.get("/")
def index() -> ResponseReturnValue:
    """Search box and results; works without JavaScript."""
    try:
        params = search.parse_args(request.args)
        error = None
    except search.SearchParamError as problem:
        params, error = search.SearchParams(), str(problem)
    result = search.search(params)
    ids = [hit.offer_id for hit in result.hits]
    offers = {o.id: o for o in db.session.scalars(select(Offer).where(Offer.id.in_(ids)))}
    results = [offers[hit.offer_id] for hit in result.hits if hit.offer_id in offers]
    status = 400 if error else 200
    return render_template("public/index.html", params=params, result=result,
                           results=results, error=error), status
