"""Request security (OWASP ASVS 5.0 L1/L2): CSRF on every form, headers that keep our pages free
of third parties, cookies that stay on our site and on https, and the truth about https behind
a reverse proxy.

- ``TRUSTED_PROXIES`` (a number; nginx in front: 1) applies werkzeug's ProxyFix to that many
  ``X-Forwarded-For``/``X-Forwarded-Proto`` hops, so ``request.is_secure`` and
  ``request.remote_addr`` (rate limits) are the client's. With 0 those headers are ignored: a
  client cannot claim https or another address.
- Over https: HSTS, and cookies ``Secure`` with the ``__Host-`` prefix (only this host, path /).
  Over plain http (development) neither, or the browser would refuse the cookies.
"""
from __future__ import annotations

from flask import Flask, Request, Response, request
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

csrf = CSRFProtect()

#: Our pages load nothing from elsewhere: no CDNs, fonts, maps or trackers; no plugins; no
#: <base> (it would redirect every relative link).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; frame-ancestors 'self'; form-action 'self'; object-src 'none'; "
    "base-uri 'none'"
)
#: Browser features we never use are off; "Nær min position" asks for geolocation on our own
#: pages only.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(self), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
#: A year, subdomains included (ASVS 5.0 3.4.1); sent only on https answers.
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"
HOST_PREFIX = "__Host-"


def cookie_name(base: str, on: Request | None = None) -> str:
    """``base`` with the ``__Host-`` prefix over https (the browser then insists on Secure,
    path / and no Domain), plain ``base`` over http."""
    return HOST_PREFIX + base if (on or request).is_secure else base


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session whose cookie is ``__Host-session`` and ``Secure`` exactly
    when the request came over https (as seen through ProxyFix)."""

    def get_cookie_name(self, app: Flask) -> str:
        return cookie_name(super().get_cookie_name(app))

    def get_cookie_secure(self, app: Flask) -> bool:
        return request.is_secure

    def get_cookie_domain(self, app: Flask) -> str | None:
        return None  # host-only: required by __Host- and safer anyway

    def get_cookie_path(self, app: Flask) -> str:
        return "/"


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
    return response


def init_app(app: Flask) -> None:
    """CSRF on every form, security headers on every answer, https-aware cookies, ProxyFix."""
    csrf.init_app(app)
    app.session_interface = HttpsAwareSessionInterface()
    app.after_request(_security_headers)
    hops = int(app.config.get("TRUSTED_PROXIES") or 0)
    if hops:
        # Only For and Proto: nginx sets Host itself, and a Prefix/Host header it does not
        # overwrite would be the client's own claim.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]  # Flask's documented way
            app.wsgi_app, x_for=hops, x_proto=hops)
