"""Run Debian's ``wrk`` over a list of paths and read its figures back.

wrk requests the paths in turn (each thread starting at another place in the list) and a Lua
``done`` hook prints one JSON line with the counts and latency percentiles, so nothing depends on
wrk's human-readable report::

    result = run_wrk("http://127.0.0.1:8000", paths, seconds=15)
    print(result.rps, result.p99_ms, result.errors)
"""
from __future__ import annotations

import json
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

WRK = "/usr/bin/wrk"
MARK = "WRK-JSON "
SCRIPT = r"""
local paths = {}
local counter = 0
local threads = {}
function setup(thread)
  thread:set("offset", #threads * 7)
  table.insert(threads, thread)
end
function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then table.insert(paths, line) end
  end
  counter = tonumber(wrk.thread:get("offset")) or 0
end
function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter - 1) % #paths + 1])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '%s{"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d, "p50": %d, "p90": %d, "p95": %d, "p99": %d, "max": %d}\n',
    "WRK-JSON ", summary.requests, summary.duration, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.max))
end
"""


@dataclass
class WrkResult:
    """What one wrk run measured."""

    requests: int
    seconds: float
    errors: int  # answers >= 400, timeouts, failed connections, reads and writes
    p50_ms: float
    p90_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float

    @property
    def rps(self) -> float:
        """Requests per second."""
        return self.requests / self.seconds if self.seconds else 0.0


def parse(output: str) -> WrkResult:
    """The figures from wrk's output with ``SCRIPT``'s done hook (raises when missing)."""
    for line in output.splitlines():
        if line.startswith(MARK):
            data = json.loads(line[len(MARK):])
            errors = sum(data[key] for key in ("connect", "read", "write", "status", "timeout"))
            return WrkResult(data["requests"], data["duration_us"] / 1e6, errors,
                             data["p50"] / 1000, data["p90"] / 1000, data["p95"] / 1000,
                             data["p99"] / 1000, data["max"] / 1000)
    raise ValueError(f"no wrk figures in its output:\n{output[-2000:]}")


def run_wrk(url: str, paths: list[str], seconds: float = 15, connections: int = 4,
            threads: int = 1, timeout: float = 10) -> WrkResult:
    """Load ``url`` with ``paths`` in turn for ``seconds`` over ``connections`` connections."""
    with tempfile.TemporaryDirectory(prefix="vejviser-wrk-") as folder:
        script, listing = Path(folder) / "mix.lua", Path(folder) / "paths.txt"
        script.write_text(SCRIPT)
        listing.write_text("\n".join(paths) + "\n")
        done = subprocess.run(
            [WRK, "-t", str(threads), "-c", str(connections), "-d", f"{seconds:g}s",
             "--timeout", f"{timeout:g}s", "-s", str(script), url, "--", str(listing)],
            capture_output=True, text=True, check=False)
    return parse(done.stdout + done.stderr)
