"""A search the page could not read, said the way the form says it.

The search parser (``vejviser.search.params``) names the query parameter it could not read
(``'postcode' skal være …``), which suits the JSON API. The page names the field a person sees
("Postnummer skal være fire cifre"), marks that field ``aria-invalid`` and ties the message to it,
so a screen reader finds the problem at once.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _

from vejviser.local_time import EARLIEST_YEAR, LATEST_YEAR
from vejviser.messages import message_of
from vejviser.search import SearchParamError
from vejviser.web.messages import translate


@dataclass(frozen=True)
class FieldError:
    """What went wrong, in the page language, and the id of the form field it is about (``None``
    for a parameter the form has no field for, e.g. a hand-made ``page=0``)."""

    message: str
    field: str | None = None


#: Per parameter with a field of its own: the field's id and the message in the person's words.
#: The rest (checkbox codes, ``page``) can only be wrong in a hand-made address: the parser's
#: message says what is expected.
_MESSAGES: dict[str, tuple[str, Callable[[], str]]] = {
    "postcode": ("postcode", lambda: _("Postnummer skal være fire cifre, fx 5000.")),
    "open_at": ("open_at", lambda: _(
        "Åben på et tidspunkt skal være en dato og et klokkeslæt mellem år %(low)d og %(high)d, "
        "fx 2026-12-04 14:30.", low=EARLIEST_YEAR, high=LATEST_YEAR)),
    "radius_km": ("radius_km", lambda: _("Afstand skal være en af afstandene i listen.")),
    "near": ("postcode", lambda: _(
        "Din position kunne ikke bruges. Skriv et postnummer, eller tryk »Brug min position« "
        "igen.")),
}


def field_error(problem: SearchParamError) -> FieldError:
    """``problem`` as the page says it: the field's own name, or the parser's message."""
    known = _MESSAGES.get(problem.param or "")
    if known is None:
        return FieldError(translate(message_of(problem)))
    field, message = known
    return FieldError(message(), field)
