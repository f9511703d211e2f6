"""Danish public holidays, plus the holiday-like days an offer chooses (24 Dec, 31 Dec, 5 June).

The `holidays` package builds a whole year at a time and is slow compared with a dict
lookup, so each (year, language) is built once and cached for the life of the process.
"""
from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays as _holidays_pkg

_LANGS = {"da": "da", "en": "en_US"}

# Names for extra days that the package does not name in its "optional" category
# (an offer may pick any MM-DD); a neutral note is better than none.
_FALLBACK_EXTRA = {"da": "Behandles som helligdag", "en": "Treated as a public holiday"}


@lru_cache(maxsize=64)
def _public(year: int, lang: str) -> dict[date, str]:
    # Official public holidays only: Store Bededag is present up to 2023, absent from 2024.
    return dict(_holidays_pkg.country_holidays("DK", years=year, language=_LANGS[lang]))


@lru_cache(maxsize=64)
def _optional(year: int, lang: str) -> dict[str, str]:
    # 24 Dec, 31 Dec, 5 June and 1 May live in the "optional" category; keyed by MM-DD so
    # an offer's configured extra days can be named.
    days = _holidays_pkg.country_holidays(
        "DK", years=year, language=_LANGS[lang], categories=("optional",)
    )
    return {d.strftime("%m-%d"): name for d, name in days.items()}


def holiday_name(day: date, extra: frozenset[str] = frozenset(), lang: str = "da") -> str | None:
    """The name if ``day`` is a public holiday or one of the offer's ``extra`` MM-DD days.

    Returns None on ordinary days. Extra days get the package's name where it has one
    ("Juleaftensdag") and a neutral "treated as a holiday" note otherwise.
    """
    lang = _lang(lang)
    name = _public(day.year, lang).get(day)
    if name is not None:
        return name
    if extra:
        md = day.strftime("%m-%d")
        if md in extra:
            return _optional(day.year, lang).get(md) or _FALLBACK_EXTRA[lang]
    return None


def _lang(lang: str) -> str:
    return lang if lang in _LANGS else "da"
