"""Start and stop a gunicorn of our own on loopback, and read its workers' memory.

Used by ``http_load`` (issue 14) and the operations figures (issue 15)::

    server = start_gunicorn("vejviser:create_app()", env={...}, workers=2)
    try:
        ...  # wrk against server.url
        print(worker_rss_mb(server))
    finally:
        server.stop()
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on just now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Server:
    """A running gunicorn master: its process, address and log file."""

    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def worker_pids(self) -> list[int]:
        """The master's worker processes (its children)."""
        return children(self.process.pid)

    def stop(self, timeout: float = 20.0) -> None:
        """Graceful stop (SIGTERM to the master), SIGKILL if it does not go within ``timeout``."""
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def children(pid: int) -> list[int]:
    """The direct children of process ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("PPid:") and int(line.split()[1]) == pid:
                found.append(int(entry.name))
    return sorted(found)


def rss_mb(pid: int) -> float:
    """Resident memory of process ``pid`` in MB (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def cpu_seconds(server: Server) -> float:
    """CPU time (user + system) the workers of ``server`` have used so far, in seconds."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in server.worker_pids():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / ticks


def worker_rss_mb(server: Server) -> list[float]:
    """Resident memory of each worker of ``server`` in MB."""
    return [rss_mb(pid) for pid in server.worker_pids()]


def start_gunicorn(app: str, env: Mapping[str, str], log: Path, workers: int = 2,
                   threads: int = 1, ready_path: str = "/", ready_timeout: float = 120.0,
                   extra: tuple[str, ...] = ()) -> Server:
    """Start ``gunicorn app`` (sync workers, or gthread with ``threads`` > 1) on a free
    loopback port with ``env`` added to this process's environment; return once
    ``ready_path`` answers (any status below 500), or raise with the log's tail."""
    port = free_port()
    command = [str(GUNICORN), "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
               "--worker-class", "gthread" if threads > 1 else "sync", "--threads", str(threads),
               "--timeout", "120", "--log-level", "warning", "--error-logfile", str(log), *extra,
               app]
    handle = open(log, "ab")
    process = subprocess.Popen(command, env={**os.environ, **env}, stdout=handle,
                               stderr=subprocess.STDOUT, cwd=str(Path(__file__).parents[1]))
    handle.close()
    server = Server(process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + ready_timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(server.url + ready_path, timeout=30) as response:
                response.read()
            return server
        except urllib.error.HTTPError as error:
            if error.code < 500:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.stop()
    tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
    raise RuntimeError(f"gunicorn {app} did not start:\n{tail}")


def warm(server: Server, paths: list[str], rounds: int = 2) -> None:
    """Request every path ``rounds`` times (each worker opens its index and fills its caches)."""
    for _ in range(rounds):
        for path in paths:
            try:
                with urllib.request.urlopen(server.url + path, timeout=60) as response:
                    response.read()
            except urllib.error.HTTPError:
                pass
