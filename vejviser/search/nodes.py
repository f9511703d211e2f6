"""Each app node's progress through the change sequence, recorded in the database.

Several app servers share one database and each keeps its own index folder. After every
catch-up or rebuild a node writes ``IndexNode(name, last_seq, updated_at)`` (at least every
``HEARTBEAT_SECONDS`` while it serves searches), so ``prune_changes`` knows which change rows
every live node has applied. A node away for longer than the pruning's ``live_hours`` finds
the changes it missed gone and rebuilds its index (``sync``: "changes were pruned").
"""
from __future__ import annotations

import logging
import socket
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import delete, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from vejviser.db import utcnow
from vejviser.models import IndexNode, OfferChange

log = logging.getLogger(__name__)
#: A node that serves searches says it is alive at least this often, changes or not.
HEARTBEAT_SECONDS = 300.0
_names: dict[str, str] = {}
_recorded: dict[str, tuple[int, float]] = {}
_guard = threading.Lock()


def configure(app: Flask, index_dir: Path) -> None:
    """Remember the node name for ``index_dir`` (``NODE_NAME``, else host and folder)."""
    _names[str(index_dir)] = str(app.config.get("NODE_NAME") or default_name(index_dir))[:255]


def default_name(index_dir: Path) -> str:
    """The host name and the index folder: unique per node, stable across restarts."""
    return f"{socket.gethostname()}:{index_dir}"


def node_name(index_dir: Path) -> str:
    """The name this process records progress under for ``index_dir``."""
    return _names.get(str(index_dir)) or default_name(index_dir)[:255]


def record(index_dir: Path, session: Session, last_seq: int, force: bool = False) -> None:
    """Record that the index in ``index_dir`` has applied the sequence up to ``last_seq``, in a
    short transaction of its own (unless the same was recorded less than ``HEARTBEAT_SECONDS``
    ago). A failure is logged, never raised: the index work it reports on stands."""
    key, now = str(index_dir), time.monotonic()
    with _guard:
        previous = _recorded.get(key)
        if not force and previous and previous[0] == last_seq \
                and now - previous[1] < HEARTBEAT_SECONDS:
            return
        _recorded[key] = (last_seq, now)
    bind = session.get_bind()
    # Imported here: PostgreSQL's dialect module loads every driver's (asyncio included), a few
    # MB that a process on SQLite never needs.
    if bind.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert
        statement: Any = postgresql_insert(IndexNode)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert
        statement = sqlite_insert(IndexNode)
    statement = statement.values(name=node_name(index_dir), last_seq=last_seq,
                                 updated_at=utcnow())
    statement = statement.on_conflict_do_update(
        index_elements=[IndexNode.name],
        set_={"last_seq": statement.excluded.last_seq,
              "updated_at": statement.excluded.updated_at})
    try:
        with Session(bind=bind) as own:
            own.execute(statement)
            own.commit()
    except SQLAlchemyError as error:  # e.g. a database older than the index_node table
        with _guard:
            _recorded.pop(key, None)
        log.warning("could not record the index progress of %s: %s", key,
                    str(getattr(error, "orig", None) or error).splitlines()[0])


def forget() -> None:
    """Forget what was recorded (the next ``record`` writes): for tests and restores."""
    with _guard:
        _recorded.clear()


@dataclass(frozen=True)
class Pruned:
    """What ``prune_changes`` did: rows deleted, the newest kept, the slowest live node."""

    deleted: int
    through: int
    slowest: str | None
    slowest_seq: int | None


def prune_changes(session: Session, live_hours: float = 72.0,
                  min_age: timedelta = timedelta(hours=1)) -> Pruned:
    """Delete change rows that every node seen in the last ``live_hours`` has applied (flushes;
    the caller commits). The newest row always stays (an index compares against it), and so do
    rows younger than ``min_age`` (a transaction that committed late may still be looked for
    as a gap)."""
    newest = session.scalar(select(func.max(OfferChange.seq))) or 0
    seen_since = utcnow() - timedelta(hours=live_hours)
    slowest = session.execute(select(IndexNode.name, IndexNode.last_seq)
                              .where(IndexNode.updated_at >= seen_since)
                              .order_by(IndexNode.last_seq, IndexNode.name).limit(1)).first()
    through = newest if slowest is None else min(int(slowest.last_seq), newest)
    result = session.execute(delete(OfferChange).where(
        OfferChange.seq <= through, OfferChange.seq < newest,
        OfferChange.changed_at < utcnow() - min_age))
    deleted = int(getattr(result, "rowcount", 0) or 0)
    return Pruned(deleted, through, slowest.name if slowest else None,
                  int(slowest.last_seq) if slowest else None)


def pruned_beyond(session: Session, last_seq: int) -> bool:
    """True when change rows after ``last_seq`` were pruned (the index must be rebuilt)."""
    oldest = session.scalar(select(func.min(OfferChange.seq)))
    return oldest is not None and oldest > last_seq + 1
