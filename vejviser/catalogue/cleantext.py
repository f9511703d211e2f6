"""Text from outside (imports today, forms later): what we keep of it, and what we refuse.

* Control characters go: NUL, bell, escape, the C1 range, ... . They have no meaning in a
  description, PostgreSQL refuses NUL in text, and they can hide text from a reviewer or break a
  terminal or log line. Tab and newline stay where a text may have lines (descriptions, notes);
  in one-line fields (names, addresses, contact details: ``SINGLE_LINE_FIELDS``) they become a
  space.
* Every kind of line break (CR LF, CR, NEL, U+2028, U+2029) becomes ``\\n``.
* A lone UTF-16 surrogate (JSON's ``"\\ud800"``) is not a character: it cannot be stored, printed
  or logged as UTF-8. It is refused with a message (``surrogate_problem``), never cleaned away,
  since we cannot know what the text should have said.

``vejviser.catalogue.validation`` cleans every offer text field with ``clean_text``; the HSDS
import (``vejviser.hsds.intake``) cleans every string of a document before reading it.
"""
from __future__ import annotations

import re

#: Fields that hold one line: a tab or line break in them becomes a space.
SINGLE_LINE_FIELDS = frozenset({
    "name", "alternate_name", "url", "website", "email", "assurer_email", "verified_by", "number",
    "extension", "type", "title", "department", "address_1", "address_2", "city", "region",
    "state_province", "postal_code", "country",
})

LINE_BREAK = "\n"
#: C0 and C1 control characters (Unicode category Cc) -> None (dropped), line breaks -> "\n".
_TRANSLATION: dict[int, str | None] = {
    code: None for code in (*range(0x00, 0x20), *range(0x7F, 0xA0)) if chr(code) not in "\t\n"
}
_TRANSLATION.update({ord(c): LINE_BREAK for c in ("\r", "\x85", "\u2028", "\u2029")})
_TABS_AND_BREAKS = re.compile(r"[ \t\n]*[\t\n][ \t\n]*")


def clean_text(text: str, single_line: bool = False) -> str:
    """``text`` without control characters, every line break a ``\\n`` (or, with
    ``single_line``, every tab or line break, with the spaces around it, one space).

    Surrogates are left alone: ``surrogate_problem`` names them."""
    text = text.replace("\r\n", LINE_BREAK).translate(_TRANSLATION)
    return _TABS_AND_BREAKS.sub(" ", text) if single_line else text


def surrogate_problem(text: str) -> str | None:
    """A Danish message when ``text`` holds a lone surrogate, else None."""
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        return (f"indeholder et ugyldigt tegn ved tegn nr. {error.start + 1} (U+"
                f"{ord(text[error.start]):04X}, en halv UTF-16-surrogat, ikke et bogstav); "
                "ret teksten i kildefilen")
    return None
