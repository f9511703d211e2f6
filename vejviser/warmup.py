"""Warming a server process up before it takes requests, and keeping garbage collection short.

A web worker's first search opens and checks the search index, and its first "open now"
compiles every offer's hours (seconds at 20,000 offers on a loaded machine); doing both before
the first request keeps that out of anyone's wait. Afterwards
every object alive (modules, classes, the app, the index) lives as long as the process: moved
out of the cyclic garbage collector's sight with ``gc.freeze()``, a full collection no longer
walks them (collections of ~140 ms coincided with the slowest requests). Only what is alive at
that moment is frozen; caches filled later are collected as before.

``vejviser serve --production`` does this in each worker; another gunicorn set-up
(``gunicorn.conf.py``)::

    def post_worker_init(worker):
        from vejviser.warmup import warm_up
        warm_up(worker.wsgi)
"""
from __future__ import annotations

import gc
import logging

from flask import Flask

log = logging.getLogger(__name__)


def warm_up(app: Flask, query: str = "varmestue") -> None:
    """Run a search and an "open now" over the whole catalogue in this process (the index
    opened and verified, every offer's hours compiled), then collect and freeze everything
    alive. A failure is logged, never raised: the worker serves anyway."""
    from vejviser import search

    try:
        with app.test_request_context("/"):
            search.search(search.parse_args({"q": query}))
            search.search(search.parse_args({"open_now": "1"}))
    except Exception:  # noqa: BLE001 - the first request will say what is wrong
        log.warning("warming up the search index failed", exc_info=True)
    gc.collect()
    gc.freeze()
