"""Searchers that reuse the term dictionaries of unchanged segments.

Opening a Whoosh segment reader reads its term dictionary's hash directory and key index (a few
thousand small reads, ~20 ms for a 20,000-offer segment), and every edit opened every segment
afresh, twice (the check in ``index.open_index`` and the new searcher). Segments never change
once written, so a segment's terms reader is kept per segment and shared by every reader of it;
each reader still gets its own per-document reader, which holds the segment's current deletions
(the part that does change). Whoosh's own ``reuse=`` is not used: it adds the previous reader's
segments, merged-away ones included, to the new reader.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from whoosh.codec.whoosh3 import W3Codec, W3TermsReader
from whoosh.filedb import filetables
from whoosh.filedb.filestore import OverlayStorage
from whoosh.index import FileIndex
from whoosh.reading import EmptyReader, MultiReader, SegmentReader
from whoosh.searching import Searcher
from whoosh.system import _INT_SIZE

from vejviser.bounded import HashedKey

#: Index folder → segment id → that segment's terms reader, compound file and key (only the
#: current segments), for the most recently opened folders (a process serves one index; tests open
#: many). The compound file's directory is read from a pickle in it: ~0.1 ms a segment, for
#: every segment of every searcher opened after an edit.
_terms: OrderedDict[str, dict[str, Any]] = OrderedDict()
MAX_FOLDERS = 4
_guard = threading.Lock()


class SharedTermsReader(SegmentReader):
    """A segment reader whose terms reader is shared with other readers of the same segment."""

    def __init__(self, storage: Any, schema: Any, segment: Any, generation: int,
                 terms: Any | None, compound: Any | None = None,
                 known: HashedKey | None = None) -> None:
        # SegmentReader.__init__, minus opening the terms reader when one is given.
        self.schema = schema
        self.is_closed = False
        self._segment = segment
        self._segid = segment.segment_id()
        #: The key of this segment's arrays in ``segment_arrays`` (None: not kept). The id alone is
        #: not unique: copies of an index share it, and so may segments written while
        #: ``random`` was seeded (Whoosh draws the id from it).
        key = files_key(storage, self._segid)
        # The same object as the previous reader's key when equal: caches compare keys by
        # identity first (a comparison of equal objects is a Python call, hundreds a search).
        self.files_key = known if key is not None and key == known else key
        self._gen = generation
        if segment.is_compound():
            if compound is None:
                compound = segment.open_compound_file(storage)
            #: The compound file's directory, kept with the terms reader (``open_reader``).
            self.compound = compound
            self._storage = OverlayStorage(compound, storage)
        else:
            self.compound = None
            self._storage = storage
        self._codec = segment.codec()
        if terms is None:
            terms = _terms_reader(self._codec, self._storage, segment)
        self._terms = terms
        self._perdoc = self._codec.per_document_reader(self._storage, segment)

    def close(self) -> None:
        # The terms reader is shared: it goes with its segment (reads of in-memory copies hold
        # no file handle). The per-document reader is this reader's own.
        if not self.is_closed:
            self._perdoc.close()
            self.is_closed = True


class _OrderedHashReader(filetables.OrderedHashReader):
    """Whoosh's term-file index, its directory of 256 hash tables read in one piece."""

    def __init__(self, dbfile: Any, length: int) -> None:
        # filetables.HashReader.__init__ (start offset 0), but Whoosh reads the directory an
        # entry at a time: 256 reads, a third of opening an edit's new segment.
        self.dbfile, self.startoffset, self.is_closed = dbfile, 0, False
        dbfile.seek(0)
        if dbfile.read(4) != b"HSH3":
            raise filetables.FileFormatError("Unknown file header")
        self.hashtype = dbfile.read_byte()
        self.hashfn = filetables._hash_functions[self.hashtype]
        dbfile.read_int()  # two ints Whoosh reserves
        dbfile.read_int()
        self.startofdata = dbfile.tell()
        extras_end = length - _INT_SIZE
        extras_start = extras_end - dbfile.get_int(extras_end)
        dbfile.seek(extras_start)
        self._read_extras()
        size = filetables._directory_size
        self.tables = list(filetables._dir_entry.iter_unpack(
            dbfile.get(extras_start - size, size)))
        self.endofdata = self.tables[0][0]


def _terms_reader(codec: Any, storage: Any, segment: Any) -> Any:
    """``codec.terms_reader(storage, segment)``, with ``_OrderedHashReader`` for Whoosh's W3
    codec (its ``W3TermsReader.__init__``, which names Whoosh's own class)."""
    if type(codec) is not W3Codec:
        return codec.terms_reader(storage, segment)
    name = segment.make_filename(codec.TERMS_EXT)
    dbfile = storage.open_file(name)
    reader = W3TermsReader.__new__(W3TermsReader)
    reader._codec, reader._dbfile = codec, dbfile
    reader._tindex = _OrderedHashReader(dbfile, storage.file_length(name))
    reader._fieldmap = reader._tindex.extras["fieldmap"]
    reader._postfile = segment.open_file(storage, codec.POSTS_EXT)
    reader._fieldunmap = [None] * len(reader._fieldmap)
    for fieldname, number in reader._fieldmap.items():
        reader._fieldunmap[number] = fieldname
    return reader


def files_key(storage: Any, segment_id: str) -> HashedKey | None:
    """(folder, segment id, the recorded size and CRC-32 of each of its files), or None when
    the storage is no folder with recorded files (``storage.VerifiedStorage``)."""
    folder, files = getattr(storage, "folder", None), getattr(storage, "files", None)
    if folder is None or not isinstance(files, dict):
        return None
    prefix = f"{segment_id}."
    return HashedKey(str(folder), segment_id, tuple(
        (name, tuple(files[name])) for name in sorted(files) if name.startswith(prefix)))


def open_reader(ix: FileIndex) -> Any:
    """A reader of the index's current segments, reusing kept terms readers."""
    info = ix._read_toc()
    folder = str(getattr(ix.storage, "folder", id(ix.storage)))
    readers = []
    with _guard:
        kept = _terms.pop(folder, {})
        fresh = {}  # segments merged away (or of another generation) are let go
        for segment in info.segments:
            segment_id = segment.segment_id()
            terms, compound, known = kept.get(segment_id, (None, None, None))
            reader = SharedTermsReader(ix.storage, info.schema, segment, info.generation,
                                       terms, compound, known)
            fresh[segment_id] = reader._terms, reader.compound, reader.files_key
            readers.append(reader)
        _terms[folder] = fresh
        while len(_terms) > MAX_FOLDERS:
            _terms.popitem(last=False)
    if not readers:
        return EmptyReader(info.schema)
    if len(readers) == 1:
        return readers[0]
    return MultiReader(readers, generation=info.generation)


def open_searcher(ix: FileIndex, weighting: Any) -> Searcher:
    """``ix.searcher(weighting=...)``, reusing the terms readers of unchanged segments."""
    return Searcher(open_reader(ix), weighting=weighting, fromindex=ix)
