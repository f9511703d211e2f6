"""Nothing personal in logs: the real development server's request log keeps paths and status
codes, never a query string, a Referer or a CPR number; gunicorn's access log gets the same rule
through the same filter."""
from __future__ import annotations

import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import free_port, make_config
from vejviser import create_app
from vejviser.logs import GUNICORN_ACCESS_LOG_FORMAT, RedactCprFilter, RequestLogFilter

CPR = "0101901234"
#: The same number as people write it: the detector must see through all of these.
WRITTEN = (CPR, "010190-1234", "01.01.90-1234", "01 01 90 1234")


def _get(url: str, **headers: str) -> int:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def _raw(port: int, request_line: str) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(f"{request_line}\r\nHost: 127.0.0.1\r\n\r\n".encode())
        connection.recv(65536)


@pytest.fixture
def dev_server(tmp_path: Path):  # noqa: ANN201 - yields (base url, the process)
    """``vejviser serve`` in its own process on an initialised instance; stderr is its log."""
    instance = tmp_path / "instance"
    config = {**make_config(tmp_path), "INSTANCE_DIR": str(instance),
              "SQLALCHEMY_DATABASE_URI": f"sqlite:///{instance / 'vejviser.sqlite3'}",
              "INDEX_DIR": str(instance / "index")}
    # Seeded: a search in an empty index is a 500 today (reported to the search owners).
    result = create_app(config).test_cli_runner().invoke(args=["init"])
    assert result.exit_code == 0, result.output
    port = free_port()
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith("VEJVISER_")}
    environment.update(VEJVISER_INSTANCE_DIR=str(instance), VEJVISER_SECRET_KEY="s3cret")
    log = (tmp_path / "serve.log").open("w+")
    process = subprocess.Popen(
        [sys.executable, "-c", "from vejviser.cli import main; main()", "serve", "--port",
         str(port)], env=environment, stdout=log, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert process.poll() is None, Path(log.name).read_text()
            time.sleep(0.1)
    yield base, process, port, Path(log.name)
    process.terminate()
    process.wait(10)
    log.close()


def test_the_development_server_logs_paths_not_queries_referers_or_cpr_numbers(
        dev_server) -> None:  # noqa: ANN001
    base, process, port, log = dev_server
    referer = {"Referer": f"{base}/?q={CPR}"}
    answers = {
        f"/?q={CPR}": 200,
        f"/privatliv?q={CPR}&fra={CPR}": 200,
        f"/api/v1/search?q={CPR}": 200,
        f"/?q={CPR}&open_now=maybe": 400,
        f"/api/v1/search?q={CPR}&page=x": 400,
        f"/tilbud/{CPR}?q={CPR}": 404,
        "/tilbud/010190-1234": 404,
        "/tilbud/01.01.90-1234/rapporter": 404,
        "/tilbud/01%2001%2090%201234": 404,
    }
    for path, status in answers.items():
        assert _get(base + path, **referer) == status, path
    _raw(port, f"GET /?q={CPR} HTTP/1.1 junk")  # werkzeug's own "Bad request syntax" (400)
    process.terminate()
    process.wait(10)
    # werkzeug colours 4xx/5xx request lines (the old filter missed those): look past the colours
    text = re.sub(r"\x1b\[[0-9;]*m", "", log.read_text(encoding="utf-8"))
    request_lines = [line for line in text.splitlines() if '"GET ' in line]
    assert len(request_lines) >= len(answers), text  # and the malformed one
    for written in WRITTEN:
        assert written not in text, text
    assert "q=" not in text and "?" not in text and "Referer" not in text, text
    # What is left is useful: the paths (numbers redacted) and the status codes.
    assert any("GET /tilbud/[cpr]" in line and " 404 " in line for line in request_lines), text
    assert any("GET /privatliv" in line and " 200 " in line for line in request_lines), text
    assert any("GET /api/v1/search" in line and " 400 " in line for line in request_lines), text
    assert "code 400, message Bad request" in text


def test_gunicorn_access_log_atoms_lose_query_referer_and_cpr() -> None:
    """gunicorn hands its access logger the format and a mapping of atoms; the filter works on
    that shape (``vejviser.logs.protect_loggers("gunicorn.access", ...)`` installs it)."""
    atoms = {"h": "127.0.0.1", "l": "-", "u": "-", "t": "[01/Dec/2026:12:00:00 +0100]",
             "r": f"GET /tilbud/{CPR}?q={CPR} HTTP/1.1", "m": "GET", "U": f"/tilbud/{CPR}",
             "q": f"q={CPR}", "H": "HTTP/1.1", "s": "404", "b": "512", "D": "1200",
             "f": f"https://vejviser.example/?q={CPR}", "a": "Mozilla/5.0",
             "{referer}i": f"https://vejviser.example/?q={CPR}"}
    default_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(q)s'
    for format_ in (default_format, GUNICORN_ACCESS_LOG_FORMAT, '%({referer}i)s %(U)s'):
        record = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1, format_,
                                   (atoms,), None)
        RequestLogFilter().filter(record)
        line = record.getMessage()
        assert CPR not in line and "q=" not in line and "vejviser.example" not in line, line
        assert "/tilbud/[cpr]" in line, line


def test_application_logs_and_tracebacks_lose_cpr_numbers() -> None:
    try:
        raise ValueError(f"no offer called 01.01.90-1234 (from {CPR})")
    except ValueError:
        record = logging.LogRecord("vejviser", logging.ERROR, __file__, 1,
                                   "lookup of %s failed", ("010190\u20131234",), sys.exc_info())
    RedactCprFilter().filter(record)
    formatted = logging.Formatter().format(record)
    assert "lookup of [cpr] failed" in formatted
    assert "ValueError: no offer called [cpr]" in formatted
    assert "1234" not in formatted
