"""One language per command: Danish, or English with ``--lang en`` or an English locale.

The command line has no request, so Flask-Babel's locale selector cannot run; this module reads
the same compiled catalogue (``vejviser/translations``) through Babel directly. The texts are
Danish in the code (``_("...")``, ``ngettext("...", "...", n)``), extracted with the rest by
``pybabel extract`` (see ``vejviser/translations/README.md``).

Without ``--lang`` the locale decides, as POSIX programs do: the first of ``LC_ALL``,
``LC_MESSAGES`` and ``LANG`` that is set; ``en_*`` gives English, anything else (``da_DK``,
``C.UTF-8``) Danish.
"""
from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import click
from babel.support import Translations

from vejviser.messages import Message
from vejviser.resources import PACKAGE_DIR

LANGUAGES = ("da", "en")
_CHOICE_KEY = "vejviser.lang"


def locale_language(environ: Mapping[str, str] | None = None) -> str:
    """``en`` when the locale is English, else ``da``."""
    environ = os.environ if environ is None else environ
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable)
        if value:
            return "en" if value.lower().startswith("en") else "da"
    return "da"


def current_language() -> str:
    """The language of the command being run: ``--lang``, else the locale."""
    context = click.get_current_context(silent=True)
    chosen = context.meta.get(_CHOICE_KEY) if context is not None else None
    return str(chosen) if chosen else locale_language()


@lru_cache(maxsize=None)
def _catalogue(language: str) -> gettext.NullTranslations:
    if language == "da":  # the texts in the code are Danish
        return gettext.NullTranslations()
    return Translations.load(str(PACKAGE_DIR / "translations"), [language])


def _(text: str, **args: Any) -> str:
    """``text`` (Danish, with ``%(name)s`` placeholders) in the command's language."""
    translated = _catalogue(current_language()).gettext(text)
    return translated % args if args else translated


def ngettext(singular: str, plural: str, num: int, **args: Any) -> str:
    """The singular or plural form for ``num`` (``%(num)d`` is filled in)."""
    translated = _catalogue(current_language()).ngettext(singular, plural, num)
    return translated % {"num": num, **args}


def say(message: object) -> str:
    """A domain ``Message`` (search notices, setup problems) in the command's language."""
    if isinstance(message, Message):  # its arguments may be messages too
        return _(message.template, **{key: say(value) if isinstance(value, Message) else value
                                      for key, value in message.args.items()})
    return str(message)


def _remember(context: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value:
        context.meta[_CHOICE_KEY] = value


#: ``--lang da|en`` for every command (eager, so it also applies to errors in other options).
lang_option = click.option(
    "--lang", type=click.Choice(LANGUAGES), expose_value=False, is_eager=True,
    callback=_remember, help="Language of the messages (default: Danish, or English when the "
                             "locale is English).")
