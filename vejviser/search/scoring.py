"""Ranking by set algebra: cached per-term BM25F score tables, summed over the matched documents.

Whoosh's collector walks its matcher tree posting by posting in Python; at 20,000 offers a common
word (a few thousand matches) cost 100-300 ms a query. Here each term's scores are computed once
per searcher (with the searcher's own weighting, so the numbers are Whoosh's) and a query's score
is the sum over its term leaves, exactly as Whoosh's And/Or/AndMaybe matchers add them up,
including the coordination bonus of an ``Or(scale=...)``.
"""
from __future__ import annotations

import heapq
from operator import add
from typing import Any, Callable, Iterable, Iterator

from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.scoring import BM25FScorer
from whoosh.searching import Searcher

from vejviser.search import memo

Table = dict[int, float]
#: From this share of the index matching a query on, whole score columns are added up.
DENSE_SHARE = 0.125
DocsOf = Callable[[Any], frozenset[int]]


def term_scores(searcher: Searcher, caches: dict[str, Any], fieldname: str, text: str,
                deleted: frozenset[int]) -> Table:
    """``{docnum: score}`` of one term, computed on first use and kept (bounded) while the
    searcher lives."""
    def compute() -> Table:
        if (fieldname, text) not in searcher.reader():
            return {}
        scorer = searcher.weighting.scorer(searcher, fieldname, text)
        if not isinstance(scorer, BM25FScorer):  # another model: let it score posting by posting
            return _scored_one_by_one(searcher, fieldname, text, scorer, deleted)
        lengths = field_lengths(searcher, caches, fieldname)
        idf, k1, b, avgfl = scorer.idf, scorer.K1, scorer.B, scorer.avgfl
        # BM25 (whoosh.scoring.bm25) over whole posting blocks at once.
        return {doc: idf * (tf * (k1 + 1)) / (tf + k1 * ((1 - b) + b * lengths[doc] / avgfl))
                for doc, tf in _postings(searcher, fieldname, text) if doc not in deleted}

    return memo.remember(caches, "scores", (fieldname, text), compute)


def field_lengths(searcher: Searcher, caches: dict[str, Any], fieldname: str) -> list[int]:
    """Every document's length in ``fieldname`` (as Whoosh's scorer reads it), once a searcher."""
    def compute() -> list[int]:
        reader = searcher.reader()
        return [reader.doc_field_length(doc, fieldname, 1) for doc in range(reader.doc_count_all())]

    return memo.remember(caches, "lengths", fieldname, compute)


def _postings(searcher: Searcher, fieldname: str, text: str) -> Iterator[tuple[int, float]]:
    """``(docnum, weight)`` of every posting of a term, a whole block at a time.

    Whoosh's codec keeps each block's ids and weights as arrays; reading them directly instead of
    calling ``id()``/``weight()``/``next()`` per posting is what makes a cold table cheap. Any
    other matcher falls back to the public per-posting calls.
    """
    for reader, offset in searcher.reader().leaf_readers():
        if (fieldname, text) not in reader:
            continue
        matcher = reader.postings(fieldname, text)
        if isinstance(matcher, W3LeafMatcher):
            while matcher.is_active():
                matcher.id(), matcher.weight()  # loads the block's id and weight arrays
                ids, weights = matcher._ids, matcher._weights
                yield from zip((doc + offset for doc in ids), weights)
                matcher._next_block()
        else:
            while matcher.is_active():
                yield matcher.id() + offset, matcher.weight()
                matcher.next()


def _scored_one_by_one(searcher: Searcher, fieldname: str, text: str, scorer: Any,
                       deleted: frozenset[int]) -> Table:
    table: Table = {}
    matcher = searcher.reader().postings(fieldname, text)
    while matcher.is_active():
        if matcher.id() not in deleted:
            table[matcher.id()] = scorer.score(matcher)
        matcher.next()
    return table


class Ranker:
    """Scores the documents of one query that are known to match it."""

    def __init__(self, searcher: Searcher, caches: dict[str, Any], docs_of: DocsOf,
                 deleted: frozenset[int]) -> None:
        self.searcher, self.caches, self.docs_of, self.deleted = searcher, caches, docs_of, deleted

    def supports(self, node: Any) -> bool:
        """Whether every node of the tree is one this ranker knows how to score."""
        if isinstance(node, wq.Term) or node is wq.NullQuery:
            return True
        if isinstance(node, wq.AndMaybe):
            return self.supports(node.a) and self.supports(node.b)
        if isinstance(node, (wq.And, wq.Or)) and not getattr(node, "minmatch", 0):
            return all(self.supports(sub) for sub in node.subqueries)
        return False

    def scores(self, node: Any, docs: Iterable[int]) -> Table:
        """``{docnum: score}`` for ``docs``, every one of which matches ``node``."""
        docs = frozenset(docs)
        size = self.searcher.reader().doc_count_all()
        if len(docs) >= DENSE_SHARE * size and not _has_coordination(node):
            # Many matches: add whole per-branch columns (cached; C-level list arithmetic)
            # instead of one dictionary update per document and term.
            column = self._column(node)
            return {doc: column[doc] for doc in docs}
        out: Table = {}
        self._accumulate(node, docs, 1.0, out)
        return out

    def _column(self, node: Any) -> list[float]:
        """Every document's score for ``node``, valid where the document matches it."""
        if isinstance(node, wq.AndMaybe):
            return list(map(add, self._column(node.a), self._dense(node.b)))
        if isinstance(node, wq.Term) or node is wq.NullQuery or len(node.subqueries) == 1:
            return self._dense(node)
        columns = [self._dense(sub) for sub in node.subqueries]
        total = columns[0]
        for column in columns[1:]:
            total = list(map(add, total, column))
        return [score * node.boost for score in total] if node.boost != 1.0 else total

    def _dense(self, node: Any) -> list[float]:
        """``node``'s scores as a list indexed by document number (0.0 where it does not match),
        kept per searcher: the branch of a word and its variants recurs across queries."""
        def compute() -> list[float]:
            scored: Table = {}
            self._accumulate(node, self.docs_of(node), 1.0, scored)
            column = [0.0] * self.searcher.reader().doc_count_all()
            for doc, score in scored.items():
                column[doc] = score
            return column

        return memo.remember(self.caches, "columns", repr(node), compute)

    def _accumulate(self, node: Any, docs: frozenset[int], weight: float, out: Table) -> None:
        # Adds ``weight`` x the node's score of each of ``docs`` into ``out``. Boosts multiply
        # down to the term leaves, so every leaf adds straight into one table: no intermediate
        # table per branch to build and merge (that merging was most of a query's time).
        if not docs or node is wq.NullQuery:
            return
        if isinstance(node, wq.Term):
            table = term_scores(self.searcher, self.caches, node.fieldname, node.text, self.deleted)
            factor, get = weight * node.boost, out.get
            for doc in table.keys() & docs:
                out[doc] = get(doc, 0.0) + factor * table[doc]
            return
        if isinstance(node, wq.AndMaybe):
            self._accumulate(node.a, docs, weight, out)
            self._accumulate(node.b, docs & self.docs_of(node.b), weight, out)
            return
        subs = node.subqueries
        if len(subs) == 1:  # Whoosh uses the lone child's matcher as it is, boost and all
            self._accumulate(subs[0], docs, weight, out)
            return
        if isinstance(node, wq.Or) and node.scale:  # the bonus needs this branch's own sums
            own: Table = {}
            for sub in subs:
                self._accumulate(sub, docs & self.docs_of(sub), node.boost, own)
            for doc, score in self._coordinated(node, own).items():
                out[doc] = out.get(doc, 0.0) + weight * score
            return
        factor = weight * node.boost
        for sub in subs:
            part = docs if isinstance(node, wq.And) else docs & self.docs_of(sub)
            self._accumulate(sub, part, factor, out)

    def _coordinated(self, node: Any, scored: Table) -> Table:
        # Whoosh's CoordMatcher ("SQR" of V-Twin): more matching terms, a higher score. A term
        # counts where its whole branch matches (a word inside an unmatched And does not).
        count = sum(1 for leaf in node.leaves() if isinstance(leaf, wq.Term))
        scale = node.scale
        if count == 0 or count == scale:
            return scored
        matching = self._matching_terms(node, frozenset(scored))
        return {doc: (score + (matching.get(doc, 0) - 1) / (count - scale) ** 2)
                * ((count - 1) / count) for doc, score in scored.items()}

    def _matching_terms(self, node: Any, docs: frozenset[int]) -> dict[int, int]:
        """How many term leaves of ``node`` match each of ``docs`` (all of which match it)."""
        if isinstance(node, wq.Term):
            return dict.fromkeys(docs, 1)
        if node is wq.NullQuery:
            return {}
        if isinstance(node, wq.AndMaybe):
            parts = [(node.a, docs), (node.b, docs & self.docs_of(node.b))]
        elif isinstance(node, wq.And):
            parts = [(sub, docs) for sub in node.subqueries]
        else:
            parts = [(sub, docs & self.docs_of(sub)) for sub in node.subqueries]
        out: dict[int, int] = {}
        for sub, sub_docs in parts:
            for doc, number in self._matching_terms(sub, sub_docs).items():
                out[doc] = out.get(doc, 0) + number
        return out


def _has_coordination(node: Any) -> bool:
    if isinstance(node, wq.Or) and node.scale:
        return True
    children = ([node.a, node.b] if isinstance(node, wq.AndMaybe)
                else getattr(node, "subqueries", ()))
    return any(_has_coordination(child) for child in children)


def top(scored: Table, limit: int) -> list[tuple[int, float]]:
    """The ``limit`` best ``(docnum, score)``: highest score first, then lowest docnum (Whoosh's
    own tie order)."""
    return heapq.nsmallest(limit, scored.items(), key=lambda item: (-item[1], item[0]))
