"""Abuse limits: per client address on the report form, the API and the (future) login; a
friendly Danish 429 with Retry-After; form bodies capped before any view runs."""
from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Blueprint, Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from tests.web.conftest import BOLBRO, csrf_token_in, page_of
from vejviser import limits
from vejviser.config import default_config
from vejviser.db import db
from vejviser.models import CorrectionSuggestion

REDIS_URL = os.environ.get("VEJVISER_TEST_REDIS_URL", "redis://127.0.0.1:6379/7")
REQUIRE_REDIS = os.environ.get("VEJVISER_REQUIRE_REDIS") == "1"
REPORT = f"/tilbud/{BOLBRO}/rapporter"
MakeApp = Callable[[dict[str, Any]], Flask]


def _stored(app: Flask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.count()).select_from(CorrectionSuggestion)) or 0)


def _report(client: FlaskClient, message: str, path: str = REPORT,
            **environ: str):  # noqa: ANN202 - a response
    form = client.get(path, environ_base=environ)
    return client.post(path, environ_base=environ, data={
        "message": message, "csrf_token": csrf_token_in(form.get_data(as_text=True))})


def test_five_reports_per_ten_minutes_then_a_friendly_429(seeded_app: Flask) -> None:
    client = seeded_app.test_client()
    # Refused reports store nothing and do not use up the allowance.
    for _ in range(3):
        assert _report(client, "kort").status_code == 400
    for number in range(5):
        assert _report(client, f"Rettelse nummer {number}: telefonen er ny").status_code == 303
    sixth = _report(client, "Rettelse nummer 6: stadig flere")
    assert sixth.status_code == 429
    assert 1 <= int(sixth.headers["Retry-After"]) <= 600
    page = page_of(sixth)
    assert "For mange forespørgsler" in page.text and "Prøv igen om 10 minutter" in page.text
    assert "ring 112" in page.text
    assert _stored(seeded_app) == 5
    # The form itself still opens (only sending counts), and another address may report.
    assert client.get(REPORT).status_code == 200
    other = _report(client, "Fra en anden adresse: ny åbningstid", REMOTE_ADDR="192.0.2.44")
    assert other.status_code == 303 and _stored(seeded_app) == 6
    english = _report(client, "Rettelse nummer 7", f"{REPORT}?lang=en")
    assert english.status_code == 429 and "Try again in 10 minutes" in page_of(english).text


def test_the_api_allows_300_requests_a_minute_per_address_by_default(seeded_app: Flask) -> None:
    assert seeded_app.config["RATE_LIMIT_API"] == "300 per minute"
    client = seeded_app.test_client()
    statuses = [client.get("/api/v1/offers/findes-ikke").status_code for _ in range(300)]
    assert set(statuses) == {404}
    refused = client.get("/api/v1/search?q=varmestue")
    assert refused.status_code == 429
    body = refused.get_json()["error"]
    assert body["status"] == 429 and body["message"].startswith("For mange forespørgsler")
    assert int(refused.headers["Retry-After"]) <= 60
    # Pages are not API: searching in the browser goes on.
    assert client.get("/?q=varmestue").status_code == 200
    assert client.get("/api/v1/search?q=x", environ_base={"REMOTE_ADDR": "192.0.2.9"}
                      ).status_code == 200


def test_limits_are_settings_and_count_an_ipv6_client_by_its_64(
    app_config: dict[str, Any], seeded_app: Flask, make_app: MakeApp
) -> None:
    client = make_app({**app_config, "RATE_LIMIT_API": "2 per minute"}).test_client()
    same_64 = ("2001:db8:1:2::1", "2001:db8:1:2::ffff")
    for address in same_64:
        assert client.get("/api/v1/offers/x", environ_base={"REMOTE_ADDR": address}
                          ).status_code == 404
    assert client.get("/api/v1/offers/x", environ_base={"REMOTE_ADDR": "2001:db8:1:2::7"}
                      ).status_code == 429
    assert client.get("/api/v1/offers/x", environ_base={"REMOTE_ADDR": "2001:db8:1:3::1"}
                      ).status_code == 404


def test_behind_a_trusted_proxy_the_limit_counts_the_forwarded_client(
        app_config: dict[str, Any], seeded_app: Flask, make_app: MakeApp) -> None:
    config = {**app_config, "RATE_LIMIT_API": "1 per minute"}
    proxied = make_app({**config, "TRUSTED_PROXIES": 1}).test_client()
    for client_address in ("198.51.100.1", "198.51.100.2"):  # both via the proxy on 127.0.0.1
        assert proxied.get("/api/v1/offers/x", headers={"X-Forwarded-For": client_address}
                           ).status_code == 404
    # Without a trusted proxy the header is the client's own claim: it buys no new allowance.
    direct = make_app(config).test_client()
    assert direct.get("/api/v1/offers/x", headers={"X-Forwarded-For": "198.51.100.1"}
                      ).status_code == 404
    assert direct.get("/api/v1/offers/x", headers={"X-Forwarded-For": "198.51.100.2"}
                      ).status_code == 429


def test_the_login_limit_is_ready_for_the_back_office() -> None:
    """``@limits.login`` on a view: POSTs count (RATE_LIMIT_LOGIN), GETs do not."""
    app = Flask("login-test")
    app.config.update(default_config(Path("/nonexistent")))
    app.config["RATE_LIMIT_LOGIN"] = "3 per 10 minutes"
    blueprint = Blueprint("auth", __name__)

    @blueprint.route("/login", methods=["GET", "POST"])
    @limits.login
    def login() -> str:
        return "ok"

    app.register_blueprint(blueprint)
    limits.init_app(app)
    client = app.test_client()
    assert [client.post("/login").status_code for _ in range(4)] == [200, 200, 200, 429]
    assert client.get("/login").status_code == 200


def test_a_huge_form_body_is_refused_before_any_view_runs(seeded_app: Flask) -> None:
    client = seeded_app.test_client()
    many_fields = "&".join(f"f{n}=1" for n in range(1_100_000)).encode()  # the probe's 5 MB body
    response = client.post(REPORT, data=many_fields,
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 413
    assert "Det, du sendte, er for stort" in page_of(response).text
    parts = {f"field{n}": "x" for n in range(150)}  # small, but more parts than any form of ours
    assert client.post(REPORT, data=parts, content_type="multipart/form-data").status_code == 413
    assert _stored(seeded_app) == 0
    # A full-length report (2,000 characters of three-byte letters, encoded) still fits.
    assert _report(client, "ø" * 2000).status_code == 303


@pytest.fixture
def redis_url() -> Iterator[str]:
    """A reachable Redis (skip, or fail under VEJVISER_REQUIRE_REDIS=1), cleaned afterwards."""
    import redis

    connection = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        connection.ping()
    except redis.RedisError as error:
        if REQUIRE_REDIS:
            pytest.fail(f"Redis at {REDIS_URL} is not reachable: {error}")
        pytest.skip(f"Redis at {REDIS_URL} is not reachable: {error}")
    yield REDIS_URL
    connection.close()


def test_with_redis_every_process_shares_one_count(
    app_config: dict[str, Any], seeded_app: Flask, redis_url: str, make_app: MakeApp
) -> None:
    """Two app objects stand for two workers (or nodes): with memory:// each counts alone, with
    Redis they share the allowance."""
    prefix = f"vejviser-test-{uuid.uuid4().hex[:8]}"
    shared = {**app_config, "RATE_LIMIT_API": "2 per minute", "RATELIMIT_KEY_PREFIX": prefix}
    alone = [make_app(shared).test_client() for _ in range(2)]
    assert [c.get("/api/v1/offers/x").status_code for c in alone * 2] == [404] * 4
    together = [make_app({**shared, "RATELIMIT_STORAGE_URI": redis_url}).test_client()
                for _ in range(2)]
    try:
        assert [c.get("/api/v1/offers/x").status_code for c in together] == [404, 404]
        assert together[0].get("/api/v1/offers/x").status_code == 429
        assert together[1].get("/api/v1/offers/x").status_code == 429
    finally:
        import redis

        connection = redis.Redis.from_url(redis_url)
        for key in connection.scan_iter(f"{prefix}*"):
            connection.delete(key)
