"""Request security: CSRF on every form, and headers that keep our pages free of third parties."""
from __future__ import annotations

from flask import Flask, Response
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()

#: Our pages load nothing from elsewhere: no CDNs, fonts, maps or trackers.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'self'"
)


def init_app(app: Flask) -> None:
    """Enable global CSRF protection and add security headers to every response."""
    csrf.init_app(app)

    @app.after_request
    def _security_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response
