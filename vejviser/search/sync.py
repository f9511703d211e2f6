"""Keeping the index equal to the database: full rebuilds and catching up on the change sequence.

The database is the truth. ``vejviser.changes`` appends an ``OfferChange`` row in the same
transaction as every change to an offer, so a rolled-back edit leaves no row and can never reach
the index. After a commit (and, on other processes, when a search notices a newer ``seq``) the
index applies every change after the ``last_seq`` in its state file, re-reading each offer.
``diagnose`` says whether the index can serve at all; ``repair`` rebuilds it when it cannot
(``freshness`` decides when to call them).
"""
from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from vejviser.models import Offer, OfferChange
from vejviser.search import nodes
from vejviser.search.bulk import BulkWriter
from vejviser.search.documents import INDEXED, is_indexed, offer_document
from vejviser.search.edit_segments import EditCodec, merge_tiers
from vejviser.search.index import (
    WRITER_TIMEOUT,
    IndexUnavailable,
    new_generation,
    open_for_writing,
    open_index,
    read_state,
    rebuild_codec,
    remove_stale,
    write_state,
    writer_lock,
)
from vejviser.search.reading import BATCH, collector_paused, document_batches, offers
from vejviser.search.schema import SCHEMA_VERSION
from vejviser.search.searchers import shared_searcher
from vejviser.search.storage import record_files

log = logging.getLogger(__name__)
#: How long a skipped change number is looked for (a transaction still in flight commits well
#: within this; a rolled-back one never does), and how many are remembered at most.
GAP_SECONDS = 600.0
MAX_GAPS = 1000


def index_dir(app: Flask) -> Path:
    """The app's index folder (``INDEX_DIR``)."""
    return Path(app.config["INDEX_DIR"])


def max_seq(session: Session) -> int:
    """The newest change in the database (0 when there is none)."""
    return session.scalar(select(func.max(OfferChange.seq))) or 0


def indexed_count(session: Session) -> int:
    """How many offers the index should hold."""
    return session.scalar(select(func.count()).select_from(Offer).where(INDEXED)) or 0


def rebuild(path: Path, session: Session,
            progress: Callable[[int, int], None] | None = None) -> int:
    """Build a new generation from every offer, switch to it, and return the number indexed
    (waits for the writer lock: ``vejviser reindex`` and tests rebuild even a sound index)."""
    with writer_lock(path):
        return _rebuild_locked(path, session, progress)


def repair(path: Path, session: Session) -> str | None:
    """Rebuild the index if it still cannot serve once the writer lock is ours; the problem
    that was repaired, or None when there was none (any more).

    Raises ``IndexBusy`` at once when another thread or process holds the lock: that is a
    rebuild (or a catch-up) already under way, and a second rebuild would only repeat it."""
    with writer_lock(path, timeout=0):
        problem = diagnose(path, session)  # looked at again: the last holder may have fixed it
        if problem is not None:
            log.warning("rebuilding the search index in %s: %s", path, problem)
            _rebuild_locked(path, session, None)
        return problem


def _rebuild_locked(path: Path, session: Session,
                    progress: Callable[[int, int], None] | None) -> int:
    state = read_state(path)
    remove_stale(path, keep=state["indexname"] if state else None)  # left by killed rebuilds
    last = max_seq(session)  # read first: changes after it are caught up later
    ids = list(session.scalars(select(Offer.id).where(INDEXED).order_by(Offer.id)))
    ix, name = new_generation(path)
    done = 0
    try:
        # Postings in typed arrays, not Whoosh's pool of tuples (see ``bulk``).
        writer = BulkWriter(ix, codec=rebuild_codec())
        try:
            # Documents are read and made in a second process on big rebuilds (``reading``).
            with collector_paused():
                for batch in document_batches(session, ids):
                    for document in batch:
                        writer.add_document(**document)
                    done += len(batch)
                    if progress:
                        progress(done, len(ids))
                writer.commit()
        except BaseException:
            writer.cancel()
            raise
        files = record_files(path / name)
    except BaseException:
        shutil.rmtree(path / name, ignore_errors=True)  # never leave a half-built generation
        raise
    write_state(path, {"indexname": name, "last_seq": last, "schema_version": SCHEMA_VERSION,
                       "files": files})
    remove_stale(path, keep=name)
    shared_searcher(path).close()
    nodes.record(path, session, last, force=True)
    return done


def apply_changes(path: Path, session: Session, lock_timeout: float | None = None) -> int:
    """Apply the changes after the index's ``last_seq`` (and any that filled a gap since); the
    number of offers re-indexed. Raises ``IndexBusy`` when the writer lock stays taken for
    ``lock_timeout`` seconds (a rebuild elsewhere: the changes are caught up later).

    On PostgreSQL two transactions can commit out of order: seq 11 may be visible while seq 10
    is still in flight. Numbers skipped below the newest applied one are remembered as gaps and
    looked for again on every catch-up, until they appear or ``GAP_SECONDS`` pass (a rolled-back
    transaction leaves a gap for good).
    """
    with writer_lock(path, lock_timeout):
        ix, state = open_for_writing(path)
        last = int(state.get("last_seq", 0))
        if nodes.pruned_beyond(session, last):  # this node was away longer than pruning waits
            raise IndexUnavailable(f"changes after {last} were pruned: rebuild")
        gaps = {int(seq): float(first_seen) for seq, first_seen in state.get("gaps", {}).items()}
        wanted = OfferChange.seq > last
        if gaps:
            wanted = or_(wanted, OfferChange.seq.in_(sorted(gaps)))
        rows = session.execute(select(OfferChange.seq, OfferChange.offer_id).where(wanted)
                               .order_by(OfferChange.seq)).all()
        newest, open_gaps = _gaps_after(last, gaps, [seq for seq, _ in rows])
        if rows:
            writer = ix.writer(timeout=WRITER_TIMEOUT, codec=EditCodec())
            try:
                _write_offers(writer, session, sorted({offer_id for _, offer_id in rows}))
                writer.commit(mergetype=merge_tiers)
            except BaseException:
                writer.cancel()
                raise
        if rows or open_gaps != gaps:
            folder = path / state["indexname"]
            files = record_files(folder, state["files"]) if rows else state["files"]
            write_state(path, {**state, "last_seq": newest, "files": files,
                               "gaps": {str(seq): seen for seq, seen in open_gaps.items()}})
        nodes.record(path, session, newest)
        return len({offer_id for _, offer_id in rows})


def _gaps_after(last: int, gaps: dict[int, float], seen: list[int]) -> tuple[int, dict[int, float]]:
    """The new ``last_seq`` and the gaps still worth looking for after seeing ``seen``."""
    now = time.time()
    found = set(seen)
    newest = max([last, *found])
    still = {seq: first for seq, first in gaps.items()
             if seq not in found and now - first < GAP_SECONDS}
    for seq in range(last + 1, newest):
        if seq not in found:
            still.setdefault(seq, now)
    # A huge rolled-back import can skip thousands of numbers: keep only the newest gaps.
    return newest, dict(sorted(still.items())[-MAX_GAPS:])


def _write_offers(writer: Any, session: Session, ids: Iterable[str]) -> None:
    ids = list(ids)
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        found = {o.id: o for o in offers(session, chunk)}
        for offer_id in chunk:
            offer = found.get(offer_id)
            if offer is not None and is_indexed(offer):
                writer.update_document(**offer_document(offer))
            else:
                writer.delete_by_term("id", offer_id)


def diagnose(path: Path, session: Session) -> str | None:
    """Why the index cannot serve (missing, another schema, damaged, of another database, or
    holding another number of offers than the database), or None when it can."""
    try:
        ix, state = open_index(path)
        count = ix.doc_count()
    except IndexUnavailable as error:
        return str(error)
    last, newest = int(state.get("last_seq", 0)), max_seq(session)
    if last > newest:
        return "index is newer than the database (another database?)"
    if nodes.pruned_beyond(session, last):
        return f"changes after {last} were pruned"
    if newest <= last and count != (expected := indexed_count(session)):
        return f"index holds {count} offers, the database {expected}"
    return None
