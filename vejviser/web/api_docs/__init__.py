"""The API's documentation: the OpenAPI 3.1 document (``/api/openapi.json``) for API v1 and the
HSDS API, and a readable Danish page (``/api``) with examples to copy."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template, request, url_for
from flask.typing import ResponseReturnValue

from vejviser.web.access import declare
from vejviser.web.api_docs.document import openapi_document
from vejviser.web.api_http import conditional

blueprint = declare(Blueprint("api_docs", __name__), "public")  # documentation, open to all


@blueprint.get("")
def page() -> ResponseReturnValue:
    """``/api``: what the APIs offer, in Danish, with copyable examples."""
    base = request.host_url.rstrip("/")
    return render_template("api/index.html", base=base,
                           openapi_url=url_for("api_docs.openapi", _external=True))


@blueprint.get("/openapi.json")
@conditional()
def openapi() -> ResponseReturnValue:
    """The OpenAPI 3.1 document of every route under ``/api``."""
    return jsonify(openapi_document(request.host_url.rstrip("/"),
                                    str(current_app.config["RATE_LIMIT_API"])))
