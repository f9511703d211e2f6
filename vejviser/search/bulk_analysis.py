"""The analysis of our text fields as plain loops, for rebuilds (``bulk.BulkWriter``).

Whoosh analyses a value as a chain of token generators and ``Format.word_values`` then counts
the tokens: several Python calls a word. The two weighted analysers (``analysis.text_analyzer``
and ``parts_analyzer``) and the lexicon's ``words_analyzer`` are simple enough to run as one
loop over the words, giving the same terms, counts and weights (``tests/search/test_bulk.py``
compares the segments). Each function returns three parallel lists: term bytes, frequencies
and weights, which the pool appends to its arrays as they are.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from whoosh.analysis import CompositeAnalyzer, RegexTokenizer
from whoosh.formats import Frequency

from vejviser.search.analysis import (
    SECTION,
    STOPWORDS,
    WEIGHT,
    WORD_RE,
    DanishFilter,
    Lower,
    WeightedTokenizer,
    compound_parts,
    variants,
)

#: (terms, frequencies, weights) of one field of one document.
Postings = tuple[list[bytes], list[int], list[float]]

#: Terms of each word as the tokenizer found it, per compounds flag. A plain dict, not an
#: ``lru_cache``: the cache's linked nodes are objects the garbage collector walks on every
#: full collection, and a catalogue's vocabulary is small (it is dropped when it grows large).
_FORMS: tuple[dict[str, tuple[bytes, ...]], dict[str, tuple[bytes, ...]]] = ({}, {})
_MAX_FORMS = 262144


def _forms(match: str, compounds: bool) -> tuple[bytes, ...]:
    """The terms ``DanishFilter(compounds)`` makes of one word as the tokenizer found it
    (remembered in ``_FORMS``; callers look there first, saving a call per word)."""
    word = match.lower()
    if word in STOPWORDS:
        found: tuple[bytes, ...] = ()
    else:
        forms = variants(word)
        if compounds:
            forms = tuple(part for part in compound_parts(word) if part not in forms)
        found = tuple(form.encode("utf-8") for form in forms)
    cache = _FORMS[compounds]
    if len(cache) >= _MAX_FORMS:
        cache.clear()
    cache[match] = found
    return found


def danish_values(value: str, compounds: bool) -> Postings:
    """What ``Frequency.word_values`` gives for ``WeightedTokenizer() | DanishFilter(...)``:
    the same terms, counts and weights (each weight added up in the same order)."""
    freqs: dict[bytes, int] = {}
    weights: dict[bytes, float] = {}
    known = _FORMS[compounds].get
    for section in value.split(SECTION):
        weight, _, text = section.rpartition(WEIGHT)
        boost = float(weight) if weight else 1.0
        for match in WORD_RE.findall(text):
            forms = known(match)
            if forms is None:
                forms = _forms(match, compounds)
            for form in forms:
                if form in freqs:
                    freqs[form] += 1
                    weights[form] += boost
                else:
                    freqs[form] = 1
                    weights[form] = boost
    # Both dicts got their keys in the same order, so the three lists line up.
    return list(freqs), list(freqs.values()), list(weights.values())


def _counted(tokens: list[str]) -> Postings:
    """Terms, counts and weights of tokens that each weigh 1.0 (a term's weight is then its
    count: 1.0 added up ``count`` times)."""
    freqs: dict[str, int] = {}
    for token in tokens:
        freqs[token] = freqs.get(token, 0) + 1
    counts = list(freqs.values())
    return [token.encode("utf-8") for token in freqs], counts, [float(n) for n in counts]


def word_values(value: str) -> Postings:
    """What ``Frequency.word_values`` gives for ``analysis.words_analyzer()`` (words are
    lower-cased after they are found: "İ" lower-cases to two characters, one not a letter)."""
    return _counted([match.lower() for match in WORD_RE.findall(value)])


def whoosh_values(field: Any, value: Any) -> Postings:
    """Whoosh's own ``field.index`` as three lists (the fields without a fast path)."""
    terms: list[bytes] = []
    freqs: list[int] = []
    weights: list[float] = []
    for tbytes, freq, weight, _ in field.index(value):
        terms.append(tbytes)
        freqs.append(freq)
        weights.append(weight)
    return terms, freqs, weights


def fast_path(field: Any) -> Callable[[str], Postings] | None:
    """The fast equivalent of ``field.index`` for the analysers of our text fields (plain
    frequencies, no field boost), or None (Whoosh's own ``field.index``)."""
    analyzer: Any = getattr(field, "analyzer", None)
    items: Any = analyzer.items if isinstance(analyzer, CompositeAnalyzer) else ()
    if type(field.format) is not Frequency or field.format.field_boost != 1.0:
        return None
    if type(analyzer) is RegexTokenizer and not analyzer.gaps and not analyzer.expression.groups:
        # Keyword fields: each match is a term (``finditer``'s whole match, as Whoosh takes).
        findall = analyzer.expression.findall
        return lambda value: _counted(findall(value))
    if len(items) != 2:
        return None
    first, second = items
    if isinstance(first, WeightedTokenizer) and isinstance(second, DanishFilter):
        compounds = bool(second.compounds)
        return lambda value: danish_values(value, compounds)
    if (isinstance(first, RegexTokenizer) and not first.gaps
            and first.expression.pattern == WORD_RE.pattern
            and first.expression.flags == WORD_RE.flags and type(second) is Lower):
        return word_values
    return None
