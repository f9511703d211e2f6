"""The search form's options and state: vocabularies, quick attributes, active-filter chips.

The form is echoed back from ``request.args`` (what the person chose), while the search itself
runs on the parsed ``SearchParams``; so a half-valid request still shows every choice made.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from babel import Locale
from flask import current_app, request
from flask_babel import gettext as _

from vejviser.catalogue.taxonomy import languages_in_use, vocabulary_terms
from vejviser.db import db
from vejviser.web.public.templating import url_with

#: Attributes offered as one-click checkboxes (the issue's gratis / anonym / uden visitation).
QUICK_ATTRIBUTES = ("gratis", "anonym", "uden-visitation")
RADII_KM = (1, 2, 5, 10, 25, 50)
#: Query arguments that are filters (everything but the text, paging and the list).
FILTER_KEYS = ("category", "target_group", "attribute", "language", "open_now", "open_at",
               "postcode", "near", "radius_km", "free_tonight")


@dataclass
class Option:
    """One checkbox: value, label, facet count (``None``: not counted) and whether it is on."""

    value: str
    label: str
    count: int | None = None
    checked: bool = False


@dataclass
class Chip:
    """An active filter shown above the results, with a link that removes it."""

    label: str
    remove_url: str


@dataclass
class FilterForm:
    """Everything the filter part of the search page shows."""

    categories: list[Option] = field(default_factory=list)
    target_groups: list[Option] = field(default_factory=list)
    attributes: list[Option] = field(default_factory=list)
    languages: list[Option] = field(default_factory=list)
    chips: list[Chip] = field(default_factory=list)


#: Filter vocabularies change rarely; a national catalogue makes the language scan cost ~5 ms.
VOCABULARY_TTL_S = 60.0


@dataclass(frozen=True)
class Term:
    """A taxonomy term as plain values (safe to keep between requests)."""

    code: str
    name: str
    name_en: str

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name


def _vocabularies() -> dict[str, list]:
    """Terms per vocabulary and the languages in use, cached per app for ``VOCABULARY_TTL_S``."""
    cache = current_app.extensions.setdefault("vejviser.public.vocabularies", {})
    if cache and time.monotonic() - cache["at"] < VOCABULARY_TTL_S:
        return cache["data"]
    data: dict[str, list] = {}
    for vocabulary in ("category", "target_group", "attribute"):
        data[vocabulary] = [Term(t.code, t.name, t.name_en)
                            for t in vocabulary_terms(db.session(), vocabulary)]
    data["language"] = languages_in_use(db.session())
    cache.update(at=time.monotonic(), data=data)
    return data


def _terms(vocabulary: str) -> list[Term]:
    return _vocabularies()[vocabulary]


def _language_codes() -> list[str]:
    return _vocabularies()["language"]


def language_name(code: str, lang: str) -> str:
    """``kl`` -> "grønlandsk"/"Greenlandic", from Babel's CLDR data (no list of our own)."""
    name = Locale.parse(lang).languages.get(code, code)
    return name[:1].upper() + name[1:]


def build_filter_form(facets: dict[str, dict[str, int]], lang: str) -> FilterForm:
    """Options for each filter with facet counts, and chips for the filters that are on."""
    args = request.args
    form = FilterForm()

    def options(key: str, items: list[tuple[str, str]]) -> list[Option]:
        chosen = set(args.getlist(key))
        counts = facets.get(key)
        return [Option(value, label, (counts or {}).get(value, 0) if counts is not None else None,
                       value in chosen) for value, label in items]

    form.categories = options("category", [(t.code, t.label(lang)) for t in _terms("category")])
    form.target_groups = options(
        "target_group", [(t.code, t.label(lang)) for t in _terms("target_group")])
    attribute_terms = {t.code: t for t in _terms("attribute")}
    form.attributes = options("attribute", [(code, attribute_terms[code].label(lang))
                                            for code in QUICK_ATTRIBUTES
                                            if code in attribute_terms])
    form.languages = options("language", [(code, language_name(code, lang))
                                          for code in _language_codes()])
    for key, group in (("category", form.categories), ("target_group", form.target_groups),
                       ("attribute", form.attributes), ("language", form.languages)):
        for option in group:
            if option.checked:
                rest = [value for value in args.getlist(key) if value != option.value]
                form.chips.append(Chip(option.label, url_with(**{key: rest or None})))
    if args.get("open_now"):
        form.chips.append(Chip(_("Åben nu"), url_with(open_now=None)))
    if args.get("free_tonight"):
        form.chips.append(Chip(_("Ledig plads i nat"), url_with(free_tonight=None)))
    if args.get("open_at"):
        form.chips.append(Chip(_("Åben %(when)s", when=args["open_at"].replace("T", " ")),
                               url_with(open_at=None)))
    if args.get("postcode"):
        form.chips.append(Chip(_("Nær %(postcode)s", postcode=args["postcode"]),
                               url_with(postcode=None)))
    if args.get("near"):
        form.chips.append(Chip(_("Nær min position"), url_with(near=None)))
    return form


def has_filters() -> bool:
    """True when any filter (not just text) is on."""
    return any(request.args.get(key) for key in FILTER_KEYS)
