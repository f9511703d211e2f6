"""kill -9 of gunicorn workers during index and database writes, in a loop (issue 15, item 5).

    .venv/bin/python benchmarks/kill_loop.py                 # 50 kills, about two minutes
    .venv/bin/python benchmarks/kill_loop.py --rounds 200 --database-url postgresql://...

``vejviser serve --production`` (2 workers) serves a catalogue while, at once:

- an editor (another node: this process, index folder of its own) renames offers and commits;
  every commit that returned is *acknowledged*, and the workers' indexes must catch up on it;
- two reporters send "Rapportér en fejl" through the workers (a database write in a worker);
  every 303 is acknowledged;
- two searchers keep the workers catching up on the change sequence (index writes in workers);
- the killer sends SIGKILL to a random worker every 50-400 ms and waits for its replacement.

Afterwards gunicorn is restarted and ``/readyz`` awaited; then nothing acknowledged may be
missing from the database, and the index must hold exactly the database's offers with their
current names (ids and versions compared). ``tests/operations/test_kill_loop.py`` runs a short
version; ``.ci/run`` too.
"""
from __future__ import annotations

import argparse
import http.client
import http.cookiejar
import os
import random
import re
import signal
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select  # noqa: E402

from tests.factories import make_offer  # noqa: E402
from tests.servers import Server, gunicorn, server_environment  # noqa: E402
from vejviser import create_app, migrate  # noqa: E402
from vejviser.db import db  # noqa: E402
from vejviser.models import CorrectionSuggestion, Offer, OfferChange  # noqa: E402
from vejviser.search.analysis import fold  # noqa: E402
from vejviser.search.documents import INDEXED  # noqa: E402
from vejviser.search.index import open_index  # noqa: E402


@dataclass
class Tally:
    """What was acknowledged, and what went wrong."""

    kills: int = 0
    edits: dict[str, tuple[str, int]] = field(default_factory=dict)  # offer id: (name, version)
    reports: list[str] = field(default_factory=list)
    failed_requests: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def _config(folder: Path, database_url: str | None, index: str) -> dict[str, Any]:
    return {"SECRET_KEY": "kill-loop", "INSTANCE_DIR": str(folder / "instance"),
            "SQLALCHEMY_DATABASE_URI": database_url
            or f"sqlite:///{folder / 'instance' / 'vejviser.sqlite3'}",
            "INDEX_DIR": str(folder / index), "RATELIMIT_ENABLED": False}


def prepare(folder: Path, offers: int, database_url: str | None) -> list[str]:
    """A migrated database with ``offers`` offers; their slugs."""
    (folder / "instance").mkdir(parents=True, exist_ok=True)
    app = create_app(_config(folder, database_url, "editor-index"))
    with app.app_context():
        migrate.upgrade(db.engine)
        slugs = [make_offer(db.session, name=f"Tilbud {number}").slug for number in range(offers)]
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return slugs


def _editor(app: Any, stop: threading.Event, tally: Tally) -> None:
    with app.app_context():
        ids = list(db.session.scalars(select(Offer.id)))
        number = 0
        while not stop.is_set():
            number += 1
            offer = db.session.get(Offer, random.choice(ids))
            assert offer is not None
            offer.name = f"Omdøbt {number} kvist{number}"
            db.session.commit()  # returned: acknowledged
            with tally.lock:
                tally.edits[offer.id] = (offer.name, offer.version)
            time.sleep(0.02)
        db.session.remove()


def _reporter(server: Server, slugs: list[str], stop: threading.Event, tally: Tally) -> None:
    while not stop.is_set():
        number = random.randrange(10**9)
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        url = f"{server.base}/tilbud/{random.choice(slugs)}/rapporter"
        message = f"Telefonnummeret er forkert, rapport nummer {number} fra kill-loop."
        try:
            page = opener.open(url, timeout=30).read().decode()
            token = re.search(r'name="csrf_token" value="([^"]+)"', page)
            assert token, page[:300]
            data = urllib.parse.urlencode({"csrf_token": token.group(1), "message": message})
            request = urllib.request.Request(url, data=data.encode(), method="POST")
            answer = opener.open(request, timeout=30)  # follows the 303 to the offer page
            if "rapporteret=1" in answer.geturl():
                with tally.lock:
                    tally.reports.append(message)
        except (OSError, http.client.HTTPException):  # a killed worker: not acknowledged
            with tally.lock:
                tally.failed_requests += 1


def _searcher(server: Server, stop: threading.Event, tally: Tally) -> None:
    while not stop.is_set():
        try:
            server.get(f"/api/v1/search?q=kvist{random.randint(1, 500)}")
        except (OSError, http.client.HTTPException):
            with tally.lock:
                tally.failed_requests += 1
        time.sleep(0.1)  # the reporters get their turns too


def _kill_workers(server: Server, rounds: int, tally: Tally) -> None:
    for _ in range(rounds):
        time.sleep(random.uniform(0.05, 0.4))
        workers = server.wait_for_workers(2)
        os.kill(random.choice(workers), signal.SIGKILL)
        tally.kills += 1
        server.wait_for_workers(2)


def check(folder: Path, database_url: str | None, index: Path, tally: Tally) -> dict[str, Any]:
    """Compare what was acknowledged and what the index holds with the database."""
    app = create_app(_config(folder, database_url, "editor-index"))
    with app.app_context():
        stored = {row.id: (row.name, row.version) for row in db.session.execute(
            select(Offer.id, Offer.name, Offer.version).where(INDEXED))}
        messages = set(db.session.scalars(select(CorrectionSuggestion.message)))
        newest = db.session.scalar(select(func.max(OfferChange.seq)))
        db.session.remove()
        db.engine.dispose()
    ix, state = open_index(index)
    with ix.searcher() as searcher:  # each document's id, and the name it was indexed with
        reader = searcher.reader()
        names = reader.column_reader("sort_name")
        indexed = {fields["id"]: bytes(names[docnum]).decode()
                   for docnum, fields in reader.iter_docs()}
    lost_edits = [offer_id for offer_id, seen in tally.edits.items()
                  if stored.get(offer_id, (None, -1))[1] < seen[1]]
    lost_reports = [message for message in tally.reports if message not in messages]
    wrong = [offer_id for offer_id, (name, _) in stored.items()
             if indexed.get(offer_id) != fold(name)]
    return {"kills": tally.kills, "acknowledged edits": len(tally.edits),
            "acknowledged reports": len(tally.reports), "requests cut off": tally.failed_requests,
            "lost edits": len(lost_edits), "lost reports": len(lost_reports),
            "index differs": len(wrong) + len(set(indexed) - set(stored)),
            "index behind": (newest or 0) - int(state.get("last_seq", 0))}


def run(folder: Path, rounds: int = 50, offers: int = 200,
        database_url: str | None = None) -> dict[str, Any]:
    """The whole loop in ``folder``; the figures (all "lost"/"differs" must be 0)."""
    slugs = prepare(folder, offers, database_url)
    variables = {"VEJVISER_RATE_LIMITS_ENABLED": "0", "VEJVISER_LOG_FORMAT": "text",
                 "VEJVISER_INDEX_DIR": str(folder / "index")}
    if database_url:
        variables["VEJVISER_DATABASE_URL"] = database_url
    environment = server_environment(folder / "instance", **variables)
    tally, stop = Tally(), threading.Event()
    editor = create_app(_config(folder, database_url, "editor-index"))
    with gunicorn(environment, folder / "gunicorn.log") as server:
        server.wait_for_workers(2)
        threads = [threading.Thread(target=_editor, args=(editor, stop, tally)),
                   *(threading.Thread(target=_reporter, args=(server, slugs, stop, tally))
                     for _ in range(2)),
                   *(threading.Thread(target=_searcher, args=(server, stop, tally))
                     for _ in range(2))]
        for thread in threads:
            thread.start()
        try:
            _kill_workers(server, rounds, tally)
        finally:
            stop.set()
            for thread in threads:
                thread.join(60)
    with editor.app_context():
        db.engine.dispose()
    with gunicorn(environment, folder / "gunicorn-after.log") as server:
        deadline = time.monotonic() + 120
        while server.get("/readyz")[0] != 200:  # the restarted node catches up
            assert time.monotonic() < deadline, server.text()
            time.sleep(0.2)
        server.get("/api/v1/search?q=kvist")
    return check(folder, database_url, folder / "index", tally)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50, help="workers to kill (default 50)")
    parser.add_argument("--offers", type=int, default=200)
    parser.add_argument("--database-url", default=None, help="default: SQLite in a temp folder")
    args = parser.parse_args()
    started, load = time.monotonic(), os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="vejviser-kill-") as folder:
        figures = run(Path(folder), args.rounds, args.offers, args.database_url)
    print(f"kill loop ({'PostgreSQL' if args.database_url else 'SQLite'}, {args.offers} offers, "
          f"{time.monotonic() - started:.0f} s, load before {load[0]:.2f}, "
          f"after {os.getloadavg()[0]:.2f})")
    for name, value in figures.items():
        goal = "(goal: 0)" if name.startswith(("lost", "index")) else ""
        print(f"  {name:22} {value:>6} {goal}")
    bad = [name for name in figures if name.startswith(("lost", "index")) and figures[name]]
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
