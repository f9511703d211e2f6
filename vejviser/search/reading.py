"""Reading offers for the index, and making their documents in a second process during rebuilds.

A rebuild's CPU time is about half reading offers and making their documents (the ORM and the
public projection) and half analysing and writing them (``bulk``). On a machine with two
cores the first half runs in a child process that sends batches of finished documents down a
pipe while the rebuild writes in this one. The child reads the same database with its own
engine and produces the same documents through the same ``offer_document``: the index is the
same either way (``tests/search/test_lifecycle.py`` builds both and compares them).

Small rebuilds, in-memory databases, sessions bound to a connection and one-core machines
read in this process as before.
"""
from __future__ import annotations

import gc
import logging
import os
import pickle
import subprocess
import sys
import traceback
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select
from sqlalchemy.engine import URL, Engine
from sqlalchemy.orm import Session

from vejviser.catalogue.loading import with_offer_parts
from vejviser.models import Offer
from vejviser.search.documents import offer_document

log = logging.getLogger(__name__)
BATCH = 500
#: Below this many offers a second process (a second or two to start) is not worth it.
PIPELINE_MIN = 5000


def offer_batches(session: Session, ids: list[str]) -> Iterator[list[Offer]]:
    """The offers ``ids`` in batches of ``BATCH``, each read with its parts in a few queries;
    the session forgets a batch once the next is asked for (memory stays flat)."""
    for start in range(0, len(ids), BATCH):
        yield list(offers(session, ids[start:start + BATCH]))
        session.expunge_all()


def offers(session: Session, ids: list[str]) -> Iterable[Offer]:
    """The offers ``ids`` with every part an index document needs, in a few queries."""
    return session.scalars(with_offer_parts(select(Offer).where(Offer.id.in_(ids))))


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector (for this process) while the block runs.

    A rebuild makes millions of short-lived objects (rows, offers, documents), so the collector
    keeps running full collections over every tracked object of the process: a third of a
    rebuild's CPU time (measured at 20,000 offers), to free a few thousand objects in cycles
    in all. Reference counting frees everything else as before; the cycles left wait for the
    next collection after the block.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def document_batches(session: Session, ids: list[str],
                     pipeline: bool | None = None) -> Iterator[list[dict[str, Any]]]:
    """The index documents of the offers ``ids``, in batches, in order. ``pipeline`` None
    decides by size and database (see the module docstring); True or False forces it (tests)."""
    bind = session.get_bind()
    # Only a session of its own engine (the index's, ``search._session``) sees nothing the
    # child could not: a session bound to a connection may read that connection's uncommitted
    # transaction (tests do).
    if pipeline is None:
        pipeline = (isinstance(bind, Engine) and len(ids) >= PIPELINE_MIN and bool(sys.executable)
                    and (os.cpu_count() or 1) > 1 and not _in_memory(bind.url))
    child, connect = None, None
    if pipeline:
        connect = _connection_settings(bind.engine)
    if connect is not None:
        try:
            child = _start_child()
        except OSError as error:  # no interpreter to start (an embedded Python): read here
            log.warning("no index reader process (%s): reading in this process", error)
    if child is None or connect is None:
        for batch in offer_batches(session, ids):
            yield [offer_document(offer) for offer in batch]
        return
    log.info("reading %d offers for the index in a second process", len(ids))
    yield from _from_child(child, connect, ids)


def _connection_settings(engine: Engine) -> bytes | None:
    """The pickled ``(url, engine options)`` the child connects with: the app's
    ``SQLALCHEMY_ENGINE_OPTIONS`` too (``connect_args`` may choose the schema, as the tests'
    PostgreSQL does, or TLS), else the child reads another database. None when the options
    cannot travel (a ``creator`` function, a pool object): then this process reads."""
    from flask import current_app, has_app_context

    options = current_app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}) if has_app_context() else {}
    try:
        return pickle.dumps((engine.url.render_as_string(hide_password=False), dict(options)))
    except (pickle.PicklingError, TypeError, AttributeError) as error:
        log.warning("the engine options cannot reach an index reader process (%s): reading in "
                    "this process", error)
        return None


def _in_memory(url: URL) -> bool:
    """Whether ``url`` is an SQLite database only this process can see."""
    return url.get_backend_name() == "sqlite" and (
        url.database in (None, "", ":memory:") or url.query.get("mode") == "memory")


def _start_child() -> subprocess.Popen[bytes]:
    # A plain subprocess, not multiprocessing: "spawn" imports the parent's main module again
    # (a script that rebuilds at import time would rebuild in the child and wait for its own
    # lock), "fork" copies whatever threads hold (a web worker's), and a daemonic process (a
    # multiprocessing pool's worker) may not start children at all.
    import vejviser

    env = dict(os.environ)
    root = str(Path(vejviser.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, (root, env.get("PYTHONPATH"))))
    return subprocess.Popen(
        [sys.executable, "-c", "from vejviser.search.reading import child_main; child_main()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)


def _from_child(child: subprocess.Popen[bytes], connect: bytes,
                ids: list[str]) -> Iterator[list[dict[str, Any]]]:
    """The batches ``child`` sends for ``ids`` (read with ``connect``: the pickled url and
    engine options); its failure raised here."""
    assert child.stdin is not None and child.stdout is not None
    try:
        try:
            with child.stdin:
                child.stdin.write(connect)
                pickle.dump(ids, child.stdin)
        except BrokenPipeError:  # the child ended at once: said below, at the end of its output
            pass
        while True:
            try:
                kind, item = pickle.load(child.stdout)
            except EOFError:
                raise RuntimeError(f"the index reader process ended ({child.wait()})") from None
            if kind == "done":
                break
            if kind == "error":
                raise RuntimeError(f"the index reader process failed:\n{item}")
            yield item
    finally:
        child.stdout.close()  # a child still writing gets a broken pipe and ends
        if child.poll() is None:
            child.kill()
        child.wait()


def child_main() -> None:
    """The child: read (url, engine options) and the ids from stdin, write ("batch",
    documents) pickles to stdout a batch at a time, then ("done", None) or ("error",
    traceback). The pipe holds a batch or two, so the child never runs far ahead of the writer
    (memory stays flat)."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything else printed goes to stderr, not into the stream of pickles
    url, options = pickle.load(sys.stdin.buffer)
    ids = pickle.load(sys.stdin.buffer)
    engine = create_engine(url, **options)
    try:
        with collector_paused(), Session(engine) as session:
            for batch in document_batches(session, ids, pipeline=False):
                pickle.dump(("batch", batch), out, pickle.HIGHEST_PROTOCOL)
        pickle.dump(("done", None), out)
    except BrokenPipeError:  # the parent gave up (its own error): nothing to tell it
        return
    except BaseException:
        pickle.dump(("error", traceback.format_exc()), out)
    finally:
        engine.dispose()
    out.close()
