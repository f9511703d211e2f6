"""Errors become clear answers: problem+json under ``/api/``, a Danish page elsewhere, never a
traceback."""
from __future__ import annotations

import math

from flask import Flask, Response, make_response, render_template, request
from flask_babel import gettext
from werkzeug.exceptions import (
    HTTPException,
    InternalServerError,
    RequestEntityTooLarge,
    ServiceUnavailable,
)

from vejviser.limits import RateLimitExceeded, retry_after_seconds
from vejviser.messages import Message
from vejviser.problems import problem_response
from vejviser.search import SearchUnavailable


def wants_json() -> bool:
    """API and widget callers get JSON errors (RFC 9457 problem details)."""
    return request.path.startswith("/api/")


def error_response(error: HTTPException, message: str | None = None,
                   template: str = "errors/error.html", **context: object) -> Response:
    """``error`` as JSON (API) or a page; ``message`` replaces werkzeug's English description.

    The error's own headers say what to do next (``Retry-After`` on a 503, ``Allow`` on a 405).
    """
    status = error.code or 500
    if wants_json():
        title = context.get("title")
        response = problem_response(error, message, str(title) if title else None)
    else:
        message = message or error.description or error.name
        response = make_response(render_template(template, status=status, error=error,
                                                 message=message, **context), status)
    for name, value in error.get_headers():
        if name != "Content-Type":
            response.headers[name] = value
    return response


def _too_many_requests(error: RateLimitExceeded) -> Response:
    seconds = retry_after_seconds()
    minutes = math.ceil(seconds / 60)
    message = Message("For mange forespørgsler fra din adresse på kort tid. Prøv igen om "
                      "%(seconds)d sekunder.", seconds=seconds)
    template = "errors/too_many.html"
    if request.blueprint == "auth":  # the login forms: failures per address and per account
        message = Message("For mange mislykkede forsøg på at logge ind. Prøv igen om "
                          "%(minutes)d minutter.", minutes=minutes)
        template = "errors/too_many_logins.html"
    response = error_response(error, message, template, minutes=minutes)
    response.headers["Retry-After"] = str(seconds)
    return response


def _too_large(error: RequestEntityTooLarge) -> Response:
    return error_response(error, Message("Det, du sendte, er for stort. Gør teksten kortere, og "
                                         "send igen."))


def _search_unavailable(error: SearchUnavailable) -> Response:
    # The index is being rebuilt: a 503 that says when to come back, never a 500.
    if request.args.get("fragment") and not wants_json():  # site.js's live results region
        response = make_response(render_template("errors/_search_unavailable.html",
                                                 message=error.args[0]), 503)
        response.headers["Retry-After"] = str(error.retry_after)
        return response
    return error_response(ServiceUnavailable(error.args[0], retry_after=error.retry_after),
                          title=gettext("Søgningen er midlertidigt utilgængelig"))


def init_app(app: Flask) -> None:
    """Register handlers for every HTTP error and for unexpected exceptions."""
    app.register_error_handler(RateLimitExceeded, _too_many_requests)
    app.register_error_handler(RequestEntityTooLarge, _too_large)
    app.register_error_handler(SearchUnavailable, _search_unavailable)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Response:
        return error_response(error)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        if app.testing and app.config.get("PROPAGATE_EXCEPTIONS_IN_TESTS", True):
            raise error
        app.logger.exception("Unhandled error")
        return error_response(InternalServerError())
