"""Errors become clear answers: JSON under ``/api/``, a Danish page elsewhere, never a traceback."""
from __future__ import annotations

import math

from flask import Flask, Response, jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError, RequestEntityTooLarge

from vejviser.limits import RateLimitExceeded, retry_after_seconds
from vejviser.messages import Message


def wants_json() -> bool:
    """API and widget callers get JSON errors."""
    return request.path.startswith("/api/")


def error_response(error: HTTPException, message: str | None = None,
                   template: str = "errors/error.html", **context: object) -> Response:
    """``error`` as JSON (API) or a page; ``message`` replaces werkzeug's English description."""
    status = error.code or 500
    message = message or error.description or error.name
    if wants_json():
        return make_response(jsonify({"error": {"status": status, "title": error.name,
                                                "message": message}}), status)
    return make_response(render_template(template, status=status, error=error, message=message,
                                         **context), status)


def _too_many_requests(error: RateLimitExceeded) -> Response:
    seconds = retry_after_seconds()
    minutes = math.ceil(seconds / 60)
    message = Message("For mange forespørgsler fra din adresse på kort tid. Prøv igen om "
                      "%(seconds)d sekunder.", seconds=seconds)
    response = error_response(error, message, "errors/too_many.html", minutes=minutes)
    response.headers["Retry-After"] = str(seconds)
    return response


def _too_large(error: RequestEntityTooLarge) -> Response:
    return error_response(error, Message("Det, du sendte, er for stort. Gør teksten kortere, og "
                                         "send igen."))


def init_app(app: Flask) -> None:
    """Register handlers for every HTTP error and for unexpected exceptions."""
    app.register_error_handler(RateLimitExceeded, _too_many_requests)
    app.register_error_handler(RequestEntityTooLarge, _too_large)

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Response:
        return error_response(error)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        if app.testing and app.config.get("PROPAGATE_EXCEPTIONS_IN_TESTS", True):
            raise error
        app.logger.exception("Unhandled error")
        return error_response(InternalServerError())
