"""Danish text analysis, the same for indexing and querying.

A word becomes a small set of *variants* at one position:

* ``fold(stem(word))`` — stem with the Danish letters the stemmer knows, then fold
  (hjemløse → hjemløs → hjemloes);
* ``stem(fold(word))`` — what a person without Danish keys types, stemmed
  (korshaers → korsha; the Danish stemmer does not know "ae" for "æ");
* ``fold(word)`` — the folded surface form, so hjemloes (typed) meets hjemløse (indexed).

Folding only before or only after stemming each breaks one of those cases (measured, see
DESIGN.md), so both are indexed and both are asked for. Everything is cached per word: a
catalogue has a small vocabulary and stemming in pure Python is the slowest part of a build.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from whoosh.analysis import Filter, RegexTokenizer, Token, Tokenizer
from whoosh.lang import stemmer_for_language, stopwords_for_language

_STEM = stemmer_for_language("da")
#: Danish stop words (folded too, so "paa" is dropped like "på").
STOPWORDS = frozenset(stopwords_for_language("da")) | frozenset(
    w.replace("å", "aa").replace("ø", "oe").replace("æ", "ae") for w in stopwords_for_language("da")
)
_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue"})
#: Words: runs of letters and digits (§ and punctuation separate words; no syntax survives).
WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
#: Compound heads shorter than this are not split off (noise: "stu", "hus").
MIN_PART = 4
MIN_COMPOUND = 8


def fold(text: str) -> str:
    """Lower-case and fold æ→ae, ø→oe, å→aa and accents (é→e) the way Danes transliterate."""
    text = text.lower().translate(_FOLD)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The lower-cased words of ``text`` (letters and digits only)."""
    return WORD_RE.findall(text.lower())


@lru_cache(maxsize=262144)
def stem(word: str) -> str:
    """Danish Snowball stem of a lower-cased word, with plural ``-re`` of ``-er`` words joined.

    Snowball gives krisecenter → krisecent but krisecentre → krisecentr; dropping a stem-final
    ``r`` after a consonant makes centre/center, teatre/teater meet.
    """
    stemmed = _STEM(word)
    if len(stemmed) > 4 and stemmed.endswith("r") and stemmed[-2] not in "aeiouyæøå":
        stemmed = stemmed[:-1]
    return stemmed


@lru_cache(maxsize=262144)
def variants(word: str) -> tuple[str, ...]:
    """The index/query variants of one lower-cased word; the first is the primary key."""
    folded = fold(word)
    out = [fold(stem(word))]
    for extra in (stem(folded), folded):
        if extra not in out:
            out.append(extra)
    return tuple(out)


@lru_cache(maxsize=262144)
def compound_parts(word: str) -> tuple[str, ...]:
    """Compound heads of a word's primary stem: kvindekrisecenter → …, krisecent, ….

    Danish compounds are head-final (a kvindekrisecenter is a krisecenter), so every suffix of
    at least ``MIN_PART`` letters is a candidate head. Only the index stores them; a query asks
    for its own stem, which then equals the head of a longer indexed word.
    """
    primary = variants(word)[0]
    if len(primary) < MIN_COMPOUND:
        return ()
    return tuple(primary[i:] for i in range(3, len(primary) - MIN_PART + 1))


def query_terms(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """(surface word, variants) for each non-stop word of ``text``, in order."""
    return [(w, variants(w)) for w in words(text)
            if w not in STOPWORDS and fold(w) not in STOPWORDS]


def normalise_name(text: str) -> str:
    """A name or query reduced for exact comparison: folded words joined by single spaces."""
    return " ".join(fold(w) for w in words(text))


class DanishFilter(Filter):
    """Whoosh filter: drop stop words, emit every variant of a word at the same position
    (or, with ``compounds``, only the compound heads that are not variants)."""

    is_morph = True

    def __init__(self, compounds: bool = False) -> None:
        self.compounds = compounds

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DanishFilter) and other.compounds == self.compounds

    def __call__(self, tokens):
        for token in tokens:
            word = token.text
            if word in STOPWORDS:
                continue
            forms = variants(word)
            if self.compounds:
                forms = tuple(part for part in compound_parts(word) if part not in forms)
            for form in forms:
                token.text = form
                yield token


#: Separates weighted sections in a field value: "10\x1fname\x1e1\x1fdescription".
SECTION, WEIGHT = "\x1e", "\x1f"


def weighted(sections: list[tuple[float, str]]) -> str:
    """One field value from (weight, text) sections; each word counts ``weight`` times."""
    return SECTION.join(f"{weight:g}{WEIGHT}{text}" for weight, text in sections if text)


class WeightedTokenizer(Tokenizer):
    """Words of a :func:`weighted` value, each token boosted by its section's weight.

    Whoosh adds token boosts into the posting's weight, so one field holds name, labels,
    summary … with their ranking weights: a query then needs one term per word variant instead
    of one per field (a third of the terms, measured several times faster).
    """

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WeightedTokenizer)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pos = start_pos
        for section in value.split(SECTION):
            weight, _, text = section.rpartition(WEIGHT)
            boost = float(weight) if weight else 1.0
            for match in WORD_RE.finditer(text):
                token.text = match.group().lower()
                token.boost = boost
                token.stopped = False
                if positions:
                    token.pos = pos
                pos += 1
                yield token


class LineTokenizer(Tokenizer):
    """One token per line, normalised like a name (for exact-name matching)."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LineTokenizer)

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, line in enumerate(value.split("\n")):
            text = normalise_name(line)
            if text:
                token.text = text
                token.boost = 1.0
                token.stopped = False
                if positions:
                    token.pos = start_pos + pos
                yield token


def text_analyzer():
    """Weighted sections → stemmed and folded variants (the main text field)."""
    return WeightedTokenizer() | DanishFilter()


def parts_analyzer():
    """Weighted sections → compound heads only (the compound field)."""
    return WeightedTokenizer() | DanishFilter(compounds=True)


def words_analyzer():
    """Words, lower-cased but neither folded nor stemmed: the lexicon for typo corrections."""
    return RegexTokenizer(WORD_RE) | Lower()


class Lower(Filter):
    """Whoosh filter: lower-case every token (``bulk`` recognises it for its fast path)."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = token.text.lower()
            yield token


#: The name indexes written before ``Lower`` was public pickled in their schema.
_Lower = Lower
