"""Errors become clear answers: JSON under ``/api/``, a Danish page elsewhere, never a traceback."""
from __future__ import annotations

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError


def wants_json() -> bool:
    """API and widget callers get JSON errors."""
    return request.path.startswith("/api/")


def _render(error: HTTPException) -> tuple[Response | str, int]:
    status = error.code or 500
    message = error.description or error.name
    if wants_json():
        body = {"error": {"status": status, "title": error.name, "message": message}}
        return jsonify(body), status
    return render_template("errors/error.html", status=status, error=error, message=message), status


def init_app(app: Flask) -> None:
    """Register handlers for every HTTP error and for unexpected exceptions."""

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> tuple[Response | str, int]:
        return _render(error)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> tuple[Response | str, int]:
        if app.testing and app.config.get("PROPAGATE_EXCEPTIONS_IN_TESTS", True):
            raise error
        app.logger.exception("Unhandled error")
        return _render(InternalServerError())
