"""Danish first, English second: locale selection with Flask-Babel."""
from __future__ import annotations

from flask import Flask, request
from flask_babel import Babel

from vejviser.resources import PACKAGE_DIR

babel = Babel()


def select_locale() -> str:
    """``?lang=`` wins, then the ``lang`` cookie; otherwise Danish (never guessed from headers,
    so a professional's shared link looks the same for the citizen)."""
    from flask import current_app

    supported = current_app.config["LANGUAGES"]
    for candidate in (request.args.get("lang"), request.cookies.get("lang")):
        if candidate in supported:
            return candidate
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app: Flask) -> None:
    """Bind Flask-Babel with our locale selector and the catalogues shipped in the package."""
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(PACKAGE_DIR / "translations"))
    babel.init_app(app, locale_selector=select_locale)
