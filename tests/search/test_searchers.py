"""After an edit, the next searcher is opened and warmed before a search needs it
(``vejviser.search.searchers``): by the committing process at once, by the others in the
background."""
from __future__ import annotations

import pickle
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from vejviser import search
from vejviser.catalogue.loading import load_offer
from vejviser.db import db
from vejviser.search import memo, sync, warming
from vejviser.search.searchers import shared_searcher

BOLBRO = "kirkens-korshaer-varmestue-bolbro"


def _found(app: Flask, q: str) -> list[str]:
    with app.test_request_context():
        return [hit.offer_id for hit in search.search(search.parse_args({"q": q})).hits]


def _term_keys(caches: dict[str, Any]) -> set[Any]:
    return {key for key in caches["view"].cache.keys()
            if isinstance(key, tuple) and key[0] in ("scores", "mask")}


def test_a_commit_leaves_the_next_searcher_open_and_warm_for_the_editors_next_search(
        seeded_app: Flask) -> None:
    assert _found(seeded_app, "varmestue suppe")
    shared = shared_searcher(sync.index_dir(seeded_app))
    before, used = shared.searcher, _term_keys(shared.caches)
    assert used
    with seeded_app.app_context():
        offer = load_offer(db.session, BOLBRO)
        assert offer is not None
        offer.summary = "Morgenkaffe og rugbrød i Bolbro."
        offer_id = offer.id
        db.session.commit()
    # Replaced at the commit, before any search: its view holds what searches use, and every
    # term the previous searcher was using (masks and scores over the new statistics).
    assert shared.searcher is not before
    warmed = shared.caches["view"]
    assert warmed.searcher is shared.searcher
    assert ("keyword", "category") in warmed.assembled
    assert used <= _term_keys(shared.caches)
    # The built query was checked against the new segment: the next search builds nothing.
    queries = [kept for _, kept in memo.entries(shared.caches, "queries")]
    assert queries and all(kept.seen() is warmed for kept in queries)
    assert offer_id in _found(seeded_app, "morgenkaffe")
    assert shared.caches["view"] is warmed  # the search used the warmed searcher


def _edit_in_another_process(app: Flask, folder: Path, name: str) -> None:
    """Rename the Bolbro warming room in a real second process: its commit's after-commit
    writes the index on disk, as another worker's does."""
    config = folder / "config.pickle"
    config.write_bytes(pickle.dumps({key: value for key, value in app.config.items()
                                     if key.isupper() and _picklable(value)}))
    script = f"""
import pickle
from vejviser import create_app
from vejviser.catalogue.loading import load_offer
from vejviser.db import db
app = create_app(pickle.loads(open({str(config)!r}, "rb").read()))
with app.app_context():
    offer = load_offer(db.session, {BOLBRO!r})
    offer.name = {name!r}
    db.session.commit()
"""
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120)


def test_another_process_edit_is_picked_up_in_the_background(
        seeded_app: Flask, tmp_path: Path) -> None:
    seeded_app.config["SEARCH_REFRESH_SECONDS"] = 0.05
    assert not _found(seeded_app, "solsikkestuen")  # this search starts the watcher
    shared = shared_searcher(sync.index_dir(seeded_app))
    before = shared.searcher
    try:
        _edit_in_another_process(seeded_app, tmp_path, "Solsikkestuen i Bolbro")
        deadline = time.monotonic() + 30
        while shared.searcher is before and time.monotonic() < deadline:
            time.sleep(0.02)
        # No search ran here meanwhile: the background thread opened and warmed it.
        assert shared.searcher is not before
        assert shared.caches["view"].searcher is shared.searcher
        assert len(_found(seeded_app, "solsikkestuen")) == 1
    finally:
        shared.close()  # stops the thread


def test_a_search_during_a_refresh_waits_for_it_and_finds_the_edit(
        seeded_app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The editor's next page may reach a worker whose thread is still warming the searcher
    # with the edit: that page must not be answered from the one before.
    assert not _found(seeded_app, "solsikkestuen")
    shared = shared_searcher(sync.index_dir(seeded_app))
    warming_started, go_on = threading.Event(), threading.Event()
    real = warming.warm

    def held(*args: Any, **kwargs: Any) -> None:  # the real warmer, held at its start
        warming_started.set()
        go_on.wait(30)
        real(*args, **kwargs)

    monkeypatch.setattr(warming, "warm", held)
    _edit_in_another_process(seeded_app, tmp_path, "Solsikkestuen i Bolbro")
    refresher = threading.Thread(target=shared.refresh)
    refresher.start()
    found: list[list[str]] = []
    try:
        assert warming_started.wait(30)
        searching = threading.Thread(target=lambda: found.append(
            _found(seeded_app, "solsikkestuen")))
        searching.start()
        searching.join(0.3)
        assert searching.is_alive()  # waiting for the refresh, not answering without the edit
    finally:
        go_on.set()
        refresher.join(30)
    searching.join(30)
    assert found and len(found[0]) == 1


def test_no_background_thread_when_switched_off(seeded_app: Flask) -> None:
    assert seeded_app.config["SEARCH_REFRESH_SECONDS"] == 0
    _found(seeded_app, "varmestue")
    assert shared_searcher(sync.index_dir(seeded_app)).watcher is None


def _picklable(value: Any) -> bool:
    try:
        pickle.dumps(value)
    except Exception:  # noqa: BLE001 - left out of the copied config
        return False
    return True
