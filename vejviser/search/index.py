"""The index on disk: generations, the state file, the writer lock, opening a checked searcher.

The searcher a process shares between requests is ``searchers.SharedSearcher``.

Layout of ``INDEX_DIR``::

    state.json        {"indexname", "last_seq", "schema_version", "files", "gaps"}: the
                      generation in use, the last change (``OfferChange.seq``) it holds, the
                      size and CRC-32 of each of its files as written (``storage.record_files``),
                      and the skipped change numbers still looked for (seq -> first seen;
                      written by ``sync.apply_changes``, absent until a catch-up finds a gap)
    writer.lock       flock()ed by whoever writes (one writer at a time, across processes)
    <indexname>/      one folder per generation: Whoosh's files (and, while it writes, its
                      ``.tmp`` folder)

A rebuild writes a new generation folder beside the old one and switches ``state.json``
atomically, so searches keep working on the old generation until the new one is complete. A
generation folder that ``state.json`` does not name was left by a rebuild that was killed;
whoever holds the writer lock deletes it (``remove_stale``).
"""
from __future__ import annotations

import fcntl
import gc
import json
import os
import re
import shutil
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from whoosh.codec.whoosh3 import W3Codec
from whoosh.index import FileIndex
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from vejviser.search import readers
from vejviser.search.schema import BM25_B, BM25_K1, SCHEMA_VERSION, build_schema
from vejviser.search.storage import IndexDamaged, IndexUnavailable, VerifiedStorage, pin

__all__ = ["IndexBusy", "IndexDamaged", "IndexUnavailable", "open_index", "open_for_writing",
           "new_generation", "open_checked", "read_state", "rebuild_codec", "remove_stale",
           "write_state", "writer_lock"]

STATE_FILE = "state.json"
LOCK_FILE = "writer.lock"
#: How long a writer waits for Whoosh's own lock (its default, 0, fails at once under load).
WRITER_TIMEOUT = 30.0
#: Postings a block in the segment a full rebuild writes (Whoosh's default: 128). A block is
#: decoded whole (``postings.read_blocks``); at 100,000 offers a common word spans hundreds of
#: 128-posting blocks, and a worker's first queries spent a third of their time on the cost
#: each block carries (its header, a decompressor, an unpickling). Longer blocks also compress
#: better (the postings of a cold query mix: 5.4 MB at 128, 3.1 MB at 1024). Whoosh reads any
#: block length; edits' small segments keep its default.
REBUILD_BLOCKLIMIT = 1024
#: A generation's name (``new_generation``); files of the older flat layout start with it too.
GENERATION = re.compile(r"_?v\d+g\d+p\d+")


class IndexBusy(Exception):
    """Another process holds the writer lock (usually a rebuild) and did not let go in time."""


def read_state(path: Path) -> dict[str, Any] | None:
    """The state file's content, or None when it is missing or unreadable."""
    try:
        state = json.loads((path / STATE_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return state if isinstance(state, dict) and "indexname" in state else None


def write_state(path: Path, state: dict[str, Any]) -> None:
    """Replace the state file atomically (a reader sees the old or the new one, never half)."""
    temporary = path / f".{STATE_FILE}.{os.getpid()}.{threading.get_ident()}"
    temporary.write_text(json.dumps(state), "utf-8")
    os.replace(temporary, path / STATE_FILE)


_thread_locks: dict[str, threading.RLock] = {}
_thread_locks_guard = threading.Lock()
_held = threading.local()  # the index folders whose file lock this thread holds


@contextmanager
def writer_lock(path: Path, timeout: float | None = None) -> Iterator[None]:
    """Exclusive right to write the index in ``path``: threads of this process, then processes.

    ``timeout`` None waits as long as it takes; otherwise ``IndexBusy`` is raised after that
    many seconds (0: at once). A thread that holds the lock may take it again."""
    path.mkdir(parents=True, exist_ok=True)
    with _thread_locks_guard:
        lock = _thread_locks.setdefault(str(path), threading.RLock())
    deadline = None if timeout is None else time.monotonic() + timeout
    if not lock.acquire(timeout=-1 if timeout is None else timeout):
        raise IndexBusy(f"the index in {path} is being written by another thread")
    held: set[str] = _held.__dict__.setdefault("paths", set())
    try:
        if str(path) in held:  # taken again by its holder: the file lock is already ours
            yield
            return
        with open(path / LOCK_FILE, "a+") as handle:
            _lock_file(handle, path, deadline)
            held.add(str(path))
            try:
                yield
            finally:
                held.discard(str(path))
                fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        lock.release()


def _lock_file(handle: IO[str], path: Path, deadline: float | None) -> None:
    if deadline is None:
        fcntl.flock(handle, fcntl.LOCK_EX)
        return
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise IndexBusy(f"the index in {path} is being written elsewhere") from None
            time.sleep(0.05)


def open_index(path: Path) -> tuple[FileIndex, dict[str, Any]]:
    """The current generation and its state, every file checked against its record (once per
    process); raises ``IndexUnavailable`` (``IndexDamaged`` for damage) with the reason."""
    ix, state, searcher = open_checked(path)
    searcher.close()
    return ix, state


def open_checked(path: Path) -> tuple[FileIndex, dict[str, Any], Searcher]:
    """``open_index``, and the searcher that checked it (open: the caller closes it)."""
    state = read_state(path)
    if state is None:
        raise IndexUnavailable("no index (state file missing)")
    if state.get("schema_version") != SCHEMA_VERSION:
        raise IndexUnavailable(f"index schema {state.get('schema_version')} != {SCHEMA_VERSION}")
    files = state.get("files")
    folder = path / str(state["indexname"])
    if not isinstance(files, dict) or not folder.is_dir():
        raise IndexUnavailable("no index (generation folder or checksums missing)")
    storage = VerifiedStorage(folder, files)
    error: Exception | None = None
    # Whoosh leaves a file open when it fails to read it; it is closed when the exception is
    # dropped, which must not surface as a ResourceWarning.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            ix = _ReadingIndex(storage, _reading_schema(), str(state["indexname"]))
            # Reads the TOC and every new segment: damage shows (a segment already open here
            # was checked when it was first read, and its copy in memory is what is served).
            searcher = readers.open_searcher(ix, weighting())
            try:
                searcher.doc_count()
            except BaseException:
                searcher.close()
                raise
        except Exception as failure:  # noqa: BLE001 - any failure to open means "damaged"
            error = failure
        if error is not None:
            gc.collect()
    if isinstance(error, IndexUnavailable):
        raise error
    if error is not None:
        raise IndexDamaged(f"index cannot be opened: {type(error).__name__}: {error}")
    pin(path, storage)  # later searchers of this generation reuse the checked copies
    return ix, state, searcher


class _ReadingIndex(FileIndex):
    """A ``FileIndex`` that does not read its table of contents when made: the searcher
    opened on it at once reads it (and fails the same way), so Whoosh read it twice on every
    new searcher (a folder listing and an unpickling each)."""

    def __init__(self, storage: VerifiedStorage, schema: Any, indexname: str) -> None:
        self.storage, self._schema, self.indexname = storage, schema, indexname


_schema: Any = None


def _reading_schema() -> Any:
    # The schema Whoosh would unpickle from every table of contents it reads (several per edit,
    # milliseconds each): the same object, since ``schema_version`` in the state file matches.
    global _schema
    if _schema is None:
        _schema = build_schema()
    return _schema


def open_for_writing(path: Path) -> tuple[FileIndex, dict[str, Any]]:
    """``open_index``, then the same generation as a writer sees it (files it is assembling
    have no record yet)."""
    ix, state = open_index(path)
    storage = VerifiedStorage(path / state["indexname"], state["files"], strict=False)
    return FileIndex(storage, indexname=state["indexname"]), state


def new_generation(path: Path) -> tuple[FileIndex, str]:
    """Create an empty index in a fresh generation folder under ``path``."""
    name = f"v{SCHEMA_VERSION}g{time.time_ns()}p{os.getpid()}"
    (path / name).mkdir(parents=True)
    storage = VerifiedStorage(path / name, {}, strict=False)
    return FileIndex.create(storage, build_schema(), indexname=name), name


def rebuild_codec() -> W3Codec:
    """The codec of the segment a full rebuild writes: Whoosh's own, with longer blocks."""
    return W3Codec(blocklimit=REBUILD_BLOCKLIMIT)


def remove_stale(path: Path, keep: str | None) -> None:
    """Delete every generation but ``keep``, files of the older flat layout, and state files
    half-written by a killed process. Only with the writer lock held: a rebuild holds it
    throughout, so an unnamed generation is then certainly left over."""
    for entry in path.iterdir():
        if entry.name == keep:
            continue
        if GENERATION.match(entry.name) or entry.name.startswith(f".{STATE_FILE}."):
            if entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)


def weighting() -> BM25F:
    """The scoring model (see ``schema.BM25_K1``)."""
    return BM25F(B=BM25_B, K1=BM25_K1)
