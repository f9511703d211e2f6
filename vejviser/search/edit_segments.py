"""The segments an edit writes: postings inline in the term dictionary, merged in tiers, in order.

Every searcher opened after an edit reads the edit's new small segment from scratch, and the
first search on it pays for that (issue 14's "first query after an edit"). Two things made it
cost more than it must:

* **Postings behind the term dictionary.** A small segment's dictionary is read whole in one
  pass (``lexicons``), but each term's postings were then found through Whoosh's term table
  again (two hash look-ups) and decoded block by block: tens of microseconds a term, hundreds
  of terms (keyword tables, a query's words) on every new searcher. Whoosh's codec can keep a
  short posting list inside the term's info, but its writer's inline branch calls a method
  that does not exist (``set_inline``; the reader's side, ``set_inlined``, works), so it never
  inlines. ``EditCodec`` inlines every list of at most ``INLINE_LIMIT`` postings; the reader
  (Whoosh's and ours) reads them back from the dictionary already in memory.
* **Merges that are big, frequent and reorder.** Whoosh's ``MERGE_SMALL`` merged the small
  segments every few edits into one of 20-50 offers (each read cold by the next search) and
  returned the segments it kept sorted by size, moving the big one and every document number
  behind it: what was assembled over the unchanged segments could not be kept
  (``segments.View.head``). ``merge_tiers`` merges like Lucene's tiered policy: segments of
  like size (a tier: fewer than 8, 64, 512 offers) are merged when a tier holds
  ``TIER_WIDTH`` of them, so most edits merge nothing, a merge makes a segment a tier up, and
  every segment kept stays where it was.
"""
from __future__ import annotations

from typing import Any

from whoosh.codec.whoosh3 import W3Codec, W3PostingsWriter, W3Segment
from whoosh.reading import SegmentReader

#: Posting lists of at most this many postings are kept in the term's info (every list of a
#: segment an edit writes, short of a merge into the biggest tier).
INLINE_LIMIT = 512
#: Segments of one tier merged together (and the factor between tiers' sizes).
TIER_WIDTH = 8
#: Segments with at least this many documents are never merged by an edit (a full rebuild
#: rewrites them).
TIER_CEILING = TIER_WIDTH ** 3


class _InliningPostingsWriter(W3PostingsWriter):
    """Whoosh's postings writer, with its inline branch mended."""

    def finish_postings(self) -> Any:
        if self.written() or len(self) > self._inlinelimit:
            return super().finish_postings()
        terminfo: Any = getattr(self, "_terminfo")  # (Whoosh sets it untyped)
        terminfo.add_block(self)
        # Merging reads postings back with their values: a format without values (ours)
        # gives one empty value a posting, as a block's reader does.
        values = self._values or [b""] * len(self._ids)
        terminfo.set_inlined(self._ids, self._weights, values)
        self._terminfo = None
        return terminfo


class EditCodec(W3Codec):
    """Whoosh's W3 codec writing short posting lists inline (see the module's docstring)."""

    def __init__(self) -> None:
        super().__init__(inlinelimit=INLINE_LIMIT)

    def new_segment(self, storage: Any, indexname: str) -> Any:
        # The segment names Whoosh's own codec for reading it (inlined lists are read by
        # any W3 reader): the index's table of contents never names a class of ours.
        return W3Segment(W3Codec(), indexname)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> Any:
        return _InliningPostingsWriter(dbfile, blocklimit=self._blocklimit, byteids=byteids,
                                       compression=self._compression,
                                       inlinelimit=self._inlinelimit)


def tier(documents: int) -> int | None:
    """The tier of a segment of ``documents`` live documents (None: too big to merge)."""
    if documents >= TIER_CEILING:
        return None
    level, size = 0, TIER_WIDTH
    while documents >= size:
        level, size = level + 1, size * TIER_WIDTH
    return level


def merge_tiers(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh merge policy (``writer.commit(mergetype=...)``): add the segments of the lowest
    full tier to the new segment and keep the others in their order. A segment whose
    documents are all deleted goes with any merge."""
    tiers: dict[int, list[Any]] = {}
    for segment in segments:
        level = tier(segment.doc_count())
        if level is not None:
            tiers.setdefault(level, []).append(segment)
    full = [level for level, members in tiers.items() if len(members) >= TIER_WIDTH]
    if not full:
        return segments
    lowest = tiers[min(full)]
    merged = lowest + [segment for segment in segments
                       if segment.doc_count() == 0 and segment not in lowest]
    for segment in merged:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return [segment for segment in segments if segment not in merged]
