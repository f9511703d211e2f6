"""Running a search on one searcher: match, filter, open state, distance, facets, one page.

Order matters for speed: the text query gives a mask of documents, keyword filters cut it with
mask intersections, distance and open state are evaluated only on what is left, and the page is
a bounded top-k of one score column (``scoring``). Sets are numpy arrays (``segments``).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import numpy as np
from whoosh.searching import Searcher

from vejviser.messages import Message
from vejviser.search import facets, geo, open_state, querying, scoring
from vejviser.search.params import SearchParams
from vejviser.search.schema import FREE_UNTIL_FORMAT
from vejviser.search.segments import view
from vejviser.search.synonyms import Synonyms

FILTERS = (("categories", "category"), ("target_groups", "target_group"),
           ("attributes", "attribute"), ("languages", "language"))
#: Fewer results than this, and "Mente du …?" is worked out.
SUGGEST_BELOW = 3
#: One hit: document number, score, and (distance in km, index of the measured place) or None.
DocHit = tuple[int, float, tuple[float, int] | None]


@dataclass(frozen=True)
class Found:
    """What a search found on one searcher, in the index's terms (document numbers); the
    search facade turns it into offer ids (``vejviser.search.SearchResult``)."""

    total: int
    hits: list[DocHit]
    facets: dict[str, dict[str, int]]
    suggestion: str | None
    notices: list[Message]


def run(searcher: Searcher, caches: dict[str, Any], params: SearchParams, synonyms: Synonyms,
        origin: geo.Point | None, moment: datetime | None) -> Found:
    """Search: the total, one page of hits, facet counts, a suggestion and notices."""
    reader = view(searcher, caches).lexicon()
    notices: list[Message] = []
    query, concepts = (querying.build_cached(reader, params.q, synonyms, caches)
                       if params.q else (None, []))
    allowed = _filtered(searcher, caches, params)
    if params.q and not concepts:
        return _empty([Message("Søgningen indeholder ingen ord, der kan søges på.")])
    if params.q and querying.word_count(params.q) > querying.MAX_WORDS:
        notices.append(Message("Kun de første %(count)d ord er brugt.", count=querying.MAX_WORDS))
    if query is not None:
        matched = allowed & docs_of(searcher, caches, query)
        if not matched.any() and len(concepts) > 1:
            query, _ = querying.build_cached(reader, params.q, synonyms, caches,
                                             require_all=False)
            matched = allowed & docs_of(searcher, caches, query)
            if matched.any():
                notices.append(Message("Ingen tilbud matcher alle ordene. "
                                       "Viser tilbud, der matcher nogle af dem."))
    else:
        matched = allowed.copy()
    open_places: dict[int, tuple[int, ...]] | None = None
    if moment is not None:
        # Open when any of the offer's places is open (a temporarily closed place never is);
        # which places are open matters only for distances.
        matched, open_places = open_state.open_at(view(searcher, caches), matched,
                                                  moment.timestamp(), places=origin is not None)
    distances: dict[int, tuple[float, int]] = {}
    if origin is not None:
        # With a time, the nearest *open* place is the one measured (and shown).
        matched, distances = _near(searcher, caches, matched, origin, params.radius_km,
                                   open_places)
    total = int(np.count_nonzero(matched))
    start = (params.page - 1) * params.per_page
    hits = _page(searcher, caches, query, matched, distances, params, start)
    suggestion = None
    if params.q and total < SUGGEST_BELOW:
        suggestion = querying.suggestion(reader, params.q, caches)
    corrected = sorted({fix for c in concepts for fix in c.corrections})
    if corrected and total:
        notices.append(Message("Søgte også efter: %(words)s.", words=", ".join(corrected[:5])))
    counts = facets.facet_counts(searcher, caches, matched) if params.facets else {}
    return Found(total=total, hits=hits, facets=counts, suggestion=suggestion, notices=notices)


def _empty(notices: list[Message]) -> Found:
    return Found(total=0, hits=[], facets={field: {} for field in facets.FACET_FIELDS},
                 suggestion=None, notices=notices)


def _mask(size: int, docs: Any) -> np.ndarray:
    mask = np.zeros(size, dtype=bool)
    mask[np.fromiter(docs, dtype=np.int64, count=len(docs))] = True
    return mask


def _filtered(searcher: Searcher, caches: dict[str, Any], params: SearchParams) -> np.ndarray:
    allowed = facets.all_docs(searcher, caches)
    for attribute, field in FILTERS:
        codes = getattr(params, attribute)
        table = facets.term_docs(searcher, caches, field) if codes else {}
        for code in codes:
            allowed = allowed & _mask(allowed.size, table.get(code, ()))
    if params.free_at is not None:  # free places tonight: a figure that still holds then
        now = params.free_at.astimezone(timezone.utc).strftime(FREE_UNTIL_FORMAT)
        free: set[int] = set()
        for until, docs in facets.term_docs(searcher, caches, "free_until").items():
            if until > now:
                free.update(int(doc) for doc in docs)
        allowed = allowed & _mask(allowed.size, free)
    return allowed


def docs_of(searcher: Searcher, caches: dict[str, Any], query: Any) -> np.ndarray:
    """The live documents matching ``query``, as a boolean mask. Masks of cached posting lists
    instead of Whoosh's matcher tree: the matcher visits every posting in Python."""
    ranker = scoring.Ranker(view(searcher, caches))
    if ranker.supports(query):
        return ranker.mask(query)
    live = view(searcher, caches).live
    return live & _mask(live.size, list(searcher.docs_for_query(query)))


def _near(searcher: Searcher, caches: dict[str, Any], docs: np.ndarray, origin: geo.Point,
          radius: float | None, open_places: dict[int, tuple[int, ...]] | None
          ) -> tuple[np.ndarray, dict[int, tuple[float, int]]]:
    """Documents within ``radius`` (all, without one) and each one's (distance, place index) to
    its nearest public point — among its open places when ``open_places`` is given."""
    table = facets.points(searcher, caches)
    box = geo.bounding_box(origin, radius) if radius is not None else None
    distances = {}
    for doc in np.flatnonzero(docs).tolist():
        found = table[doc]
        if not found:
            continue
        if open_places is not None:
            found = tuple(item for item in found if item[0] in open_places[doc])
        if box is not None:
            found = tuple(item for item in found if box[0] <= item[1][0] <= box[1]
                          and box[2] <= item[1][1] <= box[3])
        if not found:
            continue
        distance, index = min((geo.distance_km(origin, point), index) for index, point in found)
        if radius is None or distance <= radius:
            distances[doc] = (distance, index)
    if radius is not None:
        docs = _mask(docs.size, distances)  # a radius leaves out offers without a public place
    return docs, distances


def _name_rank(searcher: Searcher, caches: dict[str, Any]) -> np.ndarray:
    """Every document's place in name order (sorted once per searcher)."""
    if "name-rank" not in caches:
        names = facets.column(searcher, caches, "sort_name")
        order = sorted(range(len(names)), key=names.__getitem__)
        rank = np.empty(len(names), dtype=np.int64)
        rank[np.asarray(order, dtype=np.int64)] = np.arange(len(names))
        caches["name-rank"] = rank
    return caches["name-rank"]


def _page(searcher: Searcher, caches: dict[str, Any], query: Any, matched: np.ndarray,
          distances: dict[int, tuple[float, int]], params: SearchParams,
          start: int) -> list[DocHit]:
    end = start + params.per_page
    docs = np.flatnonzero(matched)
    if not len(docs) or start >= len(docs):
        return []
    if params.sort == "distance":
        rank = _name_rank(searcher, caches)
        order = sorted(docs.tolist(), key=lambda d: (d not in distances,
                                                     distances[d][0] if d in distances else 0.0,
                                                     rank[d]))
        return [(doc, 0.0, distances.get(doc)) for doc in order[start:end]]
    if query is None:
        rank = _name_rank(searcher, caches)[docs]
        if len(docs) > end:
            chosen = np.argpartition(rank, end - 1)[:end]
            docs, rank = docs[chosen], rank[chosen]
        ordered = docs[np.argsort(rank, kind="stable")].tolist()
        return [(doc, 0.0, distances.get(doc)) for doc in ordered[start:end]]
    ranker = scoring.Ranker(view(searcher, caches))
    if not ranker.supports(query):  # a query shape the ranker does not know: let Whoosh score
        results = searcher.search(query, filter=set(docs.tolist()), limit=end)
        return [(hit.docnum, float(hit.score or 0.0), distances.get(hit.docnum))
                for hit in results[start:end]]
    best = scoring.top(docs, ranker.column(query)[docs], end)
    return [(doc, score, distances.get(doc)) for doc, score in best[start:end]]
