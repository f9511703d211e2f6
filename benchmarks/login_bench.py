"""Benchmark: what a back-office sign-in costs (argon2id verification plus the whole /login POST),
and a signed-in page (the session token is checked on every request).

Goals: a sign-in under 300 ms at the median (argon2-cffi's defaults: 64 MiB, 3 passes), so
the password hash is the expensive part on purpose while people never wait; a signed-in page
under 20 ms beyond the same page's rendering.

Run: .venv/bin/python benchmarks/login_bench.py [--runs 30]
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from vejviser import create_app  # noqa: E402
from vejviser.accounts.passwords import hash_password, verify_password  # noqa: E402
from vejviser.db import Base, db  # noqa: E402
from vejviser.models import Account  # noqa: E402

PASSWORD = "korrekt-hest-batteri-42"


def _ms(samples: list[float]) -> str:
    return f"median {statistics.median(samples) * 1000:.1f} ms, max {max(samples) * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    stored = hash_password(PASSWORD)
    verify = []
    for _ in range(args.runs):
        start = time.perf_counter()
        verify_password(stored, PASSWORD)
        verify.append(time.perf_counter() - start)
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({"SECRET_KEY": "bench", "INSTANCE_DIR": folder, "TESTING": True,
                          "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3"})
        with app.app_context():
            Base.metadata.create_all(db.engine)
            db.session.add(Account(email="bench@example.dk", role="editor", name="Bench",
                                   password_hash=stored))
            db.session.commit()
        logins, pages = [], []
        for _ in range(args.runs):
            client = app.test_client()
            start = time.perf_counter()
            answer = client.post("/login", data={"email": "bench@example.dk",
                                                 "password": PASSWORD})
            logins.append(time.perf_counter() - start)
            assert answer.status_code == 303, answer.status_code
            start = time.perf_counter()
            page = client.get("/kontor/profil")
            pages.append(time.perf_counter() - start)
            assert re.search("bench@example.dk", page.get_data(as_text=True))
    load = os.getloadavg()[0]
    print(f"argon2id verify:     {_ms(verify)}")
    print(f"POST /login (303):   {_ms(logins)}   goal: median < 300 ms")
    print(f"GET /kontor/profil:  {_ms(pages)}   goal: median < 20 ms")
    print(f"load average (1 min): {load:.2f} on {os.cpu_count()} cores, {args.runs} runs")


if __name__ == "__main__":
    main()
