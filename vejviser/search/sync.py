"""Keeping the index equal to the database: full rebuilds and catching up on the change sequence.

The database is the truth. ``vejviser.changes`` appends an ``OfferChange`` row in the same
transaction as every change to an offer, so a rolled-back edit leaves no row and can never reach
the index. After a commit (and, on other processes, when a search notices a newer ``seq``) the
index applies every change after the ``last_seq`` in its state file, re-reading each offer.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from flask import Flask
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from vejviser.catalogue.loading import with_offer_parts
from vejviser.models import Offer, OfferChange
from vejviser.search.documents import INDEXED, is_indexed, offer_document
from vejviser.search.index import (
    WRITER_TIMEOUT,
    IndexUnavailable,
    new_generation,
    open_index,
    read_state,
    remove_other_generations,
    shared_searcher,
    write_state,
    writer_lock,
)
from vejviser.search.schema import SCHEMA_VERSION

log = logging.getLogger(__name__)
BATCH = 500
#: How often a process asks the database whether another process changed the catalogue.
POLL_SECONDS = 1.0
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
    """Build a new generation from every offer, switch to it, and return the number indexed."""
    with writer_lock(path):
        last = max_seq(session)  # read first: changes after it are caught up later
        ids = list(session.scalars(select(Offer.id).where(INDEXED).order_by(Offer.id)))
        ix, name = new_generation(path)
        # 512 MB of posting pool keeps a 20,000-offer build in memory (no external-sort runs on
        # disk): 25 s instead of 38 s, at ~630 MB peak RSS, measured in benchmarks/search_bench.py.
        writer = ix.writer(limitmb=512)
        done = 0
        try:
            for start in range(0, len(ids), BATCH):
                chunk = ids[start:start + BATCH]
                batch = with_offer_parts(select(Offer).where(Offer.id.in_(chunk)))
                for offer in session.scalars(batch):
                    writer.add_document(**offer_document(offer))
                    done += 1
                session.expunge_all()  # keep memory flat on big catalogues
                if progress:
                    progress(done, len(ids))
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        write_state(path, {"indexname": name, "last_seq": last, "schema_version": SCHEMA_VERSION})
        remove_other_generations(path, keep=name)
    shared_searcher(path).close()
    return done


def apply_changes(path: Path, session: Session) -> int:
    """Apply the changes after the index's ``last_seq`` (and any that filled a gap since); the
    number of offers re-indexed.

    On PostgreSQL two transactions can commit out of order: seq 11 may be visible while seq 10
    is still in flight. Numbers skipped below the newest applied one are remembered as gaps and
    looked for again on every catch-up, until they appear or ``GAP_SECONDS`` pass (a rolled-back
    transaction leaves a gap for good).
    """
    with writer_lock(path):
        ix, state = open_index(path)
        last = int(state.get("last_seq", 0))
        gaps = {int(seq): float(first_seen) for seq, first_seen in state.get("gaps", {}).items()}
        wanted = OfferChange.seq > last
        if gaps:
            wanted = or_(wanted, OfferChange.seq.in_(sorted(gaps)))
        rows = session.execute(select(OfferChange.seq, OfferChange.offer_id).where(wanted)
                               .order_by(OfferChange.seq)).all()
        newest, open_gaps = _gaps_after(last, gaps, [seq for seq, _ in rows])
        if rows:
            writer = ix.writer(timeout=WRITER_TIMEOUT)
            try:
                _write_offers(writer, session, sorted({offer_id for _, offer_id in rows}))
                writer.commit()
            except BaseException:
                writer.cancel()
                raise
        if rows or open_gaps != gaps:
            write_state(path, {**state, "last_seq": newest,
                               "gaps": {str(seq): seen for seq, seen in open_gaps.items()}})
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


def _write_offers(writer, session: Session, ids: Iterable[str]) -> None:
    ids = list(ids)
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        batch = with_offer_parts(select(Offer).where(Offer.id.in_(chunk)))
        found = {o.id: o for o in session.scalars(batch)}
        for offer_id in chunk:
            offer = found.get(offer_id)
            if offer is not None and is_indexed(offer):
                writer.update_document(**offer_document(offer))
            else:
                writer.delete_by_term("id", offer_id)


class Freshness:
    """Per process and index: when the index was last verified and compared with the database."""

    def __init__(self) -> None:
        self.verified = False
        self.polled = 0.0
        self.lock = threading.Lock()


_freshness: dict[str, Freshness] = {}


def ensure_fresh(app: Flask, session_factory: Callable[[], Session]) -> None:
    """Make the index usable and current before a search.

    The first search in a process verifies the index (present, this schema, opens cleanly,
    holds as many offers as the database) and rebuilds it otherwise; later searches ask the
    database for a newer change at most every ``POLL_SECONDS`` and catch up.
    """
    path = index_dir(app)
    fresh = _freshness.setdefault(str(path), Freshness())
    now = time.monotonic()
    if fresh.verified and now - fresh.polled < app.config.get("SEARCH_POLL_SECONDS", POLL_SECONDS):
        return
    with fresh.lock:
        with session_factory() as session:
            # A state file gone since we verified means the index was deleted under us.
            if not fresh.verified or read_state(path) is None:
                _verify(path, session)
                fresh.verified = True
            state = read_state(path) or {}
            if max_seq(session) > int(state.get("last_seq", 0)) or state.get("gaps"):
                try:
                    apply_changes(path, session)
                except IndexUnavailable as error:  # damaged since we verified: start over
                    log.warning("search index in %s rebuilt: %s", path, error)
                    rebuild(path, session)
        fresh.polled = time.monotonic()


def _verify(path: Path, session: Session) -> None:
    try:
        ix, state = open_index(path)
        count = ix.doc_count()
        last, newest = int(state.get("last_seq", 0)), max_seq(session)
        problem = None
        if last > newest:
            problem = "index is newer than the database (another database?)"
        elif newest <= last and count != (expected := indexed_count(session)):
            problem = f"index holds {count} offers, the database {expected}"
    except IndexUnavailable as error:
        problem = str(error)
    if problem:
        log.warning("search index in %s rebuilt: %s", path, problem)
        rebuild(path, session)


def forget(app: Flask) -> None:
    """Forget what this process verified about the app's index (the next search checks again)."""
    _freshness.pop(str(index_dir(app)), None)
