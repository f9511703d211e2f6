"""Operations figures (issue 15, item 6): detail page, HSDS API and a soak with edits, on
``vejviser serve --production`` (gunicorn, 2 workers) with wrk on loopback.

    .venv/bin/python benchmarks/ops_figures.py                    # 10-minute soak, ~13 minutes
    .venv/bin/python benchmarks/ops_figures.py --soak-minutes 1 --offers 500

Each row is printed beside the ceiling (``/privatliv``, a near-static page of the same app) and
its goal; the load average before and after says how busy the machine was. The soak serves a mix
of searches (text, filters, open now, postcode), detail pages and the search page while an
editor (another node) saves an offer every second: no error answers, nothing lost (the index
holds every acknowledged edit afterwards, ``kill_loop.check``), and each worker's memory
sampled every 10 s should stay flat. The search-speed rows (query mix, ceiling) are
``benchmarks/http_load.py``'s.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select  # noqa: E402

from benchmarks.kill_loop import Tally, _config, check, prepare  # noqa: E402
from tests.servers import Server, gunicorn, server_environment  # noqa: E402
from vejviser import create_app  # noqa: E402
from vejviser.db import db  # noqa: E402
from vejviser.models import Offer  # noqa: E402

CEILING = "/privatliv"
LUA = """
paths = {%s}
i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%f %%f %%f %%f\\n", summary.requests, e.status,
    e.connect + e.read + e.write + e.timeout, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), summary.duration))
end
"""


def wrk(server: Server, paths: list[str], seconds: int, folder: Path) -> dict[str, float]:
    """wrk (2 threads, 8 connections) over ``paths`` in turn: rps, p50/p95/p99 ms, errors."""
    script = folder / f"paths{random.randrange(10**6)}.lua"
    script.write_text(LUA % ", ".join(f'"{path}"' for path in paths))
    output = subprocess.run(["wrk", "-t2", "-c8", f"-d{seconds}s", "-s", str(script),
                             server.base], capture_output=True, text=True, check=True).stdout
    found = re.search(r"RESULT (\S+) (\S+) (\S+) (\S+) (\S+) (\S+) (\S+)", output)
    assert found, output
    requests, status_errors, socket_errors, p50, p95, p99, duration = map(float, found.groups())
    return {"rps": requests / (duration / 1e6), "p50": p50 / 1000, "p95": p95 / 1000,
            "p99": p99 / 1000, "errors": status_errors + socket_errors, "requests": requests}


def rss_mb(pids: list[int]) -> list[float]:
    """Resident memory of each process, in MB."""
    sizes = []
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        found = re.search(r"VmRSS:\s+(\d+) kB", status)
        sizes.append(int(found.group(1)) / 1024 if found else 0.0)
    return sizes


def _row(name: str, figures: dict[str, float], ceiling: dict[str, float], goal: str) -> None:
    print(f"  {name:28} {figures['rps']:7.0f} req/s  p50 {figures['p50']:6.1f}  p95 "
          f"{figures['p95']:6.1f}  p99 {figures['p99']:6.1f} ms  errors {figures['errors']:.0f}"
          f"  (ceiling {ceiling['rps']:.0f} req/s, p99 {ceiling['p99']:.1f} ms; goal {goal})")


def _editor(app: Any, stop: threading.Event, tally: Tally) -> None:
    """Save one offer a second (another node: its own index folder), as an editor would."""
    with app.app_context():
        ids = list(db.session.scalars(select(Offer.id)))
        number = 0
        while not stop.wait(1.0):
            number += 1
            offer = db.session.get(Offer, random.choice(ids))
            assert offer is not None
            offer.name = f"Soak {number} kvist{number}"
            db.session.commit()
            tally.edits[offer.id] = (offer.name, offer.version)
        db.session.remove()


def soak_paths(slugs: list[str]) -> list[str]:
    """The soak's mix: API searches of every kind, detail pages and the search page."""
    searches = ["/api/v1/search?q=varmestue", "/api/v1/search?q=tilbud&open_now=1",
                "/api/v1/search?category=varmestue&target_group=hjemloese",
                "/api/v1/search?postcode=5000&sort=distance", "/api/v1/search?q=nat+cafe",
                "/api/v1/search?q=kvist7", "/?q=varme"]
    return searches * 3 + [f"/tilbud/{slug}" for slug in random.sample(slugs, 7)]


def run(folder: Path, offers: int, seconds: int, soak_minutes: float) -> None:
    load_before = os.getloadavg()
    slugs = prepare(folder, offers, None)
    environment = server_environment(folder / "instance", VEJVISER_RATE_LIMITS_ENABLED="0",
                                     VEJVISER_INDEX_DIR=str(folder / "index"))
    tally, stop = Tally(), threading.Event()
    editor = create_app(_config(folder, None, "editor-index"))
    with gunicorn(environment, folder / "gunicorn.log") as server:
        workers = server.wait_for_workers(2)
        server.get("/api/v1/search?q=varmestue")  # each worker's index and caches, warm
        wrk(server, [CEILING, "/api/v1/search?q=x", f"/tilbud/{slugs[0]}"], 3, folder)
        ceiling = wrk(server, [CEILING], seconds, folder)
        print(f"ops figures: {offers} offers, gunicorn 2 sync workers, wrk -t2 -c8, "
              f"{seconds} s a row; load before {'/'.join(f'{v:.2f}' for v in load_before)}")
        _row("ceiling /privatliv", ceiling, ceiling, "-")
        detail = wrk(server, [f"/tilbud/{slug}" for slug in slugs[:50]], seconds, folder)
        _row("detail page /tilbud/<slug>", detail, ceiling, "zero errors")
        if server.get("/api/hsds/services")[0] == 200:
            hsds = wrk(server, ["/api/hsds/services", "/api/hsds/services?page=2"], seconds,
                       folder)
            _row("/api/hsds/services", hsds, ceiling, "zero errors")
        else:
            print("  /api/hsds/services            not in this version (the open-api branch)")
        thread = threading.Thread(target=_editor, args=(editor, stop, tally))
        thread.start()
        samples: list[list[float]] = [rss_mb(workers)]
        rows = []
        try:
            deadline = time.monotonic() + soak_minutes * 60
            while time.monotonic() < deadline:
                rows.append(wrk(server, soak_paths(slugs), 10, folder))
                samples.append(rss_mb(workers))
        finally:
            stop.set()
            thread.join(30)
        alive = server.workers()
    with editor.app_context():
        db.engine.dispose()
    requests = sum(row["requests"] for row in rows)
    errors = sum(row["errors"] for row in rows)
    print(f"  soak {soak_minutes:g} min with an edit a second: {requests:.0f} requests, "
          f"{sum(r['rps'] for r in rows) / max(1, len(rows)):.0f} req/s, p99 (worst 10 s) "
          f"{max(r['p99'] for r in rows):.1f} ms, errors {errors:.0f} (goal 0), "
          f"workers restarted: {'no' if sorted(alive) == sorted(workers) else 'yes'}")
    for index, pid in enumerate(workers):
        series = [sample[index] for sample in samples if len(sample) > index]
        print(f"    worker {pid} RSS MB: start {series[0]:.0f}, after warm-up {series[1]:.0f}, "
              f"end {series[-1]:.0f}, max {max(series):.0f} (goal: flat after warm-up)")
    with gunicorn(environment, folder / "gunicorn-after.log") as server:
        while server.get("/readyz")[0] != 200:
            time.sleep(0.2)
    figures = check(folder, None, folder / "index", tally)
    print(f"  soak edits acknowledged {figures['acknowledged edits']}, lost "
          f"{figures['lost edits']}, index rows differing {figures['index differs']} (goal 0)")
    print(f"  load after {'/'.join(f'{v:.2f}' for v in os.getloadavg())}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=2000)
    parser.add_argument("--seconds", type=int, default=20, help="per measured row")
    parser.add_argument("--soak-minutes", type=float, default=10.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vejviser-ops-") as folder:
        run(Path(folder), args.offers, args.seconds, args.soak_minutes)


if __name__ == "__main__":
    main()
