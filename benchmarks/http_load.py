"""Load benchmark (issue 14): gunicorn with 2 sync workers, wrk on loopback, 20,000 offers.

    .venv/bin/python benchmarks/http_load.py                       # about 4 minutes
    .venv/bin/python benchmarks/http_load.py --folder /tmp/load20k # keep the catalogue for reruns
    .venv/bin/python benchmarks/http_load.py --rows api,baseline   # some rows only

Every row of the issue's table is printed beside its goal, with the ceiling (a near-static page of
the same app, ``/privatliv``) and the frozen FTS5 baseline (``fts_baseline``) measured in the
same run, and the load average before and after: on a shared machine only figures of one run
compare. The query mix is ``query_mix``. The 100,000-offer row is ``search_bench.py --sizes
100000``. The functions here and in ``serving``/``wrk_runner`` are reused by other benchmarks.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import inprocess, load_catalogue, query_mix  # noqa: E402
from benchmarks.editor import Editor  # noqa: E402
from benchmarks.serving import (  # noqa: E402
    Server,
    cpu_seconds,
    start_gunicorn,
    warm,
    worker_rss_mb,
)
from benchmarks.wrk_runner import WrkResult, run_wrk  # noqa: E402

APP = "vejviser:create_app()"
BASELINE = "benchmarks.fts_baseline:create_app()"
CEILING = "/privatliv"
ROWS = ("ceiling", "api", "baseline", "filtered", "page", "edits", "rss", "cold", "text",
        "open")


def load_average() -> str:
    """The 1/5/15-minute load averages, as ``uptime`` shows them."""
    return "/".join(f"{value:.2f}" for value in os.getloadavg())


def start_app(folder: Path, workers: int = 2) -> Server:
    """Our app on gunicorn (``workers`` sync workers) serving ``folder``'s catalogue."""
    hooks = Path(__file__).with_name("gunicorn_hooks.py")
    return start_gunicorn(APP, load_catalogue.app_env(folder), folder / "gunicorn.log",
                          workers=workers, ready_path=CEILING,
                          extra=("--config", str(hooks)) if hooks.exists() else ())


def start_baseline(folder: Path, workers: int = 2) -> Server:
    """The frozen FTS5 endpoint on gunicorn over the same offers."""
    return start_gunicorn(BASELINE, {"FTS_BASELINE_DB": str(folder / load_catalogue.FTS)},
                          folder / "baseline.log", workers=workers, ready_path="/search?q=x")


@dataclass
class Runs:
    """The rounds of one row: requests per second over all of them, the median p50/p99."""

    results: list[WrkResult] = field(default_factory=list)
    cpu: float = 0.0  # seconds of worker CPU the rounds used

    @property
    def cpu_ms(self) -> float:
        """Worker CPU per request (ms): what a request costs whatever else runs on the machine."""
        requests = sum(r.requests for r in self.results)
        return self.cpu * 1000 / requests if requests else 0.0

    @property
    def rps(self) -> float:
        seconds = sum(r.seconds for r in self.results)
        return sum(r.requests for r in self.results) / seconds if seconds else 0.0

    @property
    def p50_ms(self) -> float:
        return statistics.median(r.p50_ms for r in self.results) if self.results else 0.0

    @property
    def p99_ms(self) -> float:
        return statistics.median(r.p99_ms for r in self.results) if self.results else 0.0

    @property
    def errors(self) -> int:
        return sum(r.errors for r in self.results)


def describe(runs: Runs) -> str:
    """``req/s, p50/p99, errors`` of a row's rounds."""
    errors = f", {runs.errors} errors" if runs.errors else ""
    return (f"{runs.rps:6.1f} req/s p50 {runs.p50_ms:5.1f} p99 {runs.p99_ms:6.1f} ms, "
            f"CPU {runs.cpu_ms:4.1f} ms/req{errors}")


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


class Report:
    """Rows printed as they are measured (a long run shows progress) and kept for the summary."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def row(self, what: str, figure: str, goal: str, ok: bool | None = None) -> None:
        line = f"{what:38s} {figure:62s} goal {goal}" + ("" if ok is None else f"  [{verdict(ok)}]")
        self.lines.append(line)
        print(line, flush=True)


def measure(folder: Path, rows: set[str], seconds: float, connections: int,
            rounds: int) -> tuple[dict[str, Runs], list[float], int]:
    """Every wrk row, ``rounds`` times in turn (the machine's load drifts: interleaved rounds
    share it fairly); the workers' RSS afterwards, and how many offers the editor saved."""
    app = start_app(folder)
    baseline = start_baseline(folder) if "baseline" in rows else None
    plan: list[tuple[str, Server, list[str]]] = [
        ("ceiling", app, [CEILING]), ("api", app, query_mix.api_paths()),
        ("baseline", baseline, query_mix.baseline_paths()) if baseline else ("", app, []),
        ("filtered", app, query_mix.filtered_paths()), ("page", app, query_mix.page_paths()),
        ("edits", app, query_mix.api_paths())]
    plan = [item for item in plan if item[0] in rows or (item[0] == "api" and "edits" in rows)]
    runs: dict[str, Runs] = {name: Runs() for name, _, _ in plan}
    try:
        warm(app, query_mix.api_paths() + query_mix.filtered_paths() + query_mix.page_paths())
        if baseline:
            warm(baseline, query_mix.baseline_paths(), rounds=1)
        with Editor(folder, active=False) as editor:
            for _ in range(rounds):
                for name, server, paths in plan:
                    with editor.editing() if name == "edits" else nullcontext():
                        if name == "edits":
                            time.sleep(1.5)  # the first save has reached the index
                        used = cpu_seconds(server)
                        runs[name].results.append(run_wrk(server.url, paths, seconds,
                                                          connections))
                        runs[name].cpu += cpu_seconds(server) - used
            saved = int(editor.saved.value)
        return runs, worker_rss_mb(app), saved
    finally:
        app.stop()
        if baseline:
            baseline.stop()


def http_rows(folder: Path, rows: set[str], seconds: float, connections: int, rounds: int,
              report: Report) -> None:
    """The rows measured with wrk against gunicorn."""
    runs, rss, saved = measure(folder, rows, seconds, connections, rounds)
    if "ceiling" in runs:
        report.row("ceiling: near-static page", describe(runs["ceiling"]), "(for scale)")
    api = runs.get("api")
    if api and "api" in rows:
        report.row("/api/v1/search, 61-word mix", describe(api), ">= 200 req/s, p99 <= 100 ms",
                   api.rps >= 200 and api.p99_ms <= 100 and not api.errors)
    if api and "baseline" in runs:
        fts = runs["baseline"]
        report.row("  FTS5 baseline, same mix", describe(fts), "(frozen)")
        ratio = api.rps / fts.rps if fts.rps else 0.0
        report.row("  ours / FTS5 baseline (req/s)", f"{ratio:.2f}x (CPU per request "
                   f"{fts.cpu_ms / max(api.cpu_ms, 1e-6):.2f}x)", ">= 1.0x", ratio >= 1.0)
    if "filtered" in runs:
        filtered = runs["filtered"]
        report.row("  + category + open now", describe(filtered), ">= 250 req/s, p99 <= 80 ms",
                   filtered.rps >= 250 and filtered.p99_ms <= 80 and not filtered.errors)
    if "page" in runs:
        page = runs["page"]
        report.row("HTML search page /?q=", describe(page), ">= 120 req/s",
                   page.rps >= 120 and not page.errors)
    if api and "edits" in runs:
        edited = runs["edits"]
        share = edited.rps / api.rps if api.rps else 0.0
        report.row("search while an editor saves 1/s", describe(edited) + f" ({saved} saves)",
                   ">= 0.8x, p99 <= 150 ms",
                   share >= 0.8 and edited.p99_ms <= 150 and not edited.errors)
        report.row("  share of the throughput without edits", f"{share:.2f}x (CPU per request "
                   f"{api.cpu_ms / max(edited.cpu_ms, 1e-6):.2f}x)", ">= 0.8x", share >= 0.8)
    if "rss" in rows:
        report.row("RSS per worker after the mixes", " / ".join(f"{mb:.0f} MB" for mb in rss),
                   "<= 150 MB", bool(rss) and max(rss) <= 150)


def inprocess_rows(folder: Path, rows: set[str], report: Report) -> None:
    """The rows measured in this process (the engine alone)."""
    if "open" in rows:
        compile_ms, day_ms = inprocess.open_now_first(folder)
        report.row("open now, whole catalogue, first", f"{day_ms:.0f} ms a new day "
                   f"(first in process, compiling: {compile_ms:.0f} ms)", "<= 50 ms",
                   day_ms <= 50)
    if "text" in rows:
        ours, fts, median = inprocess.text_vs_fts(folder)
        report.row("plain text p95 vs FTS5, same mix", f"{ours:.1f} ms vs {fts:.1f} ms "
                   f"({ours / max(fts, 1e-6):.2f}x; our p50 {median:.1f} ms)", "<= 1.0x",
                   ours <= fts)
    if "cold" in rows:
        cold, warm_p95 = inprocess.cold_after_edit(folder)
        report.row("first query after an edit, p95", f"{cold:.1f} ms cold, {warm_p95:.1f} ms warm"
                   f" ({cold / max(warm_p95, 1e-6):.1f}x)", "<= 2x warm", cold <= 2 * warm_p95)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=20_000, help="offers (default 20000)")
    parser.add_argument("--folder", type=Path, help="catalogue folder to make or reuse")
    parser.add_argument("--seconds", type=float, default=5, help="each wrk run (default 5)")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections (4)")
    parser.add_argument("--rows", default=",".join(ROWS), help=f"some of {','.join(ROWS)}")
    options = parser.parse_args(argv)
    rows = set(options.rows.split(","))
    folder = options.folder or Path(tempfile.mkdtemp(prefix=f"vejviser-load-{options.size}-"))
    load_catalogue.prepare(folder, options.size)
    before = load_average()
    print(f"{options.size} offers in {folder}; gunicorn 2 sync workers; wrk {options.rounds} "
          f"rounds of {options.seconds:g} s per row, in turn, {options.connections} connections; "
          f"load average {before} (2 cores)", flush=True)
    report = Report()
    http_rows(folder, rows, options.seconds, options.connections, options.rounds, report)
    inprocess_rows(folder, rows, report)
    print(f"load average {before} before, {load_average()} after. 100,000 offers: "
          "benchmarks/search_bench.py --sizes 100000; page_budget: benchmarks/page_budget.py")
    return 0


if __name__ == "__main__":
    sys.exit(main())
