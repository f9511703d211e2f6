"""Production serving: ``vejviser serve --production`` really runs gunicorn, refuses a setup that
would be wrong on a real site, and logs no query strings, referrers or CPR numbers."""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from tests.conftest import make_config
from tests.servers import SECRET, command, gunicorn, server_environment
from vejviser import create_app
from vejviser.serving import production_problems

CPR = "0101901234"


@pytest.fixture(scope="module")
def instance(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An instance folder set up by ``vejviser init`` (the Odense seed, indexed)."""
    root = tmp_path_factory.mktemp("serving")
    folder = root / "instance"
    config = {**make_config(root), "INSTANCE_DIR": str(folder),
              "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'vejviser.sqlite3'}",
              "INDEX_DIR": str(folder / "index")}
    result = create_app(config).test_cli_runner().invoke(args=["init"])
    assert result.exit_code == 0, result.output
    return folder


@pytest.mark.parametrize("log_format", ["json", "text"])
def test_gunicorn_starts_answers_and_logs_no_queries_referers_or_cpr(
        instance: Path, tmp_path: Path, log_format: str) -> None:
    variables = {"VEJVISER_LOG_FORMAT": log_format} if log_format == "text" else {}
    environment = server_environment(instance, **variables)
    with gunicorn(environment, tmp_path / "gunicorn.log") as server:
        assert len(server.wait_for_workers(2)) == 2, server.text()
        assert server.json("/healthz") == {"status": "ok"}
        ready = server.json("/readyz")
        assert ready["status"] == "ready", ready
        assert set(ready["checks"]) == {"database", "migrations", "index"}
        status, headers, body = server.get(f"/?q={CPR}", Referer=f"https://x.example/?q={CPR}")
        assert status == 200 and "Den sociale vejviser" in body.decode()
        assert headers["X-Request-Id"]
        assert server.get(f"/api/v1/search?q={CPR}")[0] == 200
        assert server.get(f"/tilbud/{CPR}?fra={CPR}", **{"X-Request-Id": "nginx-1"})[0] == 404
        # gunicorn itself trusts no X-Forwarded-Proto: only VEJVISER_TRUSTED_PROXIES would.
        status, headers, _ = server.get("/", **{"X-Forwarded-Proto": "https"})
        assert "Strict-Transport-Security" not in headers
    text = server.text()
    assert "booting worker" in text.lower(), text
    assert CPR not in text and "q=" not in text and "x.example" not in text, text
    if log_format == "text":  # gunicorn's access log, scrubbed
        assert re.search(r"GET /api/v1/search HTTP/1\.1\" 200", text), text
        assert "/tilbud/[cpr]" in text, text
        return
    lines = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    assert any(line["logger"] == "gunicorn.error" and "orker" in line["message"]
               for line in lines), text
    requests = {(line["route"], line["status"]): line for line in lines
                if line["logger"] == "vejviser.requests"}
    assert ("/api/v1/search", 200) in requests and ("/", 200) in requests, text
    assert requests[("/tilbud/<slug>", 404)]["request_id"] == "nginx-1"
    assert all(line["method"] == "GET" and line["duration_ms"] >= 0
               for line in requests.values())


@pytest.mark.parametrize(("variables", "expected"), [
    ({"VEJVISER_SECRET_KEY": ""}, "VEJVISER_SECRET_KEY mangler"),
    ({"VEJVISER_SECRET_KEY": "change-me"}, "ikke en rigtig hemmelig nøgle"),
    ({"VEJVISER_SECRET_KEY": "a" * 64}, "ikke en rigtig hemmelig nøgle"),
    ({"VEJVISER_BASE_URL": ""}, "VEJVISER_BASE_URL mangler"),
    ({"VEJVISER_BASE_URL": "vejviser.odense.dk"}, "er ikke en adresse"),
])
def test_production_refuses_a_missing_or_weak_secret_and_a_missing_base_url(
        instance: Path, variables: dict[str, str], expected: str) -> None:
    environment = server_environment(instance, **variables)
    result = subprocess.run(command("serve", "--production", "--port", "1"), env=environment,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 3, result
    assert expected in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_production_problems_in_english() -> None:
    problems = production_problems({"VEJVISER_SECRET_KEY": SECRET})
    assert [str(problem).split(":")[0] for problem in problems] == ["VEJVISER_BASE_URL mangler"]
    assert production_problems({"VEJVISER_SECRET_KEY": SECRET,
                                "VEJVISER_BASE_URL": "https://vejviser.odense.dk"}) == []


def test_production_refusal_in_english(instance: Path) -> None:
    environment = server_environment(instance, VEJVISER_BASE_URL="")
    result = subprocess.run(command("serve", "--production", "--lang", "en"), env=environment,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 3 and "VEJVISER_BASE_URL is missing" in result.stderr, result


def test_the_help_names_the_gunicorn_options() -> None:
    result = subprocess.run(command("serve", "--help"), capture_output=True, text=True,
                            timeout=60)
    for option in ("--production", "--workers", "--threads", "--no-control-socket"):
        assert option in result.stdout
