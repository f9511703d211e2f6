"""The index on disk: generations, the state file, the writer lock and the shared searcher.

Layout of ``INDEX_DIR``::

    state.json        {"indexname", "last_seq", "schema_version", "gaps"}: the generation in
                      use, the last change (``OfferChange.seq``) it holds, and the skipped
                      change numbers still looked for (seq -> first seen; written by
                      ``sync.apply_changes``, absent until a catch-up finds a gap)
    writer.lock       flock()ed by whoever writes (one writer at a time, across processes)
    <indexname>_*     Whoosh's files for each generation

A rebuild writes a new generation beside the old one and switches ``state.json`` atomically,
so searches keep working on the old generation until the new one is complete.
"""
from __future__ import annotations

import fcntl
import gc
import json
import os
import threading
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from vejviser.search.schema import BM25_B, BM25_K1, SCHEMA_VERSION, build_schema

STATE_FILE = "state.json"
LOCK_FILE = "writer.lock"
#: How long a writer waits for Whoosh's own lock (its default, 0, fails at once under load).
WRITER_TIMEOUT = 30.0


class IndexUnavailable(Exception):
    """The index is missing, of another schema version, or cannot be opened (damaged)."""


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


@contextmanager
def writer_lock(path: Path) -> Iterator[None]:
    """Exclusive right to write the index in ``path``: threads of this process, then processes."""
    path.mkdir(parents=True, exist_ok=True)
    with _thread_locks_guard:
        lock = _thread_locks.setdefault(str(path), threading.RLock())
    with lock:
        with open(path / LOCK_FILE, "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def open_index(path: Path) -> tuple[whoosh_index.Index, dict[str, Any]]:
    """The current generation and its state; raises ``IndexUnavailable`` with the reason."""
    state = read_state(path)
    if state is None:
        raise IndexUnavailable("no index (state file missing)")
    if state.get("schema_version") != SCHEMA_VERSION:
        raise IndexUnavailable(f"index schema {state.get('schema_version')} != {SCHEMA_VERSION}")
    reason = None
    # Whoosh leaves a damaged file open when it fails to read it; it is closed when the
    # exception is dropped, which must not surface as a ResourceWarning.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        try:
            ix = whoosh_index.open_dir(str(path), indexname=state["indexname"])
            with ix.searcher() as searcher:  # reads the TOC and every segment: damage shows
                searcher.doc_count()
        except Exception as error:  # noqa: BLE001 - any failure to open means "damaged"
            reason = f"index cannot be opened: {type(error).__name__}: {error}"
        if reason is not None:
            gc.collect()
    if reason is not None:
        raise IndexUnavailable(reason)
    return ix, state


def new_generation(path: Path) -> tuple[whoosh_index.Index, str]:
    """Create an empty index under a fresh name in ``path``."""
    path.mkdir(parents=True, exist_ok=True)
    name = f"v{SCHEMA_VERSION}g{time.time_ns()}p{os.getpid()}"
    return whoosh_index.create_in(str(path), build_schema(), indexname=name), name


def remove_other_generations(path: Path, keep: str) -> None:
    """Delete the files of every generation except ``keep`` (open readers keep their handles)."""
    for entry in path.iterdir():
        name = entry.name.lstrip("_")
        if name.startswith("v") and not name.startswith(keep + "_") and "g" in name:
            try:
                entry.unlink()
            except OSError:
                pass


def weighting() -> BM25F:
    """The scoring model (see ``schema.BM25_K1``)."""
    return BM25F(B=BM25_B, K1=BM25_K1)


class SharedSearcher:
    """One searcher per process and index, reused while ``up_to_date()``.

    Opening a searcher costs milliseconds to tens of milliseconds, so requests share one.
    ``refresh()`` is broken in the Whoosh forks, so a stale searcher is replaced, and closed once
    the last request using it is done.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.Lock()
        self.ix: whoosh_index.Index | None = None
        self.state_key: tuple[int, int] | None = None
        self.searcher: Searcher | None = None
        self.users: dict[int, int] = {}
        self.retired: list[Searcher] = []
        #: Per-searcher caches (facet doc sets, columns, compiled hours), dropped with it.
        self.caches: dict[str, Any] = {}

    def _state_key(self) -> tuple[int, int] | None:
        try:
            stat = (self.path / STATE_FILE).stat()
        except OSError:
            return None
        return stat.st_mtime_ns, stat.st_ino

    def _current(self) -> Searcher:
        key = self._state_key()
        if self.ix is None or key != self.state_key:
            ix, _ = open_index(self.path)
            self.ix, self.state_key = ix, key
            self._retire()
        if self.searcher is None or not self.searcher.up_to_date():
            self._retire()
            self.searcher = self.ix.searcher(weighting=weighting())
            self.caches = {}
        return self.searcher

    def _retire(self) -> None:
        if self.searcher is not None:
            self.retired.append(self.searcher)
            self.searcher = None
        self._close_retired()

    def _close_retired(self) -> None:
        still = []
        for searcher in self.retired:
            if self.users.get(id(searcher), 0) > 0:
                still.append(searcher)
            else:
                self.users.pop(id(searcher), None)
                searcher.close()
        self.retired = still

    @contextmanager
    def reading(self) -> Iterator[tuple[Searcher, dict[str, Any]]]:
        """The current searcher and its cache dict, held open for the ``with`` block."""
        with self.lock:
            searcher = self._current()
            caches = self.caches
            self.users[id(searcher)] = self.users.get(id(searcher), 0) + 1
        try:
            yield searcher, caches
        finally:
            with self.lock:
                self.users[id(searcher)] -= 1
                self._close_retired()

    def close(self) -> None:
        """Close every searcher (used by tests and when the index is rebuilt in-process)."""
        with self.lock:
            self._retire()
            self.ix, self.state_key = None, None


_shared: dict[str, SharedSearcher] = {}
_shared_guard = threading.Lock()


def shared_searcher(path: Path) -> SharedSearcher:
    """The process-wide ``SharedSearcher`` of the index in ``path``."""
    with _shared_guard:
        return _shared.setdefault(str(path), SharedSearcher(path))
