"""Request ids on every answer, and JSON log lines that name the route, never what was typed."""
from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from tests.conftest import make_config
from tests.factories import Catalogue
from vejviser import create_app
from vejviser.config import ConfigError, from_environment
from vejviser.db import Base, db

CPR = "0101901234"


@pytest.fixture
def restore_loggers() -> Iterator[None]:
    """JSON logging rewires the ``vejviser`` logger: put it back for the other tests."""
    names = ("vejviser", "vejviser.requests")
    saved = {name: (list(logging.getLogger(name).handlers), logging.getLogger(name).propagate,
                    logging.getLogger(name).level) for name in names}
    yield
    for name, (handlers, propagate, level) in saved.items():
        logger = logging.getLogger(name)
        logger.handlers[:] = handlers
        logger.propagate, logger.level = propagate, level


def test_every_answer_has_a_request_id_and_a_proxys_plain_id_is_kept(
        client: FlaskClient) -> None:
    first, second = client.get("/healthz"), client.get("/nowhere")
    assert len(first.headers["X-Request-Id"]) == 32
    assert first.headers["X-Request-Id"] != second.headers["X-Request-Id"]
    assert second.status_code == 404 and second.headers["X-Request-Id"]
    kept = client.get("/healthz", headers={"X-Request-Id": "nginx-4f2a.b_9"})
    assert kept.headers["X-Request-Id"] == "nginx-4f2a.b_9"
    for odd in ("has space", "x" * 65, f"{CPR};x", "<script>"):
        replaced = client.get("/healthz", headers={"X-Request-Id": odd})
        assert replaced.headers["X-Request-Id"] != odd


def test_json_lines_name_the_route_status_and_duration_never_the_query(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], restore_loggers: None) -> None:
    app = create_app(make_config(tmp_path, LOG_FORMAT="json"))
    with app.app_context():
        Base.metadata.create_all(db.engine)
    Catalogue(app).offer(name="Varmestuen")
    client = app.test_client()
    capsys.readouterr()
    assert client.get(f"/?q={CPR}", headers={"Referer": f"https://x.example/?q={CPR}"}
                      ).status_code == 200
    missing = client.get(f"/tilbud/{CPR}?fra={CPR}", headers={"X-Request-Id": "abc-1"})
    assert missing.status_code == 404
    assert client.get("/api/v1/search?q=varme&page=x").status_code == 400
    app.logger.warning("opslag af %s fejlede", CPR)
    err = capsys.readouterr().err
    lines = [json.loads(line) for line in err.splitlines() if line.strip()]
    requests = [line for line in lines if line["logger"] == "vejviser.requests"]
    assert [(line["method"], line["route"], line["status"]) for line in requests] == [
        ("GET", "/", 200), ("GET", "/tilbud/<slug>", 404), ("GET", "/api/v1/search", 400)]
    assert requests[1]["request_id"] == "abc-1"
    assert all(isinstance(line["duration_ms"], float) and line["time"] for line in requests)
    assert CPR not in err and "q=" not in err and "x.example" not in err, err
    assert any(line["message"] == "opslag af [cpr] fejlede" and line["level"] == "WARNING"
               for line in lines), lines
    with app.app_context():
        db.engine.dispose()


def test_the_log_format_setting_is_checked() -> None:
    assert from_environment({"VEJVISER_LOG_FORMAT": "JSON"}) == {"LOG_FORMAT": "json"}
    with pytest.raises(ConfigError):
        from_environment({"VEJVISER_LOG_FORMAT": "xml"})
