"""Big rebuilds read offers and make their documents in a second process (``search.reading``):
the same documents as in this process, and a failing child fails the rebuild cleanly."""
from __future__ import annotations

import pickle
import shutil
import sys
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from benchmarks import catalogue_generator
from tests.factories import make_location, make_offer
from vejviser import search
from vejviser.db import db
from vejviser.models import Offer
from vejviser.search import reading, sync
from vejviser.search.documents import INDEXED


@pytest.fixture
def ids(app: Flask) -> list[str]:
    with app.app_context():
        catalogue_generator.load(db.session, 120)
        make_offer(db.session, name="Kvindekrisecentret", slug="skjult",
                   locations=[make_location(address_1="Hemmelig Vej 1", precision="none")])
        db.session.commit()
        return list(db.session.scalars(select(Offer.id).where(INDEXED).order_by(Offer.id)))


def test_a_second_process_makes_the_same_documents(app: Flask, ids: list[str]) -> None:
    with app.app_context(), Session(db.engine) as session:
        here = [doc for batch in reading.document_batches(session, ids, pipeline=False)
                for doc in batch]
        there = [doc for batch in reading.document_batches(session, ids, pipeline=True)
                 for doc in batch]
    assert len(here) == len(ids)
    assert there == here
    assert not any(b"Hemmelig" in str(doc).encode() for doc in there)


def test_a_failing_child_fails_with_its_traceback(tmp_path: Path) -> None:
    missing = f"sqlite:///{tmp_path / 'no-such-folder' / 'x.sqlite3'}"
    with pytest.raises(RuntimeError, match="OperationalError"):
        list(reading._from_child(reading._start_child(), pickle.dumps((missing, {})), ["a"]))


def test_a_child_that_dies_fails_the_rebuild_and_leaves_the_index(
        app: Flask, ids: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    with app.app_context():
        search.rebuild()
        path = sync.index_dir(app)
        before = sync.read_state(path)
        monkeypatch.setattr(reading, "PIPELINE_MIN", 1)
        monkeypatch.setattr(sys, "executable", shutil.which("false"))
        with pytest.raises(RuntimeError, match="ended"):
            search.rebuild()
        assert sync.read_state(path) == before
        assert sorted(p.name for p in path.iterdir() if p.is_dir()) == [before["indexname"]]


def test_without_an_interpreter_to_start_the_rebuild_reads_here(
        app: Flask, ids: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-such-python"))
    with app.app_context(), Session(db.engine) as session:
        batches = list(reading.document_batches(session, ids, pipeline=True))
    assert sum(len(batch) for batch in batches) == len(ids)
