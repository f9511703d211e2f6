"""The searcher a process shares between its requests, and how it is replaced after an edit.

Opening a searcher costs milliseconds, so requests share one per process and index. An edit
(in this process or another) adds a segment and rewrites the state file; the next searcher
must read the new segment and assemble what searches use (the live mask, keyword tables,
lengths, each term's postings and scores over the new statistics). Done on the first request
after the edit, that made it two to three times slower than the next one.

So the searcher is *refreshed* ahead of searches, as Lucene's SearcherManager does with a
warmer: the next searcher is opened and warmed (``warming.warm``) while requests go on with the
current one, then swapped in. Two paths refresh:

* the process that applied an edit, right after its commit (``refresh``, waiting): the editor's
  next page reads the edit from a warm searcher (read-your-writes);
* every other process, a background thread that looks at the index every
  ``SEARCH_REFRESH_SECONDS`` (``watch``). It is started by the first search, in the process
  that searches (never before a fork: a forked child has no threads).

While a refresh runs, a request finding the index on disk newer than the current searcher
waits for it (an edit on this node is never hidden: the editor's next page may reach another
worker); with no refresh running, it opens the next searcher itself, as before. So the thread
spares the first search after an edit in a worker that was idle when it came; under steady
load a request usually finds the change first.

A searcher is closed once the last request using it is done; it reads checked copies of the
files in memory, so it keeps answering correctly whatever happens to the files on disk
meanwhile.
"""
from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from whoosh.index import FileIndex
from whoosh.searching import Searcher

from vejviser.search import memo, readers, warming
from vejviser.search.index import STATE_FILE, IndexDamaged, open_checked, weighting

__all__ = ["CARRIED", "SharedSearcher", "shared_searcher"]
log = logging.getLogger(__name__)

#: The per-searcher memo tables a new searcher starts with (``memo.carried``).
CARRIED = ("queries", "corrections")
#: How often (seconds) the background thread looks whether the index changed.
REFRESH_SECONDS = 0.5
#: How long (seconds) a request waits for a refresh under way when the index moved past the
#: current searcher; longer (opening a new generation), it is answered from the current one.
REFRESH_WAIT = 2.0


class SharedSearcher:
    """One searcher per process and index, reused while it is current, refreshed (opened and
    warmed) ahead of searches after an edit."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lock = threading.Lock()
        self.ix: FileIndex | None = None
        self.state_key: tuple[int, int] | None = None
        self.searcher: Searcher | None = None
        self.users: dict[int, int] = {}
        self.retired: list[Searcher] = []
        #: Per-searcher caches (facet doc sets, columns, compiled hours), dropped with it.
        self.caches: dict[str, Any] = {}
        #: Held while a refresh opens and warms the next searcher (one at a time).
        self.refresh_lock = threading.Lock()
        self.refreshing = False
        #: Notified (under ``lock``) when a refresh ends.
        self.refreshed = threading.Condition(self.lock)
        self.watcher: _Watcher | None = None

    def _state_key(self) -> tuple[int, int] | None:
        try:
            stat = (self.path / STATE_FILE).stat()
        except OSError:
            return None
        return stat.st_mtime_ns, stat.st_ino

    def _stale(self) -> bool:
        """Whether the index on disk moved past the current searcher (call under ``lock``)."""
        if self.ix is None or self._state_key() != self.state_key:
            return True
        return self.searcher is None or not _up_to_date(self.searcher)

    def _open_next(self, ix: FileIndex | None, state_key: tuple[int, int] | None
                   ) -> tuple[FileIndex, tuple[int, int] | None, Searcher] | None:
        """The index, state key and searcher as they are on disk now, after ``ix`` opened at
        ``state_key``; None when a writer in another process has committed but not yet
        recorded its files (the current searcher serves until it has). Raises
        ``IndexUnavailable`` when there is nothing to open."""
        key = self._state_key()
        if ix is None or key != state_key:
            # The searcher that checks the files serves: opening another one would read every
            # new segment's files again.
            ix, _, checked = open_checked(self.path)
            return ix, key, checked
        try:
            return ix, key, readers.open_searcher(ix, weighting())
        except IndexDamaged:
            if self.searcher is None:
                raise
            return None

    def _install(self, opened: tuple[FileIndex, tuple[int, int] | None, Searcher],
                 caches: dict[str, Any]) -> None:
        """Make ``opened`` the current searcher with ``caches`` (call under ``lock``)."""
        self._retire()
        self.ix, self.state_key, self.searcher = opened
        self.caches = caches

    def _current(self) -> Searcher:
        if self.refreshing and self.searcher is not None and self._stale():
            # The index moved past this searcher (an edit on this node: the editor's next
            # page may come here): wait for the refresh under way rather than answer without
            # the edit, or open another searcher beside it (``lock`` is free meanwhile).
            self.refreshed.wait_for(lambda: not self.refreshing, REFRESH_WAIT)
            if self.refreshing and self.searcher is not None:  # a long open (a new
                return self.searcher  # generation): answer as we can meanwhile
        if self._stale():
            opened = self._open_next(self.ix, self.state_key)
            if opened is not None:
                self._install(opened, self._carried())
        assert self.searcher is not None
        return self.searcher

    def _carried(self) -> dict[str, Any]:
        # Built queries and corrections outlive their searcher: each is checked against the
        # segments that changed before it is used again (``carry``). The rest (document
        # numbers, masks, compiled hours by document) belongs to one searcher.
        return memo.carried(self.caches, CARRIED)

    def refresh(self, wait: bool = True) -> bool:
        """Open and warm the next searcher if the index changed, then make it current; whether
        it did. Requests go on with the current searcher meanwhile. ``wait`` False returns at
        once when another thread is refreshing. Does nothing before the first search opened
        the index (that search opens it)."""
        if not self.refresh_lock.acquire(blocking=wait):
            return False
        try:
            with self.lock:
                if self.ix is None or self.searcher is None or not self._stale():
                    return False
                base, previous, caches = self.searcher, self.caches, self._carried()
                ix, state_key = self.ix, self.state_key
                self.refreshing = True
            opened, installed = None, False
            try:
                opened = self._open_next(ix, state_key)
                if opened is not None:
                    _warm(opened[2], caches, previous, self.path)
            finally:
                with self.lock:
                    self.refreshing = False
                    installed = opened is not None and self.searcher is base
                    if opened is not None and installed:
                        self._install(opened, caches)
                    elif opened is not None:  # closed or replaced meanwhile (a rebuild here)
                        self.retired.append(opened[2])
                        self._close_retired()
                    self.refreshed.notify_all()
            return installed
        finally:
            self.refresh_lock.release()

    def watch(self, interval: float) -> None:
        """Refresh in a background thread of this process every ``interval`` seconds (0:
        never); started once per process, so a forked worker starts its own."""
        if interval <= 0:
            return
        watcher = self.watcher
        if watcher is not None and watcher.pid == os.getpid() and watcher.is_alive():
            return
        with self.lock:
            if self.watcher is watcher:
                self.watcher = _Watcher(self, interval)
                self.watcher.start()

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
        """Close every searcher and stop the background thread (tests; a rebuild in this
        process)."""
        with self.lock:
            self._retire()
            self.ix, self.state_key = None, None
            watcher, self.watcher = self.watcher, None
        if watcher is not None:
            watcher.stop.set()


def _warm(searcher: Searcher, caches: dict[str, Any], previous: dict[str, Any],
          path: Path) -> None:
    # Warming only saves searches time: a failure there must not keep the edit out of sight.
    try:
        warming.warm(searcher, caches, previous)
    except Exception:  # noqa: BLE001 - logged; the searcher serves unwarmed
        log.warning("warming the next searcher of %s failed", path, exc_info=True)


def _up_to_date(searcher: Searcher) -> bool:
    try:
        return bool(searcher.up_to_date())
    except OSError:  # the folder is gone: the copy in memory is still the latest there is
        return True


class _Watcher(threading.Thread):
    """``SharedSearcher.refresh`` every ``interval`` seconds until stopped."""

    def __init__(self, shared: SharedSearcher, interval: float) -> None:
        super().__init__(name=f"vejviser-searcher-refresh-{shared.path.name}", daemon=True)
        self.shared, self.interval, self.pid = shared, interval, os.getpid()
        self.stop = threading.Event()

    def run(self) -> None:
        failing = False
        while not self.stop.wait(self.interval):
            try:
                self.shared.refresh(wait=False)
                failing = False
            except Exception:  # noqa: BLE001 - a request opening the index says what is wrong
                if not failing:  # once per spell of trouble, not twice a second
                    log.warning("refreshing the searcher of %s failed", self.shared.path,
                                exc_info=True)
                failing = True


_shared: dict[str, SharedSearcher] = {}
_shared_guard = threading.Lock()


def _after_fork_in_child() -> None:
    # A fork copies locks as they were held and no thread: a child must not wait for a refresh
    # its parent's thread was running (``watch`` starts the child's own thread).
    global _shared_guard
    _shared_guard = threading.Lock()
    for shared in _shared.values():
        shared.lock = threading.Lock()
        shared.refreshed = threading.Condition(shared.lock)
        shared.refresh_lock = threading.Lock()
        shared.refreshing = False


os.register_at_fork(after_in_child=_after_fork_in_child)


def shared_searcher(path: Path) -> SharedSearcher:
    """The process-wide ``SharedSearcher`` of the index in ``path``."""
    found = _shared.get(str(path))
    if found is not None:
        return found
    with _shared_guard:
        return _shared.setdefault(str(path), SharedSearcher(path))
