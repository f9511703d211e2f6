"""Keeping CPR numbers out of everything we store and log.

Professionals type with a citizen beside them; a CPR number pasted into a search box or a
correction must never end up in the database or a log file. One detector serves every place
where text from the public is stored (``looks_like_cpr``) and every log (``redact_cpr``).

People and keyboards write the same number in many ways: "010190-1234", "01 01 90 1234",
"01.01.90-1234", "010190–1234" (an en dash from a word processor), fullwidth digits from an Asian
input method, a no-break space from a copied web page. The text is first normalised character by
character — every Unicode decimal digit to 0-9, every dash to "-", every space (and invisible
format character) to " ", every dot-like mark to "." — so one pattern sees them all, and a match
still points at the same positions in the original text.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: What a CPR number is replaced with in logs.
REDACTED = "[cpr]"

#: Between the date groups and before the serial number: a short run of spaces, dots, dashes or
#: slashes (after normalisation). The four-digit serial itself is never split: "24.12.25 10-14"
#: (a date and opening hours) is not a CPR number.
_SEPARATOR = r"[ .\-/]{0,3}"
_CPR = re.compile(
    r"(?<!\d)(?:0[1-9]|[12]\d|3[01])" + _SEPARATOR + r"(?:0[1-9]|1[0-2])" + _SEPARATOR
    + r"\d{2}" + _SEPARATOR + r"\d{4}(?!\d)"
)
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_DOTS = "\u00b7\u2024\u2027\u3002\ufe52\uff0e\uff61"
_SLASHES = "\u2044\u2215\uff0f"


@lru_cache(maxsize=4096)
def _normal_char(char: str) -> str:
    """One character in the detector's alphabet (always exactly one character)."""
    digit = unicodedata.decimal(char, None)
    if digit is not None:
        return str(digit)
    if char in _DASHES or unicodedata.category(char) == "Pd":
        return "-"
    if char in _DOTS:
        return "."
    if char in _SLASHES:
        return "/"
    if char.isspace() or unicodedata.category(char) in ("Zs", "Cf"):
        return " "  # no-break, thin and ideographic spaces; zero-width and soft hyphens
    return char


def normalise(text: str) -> str:
    """``text`` with digits, dashes, dots, slashes and spaces in plain ASCII, same length."""
    if text.isascii():
        return text
    return "".join(_normal_char(char) for char in text)


def looks_like_cpr(text: str) -> bool:
    """True when ``text`` holds something shaped like a CPR number (DDMMYY-SSSS, any writing)."""
    return _CPR.search(normalise(text)) is not None


def redact_cpr(text: str) -> str:
    """``text`` with every CPR-shaped number replaced by ``[cpr]`` (for log lines)."""
    normal = normalise(text)
    spans = [match.span() for match in _CPR.finditer(normal)]
    if not spans:
        return text
    pieces, position = [], 0
    for start, end in spans:
        pieces.append(text[position:start])
        pieces.append(REDACTED)
        position = end
    pieces.append(text[position:])
    return "".join(pieces)
