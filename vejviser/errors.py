"""Errors become clear answers: JSON under ``/api/``, a Danish page elsewhere, never a traceback."""
from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from vejviser.search import SearchUnavailable


def wants_json() -> bool:
    """API and widget callers get JSON errors."""
    return request.path.startswith("/api/")


def _render(error: HTTPException) -> tuple[Response | str, int, list[tuple[str, str]]]:
    status = error.code or 500
    message = error.description or error.name
    # The error's own headers say what to do next (Retry-After on a 503, Allow on a 405).
    headers = [(name, value) for name, value in error.get_headers() if name != "Content-Type"]
    if wants_json():
        body = jsonify({"error": {"status": status, "title": error.name, "message": message}})
        return body, status, headers
    page = render_template("errors/error.html", status=status, error=error, message=message)
    return page, status, headers


def init_app(app: Flask) -> None:
    """Register handlers for every HTTP error and for unexpected exceptions."""

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> tuple[Response | str, int, list[tuple[str, str]]]:
        return _render(error)

    @app.errorhandler(SearchUnavailable)
    def _search_unavailable(error: SearchUnavailable) -> tuple[Response | str, int,
                                                               list[tuple[str, str]]]:
        # The index is being rebuilt: a 503 that says when to come back, never a 500.
        unavailable = ServiceUnavailable(error.args[0], retry_after=error.retry_after)
        if request.args.get("fragment") and not wants_json():  # site.js's live results region
            page = render_template("errors/_search_unavailable.html", message=error.args[0])
            return page, 503, [("Retry-After", str(error.retry_after))]
        return _render(unavailable)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> tuple[Response | str, int, list[tuple[str, str]]]:
        if app.testing and app.config.get("PROPAGATE_EXCEPTIONS_IN_TESTS", True):
            raise error
        app.logger.exception("Unhandled error")
        return _render(InternalServerError())
