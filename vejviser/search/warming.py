"""Warming a new searcher before it serves (``searchers.SharedSearcher.refresh``).

What a search needs of a searcher is assembled on first use and kept while the searcher lives
(``segments.View``). A new searcher after an edit would assemble it on its first searches; the
warmer does it first, off any request's time:

* what every search uses: a search for everything with facets and "open now" (the live mask,
  keyword tables, the new segment's compiled hours, the name order, the page's ids);
* the built queries and typo corrections kept across searchers, checked against the new
  segment (and built again where it changes them: ``carry.refresh``);
* the terms searches were using: their postings and document frequencies over the previous
  searcher's segments plus the new one (``View.carry_from``), and the masks and score columns
  in the previous view's cache, worked out again over the new statistics (scores must stay
  Whoosh's, so they are not copied) — most recently used first, within ``WARM_SECONDS``.

This is Lucene's warmer and Solr's autowarming of its caches from the old searcher's.
"""
from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from whoosh.searching import Searcher

from vejviser.local_time import COPENHAGEN
from vejviser.search import carry, engine, facets, scoring
from vejviser.search.params import SearchParams
from vejviser.search.segments import view
from vejviser.search.synonyms import Synonyms

#: The memo tables of results kept across searchers (``carry``): queries first (one still
#: valid needs none of its corrections checked; one built again checks its own), then the
#: corrections of words searched alone, as far as the budget goes.
CARRIED = ("queries", "corrections")
#: At most this long (seconds) is spent on what was kept and the previous searcher's terms:
#: a cache full of long score columns (100,000 offers) stops there, and the rest is assembled
#: on first use.
WARM_SECONDS = 0.1


def warm(searcher: Searcher, caches: dict[str, Any], previous: dict[str, Any],
         budget: float = WARM_SECONDS) -> None:
    """Assemble in ``caches`` what searches on ``searcher`` use, and the terms the searcher
    whose caches were ``previous`` was using."""
    everything = engine.run(searcher, caches, SearchParams(), Synonyms(), None,
                            datetime.now(COPENHAGEN))
    if everything.hits:
        facets.values(searcher, caches, "id", [doc for doc, _, _ in everything.hits])
    old = previous.get("view")
    new = view(searcher, caches)
    deadline = time.monotonic() + budget
    carry.refresh(caches, new, CARRIED, deadline)
    if old is None:
        return
    new.carry_from(old, deadline)
    for key in old.cache.keys():
        if time.monotonic() >= deadline:
            break
        if isinstance(key, tuple) and key[0] == "scores":
            scoring.term_scores(new, key[1], key[2])
        elif isinstance(key, tuple) and key[0] == "mask":
            new.term_mask(key[1], key[2])
