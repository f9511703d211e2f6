"""From the words a person typed to a Whoosh query, built term by term.

User text never reaches Whoosh's query parser: ``*``, ``AND``, quotes and brackets are just
non-words and vanish in analysis, so no input can become a wildcard, a prefix expansion or a
match-all. Each word becomes an OR of its analysed variants over the weighted fields; words are
AND-ed (falling back to "some of the words" when nothing matches all of them). Synonym groups
and typo corrections join a word as alternatives with a lower weight.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from whoosh import query as wq
from whoosh.reading import IndexReader

from vejviser.search import carry, memo
from vejviser.search.analysis import fold, normalise_name, query_terms, variants
from vejviser.search.schema import EXACT_NAME_BOOST
from vejviser.search.segments import Lexicon
from vejviser.search.synonyms import Entry, Synonyms

#: At most this many words are used from a query (the rest are ignored; ``engine.run`` says so).
MAX_WORDS = 12
SYNONYM_WEIGHT = 0.25
CORRECTION_WEIGHT = 0.5
#: Typo tolerance: words of at least this length get corrections at edit distance 1 …
FUZZY_MIN = 5
#: … and from this length at distance 2.
FUZZY_TWO = 8
MAX_CORRECTIONS = 3


@dataclass
class Concept:
    """One thing the person asked for: a word (or a phrase from a synonym group)."""

    words: list[str]
    variants: list[tuple[str, ...]]
    synonyms: tuple[Entry, ...] = ()
    corrections: list[str] = field(default_factory=list)


def concepts(text: str, synonyms: Synonyms) -> list[Concept]:
    """Split ``text`` into concepts, joining words that form a synonym entry (longest first)."""
    terms = query_terms(text)[:MAX_WORDS]
    keys = [variant[0] for _, variant in terms]
    out, i = [], 0
    while i < len(terms):
        match = synonyms.longest_match(keys, i)
        size, alternatives = match if match else (1, ())
        chunk = terms[i:i + size]
        out.append(Concept([w for w, _ in chunk], [v for _, v in chunk], alternatives))
        i += size
    return out


def word_count(text: str) -> int:
    """How many searchable words ``text`` has (before the ``MAX_WORDS`` cut)."""
    return len(query_terms(text))


def _known(reader: IndexReader, word_variants: tuple[str, ...]) -> bool:
    return any(("text", v) in reader or ("parts", v) in reader for v in word_variants)


def corrections(reader: IndexReader, word: str) -> list[str]:
    """Indexed words close to a misspelt ``word`` (none for short or known words), best first."""
    if len(word) < FUZZY_MIN or _known(reader, variants(word)):
        return []
    maxdist = 2 if len(word) >= FUZZY_TWO else 1
    # Whoosh walks the lexicon with plain Levenshtein; a swapped pair (herbreg) costs 2 there
    # but 1 for a person, so ask for 2 and keep what the Damerau distance allows. prefix=1:
    # the first letter is rarely the typo, and it keeps the lexicon walk short.
    scored = [(_distance(word, w), w) for w in reader.terms_within("words", word, 2, prefix=1)]
    found = [(d, w) for d, w in scored if 0 < d <= maxdist]
    found.sort(key=lambda item: (item[0], -reader.doc_frequency("words", item[1]), item[1]))
    return [w for _, w in found[:MAX_CORRECTIONS]]


def _corrections(reader: IndexReader, word: str, caches: dict[str, Any] | None) -> tuple[str, ...]:
    # One query asks for the same word's corrections up to three times (build, the "some of
    # the words" fallback, the suggestion); the lexicon walk is worth doing once, and kept
    # while later searchers' segments cannot change it (``carry``).
    if caches is None:
        return tuple(corrections(reader, word))
    if not _carries(reader):
        return memo.remember(caches, "corrections", word,
                             lambda: tuple(corrections(reader, word)))
    return carry.remember(caches, "corrections", word, reader,
                          lambda recorder, _: tuple(corrections(recorder, word)))


def _carries(reader: Any) -> bool:
    # A searcher's ``segments.Lexicon`` (or a recording one): what ``carry`` can check.
    return isinstance(reader, (Lexicon, carry.Recorder))


def _distance(a: str, b: str) -> int:
    """Optimal-string-alignment distance: Levenshtein plus adjacent swaps."""
    rows = [list(range(len(b) + 1))]
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            best = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                best = min(best, rows[-2][j - 2] + 1)
            row.append(best)
        rows.append(row)
    return rows[-1][-1]


def _word_query(reader: IndexReader, word_variants: tuple[str, ...], boost: float) -> wq.Query:
    # Section weights are in the index (token boosts), so one term per variant and field.
    terms = [wq.Term(name, v, boost=boost) for name in ("text", "parts") for v in word_variants
             if (name, v) in reader]  # absent terms cost matcher set-up for nothing
    return wq.Or(terms) if terms else wq.NullQuery


def _all_of(parts: list[wq.Query]) -> wq.Query:
    # A phrase matches only where all of its words do. Whoosh's And drops a NullQuery (a word
    # the index does not have) when normalised, which would widen "day centre" to every
    # "...center": a phrase with an unknown word matches nothing instead.
    if any(part is wq.NullQuery for part in parts):
        return wq.NullQuery
    return wq.And(parts) if len(parts) > 1 else parts[0]


def _entry_query(reader: IndexReader, entry: Entry, boost: float) -> wq.Query:
    return _all_of([_word_query(reader, variants(key), boost) for key in entry])


def concept_query(reader: IndexReader, concept: Concept,
                  caches: dict[str, Any] | None = None) -> wq.Query:
    """The query for one concept: its words, their corrections and its synonyms.

    ``caches`` (the searcher's, see ``memo``) keeps each word's corrections for later queries.
    """
    per_word = []
    for word, word_variants in zip(concept.words, concept.variants):
        options = [_word_query(reader, word_variants, 1.0)]
        for fixed in _corrections(reader, word, caches):
            concept.corrections.append(fixed)
            options.append(_word_query(reader, variants(fixed), CORRECTION_WEIGHT))
        per_word.append(wq.Or(options) if len(options) > 1 else options[0])
    main = _all_of(per_word)
    alternatives = [_entry_query(reader, entry, SYNONYM_WEIGHT) for entry in concept.synonyms]
    # Synonyms weigh a quarter: an offer naming five synonyms of "forsorgshjem" must not
    # outrank the forsorgshjem itself (an OR adds scores up; Whoosh's DisjunctionMax would take
    # the best, but its matcher drops and mis-ranks documents - measured on the relevance set).
    return wq.Or([main, *alternatives]) if alternatives else main


def build(reader: IndexReader, text: str, synonyms: Synonyms,
          require_all: bool = True,
          caches: dict[str, Any] | None = None) -> tuple[wq.Query | None, list[Concept]]:
    """The query for ``text`` (None when it has no searchable word) and its concepts."""
    found = concepts(text, synonyms)
    if not found:
        return None, found
    parts = [concept_query(reader, concept, caches) for concept in found]
    if require_all:
        main = wq.And(parts) if len(parts) > 1 else parts[0]
    else:
        main = wq.Or(parts, scale=0.9)  # documents matching more of the words rank higher
    exact = normalise_name(text)
    if exact and ("name_exact", exact) in reader:
        main = wq.AndMaybe(main, wq.Term("name_exact", exact, boost=EXACT_NAME_BOOST))
    return main.normalize(), found


def build_cached(reader: IndexReader, text: str, synonyms: Synonyms, caches: dict[str, Any],
                 require_all: bool = True) -> tuple[wq.Query | None, list[Concept]]:
    """``build``, kept: the same words give the same query until the index changes (the
    lexicon look-ups of every variant were a tenth of a warm search), and on later searchers
    while what it asked of the index stays the same (``carry``: the first search after an
    edit rebuilt every query)."""
    key = (text, require_all, id(synonyms))
    if not _carries(reader):
        return memo.remember(caches, "queries", key,
                             lambda: build(reader, text, synonyms, require_all, caches))
    # The table is kept with the query: kept alive, no edited table can take its address
    # (``id``) while the query lives, now that queries outlive searchers.
    built, _ = carry.remember(
        caches, "queries", key, reader,
        lambda recorder, kept_in: (build(recorder, text, synonyms, require_all, kept_in),
                                   synonyms))
    return built


def suggestion(reader: IndexReader, text: str,
               caches: dict[str, Any] | None = None) -> str | None:
    """"Mente du …?": the query with each misspelt word replaced by its best correction."""
    changed, out = False, []
    for word, _ in query_terms(text)[:MAX_WORDS]:
        fixes = _corrections(reader, word, caches)
        if fixes and fold(fixes[0]) != fold(word):
            out.append(fixes[0])
            changed = True
        else:
            out.append(word)
    return " ".join(out) if changed else None
