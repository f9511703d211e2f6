"""Before a search: the index is usable and current, or the search is told to come back later.

The first search in a process checks the index (``sync.diagnose``); later searches ask the
database for newer changes at most every ``POLL_SECONDS`` and catch up. An index that cannot
serve (missing, damaged, stale) is rebuilt once, by one process: the one that gets the writer
lock rebuilds in a background thread, re-checking first (another process may have just
finished). Searches wait for the rebuild until ``SEARCH_REBUILD_WAIT`` seconds after this
process found the trouble (a small catalogue heals unnoticed); after that they get
``SearchUnavailable`` at once, which the web turns into a 503 with ``Retry-After``. No request
thread ever spends a worker's timeout on a rebuild.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from sqlalchemy.orm import Session

from vejviser.messages import Message
from vejviser.search import nodes, sync
from vejviser.search.index import IndexBusy, IndexUnavailable, read_state, remove_stale, writer_lock

log = logging.getLogger(__name__)
#: How often a process asks the database whether another process changed the catalogue.
POLL_SECONDS = 1.0
#: How long a search waits for a rebuild before it answers "come back later".
REBUILD_WAIT = 5.0
#: The ``Retry-After`` (seconds) of that answer.
RETRY_AFTER = 30
#: How long a catch-up waits for the writer lock: after a commit (so an editor sees the edit)
#: and before a search (which must not stall). A search does not wait at all: whoever holds the
#: lock is writing these very changes (the committing process applies its own after commit) or
#: rebuilding, and the search is answered from the index as it is; the next poll looks again.
#: Waiting (it was 0.5 s) stalled every search in every worker once per edit.
CATCH_UP_WAIT, POLL_CATCH_UP_WAIT = 5.0, 0.0
#: How often a waiting search looks again while another process rebuilds.
LOOK_AGAIN = 0.1


class SearchUnavailable(Exception):
    """The index is being rebuilt (here or in another process): ask again in ``retry_after`` s."""

    def __init__(self, reason: str, retry_after: int) -> None:
        super().__init__(Message("Søgningen er ved at blive gjort klar igen. "
                                 "Prøv igen om et øjeblik."))
        self.reason = reason
        self.retry_after = retry_after


class Freshness:
    """Per process and index: whether the index was checked, and when it was last compared with
    the database; the rebuild this process runs, if any."""

    def __init__(self) -> None:
        self.verified = False
        self.polled = 0.0
        self.lock = threading.Lock()
        self.rebuild: _Rebuild | None = None
        #: When this process found the index unusable (None while it is fine): searches wait
        #: for the rebuild until ``SEARCH_REBUILD_WAIT`` after that, later ones answer at once
        #: (a sync worker must not spend seconds on every search during a long rebuild).
        self.trouble_since: float | None = None


class _Rebuild(threading.Thread):
    """``sync.repair`` in the background (a big catalogue takes longer than any request may)."""

    def __init__(self, app: Flask, session_factory: Callable[[], Session]) -> None:
        super().__init__(name="vejviser-index-rebuild", daemon=True)
        self.app, self.session_factory = app, session_factory
        self.failed = False

    def run(self) -> None:
        path = sync.index_dir(self.app)
        try:
            with self.app.app_context(), self.session_factory() as session:
                sync.repair(path, session)
        except IndexBusy:
            pass  # another process is rebuilding (or writing): the waiting searches look again
        except Exception:  # noqa: BLE001 - logged; the next search tries again
            self.failed = True
            log.exception("rebuilding the search index in %s failed", path)


_freshness: dict[str, Freshness] = {}
_freshness_guard = threading.Lock()


def _of(app: Flask) -> Freshness:
    with _freshness_guard:
        return _freshness.setdefault(str(sync.index_dir(app)), Freshness())


def ensure_fresh(app: Flask, session_factory: Callable[[], Session]) -> None:
    """Make the index usable and current before a search, or raise ``SearchUnavailable``."""
    path = sync.index_dir(app)
    fresh = _of(app)
    if fresh.verified and time.monotonic() - fresh.polled < app.config.get(
            "SEARCH_POLL_SECONDS", POLL_SECONDS):
        return
    wait = float(app.config.get("SEARCH_REBUILD_WAIT", REBUILD_WAIT))
    if not fresh.lock.acquire(timeout=wait):  # another request of this process is waiting
        raise _unavailable(app, "the index is being checked by another request")
    try:
        with session_factory() as session:
            # A state file gone since we verified means the index was deleted under us.
            if not fresh.verified or read_state(path) is None:
                problem = sync.diagnose(path, session)
                if problem is not None:
                    _restore(app, session_factory, fresh, wait)
                elif not fresh.verified:
                    _tidy(path)
                fresh.verified, fresh.trouble_since = True, None
            state = read_state(path) or {}
            if sync.max_seq(session) > int(state.get("last_seq", 0)) or state.get("gaps"):
                try:
                    sync.apply_changes(path, session, lock_timeout=POLL_CATCH_UP_WAIT)
                except IndexBusy:
                    pass  # a rebuild elsewhere: caught up on a later search
                except IndexUnavailable as error:  # damaged since we verified: start over
                    log.warning("search index in %s cannot be updated: %s", path, error)
                    _restore(app, session_factory, fresh, wait)
            else:  # nothing new: still say this node is alive (at most every few minutes)
                nodes.record(path, session, int(state.get("last_seq", 0)))
        fresh.polled = time.monotonic()
    finally:
        fresh.lock.release()


def _restore(app: Flask, session_factory: Callable[[], Session], fresh: Freshness,
             wait: float) -> None:
    """Get the index rebuilt (by this process unless another one already is) and wait for it
    until ``wait`` seconds after the trouble was found; raise ``SearchUnavailable`` if it cannot
    serve by then."""
    path = sync.index_dir(app)
    if fresh.trouble_since is None:
        fresh.trouble_since = time.monotonic()
    deadline = fresh.trouble_since + wait
    while True:
        if fresh.rebuild is None or not fresh.rebuild.is_alive():
            fresh.rebuild = _Rebuild(app, session_factory)
            fresh.rebuild.start()
        fresh.rebuild.join(max(0.0, deadline - time.monotonic()))
        with session_factory() as session:
            problem = sync.diagnose(path, session)
        if problem is None:
            fresh.trouble_since = None
            return
        if time.monotonic() >= deadline or fresh.rebuild.failed:  # the next search tries again
            raise _unavailable(app, problem)
        if not fresh.rebuild.is_alive():  # another process holds the lock: look again soon
            time.sleep(min(LOOK_AGAIN, max(0.0, deadline - time.monotonic())))


def _tidy(path: Path) -> None:
    """Delete generations left by a rebuild that was killed (unless someone writes just now)."""
    try:
        with writer_lock(path, timeout=0):
            state = read_state(path)
            remove_stale(path, keep=state["indexname"] if state else None)
    except IndexBusy:
        pass


def _unavailable(app: Flask, reason: str) -> SearchUnavailable:
    log.info("search answered 'unavailable': %s", reason)
    return SearchUnavailable(reason, int(app.config.get("SEARCH_RETRY_AFTER", RETRY_AFTER)))


def caught_up(app: Flask) -> None:
    """Note that this process just applied every change the database has (after its own
    commit): the next search need not ask before ``SEARCH_POLL_SECONDS`` have passed."""
    fresh = _of(app)
    if fresh.verified:
        fresh.polled = time.monotonic()


def forget(app: Flask) -> None:
    """Forget what this process verified about the app's index (the next search checks again)."""
    _of(app).verified = False
