"""``VEJVISER_REDIS_URL``: the rate-limit counts of every worker and node live in that Redis."""
from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask

from tests.test_limits import redis_url  # noqa: F401 - the fixture
from vejviser.config import load_config


def test_the_redis_url_holds_the_rate_limit_counts_unless_storage_is_named(
        tmp_path: Path) -> None:
    redis = "redis://127.0.0.1:6379/3"
    assert load_config(tmp_path, {"VEJVISER_REDIS_URL": redis})["RATELIMIT_STORAGE_URI"] == redis
    assert load_config(tmp_path, {})["RATELIMIT_STORAGE_URI"] == "memory://"
    named = {"VEJVISER_REDIS_URL": redis, "VEJVISER_RATE_LIMIT_STORAGE_URL": "memory://"}
    assert load_config(tmp_path, named)["RATELIMIT_STORAGE_URI"] == "memory://"


def test_two_nodes_with_the_redis_url_share_one_allowance(
        app_config: dict[str, Any], seeded_app: Flask, redis_url: str,  # noqa: F811
        make_app: Callable[[dict[str, Any]], Flask]) -> None:
    prefix = f"vejviser-test-{uuid.uuid4().hex[:8]}"
    config = {**app_config, "RATE_LIMIT_API": "2 per minute", "RATELIMIT_KEY_PREFIX": prefix,
              "REDIS_URL": redis_url}
    one, two = (make_app({**config, "INDEX_DIR": str(Path(config["INDEX_DIR"]) / name)})
                .test_client() for name in ("one", "two"))
    try:
        assert [one.get("/api/v1/offers/x").status_code,
                two.get("/api/v1/offers/x").status_code] == [404, 404]
        assert two.get("/api/v1/offers/x").status_code == 429
    finally:
        import redis

        connection = redis.Redis.from_url(redis_url)
        for key in connection.scan_iter(f"{prefix}*"):
            connection.delete(key)
        connection.close()
