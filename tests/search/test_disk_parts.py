"""A big segment's posting lists, opening hours and stored fields stay on disk (``diskparts``):
read when a search needs them, never kept whole in each worker, and a part changed on disk after
the check is damage, found and repaired like any other."""
from __future__ import annotations

import os
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.search.helpers import slugs_for
from vejviser.search import diskparts, storage
from vejviser.search.diskparts import SparseCopy
from vejviser.search.index import read_state

KORSHAER = ["kirkens-korshaer-varmestue-bolbro"]


@pytest.fixture
def every_segment_is_big(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # The seed's segment is a few hundred KB; real ones (20,000 offers: 34 MB) are far over the
    # threshold. Listed before the app: no copy is made before it applies.
    monkeypatch.setattr(diskparts, "SPARSE_FROM", 0)
    yield


def _sparse_copies(app: Flask) -> list[SparseCopy]:
    """The checked copies of the app's index files that this process holds, big ones only."""
    with storage._copies_lock:
        held = list(storage._copies.items())
    return [copy for (path, *_), copy in held
            if path.startswith(app.config["INDEX_DIR"]) and isinstance(copy, SparseCopy)]


def _generation(app: Flask) -> str:
    state = read_state(Path(app.config["INDEX_DIR"]))
    assert state is not None
    return str(state["indexname"])


def test_the_copy_in_memory_leaves_out_postings_hours_and_stored_fields(
        every_segment_is_big: None, seeded_app: Flask) -> None:
    with seeded_app.test_request_context():
        assert slugs_for(q="korshaer") == KORSHAER
        assert slugs_for(q="varmestue", open_at="2026-12-07T12:00")  # every offer's hours read
    copies = _sparse_copies(seeded_app)
    assert copies
    for copy in copies:
        on_disk = sum(copy.cold.values())
        assert on_disk > 0
        assert sum(len(data) for _, data in copy.spans) == copy.size - on_disk


@pytest.mark.parametrize("damage", ["overwritten", "truncated"])
def test_a_part_changed_on_disk_after_the_check_is_found_and_repaired(
        every_segment_is_big: None, seeded_app: Flask, damage: str) -> None:
    client = seeded_app.test_client()
    assert client.get("/api/v1/search", query_string={"q": "varmestue"}).status_code == 200
    before = _generation(seeded_app)
    for copy in _sparse_copies(seeded_app):  # the checked files, changed where they are
        path = next(Path(seeded_app.config["INDEX_DIR"]).rglob(copy.name))
        with open(path, "r+b") as handle:
            if damage == "truncated":
                handle.truncate(copy.size // 2)
            for offset, length in copy.cold.items():
                if damage == "overwritten":
                    handle.seek(offset)
                    handle.write(random.Random(offset).randbytes(length))
        os.utime(path, ns=(1, 1))  # as any write would, the modification time moves
    # "korshaer" was never searched in this process: its postings are read from disk now.
    for _ in range(2):
        response = client.get("/api/v1/search", query_string={"q": "korshaer"})
        assert response.status_code == 200
        assert [r["slug"] for r in response.get_json()["results"]] == KORSHAER
    assert _generation(seeded_app) != before  # rebuilt from the database
