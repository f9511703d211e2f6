"""Running a search on one searcher: match, filter, open state, distance, facets, one page.

Order matters for speed: the text query gives a set of documents, keyword filters cut it with
set intersections, distance and open state are evaluated only on what is left, and only the
requested page is scored in full.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from whoosh import query as wq
from whoosh.searching import Searcher

from vejviser.messages import Message
from vejviser.search import facets, geo, memo, querying, scoring
from vejviser.search.params import SearchParams
from vejviser.search.schema import FREE_UNTIL_FORMAT
from vejviser.search.synonyms import Synonyms

FILTERS = (("categories", "category"), ("target_groups", "target_group"),
           ("attributes", "attribute"), ("languages", "language"))
#: Fewer results than this, and "Mente du …?" is worked out.
SUGGEST_BELOW = 3


def run(searcher: Searcher, caches: dict[str, Any], params: SearchParams, synonyms: Synonyms,
        origin: geo.Point | None, moment: datetime | None) -> dict[str, Any]:
    """Search; returns total, hits as (docnum, score, (distance, place index) or None), facets,
    suggestion, notices."""
    reader = searcher.reader()
    notices: list[Message] = []
    query, concepts = (querying.build(reader, params.q, synonyms, caches=caches)
                       if params.q else (None, []))
    allowed = _filtered(searcher, caches, params)
    if params.q and not concepts:
        return _empty([Message("Søgningen indeholder ingen ord, der kan søges på.")])
    if params.q and querying.word_count(params.q) > querying.MAX_WORDS:
        notices.append(Message("Kun de første %(count)d ord er brugt.", count=querying.MAX_WORDS))
    if query is not None:
        matched = _matches(searcher, caches, query, allowed)
        if not matched and len(concepts) > 1:
            query, _ = querying.build(reader, params.q, synonyms, require_all=False, caches=caches)
            matched = _matches(searcher, caches, query, allowed)
            if matched:
                notices.append(Message("Ingen tilbud matcher alle ordene. "
                                       "Viser tilbud, der matcher nogle af dem."))
    else:
        matched = set(allowed)
    open_places: dict[int, tuple[int, ...]] | None = None
    if moment is not None:
        # Open when any of the offer's places is open (a temporarily closed place never is).
        ts = moment.timestamp()
        open_places = {}
        for doc in matched:
            found = facets.place_hours(searcher, caches, doc).open_at(ts)
            if found:
                open_places[doc] = found
        matched = set(open_places)
    distances: dict[int, tuple[float, int]] = {}
    if origin is not None:
        # With a time, the nearest *open* place is the one measured (and shown).
        matched, distances = _near(searcher, caches, matched, origin, params.radius_km,
                                   open_places)
    total = len(matched)
    start = (params.page - 1) * params.per_page
    hits = _page(searcher, caches, query, matched, distances, params, start)
    suggestion = None
    if params.q and total < SUGGEST_BELOW:
        suggestion = querying.suggestion(reader, params.q, caches)
    corrected = sorted({fix for c in concepts for fix in c.corrections})
    if corrected and total:
        notices.append(Message("Søgte også efter: %(words)s.", words=", ".join(corrected[:5])))
    counts = facets.facet_counts(searcher, caches, matched) if params.facets else {}
    return {"total": total, "hits": hits, "facets": counts,
            "suggestion": suggestion, "notices": notices}


def _empty(notices: list[Message]) -> dict[str, Any]:
    return {"total": 0, "hits": [], "facets": {field: {} for field in facets.FACET_FIELDS},
            "suggestion": None, "notices": notices}


def _filtered(searcher: Searcher, caches: dict[str, Any], params: SearchParams) -> frozenset[int]:
    allowed = facets.all_docs(searcher, caches)
    for attribute, field in FILTERS:
        table = facets.term_docs(searcher, caches, field)
        for code in getattr(params, attribute):
            allowed = allowed & table.get(code, frozenset())
    if params.free_at is not None:  # free places tonight: a figure that still holds then
        now = params.free_at.astimezone(timezone.utc).strftime(FREE_UNTIL_FORMAT)
        free = [docs for until, docs in facets.term_docs(searcher, caches, "free_until").items()
                if until > now]
        allowed = allowed & frozenset().union(*free)
    return allowed


def _matches(searcher: Searcher, caches: dict[str, Any], query: Any,
             allowed: frozenset[int]) -> set[int]:
    # Set algebra on cached posting lists instead of walking Whoosh's matcher tree: the
    # matcher visits every posting in Python, sets do the same work in C.
    return set(_docs(searcher, caches, query) & allowed)


def _docs(searcher: Searcher, caches: dict[str, Any], query: Any) -> frozenset[int]:
    if isinstance(query, wq.Term):
        def compute() -> frozenset[int]:
            reader = searcher.reader()
            if (query.fieldname, query.text) not in reader:
                return frozenset()
            ids = reader.postings(query.fieldname, query.text).all_ids()
            return frozenset(ids) - deleted(searcher, caches)

        return memo.remember(caches, "postings", (query.fieldname, query.text), compute)
    if isinstance(query, wq.AndMaybe):
        return _docs(searcher, caches, query.a)
    if isinstance(query, wq.And):
        sets = sorted((_docs(searcher, caches, sub) for sub in query.subqueries), key=len)
        return frozenset.intersection(*sets) if sets else frozenset()
    if isinstance(query, wq.Or):
        return frozenset().union(*(_docs(searcher, caches, sub) for sub in query.subqueries))
    if query is wq.NullQuery:
        return frozenset()
    return frozenset(searcher.docs_for_query(query))


def deleted(searcher: Searcher, caches: dict[str, Any]) -> frozenset[int]:
    """Document numbers deleted but not yet merged away (posting lists still hold them)."""
    if "deleted" not in caches:
        reader = searcher.reader()
        caches["deleted"] = (frozenset(doc for doc in range(reader.doc_count_all())
                                       if reader.is_deleted(doc))
                             if reader.has_deletions() else frozenset())
    return caches["deleted"]


def _near(searcher: Searcher, caches: dict[str, Any], docs: set[int], origin: geo.Point,
          radius: float | None, open_places: dict[int, tuple[int, ...]] | None
          ) -> tuple[set[int], dict[int, tuple[float, int]]]:
    """Documents within ``radius`` (all, without one) and each one's (distance, place index) to
    its nearest public point — among its open places when ``open_places`` is given."""
    table = facets.points(searcher, caches)
    box = geo.bounding_box(origin, radius) if radius is not None else None
    distances = {}
    for doc in docs:
        found = table.get(doc)
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
        docs = set(distances)  # a radius leaves out offers without a public place
    return docs, distances


def _page(searcher: Searcher, caches: dict[str, Any], query: Any, matched: set[int],
          distances: dict[int, tuple[float, int]], params: SearchParams,
          start: int) -> list[tuple[int, float, tuple[float, int] | None]]:
    end = start + params.per_page
    if not matched or start >= len(matched):
        return []
    if params.sort == "distance":
        names = facets.column(searcher, caches, "sort_name")
        order = sorted(matched, key=lambda d: (d not in distances,
                                               distances[d][0] if d in distances else 0.0,
                                               names[d]))
        return [(doc, 0.0, distances.get(doc)) for doc in order[start:end]]
    if query is None:
        names = facets.column(searcher, caches, "sort_name")
        order = sorted(matched, key=lambda d: names[d])
        return [(doc, 0.0, distances.get(doc)) for doc in order[start:end]]
    ranker = scoring.Ranker(searcher, caches, lambda node: _docs(searcher, caches, node),
                            deleted(searcher, caches))
    if not ranker.supports(query):  # a query shape the ranker does not know: let Whoosh score
        results = searcher.search(query, filter=matched, limit=end)
        return [(hit.docnum, float(hit.score or 0.0), distances.get(hit.docnum))
                for hit in results[start:end]]
    best = scoring.top(ranker.scores(query, matched), end)
    return [(doc, score, distances.get(doc)) for doc, score in best[start:end]]
