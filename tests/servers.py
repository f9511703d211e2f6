"""Real servers in subprocesses: ``vejviser serve --production`` (gunicorn) on a free loopback
port, for the serving, kill-loop and several-node tests and the benchmarks."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.conftest import free_port

#: A production-grade secret for test servers (64 hex characters, never used anywhere real).
SECRET = "5f0c1d9e7a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c2d"


@dataclass
class Server:
    """A running ``vejviser serve --production``: its address, process and log file."""

    base: str
    process: subprocess.Popen[str]
    log: Path

    def get(self, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
        """``GET path``: status, headers and body (error statuses too)."""
        request = urllib.request.Request(self.base + path, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return int(response.status), dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return int(error.code), dict(error.headers), error.read()

    def json(self, path: str) -> Any:
        status, _, body = self.get(path)
        assert status == 200, (path, status, body[:500])
        return json.loads(body)

    def workers(self) -> list[int]:
        """The process ids of gunicorn's workers (children of the arbiter)."""
        found = subprocess.run(["pgrep", "-P", str(self.process.pid)], capture_output=True,
                               text=True, check=False).stdout.split()
        return [int(pid) for pid in found]

    def wait_for_workers(self, count: int, timeout: float = 60) -> list[int]:
        """The workers' process ids, once ``count`` of them run (forking takes a moment)."""
        deadline = time.monotonic() + timeout
        while len(found := self.workers()) < count:
            assert time.monotonic() < deadline, (found, self.text())
            time.sleep(0.1)
        return found

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def server_environment(instance: Path, **variables: str) -> dict[str, str]:
    """This process's environment without ``VEJVISER_*``, plus a production setup for
    ``instance`` and ``variables``."""
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith("VEJVISER_")}
    environment.update(VEJVISER_INSTANCE_DIR=str(instance), VEJVISER_SECRET_KEY=SECRET,
                       VEJVISER_BASE_URL="https://vejviser.example", LANG="C.UTF-8")
    environment.update(variables)
    return environment


def command(*args: str) -> list[str]:
    """The ``vejviser`` command run by this interpreter."""
    return [sys.executable, "-c", "from vejviser.cli import main; main()", *args]


@contextmanager
def gunicorn(environment: Mapping[str, str], log: Path, workers: int = 2, threads: int = 1,
             extra: tuple[str, ...] = ()) -> Iterator[Server]:
    """``vejviser serve --production`` until the block ends (then SIGTERM, and SIGKILL if it
    does not stop in 20 s); waits until ``/healthz`` answers."""
    port = free_port()
    handle = log.open("w")
    process = subprocess.Popen(
        command("serve", "--production", "--port", str(port), "--workers", str(workers),
                "--threads", str(threads), "--no-control-socket", *extra),
        env=dict(environment), stdout=handle, stderr=subprocess.STDOUT, text=True,
        start_new_session=True)
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, server.text()
            try:
                if server.get("/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, server.text()
            time.sleep(0.1)
        yield server
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)
        handle.close()
