"""What the domain tells people (search notices, parameter errors), Danish first, translatable.

Code outside the web (``search``, ``local_time``) has no request and must not depend on
Flask-Babel, so it cannot call ``gettext``. It says a :class:`Message` instead: the Danish text,
which also remembers its template and arguments. Everything that wants a string (the JSON API,
logs, the command line) gets the Danish text as before; the web layer translates the template
for the page language (``vejviser.web.messages.translate``). ``pybabel extract -k Message``
collects the templates, so each must be a string literal in the ``Message(...)`` call.
"""
from __future__ import annotations

from typing import Any


class Message(str):
    """Danish text (``%(name)s`` placeholders filled in) that keeps ``template`` and ``args``.

    >>> m = Message("Postnummer %(postcode)s kender vi ikke.", postcode="0999")
    >>> str(m), m.args
    ('Postnummer 0999 kender vi ikke.', {'postcode': '0999'})
    """

    template: str
    args: dict[str, Any]

    def __new__(cls, template: str, **args: Any) -> Message:
        self = super().__new__(cls, template % args if args else template)
        self.template = template
        self.args = args
        return self

    def __reduce__(self) -> tuple[Any, ...]:  # pickle and copy keep template and arguments
        return (_rebuild, (self.template, self.args))


def _rebuild(template: str, args: dict[str, Any]) -> Message:
    return Message(template, **args)


def message_of(error: BaseException) -> str:
    """The message an exception was raised with (a ``Message`` when it was given one)."""
    first = error.args[0] if error.args else ""
    return first if isinstance(first, str) else str(error)
