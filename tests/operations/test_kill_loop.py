"""kill -9 of gunicorn workers during index and database writes (a short run of
``benchmarks/kill_loop.py``; the benchmark kills 50 and more): nothing acknowledged is lost, and
after a restart the index holds exactly the database's offers with their current names."""
from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.kill_loop import run


@pytest.mark.slow
def test_killed_workers_lose_nothing_acknowledged_and_the_index_agrees(tmp_path: Path) -> None:
    figures = run(tmp_path, rounds=6, offers=40)
    assert figures["kills"] == 6
    assert figures["acknowledged edits"] > 0
    assert {name: value for name, value in figures.items()
            if name.startswith(("lost", "index"))} == {
        "lost edits": 0, "lost reports": 0, "index differs": 0, "index behind": 0}, figures
