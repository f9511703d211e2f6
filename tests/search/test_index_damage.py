"""A damaged, deleted or half-built index never takes the service down.

Each test runs the damage the way an operator or a crash would (truncate, random bytes, rm -rf,
kill -9), several with real processes beside the test's: only processes show a SIGBUS or a
second rebuild.
"""
from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from tests.search.helpers import slugs_for
from vejviser.search import freshness
from vejviser.search.index import read_state
from vejviser.search.searchers import shared_searcher

ROOT = Path(__file__).resolve().parents[2]
KORSHAER = ["kirkens-korshaer-varmestue-bolbro"]


def _worker(app: Flask, *steps: str) -> subprocess.Popen[str]:
    """Another process on the app's database and index, running ``steps`` (index_worker)."""
    keys = ("SECRET_KEY", "TESTING", "INSTANCE_DIR", "SQLALCHEMY_DATABASE_URI", "INDEX_DIR",
            "SQLALCHEMY_ENGINE_OPTIONS", "SEARCH_REBUILD_WAIT")
    config = {key: app.config[key] for key in keys if key in app.config}
    return subprocess.Popen([sys.executable, "-m", "tests.search.index_worker", json.dumps(config),
                             *steps], cwd=ROOT, text=True, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def _answers(output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def _state(path: Path) -> dict[str, Any]:
    state = read_state(path)
    assert state is not None
    return state


def _generations(path: Path) -> list[str]:
    return sorted(entry.name for entry in path.iterdir() if entry.is_dir())


def _restart(app: Flask) -> None:
    """This process forgets what it knew of the index, like a freshly started worker."""
    shared_searcher(Path(app.config["INDEX_DIR"])).close()
    freshness.forget(app)


def test_truncated_segment_never_kills_a_running_process(seeded_app: Flask) -> None:
    # Whoosh mapped segments into memory: a search after `truncate -s 1000 *.seg` died of SIGBUS.
    worker = _worker(seeded_app, "search:korshaer", "truncate:1000", "search:korshaer")
    out, err = worker.communicate(timeout=120)
    assert worker.returncode == 0, (worker.returncode, err[-2000:])
    assert _answers(out) == [{"slugs": KORSHAER}, {"slugs": KORSHAER}]
    path = Path(seeded_app.config["INDEX_DIR"])
    before = _state(path)
    with seeded_app.test_request_context():
        _restart(seeded_app)
        assert slugs_for(q="korshaer") == KORSHAER  # a new worker finds the damage, rebuilds
    assert _state(path)["indexname"] != before["indexname"]


def test_random_bytes_in_a_segment_are_found_and_repaired(seeded_app: Flask) -> None:
    # Random bytes where a search for "korshaer" reads (after each copy of the word in the term
    # table) gave lasting zlib.error/struct.error 500s: they were never seen as damage.
    word = b"korshaer"
    for segment in Path(seeded_app.config["INDEX_DIR"]).rglob("*.seg"):
        data = bytearray(segment.read_bytes())
        at = data.find(word)
        while at >= 0:
            data[at + len(word):at + len(word) + 24] = random.Random(at).randbytes(24)
            at = data.find(word, at + 1)
        segment.write_bytes(bytes(data))
    _restart(seeded_app)
    client = seeded_app.test_client()
    for _ in range(2):
        response = client.get("/api/v1/search", query_string={"q": "korshaer"})
        assert response.status_code == 200
        assert [r["slug"] for r in response.get_json()["results"]] == KORSHAER
    assert client.get("/", query_string={"q": "korshaer"}).status_code == 200


def test_deleted_index_gives_a_danish_503_until_it_is_rebuilt(seeded_app: Flask) -> None:
    # The search used to rebuild inside the request: minutes on a national catalogue, longer
    # than any worker timeout. Now it waits SEARCH_REBUILD_WAIT seconds at most.
    seeded_app.config["SEARCH_REBUILD_WAIT"] = 0
    client = seeded_app.test_client()
    assert client.get("/api/v1/search?q=reden").status_code == 200
    shutil.rmtree(seeded_app.config["INDEX_DIR"])
    response = client.get("/api/v1/search?q=reden")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert "Prøv igen om et øjeblik" in response.get_json()["error"]["message"]
    page = client.get("/?q=reden")
    assert page.status_code == 503 and page.headers["Retry-After"] == "30"
    assert "Søgningen er midlertidigt utilgængelig" in page.get_data(as_text=True)
    live = client.get("/?q=reden&fragment=1")  # site.js's live results: the message alone
    assert live.status_code == 503 and "<html" not in live.get_data(as_text=True)
    seeded_app.config["SEARCH_REBUILD_WAIT"] = 60  # the rebuild the first 503 started ends
    assert client.get("/api/v1/search?q=reden").status_code == 200
    assert client.get("/?q=reden").status_code == 200


def test_two_processes_starting_on_a_missing_index_rebuild_it_once(
        seeded_app: Flask, tmp_path: Path) -> None:
    shutil.rmtree(seeded_app.config["INDEX_DIR"])
    go = tmp_path / "go"
    workers = [_worker(seeded_app, f"wait-for:{go}", "search:korshaer") for _ in range(2)]
    for worker in workers:
        assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
    go.touch()  # both search at once, each finding no index
    results = [worker.communicate(timeout=180) for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], [err[-2000:] for _, err in results]
    assert [_answers(out) for out, _ in results] == [[{"slugs": KORSHAER}]] * 2
    rebuilds = [line for _, err in results for line in err.splitlines() if "rebuil" in line]
    assert len(rebuilds) == 1, rebuilds
    assert len(_generations(Path(seeded_app.config["INDEX_DIR"]))) == 1


@pytest.fixture
def stalled_rebuild(seeded_app: Flask) -> Any:
    """Another process in the middle of a rebuild (holding the writer lock), killed at the end."""
    worker = _worker(seeded_app, "stalled-rebuild")
    try:
        assert worker.stdout is not None and worker.stdout.readline().strip() == "rebuilding"
        yield worker
    finally:
        if worker.poll() is None:
            worker.kill()
        worker.communicate(timeout=60)


def test_a_rebuild_under_way_elsewhere_is_not_started_again(
        seeded_app: Flask, stalled_rebuild: Any) -> None:
    path = Path(seeded_app.config["INDEX_DIR"])
    current = _state(path)["indexname"]
    with seeded_app.test_request_context():
        assert slugs_for(q="korshaer") == KORSHAER  # the old generation serves meanwhile
    for entry in (path / current).iterdir():  # now it is damaged: it must be rebuilt ...
        if entry.suffix == ".seg":
            os.truncate(entry, 1000)
    _restart(seeded_app)
    seeded_app.config["SEARCH_REBUILD_WAIT"] = 0.5
    response = seeded_app.test_client().get("/api/v1/search?q=korshaer")
    assert response.status_code == 503  # ... but the other process holds the lock: no second
    assert len(_generations(path)) == 2  # the damaged one and the one being built elsewhere


def test_a_killed_rebuild_leaves_nothing_behind(seeded_app: Flask, stalled_rebuild: Any) -> None:
    path = Path(seeded_app.config["INDEX_DIR"])
    state = _state(path)
    assert len(_generations(path)) == 2  # the one in use and the one being built
    os.kill(stalled_rebuild.pid, signal.SIGKILL)
    stalled_rebuild.wait(timeout=60)
    assert read_state(path) == state
    _restart(seeded_app)  # the next worker to start ...
    with seeded_app.test_request_context():
        assert slugs_for(q="korshaer") == KORSHAER  # ... serves the old generation ...
    assert _generations(path) == [state["indexname"]]
    # ... and has removed the half-built one, Whoosh's temporary folder inside it included.
    assert sorted(entry.name for entry in path.iterdir()) == sorted(
        ["state.json", "writer.lock", state["indexname"]])
    assert not list(path.rglob("*.tmp"))


def test_an_index_of_the_older_flat_layout_is_replaced(seeded_app: Flask) -> None:
    # Before generation folders, Whoosh's files lay in INDEX_DIR itself, without checksums.
    path = Path(seeded_app.config["INDEX_DIR"])
    old = {key: value for key, value in _state(path).items() if key != "files"}
    for name in ("_v5g1p1_1.toc", "v5g1p1_0123abc.seg", "v5g1p1_WRITELOCK"):
        (path / name).write_bytes(b"old")
    (path / "v5g1p1.tmp").mkdir()
    (path / "state.json").write_text(json.dumps({**old, "indexname": "v5g1p1"}))
    _restart(seeded_app)
    with seeded_app.test_request_context():
        assert slugs_for(q="korshaer") == KORSHAER
    assert sorted(entry.name for entry in path.iterdir()) == sorted(
        ["state.json", "writer.lock", _state(path)["indexname"]])
