"""An editor who saves one offer a second, in a process of its own, as the back office would.

Each save changes an offer's summary through the models and commits: the change sequence
records it, the commit brings this process's index up to date, and every search worker then
sees a new index generation state (the "cold after an edit" path the load benchmark measures).
"""
from __future__ import annotations

import multiprocessing
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import select

from vejviser.models import Offer, OfferStatus


def save_one(session: Any, number: int) -> None:
    """Change one active offer's summary (a different offer each time) and commit."""
    offset = (number * 7919) % 5000
    offer = session.scalars(select(Offer).where(Offer.status == OfferStatus.ACTIVE)
                            .order_by(Offer.id).offset(offset).limit(1)).one()
    base = offer.summary.split(" (rettet")[0]
    offer.summary = f"{base} (rettet {number})"
    session.commit()


def _edit_loop(folder: str, every: float, stop: Any, active: Any, saved: Any) -> None:
    from benchmarks.load_catalogue import bench_app
    from vejviser.db import db

    app = bench_app(Path(folder))
    with app.app_context():
        number = 0
        while not stop.is_set():
            if not active.is_set():
                active.wait(0.1)
                continue
            started = time.monotonic()
            save_one(db.session(), number)
            number += 1
            saved.value = number
            stop.wait(max(0.0, every - (time.monotonic() - started)))


class Editor:
    """``with Editor(folder) as editor:`` a process that saves an offer every ``every`` seconds
    while ``editor.active`` is set (``editing()``), until the block ends."""

    def __init__(self, folder: Path, every: float = 1.0, active: bool = True) -> None:
        context = multiprocessing.get_context("spawn")
        self.stop = context.Event()
        self.active = context.Event()
        if active:
            self.active.set()
        self.saved = context.Value("i", 0)
        self.process = context.Process(target=_edit_loop, args=(
            str(folder), every, self.stop, self.active, self.saved))

    def __enter__(self) -> Editor:
        self.process.start()
        return self

    @contextmanager
    def editing(self) -> Iterator[None]:
        """Save offers (one a second) during the ``with`` block only."""
        self.active.set()
        try:
            yield
        finally:
            self.active.clear()

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.process.join(30)
        if self.process.is_alive():
            self.process.kill()
