"""The query mix of the load and speed benchmarks: 61 distinct words in 32 queries.

One file, so that before and after (and the operations issue's figures) run the same searches.
The words are what professionals and citizens type (see ``tests/search/relevance.toml``): kinds
of offer, target groups, towns, organisations, needs, two typos and a short phrase or two. The
generated catalogue (``catalogue_generator``) uses the same vocabulary, so common words match
thousands of offers and rare ones a few.
"""
from __future__ import annotations

from urllib.parse import urlencode

from benchmarks.catalogue_generator import KINDS

QUERIES = [
    "varmestue", "krisecenter", "herberg aalborg", "sovested i nat", "rene sprøjter",
    "korshaer", "hjemløse", "kvinder udsat for vold", "misbrugsbehandling", "bostøtte",
    "julegaver til børn", "grønlændere", "varm mad", "herbreg", "natcafe",
    "rådgivning om økonomi", "fællesskab for ensomme ældre", "gadeteam odense",
    "bad og tøjvask", "frivillige", "gratis kaffe",
    "anonym samtale", "psykisk sårbare", "unge hjemløse", "blå kors", "frelsens hær",
    "værested københavn", "alkohol og stoffer", "kontakt med kommunen",
    "en seng for natten", "julehjælp esbjerg", "reden",
]
#: Categories the filtered mix cycles through (the generator's kinds).
CATEGORIES = [code for code, _ in KINDS]
#: A moment with both day and night offers open (the filtered mix asks "open now" at it, so
#: runs on different days compare: ``open_at`` is the same computation as ``open_now``).
OPEN_AT = "2026-12-07T12:00"


def distinct_words() -> list[str]:
    """Every distinct word of the mix, in order of first use."""
    seen: dict[str, None] = {}
    for query in QUERIES:
        seen.update(dict.fromkeys(query.split()))
    return list(seen)


def api_paths() -> list[str]:
    """``/api/v1/search`` for each query (facets on: what the API returns by default)."""
    return [f"/api/v1/search?{urlencode({'q': q})}" for q in QUERIES]


def filtered_paths() -> list[str]:
    """The same queries with one category and "open now" each (a fixed moment, see OPEN_AT)."""
    return [f"/api/v1/search?{urlencode(query)}"
            for query in ({"q": q, "category": CATEGORIES[i % len(CATEGORIES)], "open_at": OPEN_AT}
                          for i, q in enumerate(QUERIES))]


def page_paths() -> list[str]:
    """The HTML search page for each query."""
    return [f"/?{urlencode({'q': q})}" for q in QUERIES]


def baseline_paths() -> list[str]:
    """The frozen FTS5 endpoint (``fts_baseline``) for each query."""
    return [f"/search?{urlencode({'q': q})}" for q in QUERIES]
