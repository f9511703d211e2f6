"""Open data and the widget: size, time to first results, and the HSDS API at national size.

    .venv/bin/python benchmarks/open_data.py                   # 20,000 offers (a minute or two)
    .venv/bin/python benchmarks/open_data.py --size 2000 --rounds 5 --loads 5

Goals (issue 13): widget.js at most 15 KB gzip; from the script's load on a partner page to its
first results at most 300 ms on loopback (real headless Chromium, a fresh browser context each
time, so nothing is cached); ``/api/hsds/services?per_page=100`` p95 at most 150 ms at 20,000
offers (whole requests through the Flask test client: parsing, query, loading 100 offers,
projection, HSDS documents, JSON). The catalogue comes from ``benchmarks/catalogue_generator.py``.
Prints each figure beside its goal, with the load average; exits 1 when a goal is missed.
"""
from __future__ import annotations

import argparse
import gzip
import logging
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import catalogue_generator  # noqa: E402
from vejviser import create_app, search  # noqa: E402
from vejviser.db import Base, db  # noqa: E402

WIDGET_GOAL_KB = 15
FIRST_RESULTS_GOAL_MS = 300
HSDS_GOAL_MS = 150
CHROMIUM = os.environ.get("VEJVISER_CHROMIUM", "/usr/bin/chromium")


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18] if len(samples) > 1 else samples[0]


def hsds_times(client, rounds: int, total: int) -> list[float]:  # noqa: ANN001
    """Milliseconds per ``/api/hsds/services?per_page=100`` request over random pages."""
    pages = max(1, total // 100)
    rng = random.Random(13)
    client.get("/api/hsds/services?per_page=100")  # warm-up
    samples = []
    for _ in range(rounds):
        url = f"/api/hsds/services?per_page=100&page={rng.randint(1, pages)}"
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return samples


def _serve(app) -> tuple[str, object]:  # noqa: ANN001
    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request is noise here
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


def _partner(origin: str) -> tuple[str, ThreadingHTTPServer]:
    page = (f"<!doctype html><html lang='da'><head><meta charset='utf-8'><title>Partner</title>"
            f"</head><body><div data-vejviser data-categories='varmestue' data-open-now='false'>"
            f"</div><script src='{origin}/widget.js' async></script></body></html>").encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}/", server


#: In the page: when widget.js started loading, and when the first results were shown.
MEASURE = """() => new Promise(done => {
  const finish = () => {
    const entry = performance.getEntriesByType('resource').find(e => e.name.endsWith('/widget.js'));
    done(performance.now() - entry.startTime);
  };
  const host = document.querySelector('[data-vejviser]');
  const ready = () => host.shadowRoot && host.shadowRoot.querySelector('li');
  if (ready()) return finish();
  host.addEventListener('vejviser:results', finish, {once: true});
})"""


def first_results(app, loads: int) -> list[float]:  # noqa: ANN001
    """ms from widget.js starting to load to its first results, a fresh context each time."""
    from playwright.sync_api import sync_playwright

    origin, server = _serve(app)
    partner_url, partner = _partner(origin)
    samples = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=["--no-sandbox", "--disable-gpu"])
        for number in range(loads + 1):
            context = browser.new_context()
            page = context.new_page()
            page.goto(partner_url)
            took = page.evaluate(MEASURE)
            if number:  # the first load warms the server's caches and the index
                samples.append(took)
            context.close()
        browser.close()
    server.shutdown()  # type: ignore[attr-defined]
    partner.shutdown()
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=20000, help="offers in the catalogue")
    parser.add_argument("--rounds", type=int, default=60, help="HSDS requests to time")
    parser.add_argument("--loads", type=int, default=10, help="partner page loads to time")
    options = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="vejviser-open-data-"))
    app = create_app({"SECRET_KEY": "bench", "INSTANCE_DIR": str(folder),
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'open.sqlite3'}",
                      "INDEX_DIR": str(folder / "index"), "RATE_LIMIT_API": "100000 per minute"})
    with app.app_context():
        Base.metadata.create_all(db.engine)
        started = time.perf_counter()
        catalogue_generator.load(db.session, options.size)
        db.session.commit()
        search.rebuild()
        print(f"catalogue: {options.size} offers loaded and indexed in "
              f"{time.perf_counter() - started:.0f} s")
        client = app.test_client()
        widget = client.get("/widget.js").get_data()
        size_kb = len(gzip.compress(widget, 9)) / 1024
        hsds = hsds_times(client, options.rounds, options.size)
    loads = first_results(app, options.loads)
    print(f"load average: {' '.join(f'{value:.2f}' for value in os.getloadavg())}\n")
    rows = [
        ("widget.js gzip", f"{size_kb:.1f} KB", f"≤ {WIDGET_GOAL_KB} KB",
         size_kb <= WIDGET_GOAL_KB),
        ("script load → first results", f"p50 {statistics.median(loads):.0f} ms, "
         f"p95 {p95(loads):.0f} ms ({len(loads)} loads)", f"≤ {FIRST_RESULTS_GOAL_MS} ms",
         p95(loads) <= FIRST_RESULTS_GOAL_MS),
        (f"/api/hsds/services?per_page=100 at {options.size}",
         f"p50 {statistics.median(hsds):.0f} ms, p95 {p95(hsds):.0f} ms ({len(hsds)} requests)",
         f"p95 ≤ {HSDS_GOAL_MS} ms", p95(hsds) <= HSDS_GOAL_MS),
    ]
    for name, figure, goal, ok in rows:
        print(f"  {name:<42} {figure:<44} goal {goal:<12} {'ok' if ok else 'MISSED'}")
    return 0 if all(row[3] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
