"""Index files read into memory and checked against the checksums recorded when they were written.

Whoosh maps segment files into memory (``mmap``) by default. A segment file truncated while it
is mapped kills the process with SIGBUS on the next search, and random bytes inside one surface
as ``zlib.error`` in every search, never recognised as damage. Here each file of a generation is
read once into private memory and compared with the size and CRC-32 recorded in ``state.json``
when it was written (``record_files``); a mismatch raises ``IndexDamaged``. The copy is checked
once per process: segment files never change once written, so a reader opened after an edit
reuses the copy of every unchanged segment. Whatever happens to the files afterwards cannot
reach a search running on the copy, except through the parts of a big segment that are read
from disk when needed (``diskparts``: posting lists, hours, stored fields), where a read from a
file changed since its check raises ``IndexDamaged``.

Memory: the copy kept of a big segment leaves those parts out (at 20,000 offers 9 MB of a
30 MB segment are kept); the page cache they are read from is shared by every worker.
"""
from __future__ import annotations

import os
import threading
import weakref
import zlib
from pathlib import Path
from typing import Any

from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile, StructFile

from vejviser.search.diskparts import (
    PICKLE_WINDOW,
    ReadPosition,
    SparseCopy,
    SparseFile,
    sparse_copy,
    unpickle_at,
)
from vejviser.search.errors import IndexDamaged, IndexUnavailable

__all__ = ["IndexDamaged", "IndexUnavailable", "MemoryFile", "VerifiedStorage", "crc32_of",
           "pin", "record_files"]

#: Files of a generation that are never recorded: Whoosh's lock file and its writing folder.
UNRECORDED_SUFFIXES = ("_WRITELOCK", ".tmp")
CHUNK = 1 << 20


def crc32_of(path: Path) -> int:
    """The CRC-32 of a file's content, read in chunks."""
    crc = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            crc = zlib.crc32(chunk, crc)
    return crc


def record_files(folder: Path, known: dict[str, list[int]] | None = None) -> dict[str, list[int]]:
    """``{name: [size, crc32]}`` of every index file in ``folder``.

    Files already in ``known`` keep their record: Whoosh never rewrites a file in place, and a
    record must come from the moment a file was written, never from a copy that may have been
    damaged since."""
    known = known or {}
    files = {}
    for entry in sorted(folder.iterdir()):
        if not entry.is_file() or entry.name.endswith(UNRECORDED_SUFFIXES):
            continue
        size = entry.stat().st_size
        old = known.get(entry.name)
        files[entry.name] = old if old and old[0] == size else [size, crc32_of(entry)]
    return files


class _Blob:
    """A file's verified bytes; the cache holds it weakly, every view of it strongly."""

    __slots__ = ("data", "__weakref__")

    def __init__(self, data: bytes) -> None:
        self.data = data


#: A checked file: whole in memory, or a big segment without its cold parts (``diskparts``).
Copy = _Blob | SparseCopy
#: Verified copies by (path, size, mtime, inode, expected record): a file changed on disk no
#: longer matches its key and is read and checked again. Entries vanish with the last reader.
_copies: weakref.WeakValueDictionary[tuple[Any, ...], Copy] = weakref.WeakValueDictionary()
_copies_lock = threading.Lock()
#: Files found damaged, by the same key: while a rebuild runs, every search that looks at the
#: index again is told at once, without reading the file again (bounded: cleared when full).
_damaged: dict[tuple[Any, ...], str] = {}
MAX_DAMAGED = 256
#: The copies of each index's current generation, kept while no searcher holds them (between
#: the check of a generation and the searcher opened on it, after a searcher is replaced).
_pinned: dict[str, list[Copy]] = {}


def _verified_copy(path: Path, expected: list[int]) -> Copy:
    try:
        stat = path.stat()
    except OSError as error:
        raise IndexDamaged(f"{path.name} is missing: {error}") from None
    key = (str(path), stat.st_size, stat.st_mtime_ns, stat.st_ino, tuple(expected))
    with _copies_lock:  # one thread reads a file; the others wait for its copy
        blob = _copies.get(key)
        if blob is not None:
            return blob
        problem = _damaged.get(key) or _check(path, expected)
        if not isinstance(problem, str):
            _copies[key] = problem
            return problem
        if len(_damaged) >= MAX_DAMAGED:
            _damaged.clear()
        _damaged[key] = problem
    raise IndexDamaged(problem)


def _check(path: Path, expected: list[int]) -> Copy | str:
    """The file's content (big segments without their cold parts: ``diskparts``), or what is
    wrong with it."""
    fd = os.open(path, os.O_RDONLY)
    try:
        before = os.fstat(fd)
        data = _read_all(fd, before.st_size)
        identity = (before.st_size, before.st_mtime_ns, before.st_ino)
        after = os.fstat(fd)
        size, crc = expected
        if len(data) != size:
            return f"{path.name} has {len(data)} bytes, {size} were written"
        if zlib.crc32(data) != crc:
            return f"{path.name} differs from what was written (CRC-32)"
        if (after.st_size, after.st_mtime_ns, after.st_ino) == identity:
            sparse = sparse_copy(path.name, fd, identity, data)
            if sparse is not None:
                fd = -1  # the copy reads its cold parts through it, and closes it
                return sparse
        return _Blob(data)
    finally:
        if fd >= 0:
            os.close(fd)


def _read_all(fd: int, size: int) -> bytes:
    # One allocation of the file's size; a file that grew while read is read to its new end.
    parts = [os.pread(fd, size, 0)]
    while chunk := os.pread(fd, CHUNK, sum(map(len, parts))):
        parts.append(chunk)
    return parts[0] if len(parts) == 1 else b"".join(parts)


class _View(ReadPosition):
    """A file-like read position on a slice of a verified copy (no copying on ``subset``).

    Like the ``BytesIO`` Whoosh used, the position is shared by whoever holds the file."""

    def __init__(self, view: memoryview) -> None:
        super().__init__(len(view))
        self.view = view

    def read(self, size: int | None = -1) -> bytes:
        start, end = self.pos, self.end_of(size)
        self.pos = max(start, end)
        return bytes(self.view[start:end])

    def readline(self, size: int | None = -1) -> bytes:
        # Only pickle's text opcodes read lines (Whoosh pickles in binary): a plain scan will do.
        start = self.pos
        rest = bytes(self.view[start:self.end_of(size)])
        newline = rest.find(b"\n")
        line = rest if newline < 0 else rest[:newline + 1]
        self.pos = start + len(line)
        return line


class MemoryFile(BufferFile):
    """Whoosh's in-memory file, but sharing one verified copy instead of copying each part."""

    def __init__(self, blob: Copy, view: memoryview, name: str | None = None) -> None:
        StructFile.__init__(self, _View(view), name=name)
        self._blob = blob  # keeps the cached copy alive while this file is open
        self._buf = view

    def subset(self, position: int, length: int, name: str | None = None) -> MemoryFile:
        return MemoryFile(self._blob, self._buf[position:position + length], name or self._name)

    def read_pickle(self) -> Any:
        # Posting blocks start with a small pickle (``diskparts.unpickle_at``).
        view, start = self.file.view, self.file.pos
        return unpickle_at(self.file, view[start:start + PICKLE_WINDOW])


class VerifiedStorage(FileStorage):
    """A generation folder whose recorded files are read through verified in-memory copies.

    ``strict`` (searching): a table of contents or segment without a record is damage (or a
    writer in another process between its commit and its state file; the caller looks again).
    Not strict (writing): Whoosh reads back files it is assembling, which have no record yet.
    """

    def __init__(self, folder: Path, files: dict[str, list[int]], strict: bool = True) -> None:
        super().__init__(str(folder), supports_mmap=False)
        self.files = files
        self.strict = strict
        self.loaded: dict[str, Copy] = {}

    def open_file(self, name: str, **kwargs: Any) -> StructFile:
        expected = self.files.get(name)
        if expected is not None:
            blob = self.loaded[name] = _verified_copy(Path(self.folder) / name, expected)
            if isinstance(blob, SparseCopy):
                return SparseFile(blob, MemoryFile, name)
            return MemoryFile(blob, memoryview(blob.data), name)
        if self.strict and name.endswith((".seg", ".toc")):
            raise IndexDamaged(f"{name} has no recorded checksum")
        return super().open_file(name, **kwargs)


def pin(root: Path, storage: VerifiedStorage) -> None:
    """Keep the copies ``storage`` has read (the current generation of the index in ``root``)
    for later readers in this process; the previous generation's go with their last reader."""
    with _copies_lock:
        _pinned[str(root)] = list(storage.loaded.values())
