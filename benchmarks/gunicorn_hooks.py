"""Gunicorn settings of the load benchmarks: each worker warms up (opens the search index, runs
one search) and freezes what is alive before its first request (``vejviser.warmup``)."""
from __future__ import annotations

from typing import Any


def post_worker_init(worker: Any) -> None:
    """After the app is loaded in a worker: warm up, then ``gc.freeze()`` (a version of the app
    without ``vejviser.warmup``, measured for "before", starts cold)."""
    try:
        from vejviser.warmup import warm_up
    except ImportError:
        return
    warm_up(worker.wsgi)
