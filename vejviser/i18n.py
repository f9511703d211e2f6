"""Danish first, English second: locale selection with Flask-Babel."""
from __future__ import annotations

from flask import Flask, Response, request
from flask_babel import Babel

from vejviser.resources import PACKAGE_DIR
from vejviser.security import cookie_name

babel = Babel()


def select_locale() -> str:
    """``?lang=`` wins, then the ``lang`` cookie; otherwise Danish (never guessed from headers,
    so a professional's shared link looks the same for the citizen)."""
    from flask import current_app

    supported = current_app.config["LANGUAGES"]
    for candidate in (request.args.get("lang"), request.cookies.get(cookie_name("lang"))):
        if candidate and candidate in supported:
            return candidate
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app: Flask) -> None:
    """Bind Flask-Babel with our locale selector and the catalogues shipped in the package."""
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(PACKAGE_DIR / "translations"))
    babel.init_app(app, locale_selector=select_locale)
    app.after_request(remember_choice)


#: The language cookie is the only cookie a visitor gets for searching (see the privacy page).
LANG_COOKIE_AGE = 365 * 24 * 3600


def remember_choice(response: Response) -> Response:
    """A ``?lang=`` choice is kept in the ``lang`` cookie, so the next page stays in it."""
    from flask import current_app

    if request.path.startswith("/api/") or request.path == "/embed":
        return response  # machines and partner sites' frames get no cookie (lang is per request)
    chosen = request.args.get("lang")
    name = cookie_name("lang")  # __Host-lang over https
    if chosen and chosen in current_app.config["LANGUAGES"] and request.cookies.get(name) != chosen:
        response.set_cookie(name, chosen, max_age=LANG_COOKIE_AGE, samesite="Lax",
                            secure=request.is_secure, httponly=True, path="/")
    return response
