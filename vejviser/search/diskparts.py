"""Large, rarely read parts of a segment file, read from disk when asked instead of kept in memory.

``storage`` checks every index file against its recorded CRC-32 and searches read a private copy,
so damage on disk cannot reach a running search. Keeping the *whole* file costs every worker the
whole index: at 20,000 offers 34 MB of a 184 MB worker, at 100,000 five times that. Most of it is
read once per process or less: a term's posting list is decoded once and then kept as
arrays (``segment_arrays``), a word is looked up in the term table once per segment, an
offer's opening hours once per plan (``open_state``), stored fields hardly ever. Those parts
(``COLD_SUFFIXES``) of a big compound segment are left out of the copy and read with
``os.pread`` from a descriptor opened before the check, so they come from the operating
system's page cache, shared by every worker and not part of any worker's resident memory.

The guarantee stays: a read that comes back short, or from a file whose size, modification time
or inode changed since the check (truncated, overwritten), raises ``IndexDamaged``, which a
search answers by checking the index again and rebuilding it (``vejviser.search.search``). A
file replaced by a new one under the same name is no damage to us: the descriptor still reads
the file that was checked.
"""
from __future__ import annotations

import io
import os
import pickle
import weakref
from typing import Any

from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.structfile import BufferFile, StructFile

from vejviser.search.errors import IndexDamaged

#: Parts of a compound segment read from disk when needed: the posting lists, the term table
#: (each word is looked up once per segment: ``segments.View.has``), the opening hours column
#: and the stored fields.
COLD_SUFFIXES = (".pst", ".trm", ".hours.col", "._stored.col")
#: Files smaller than this are kept whole (an edit's new segment: a few hundred KB).
SPARSE_FROM = 1 << 20
#: Bytes read ahead to unpickle a posting block's header (tens of bytes are used).
PICKLE_WINDOW = 4096


class SparseCopy:
    """A checked file: its hot spans in memory, its cold parts by ``(offset, length)`` on disk."""

    def __init__(self, name: str, fd: int, identity: tuple[int, int, int], size: int,
                 spans: list[tuple[int, bytes]], cold: dict[int, int]) -> None:
        self.name = name
        self.fd = fd
        self.identity = identity
        self.size = size
        self.spans = spans
        self.cold = cold
        weakref.finalize(self, os.close, fd)

    def span_at(self, position: int, length: int) -> tuple[bytes, int]:
        """The in-memory span holding ``[position, position + length)`` and where it starts."""
        for start, data in self.spans:
            if start <= position and position + length <= start + len(data):
                return data, start
        raise IndexDamaged(f"{self.name}: no checked copy of bytes {position}-{position + length}")

    def pread(self, position: int, length: int) -> bytes:
        """``length`` bytes at ``position`` of the file, as checked, or ``Damaged``."""
        data = os.pread(self.fd, length, position)
        stat = os.fstat(self.fd)
        if len(data) != length or (stat.st_size, stat.st_mtime_ns, stat.st_ino) != self.identity:
            raise IndexDamaged(f"{self.name} changed on disk since it was checked")
        return data


def cold_parts(data: bytes) -> dict[int, int]:
    """``{offset: length}`` of the cold parts of a compound segment file's content (empty for
    any other file)."""
    try:
        directory = CompoundStorage(BufferFile(memoryview(data)), use_mmap=False)._dir
    except Exception:  # noqa: BLE001 - not a compound file (a TOC, an older layout): kept whole
        return {}
    return {info["offset"]: info["length"] for name, info in directory.items()
            if name.endswith(COLD_SUFFIXES)}


def sparse_copy(name: str, fd: int, identity: tuple[int, int, int], data: bytes
                ) -> SparseCopy | None:
    """A ``SparseCopy`` of a checked file's ``data`` without its cold parts, or None when the
    file is small or has none (then it is kept whole)."""
    if len(data) < SPARSE_FROM:
        return None
    cold = cold_parts(data)
    if not cold:
        return None
    spans, position = [], 0
    for offset in sorted(cold):
        if offset > position:
            spans.append((position, data[position:offset]))
        position = max(position, offset + cold[offset])
    if position < len(data):
        spans.append((position, data[position:]))
    return SparseCopy(name, fd, identity, len(data), spans, cold)


class ReadPosition:
    """A read position over ``length`` bytes, the file object under Whoosh's ``StructFile``:
    seeking and telling here, reading in each kind of copy."""

    def __init__(self, length: int) -> None:
        self.length = length
        self.pos = 0

    def read(self, size: int | None = -1) -> bytes:
        """``size`` bytes from here (all that is left, when None or negative)."""
        raise NotImplementedError

    def readline(self, size: int | None = -1) -> bytes:
        """The bytes from here to the next newline, at most ``size``."""
        raise NotImplementedError

    def end_of(self, size: int | None) -> int:
        """Where a read of ``size`` bytes (all, when None or negative) from here ends."""
        return self.length if size is None or size < 0 else min(self.length, self.pos + size)

    def seek(self, where: int, whence: int = 0) -> int:
        self.pos = (0, self.pos, self.length)[whence] + where
        return self.pos

    def tell(self) -> int:
        return self.pos

    def close(self) -> None:
        pass


class _Span(ReadPosition):
    """A read position over a checked copy's whole address range: reads inside one span."""

    def __init__(self, copy: SparseCopy) -> None:
        super().__init__(copy.size)
        self.copy = copy

    def read(self, size: int | None = -1) -> bytes:
        end = self.end_of(size)
        data, start = self.copy.span_at(self.pos, end - self.pos)
        out = data[self.pos - start:end - start]
        self.pos = end
        return out

    def readline(self, size: int | None = -1) -> bytes:
        # Only pickle's text opcodes read lines (Whoosh pickles in binary): within one span.
        for start, data in self.copy.spans:
            if start <= self.pos < start + len(data):
                end = len(data) if size is None or size < 0 else self.pos - start + size
                rest = data[self.pos - start:end]
                newline = rest.find(b"\n")
                line = rest if newline < 0 else rest[:newline + 1]
                self.pos += len(line)
                return line
        return b""


class SparseFile(StructFile):
    """The compound segment file as Whoosh reads it: its directory from memory, each part as an
    in-memory file (``memory_file``) or, for a cold part, a ``DiskPart``."""

    def __init__(self, copy: SparseCopy, memory_file: Any, name: str | None = None) -> None:
        super().__init__(_Span(copy), name=name)
        self.copy = copy
        self.memory_file = memory_file

    def subset(self, position: int, length: int, name: str | None = None) -> StructFile:
        if self.copy.cold.get(position) == length:
            return DiskPart(self.copy, position, length, name)
        data, start = self.copy.span_at(position, length)
        part = memoryview(data)[position - start:position - start + length]
        return self.memory_file(self.copy, part, name)


class _Disk(ReadPosition):
    """A read position over one cold part, read with ``pread``."""

    def __init__(self, copy: SparseCopy, base: int, length: int) -> None:
        super().__init__(length)
        self.copy, self.base = copy, base

    def read(self, size: int | None = -1) -> bytes:
        end = self.end_of(size)
        data = self.copy.pread(self.base + self.pos, max(0, end - self.pos))
        self.pos = max(self.pos, end)
        return data

    def readline(self, size: int | None = -1) -> bytes:
        start = self.pos
        rest = self.read(size if size is not None and size >= 0 else PICKLE_WINDOW)
        newline = rest.find(b"\n")
        line = rest if newline < 0 else rest[:newline + 1]
        self.pos = start + len(line)
        return line


class DiskPart(StructFile):
    """A cold part of a segment file, read from disk through the checked descriptor."""

    def __init__(self, copy: SparseCopy, base: int, length: int, name: str | None = None) -> None:
        super().__init__(_Disk(copy, base, length), name=name)
        self.copy, self.base, self.length = copy, base, length

    def get(self, position: int, length: int) -> bytes:
        end = min(self.length, position + length)
        return self.copy.pread(self.base + position, max(0, end - position))

    def subset(self, position: int, length: int, name: str | None = None) -> DiskPart:
        return DiskPart(self.copy, self.base + position, length, name or self._name)

    def read_pickle(self) -> Any:
        # One read of a window instead of one per pickle opcode (a posting block's header).
        return unpickle_at(self.file, self.get(self.file.pos, PICKLE_WINDOW))


def unpickle_at(position: ReadPosition, window: bytes | memoryview) -> Any:
    """The pickle at ``position``, unpickled from ``window`` (its next few KB) through a C
    ``BytesIO`` — five times faster than from a Python file object, one read call per opcode —
    and ``position`` moved past it; a pickle longer than the window is read from ``position``."""
    start = position.pos
    buffer = io.BytesIO(window)
    try:
        value = pickle.load(buffer)
    except (EOFError, pickle.UnpicklingError):
        return pickle.load(position)
    position.pos = start + buffer.tell()
    return value
