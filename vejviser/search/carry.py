"""Built queries and typo corrections kept from one searcher to the next.

A built query (``querying.build``) holds no document numbers: it depends on the index only
through what building it asked — whether terms exist, which words lie near a misspelt one and
how many documents hold them. Rebuilding every query on the searcher opened after each edit
was a millisecond of the first search's time. So each kept result notes what it asked
(``Probes``) and the segments it was last valid for; on another searcher it is checked against
the segments that came and went since (``still_valid``):

* a term found absent stays absent unless a segment added since holds it (segments never
  change once written, and a deleted document's terms stay in its segment's dictionary, as
  Whoosh's ``(field, text) in reader`` counts them);
* a term found present stays present unless segments were removed (merged away, or a new
  generation): then it is looked up again;
* near words and document frequencies (corrections) change when an added segment holds such
  a word, and may change whenever a segment is removed: then the result is built again.

Only small added segments (an edit's, a merge of small ones) are checked term by term; any
other change builds again.
"""
from __future__ import annotations

import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from vejviser.search import memo
from vejviser.search.segments import SMALL_SEGMENT, View, segment_terms


@dataclass
class Probes:
    """What building a result asked of the index."""

    absent: set[tuple[str, str]] = field(default_factory=set)
    present: set[tuple[str, str]] = field(default_factory=set)
    #: ``terms_within`` calls: (field, text, maxdist, prefix).
    near: set[tuple[str, str, int, int]] = field(default_factory=set)
    counted: set[tuple[str, str]] = field(default_factory=set)
    #: Something was asked that this module cannot check: never carried.
    unchecked: bool = False

    def add(self, other: Probes) -> None:
        """Fold in what a result used while building this one asked (a kept correction)."""
        self.absent |= other.absent
        self.present |= other.present
        self.near |= other.near
        self.counted |= other.counted
        self.unchecked = self.unchecked or other.unchecked


class Recorder:
    """A reader (``segments.Lexicon``) that notes in ``probes`` what is asked of it."""

    def __init__(self, reader: Any) -> None:
        self.reader = reader
        self.probes = Probes()

    def __contains__(self, term: tuple[str, str]) -> bool:
        found = term in self.reader
        (self.probes.present if found else self.probes.absent).add(term)
        return found

    def terms_within(self, fieldname: str, text: str, maxdist: int, prefix: int = 0) -> Any:
        self.probes.near.add((fieldname, text, maxdist, prefix))
        return self.reader.terms_within(fieldname, text, maxdist, prefix=prefix)

    def doc_frequency(self, fieldname: str, text: str) -> int:
        self.probes.counted.add((fieldname, text))
        return int(self.reader.doc_frequency(fieldname, text))

    def __getattr__(self, name: str) -> Any:
        self.probes.unchecked = True  # a question we do not know how to check later
        return getattr(self.reader, name)


#: Builds a result: ``compute(recording reader, caches)``.
Compute = Callable[[Any, dict[str, Any]], Any]


@dataclass
class Kept:
    """A kept result, what building it asked, the segments it is known valid for, the view it
    was last checked on (weakly: a view holds the searcher's arrays) and how to build it again
    (``refresh``; it holds no searcher's caches, which would keep their view alive)."""

    value: Any
    probes: Probes
    keys: frozenset[Any] | None
    seen: weakref.ref[View]
    compute: Compute


def note(reader: Any, probes: Probes) -> None:
    """Tell ``reader``, when it records, that a result it uses asked ``probes``."""
    if isinstance(reader, Recorder):
        reader.probes.add(probes)


def remember(caches: dict[str, Any], kind: str, key: Any, reader: Any, compute: Compute) -> Any:
    """``compute(recording reader, caches)``, kept in ``caches`` (``memo``) across searchers
    while ``still_valid``. ``reader`` must be a ``segments.Lexicon`` (or a ``Recorder`` of
    one)."""
    view = _view_of(reader)
    kept: Kept = memo.remember(caches, kind, key, lambda: _built(reader, view, compute, caches))
    if not _confirmed(kept, view):
        if _older(view, kept):  # a request still on the searcher before a refresh: build
            kept = _built(reader, view, compute, caches)  # for it, keep the newer one
        else:
            kept = memo.store(caches, kind, key, _built(reader, view, compute, caches))
    note(reader, kept.probes)
    return kept.value


def refresh(caches: dict[str, Any], view: View, kinds: tuple[str, ...], deadline: float) -> None:
    """Check the results of ``kinds`` kept in ``caches`` against ``view`` (most recently used
    first, until ``time.monotonic()`` reaches ``deadline``) and build again those it would
    build otherwise: what the first search on a new searcher did for its query."""
    reader = view.lexicon()
    for kind in kinds:
        for key, kept in memo.entries(caches, kind):
            if time.monotonic() >= deadline:
                return
            if not _confirmed(kept, view):
                memo.replace(caches, kind, key, _built(reader, view, kept.compute, caches))


def _built(reader: Any, view: View, compute: Compute, caches: dict[str, Any]) -> Kept:
    recorder = Recorder(reader)
    value = compute(recorder, caches)
    return Kept(value, recorder.probes, view.keys, weakref.ref(view), compute)


def _older(view: View, kept: Kept) -> bool:
    """Whether ``view``'s segments are fewer than those ``kept`` was checked on (a searcher
    that a refresh has since replaced)."""
    return view.keys is not None and kept.keys is not None and view.keys < kept.keys


def _confirmed(kept: Kept, view: View) -> bool:
    """Whether ``kept`` holds on ``view`` (noted on it when it was checked there now)."""
    if kept.seen() is view:
        return True
    # Segments without keys (None) are never taken for the same ones.
    if (kept.keys is not None and kept.keys == view.keys) or still_valid(kept, view):
        kept.keys, kept.seen = view.keys, weakref.ref(view)
        return True
    return False


def _view_of(reader: Any) -> View:
    while isinstance(reader, Recorder):
        reader = reader.reader
    return reader.view


def still_valid(kept: Kept, view: View) -> bool:
    """Whether ``kept`` would be built the same on ``view``'s segments (see the module)."""
    if kept.keys is None or view.keys is None or kept.probes.unchecked:
        return False
    added = [(leaf, key) for leaf, _, key in view.leaves if key not in kept.keys]
    removed = not kept.keys <= view.keys
    if any(leaf.doc_count_all() > SMALL_SEGMENT for leaf, _ in added):
        return False
    probes = kept.probes
    if removed and (probes.near or probes.counted):
        return False
    if removed and not all(view.has(*term) for term in probes.present):
        return False
    for leaf, key in added:
        terms: dict[str, frozenset[str]] = {}  # each field's set looked up once
        for name, text in probes.absent | probes.counted:
            if name not in terms:
                terms[name] = segment_terms(leaf, key, name)
            if text in terms[name]:
                return False
        for name, text, maxdist, prefix in probes.near:
            # Whoosh walks the field's spelling field (the field itself, unless stemmed).
            words = segment_terms(leaf, key, leaf.schema[name].spelling_fieldname(name))
            if any(_within(text, term, maxdist, prefix) for term in words):
                return False
    return True


def _within(text: str, term: str, maxdist: int, prefix: int) -> bool:
    """Whether Whoosh's ``terms_within(field, text, maxdist, prefix)`` would yield ``term``
    (Levenshtein distance, the first ``prefix`` characters equal). Its automaton costs
    milliseconds to build; a small segment's few candidates are cheaper to measure."""
    if term[:prefix] != text[:prefix] or abs(len(term) - len(text)) > maxdist:
        return False
    previous = list(range(len(term) + 1))
    for i, char in enumerate(text, 1):
        row = [i]
        for j, other in enumerate(term, 1):
            row.append(min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (char != other)))
        if min(row) > maxdist:  # every path is already too long
            return False
        previous = row
    return previous[-1] <= maxdist
