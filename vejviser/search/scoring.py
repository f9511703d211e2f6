"""Ranking in arrays: per-term BM25F scores computed in C, summed the way Whoosh's matchers sum.

Whoosh's collector walks its matcher tree posting by posting in Python; at 20,000 offers a common
word (a few thousand matches) cost 100-300 ms a query. Here a term's scores are one vectorised
BM25F over its posting arrays (with the searcher's own statistics, so the numbers are Whoosh's)
and a query's score column is the sum over its term leaves, exactly as Whoosh's And/Or/AndMaybe
matchers add them up, including the coordination bonus of an ``Or(scale=...)``. Every column is
as long as the index and zero where its node does not match; the best page is a bounded top-k.
"""
from __future__ import annotations

from math import log
from typing import Any, cast

import numpy as np
from whoosh import query as wq
from whoosh.scoring import BM25F, BM25FScorer

from vejviser.search.segment_arrays import pair_size
from vejviser.search.segments import View

#: Bytes a term's entry counts when its arrays are counted under its posting list's shared
#: entry (``_term_entry``).
SHARED_ENTRY = 300


def term_scores(view: View, fieldname: str, text: str) -> tuple[np.ndarray, np.ndarray]:
    """``(live ids, scores)`` of one term, kept while the searcher lives (bounded by bytes)."""
    shared, entry = view.cache.remember(("scores", fieldname, text),
                                        lambda: _term_entry(view, fieldname, text), _entry_size)
    if shared is not None and view.cache.get(shared) is None:
        # Touched with every use of its terms, the shared entry is the last of them to go;
        # should it have gone, the arrays are counted there again.
        view.cache.put(shared, entry, pair_size(entry[1]))
    return cast("tuple[np.ndarray, np.ndarray]", entry[1])


def _entry_size(entry: tuple[Any, Any]) -> int:
    return SHARED_ENTRY if entry[0] is not None else pair_size(entry[1][1])


def _term_entry(view: View, fieldname: str, text: str) -> tuple[Any, Any]:
    """``(shared key or None, (postings ids, (live ids, scores)))`` of one term.

    Identical posting lists are one object (``postings.term_postings``: a word's variants,
    "aeld"/"aeldr"/"aeldre"): with the same document frequency their scores are the same, kept
    once under a shared key with their bytes; each term's entry then counts only itself (its
    arrays were counted twice, and a query mix's terms did not fit in the cache). The shared
    entry holds the postings' ``ids``, so no other array can take its ``id`` while the key is
    in use."""
    searcher = view.searcher
    ids, weights = view.postings(fieldname, text)
    if not len(ids):
        return None, (ids, (ids, weights))
    if _plain_bm25f(searcher.weighting, searcher, fieldname):
        # BM25FScorer's statistics, from what the view already holds: Whoosh's own scorer
        # reads the term's info from every segment again (a millisecond a term, on every new
        # searcher).
        frequency = view.doc_frequency(fieldname, text)
        key = ("bm25", fieldname, id(ids), frequency)
        shared = view.cache.remember(key, lambda: (ids, _bm25(view, fieldname, ids, weights,
                                                              frequency)),
                                     lambda found: pair_size(found[1]))
        return key, shared
    live, tf = _live(view, ids, weights)
    weighting = searcher.weighting
    scorer = weighting.scorer(searcher, fieldname, text)
    if not isinstance(scorer, BM25FScorer):  # another model: let it score one by one
        return None, (ids, (live, _scored_one_by_one(searcher, fieldname, text, scorer, live)))
    idf, k1, b, avgfl = scorer.idf, scorer.K1, scorer.B, scorer.avgfl
    lengths = view.lengths(fieldname)[live]
    # whoosh.scoring.bm25, over the whole posting list at once.
    scores = idf * ((tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * lengths / avgfl)))
    return None, (ids, (live, scores))


def _live(view: View, ids: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The postings of live documents, weights as doubles (float32 would round the sums)."""
    if view.deletions:
        keep = view.live[ids]
        ids, weights = ids[keep], weights[keep]
    return ids, weights.astype(np.float64)


def _bm25(view: View, fieldname: str, ids: np.ndarray, weights: np.ndarray,
          frequency: int) -> tuple[np.ndarray, np.ndarray]:
    """``(live ids, scores)``: ``whoosh.scoring.bm25`` with its length part looked up, the same
    operations on the same numbers, so the same scores to the last bit."""
    ids, tf = _live(view, ids, weights)
    idf = log(view.size / (frequency + 1)) + 1
    k1 = view.searcher.weighting.K1
    return ids, idf * ((tf * (k1 + 1)) / (tf + _length_parts(view, fieldname)[ids]))


def _length_parts(view: View, fieldname: str) -> np.ndarray:
    """BM25's length part ``K1 * ((1 - B) + B * length / average length)`` of every document
    in ``fieldname``: the same for every term of the field, so worked out once per view."""
    key = ("bm25-lengths", fieldname)
    found = view.assembled.get(key)
    if found is None:
        weighting = view.searcher.weighting
        k1, b = weighting.K1, weighting.B
        avgfl = view.field_length(fieldname) / (view.size or 1) or 1
        found = view.assembled[key] = k1 * ((1 - b) + b * view.lengths(fieldname) / avgfl)
    return found


def _plain_bm25f(weighting: Any, searcher: Any, fieldname: str) -> bool:
    """Whether ``weighting`` scores ``fieldname`` with BM25FScorer and one B for all fields."""
    return (type(weighting) is BM25F and not weighting._field_B
            and bool(searcher.schema[fieldname].scorable))


def _scored_one_by_one(searcher: Any, fieldname: str, text: str, scorer: Any,
                       ids: np.ndarray) -> np.ndarray:
    wanted = set(ids.tolist())
    table = {}
    matcher = searcher.reader().postings(fieldname, text)
    while matcher.is_active():
        if matcher.id() in wanted:
            table[matcher.id()] = scorer.score(matcher)
        matcher.next()
    return np.array([table[doc] for doc in ids.tolist()], dtype=np.float64)


class Ranker:
    """Match masks and score columns of query trees on one searcher's view."""

    def __init__(self, view: View) -> None:
        self.view = view

    def supports(self, node: Any) -> bool:
        """Whether every node of the tree is one this ranker knows how to score."""
        if isinstance(node, wq.Term) or node is wq.NullQuery:
            return True
        if isinstance(node, wq.AndMaybe):
            return self.supports(node.a) and self.supports(node.b)
        if isinstance(node, (wq.And, wq.Or)) and not getattr(node, "minmatch", 0):
            return all(self.supports(sub) for sub in node.subqueries)
        return False

    def mask(self, node: Any) -> np.ndarray:
        """The live documents matching ``node`` (a supported tree)."""
        view = self.view
        if isinstance(node, wq.Term):
            return view.term_mask(node.fieldname, node.text)
        if node is wq.NullQuery:
            return np.zeros(view.size, dtype=bool)
        if isinstance(node, wq.AndMaybe):
            return self.mask(node.a)
        masks = [self.mask(sub) for sub in node.subqueries]
        if not masks:
            return np.zeros(view.size, dtype=bool)
        combine = np.logical_and if isinstance(node, wq.And) else np.logical_or
        out = masks[0].copy()
        for other in masks[1:]:
            combine(out, other, out=out)
        return out

    def column(self, node: Any) -> np.ndarray:
        """``node``'s score of every document (0.0 where it does not match)."""
        view = self.view
        if isinstance(node, wq.Term):
            return self._add_term(np.zeros(view.size, dtype=np.float64), node)
        if node is wq.NullQuery:
            return np.zeros(view.size, dtype=np.float64)
        if isinstance(node, wq.AndMaybe):
            return self.column(node.a) + self.column(node.b)
        subs = node.subqueries
        if len(subs) == 1:  # Whoosh uses the lone child's matcher as it is, boost and all
            return self.column(subs[0])
        total = self.column(subs[0])
        for sub in subs[1:]:
            if isinstance(sub, wq.Term):  # added where it matches: no column of its own
                self._add_term(total, sub)
            else:
                total += self.column(sub)
        if node.boost != 1.0:
            total *= node.boost
        if isinstance(node, wq.And):
            total[~self.mask(node)] = 0.0  # a partial sum outside the And is no match
        elif node.scale:
            total = self._coordinated(node, total)
        return total

    def _add_term(self, total: np.ndarray, node: Any) -> np.ndarray:
        """``total`` plus a term's scores (boosted), in place: each document's sum is added up
        in the same order as over whole columns (adding 0.0 elsewhere changes nothing)."""
        ids, scores = term_scores(self.view, node.fieldname, node.text)
        total[ids] += scores * node.boost if node.boost != 1.0 else scores
        return total

    def _coordinated(self, node: Any, total: np.ndarray) -> np.ndarray:
        # Whoosh's CoordMatcher ("SQR" of V-Twin): more matching terms, a higher score. A term
        # counts where its whole branch matches (a word inside an unmatched And does not).
        count = sum(1 for leaf in node.leaves() if isinstance(leaf, wq.Term))
        scale = node.scale
        if count == 0 or count == scale:
            return total
        matching = self._matching_terms(node)
        where = self.mask(node)
        out = (total + (matching - 1) / (count - scale) ** 2) * ((count - 1) / count)
        out[~where] = 0.0
        return out

    def _matching_terms(self, node: Any) -> np.ndarray:
        """How many term leaves of ``node`` match each document (0 where ``node`` does not)."""
        if isinstance(node, wq.Term):
            return self.mask(node).astype(np.float64)
        if node is wq.NullQuery:
            return np.zeros(self.view.size, dtype=np.float64)
        if isinstance(node, wq.AndMaybe):
            return self._matching_terms(node.a) + self._matching_terms(node.b)
        total = np.zeros(self.view.size, dtype=np.float64)
        for sub in node.subqueries:
            total += self._matching_terms(sub)
        if isinstance(node, wq.And):
            total[~self.mask(node)] = 0.0
        return total


def top(docs: np.ndarray, scores: np.ndarray, limit: int) -> list[tuple[int, float]]:
    """The ``limit`` best ``(docnum, score)`` of ``docs`` with ``scores``: highest score first,
    then lowest docnum (Whoosh's own tie order). A bounded selection, not a full sort."""
    if limit <= 0 or not len(docs):
        return []
    if len(docs) > limit:
        threshold = np.partition(scores, len(scores) - limit)[len(scores) - limit]
        keep = scores >= threshold  # every tie at the threshold stays in the running
        docs, scores = docs[keep], scores[keep]
    order = np.lexsort((docs, -scores))[:limit]
    return [(int(doc), float(score)) for doc, score in zip(docs[order], scores[order])]
