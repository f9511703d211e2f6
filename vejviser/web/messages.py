"""Domain messages (``vejviser.messages.Message``) in the page language.

Search notices and parameter errors are made outside the web, in Danish, as ``Message`` strings
that keep their template. Here the template is looked up in the catalogue and filled in, so an
English page says "Postcode 0999 is unknown to us …". ``pybabel extract -k Message`` puts the
templates in the catalogue (see ``vejviser/translations/README.md``). A plain string (not a
``Message``) is shown as it is.
"""
from __future__ import annotations

from flask_babel import get_locale, gettext

from vejviser.messages import Message


def translate(message: object) -> str:
    """``message`` in the current locale: its template translated, then its arguments."""
    if isinstance(message, Message):
        return gettext(message.template, **message.args)
    return "" if message is None else str(message)


def current_lang() -> str:
    """The page language: ``da`` or ``en``."""
    return str(get_locale() or "da")
