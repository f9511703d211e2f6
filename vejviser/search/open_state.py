"""Which documents are open at a moment, asked of whole result sets at once.

Offers share their weekly plans: at 20,000 offers a few hundred distinct ones. Each document
gets the small integer of its plan (its *shape*: the rows and "temporarily closed" of each
place, without place ids), worked out the first time the document is asked about and kept per
segment, so a searcher opened after an edit only works out the new segment's. An "open now"
over thousands of matches asks each distinct plan once and spreads the answers with one numpy
gather, instead of a Python call per document.
"""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field

import numpy as np

from vejviser import hours
from vejviser.search.documents import decode_hours
from vejviser.search.segments import View, per_segment

#: Distinct plans kept before the table starts over (every kept array is then worked out
#: again); a real catalogue has hundreds, a generated one a few thousand.
MAX_SHAPES = 50_000
#: Nothing has been worked out yet for a document (shape numbers are never negative).
UNSEEN = -1


@dataclass
class _Shapes:
    """Plans by their shape: the number of each, and each one's compiled hours per place."""

    epoch: int
    numbers: dict[str, int] = field(default_factory=dict)
    plans: list[tuple[hours.CompiledHours | None, ...]] = field(default_factory=list)

    def __post_init__(self) -> None:
        # 0: hours that cannot be read (unknown hours: never open, never a guess).
        self.plans.append((hours.compile_hours(hours.OpeningHours()),))


_table = _Shapes(epoch=0)
_guard = threading.Lock()


def _number(table: _Shapes, raw: bytes) -> int:
    """The shape number of one document's stored hours (``documents.encode_hours``)."""
    try:
        entries = json.loads(raw.decode()) if raw else []
        key = json.dumps([[bool(entry.get("closed")), entry["rows"]] for entry in entries],
                         sort_keys=True)
        found = table.numbers.get(key)
        if found is None:
            plan = tuple(None if closed else hours.compile_hours(opening)
                         for _, closed, opening in decode_hours(raw))
            with _guard:
                found = table.numbers.setdefault(key, len(table.plans))
                if found == len(table.plans):
                    table.plans.append(plan)
        return found
    except (ValueError, KeyError, TypeError, AttributeError):
        return 0


def _current() -> _Shapes:
    global _table
    with _guard:
        if len(_table.plans) > MAX_SHAPES:
            _table = _Shapes(epoch=_table.epoch + 1)
        return _table


def shapes(view: View, docs: np.ndarray) -> tuple[_Shapes, np.ndarray]:
    """The shape table and the shape number of each of ``docs`` (document numbers), working
    out those not seen before (and keeping them in their segment's array)."""
    table = _current()
    key = ("shapes", table.epoch)
    found = view.assembled.get(key)
    if found is None:
        parts = [(per_segment(segment, "shapes", table.epoch,
                              lambda leaf=leaf: np.full(leaf.doc_count_all(), UNSEEN,
                                                        dtype=np.int32)), offset)
                 for leaf, offset, segment in view.leaves]
        whole = (np.concatenate([part for part, _ in parts]) if parts
                 else np.zeros(0, dtype=np.int32))
        found = view.assembled[key] = (whole, parts)
    whole, parts = found
    numbers = whole[docs]
    missing = docs[numbers < 0]
    if len(missing):
        # Each value read from the segment's copy, not ``view.column("hours")``: that list of
        # every document's rows would stay cached beside the copy (12 MB at 20,000 offers).
        worked = np.fromiter((_number(table, view.value("hours", doc))
                              for doc in missing.tolist()), dtype=np.int32, count=len(missing))
        whole[missing] = worked
        for part, offset in parts:  # kept for the next searcher of the same segments
            inside = (missing >= offset) & (missing < offset + len(part))
            part[missing[inside] - offset] = worked[inside]
        numbers = whole[docs]
    return table, numbers


def open_at(view: View, matched: np.ndarray, ts: float, places: bool
            ) -> tuple[np.ndarray, dict[int, tuple[int, ...]] | None]:
    """The documents of the mask ``matched`` open at POSIX timestamp ``ts`` (open at any of
    their places; a temporarily closed place never is), as a mask, and with ``places`` each
    open document's open place indices."""
    docs = np.flatnonzero(matched)
    table, numbers = shapes(view, docs)
    distinct, inverse = np.unique(numbers, return_inverse=True)
    answers = [tuple(index for index, plan in enumerate(table.plans[number])
                     if plan is not None and plan.state_at(ts) is True)
               for number in distinct.tolist()]
    is_open = np.fromiter((bool(answer) for answer in answers), dtype=bool, count=len(answers))
    chosen = is_open[inverse.reshape(-1)] if len(docs) else np.zeros(0, dtype=bool)
    mask = np.zeros(matched.size, dtype=bool)
    mask[docs[chosen]] = True
    if not places:
        return mask, None
    by_doc = {doc: answers[i] for doc, i in zip(docs[chosen].tolist(),
                                                inverse.reshape(-1)[chosen].tolist())}
    return mask, by_doc
