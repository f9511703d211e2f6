"""In-process figures of the load benchmark: the first query after an edit, and plain text
beside SQLite FTS5 on the same mix (no HTTP, no page: the engine alone)."""
from __future__ import annotations

import gc
import sqlite3
import statistics
import time
from pathlib import Path

from werkzeug.datastructures import MultiDict

from benchmarks import editor, fts_baseline, query_mix
from benchmarks.load_catalogue import FTS, bench_app
from vejviser import search
from vejviser.db import db
from vejviser.warmup import warm_up


def p95(samples: list[float]) -> float:
    """The 95th percentile of ``samples`` (seconds) in milliseconds."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000


def _timed(q: str, facets: bool = True) -> float:
    params = search.parse_args(MultiDict({"q": q, "facets": "1" if facets else "0"}))
    started = time.perf_counter()
    search.search(params)
    return time.perf_counter() - started


def cold_after_edit(folder: Path, edits: int = 40) -> tuple[float, float]:
    """p95 (ms) of the first query after each of ``edits`` saved offers, and of the same
    queries warm (between edits); facets on, as the API answers.

    The process is warmed up as a server worker is (``vejviser.warmup``: the index opened,
    hours compiled, what is alive frozen out of the collector's sight); without it a full
    collection of the whole heap, ~85 ms, landed in one timed search now and then. 40 edits:
    the p95 of 20 samples was their maximum.

    The app runs as the servers do (``http_load`` serves the same ``app_config``): the edit is
    applied to the index and the next searcher warmed at its commit, and the database is
    asked for changes made elsewhere at most every ``SEARCH_POLL_SECONDS`` (1). This row once
    set that to 0, so that every search, warm ones too, asked; on SQLite the first such query
    after a commit re-reads the pages the commit invalidated (0.7 against 0.27 ms), which is
    the database's cost, not the index's."""
    app = bench_app(folder)
    queries = query_mix.QUERIES
    cold, warm = [], []
    warm_up(app)
    with app.test_request_context():
        for q in queries:
            _timed(q)
        # Numbers not used before: a rerun on the same folder must change the offers again
        # (the same text saved again is no change, and no new segment).
        first = 100_000 + time.time_ns() // 1_000_000 % 10**9 * edits
        for number in range(edits):
            editor.save_one(db.session(), first + number)
            q = queries[number % len(queries)]
            cold.append(_timed(q))
            for _ in range(3):
                warm.append(_timed(q))
    gc.unfreeze()
    return p95(cold), p95(warm)


def text_vs_fts(folder: Path, rounds: int = 3) -> tuple[float, float, float]:
    """Warm p95 (ms) of the mix as plain text (no facets) in our engine and on FTS5, and the
    median of ours."""
    app = bench_app(folder)
    ours, theirs = [], []
    connection = sqlite3.connect(folder / FTS)
    with app.test_request_context():
        for q in query_mix.QUERIES:
            _timed(q, facets=False)
        for _ in range(rounds):
            for q in query_mix.QUERIES:
                ours.append(_timed(q, facets=False))
                started = time.perf_counter()
                fts_baseline.search(connection, q)
                theirs.append(time.perf_counter() - started)
    connection.close()
    return p95(ours), p95(theirs), statistics.median(ours) * 1000


def open_now_first(folder: Path) -> tuple[float, float]:
    """ms of "open now" over the whole catalogue (no words): the first time in a process
    (every schedule compiled), and the first time on a later day (compiled, new day)."""
    app = bench_app(folder)
    times = []
    with app.test_request_context():
        search.search(search.parse_args(MultiDict({"q": "varmestue"})))  # index opened
        for day in ("2026-12-08T12:00", "2026-12-09T12:00"):
            params = search.parse_args(MultiDict({"open_at": day, "facets": "1"}))
            started = time.perf_counter()
            search.search(params)
            times.append((time.perf_counter() - started) * 1000)
    return times[0], times[1]
