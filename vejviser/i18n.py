"""Danish first, English second: locale selection with Flask-Babel."""
from __future__ import annotations

from flask import Flask, Response, request
from flask_babel import Babel

from vejviser.resources import PACKAGE_DIR

babel = Babel()


def select_locale() -> str:
    """``?lang=`` wins, then the ``lang`` cookie; otherwise Danish (never guessed from headers,
    so a professional's shared link looks the same for the citizen)."""
    from flask import current_app

    supported = current_app.config["LANGUAGES"]
    for candidate in (request.args.get("lang", ""), request.cookies.get("lang", "")):
        if candidate in supported:
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

    chosen = request.args.get("lang", "")
    if chosen in current_app.config["LANGUAGES"] and request.cookies.get("lang") != chosen:
        response.set_cookie("lang", chosen, max_age=LANG_COOKIE_AGE, samesite="Lax",
                            secure=request.is_secure, httponly=True)
    return response
