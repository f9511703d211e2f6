"""Several app nodes on one database, each with its own index folder: an edit through one is found
by a search on the other; each records its progress; pruning keeps what the slowest live node
needs, and a node away too long rebuilds; a held writer lock never blocks a search."""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select, update

from tests.conftest import own_database
from tests.factories import Catalogue
from vejviser.db import Base, db, utcnow
from vejviser.models import IndexNode, Offer, OfferChange
from vejviser.search.index import writer_lock


@pytest.fixture
def nodes(tmp_path: Path, make_app: Callable[[dict[str, Any]], Flask]
          ) -> Iterator[Callable[[str], Flask]]:
    """``node(name)``: an app on the shared database with an index folder of its own."""
    with own_database(tmp_path) as (config, _):
        def node(name: str) -> Flask:
            return make_app({**config, "INDEX_DIR": str(tmp_path / name / "index"),
                             "NODE_NAME": name, "SEARCH_POLL_SECONDS": 0})

        first = node("setup")
        with first.app_context():
            Base.metadata.create_all(db.engine)
        yield node


def _found(app: Flask, words: str) -> list[str]:
    answer = app.test_client().get("/api/v1/search", query_string={"q": words})
    assert answer.status_code == 200, answer.json
    return [result["slug"] for result in answer.json["results"]]


def _recorded(app: Flask) -> dict[str, int]:
    with app.app_context():
        rows = db.session.execute(select(IndexNode.name, IndexNode.last_seq)).all()
        newest = db.session.scalar(select(func.max(OfferChange.seq)))
        db.session.remove()
    return {name: seq - (newest or 0) for name, seq in rows}


def _rename(app: Flask, slug: str, name: str) -> None:
    with app.app_context():
        offer = db.session.scalars(select(Offer).where(Offer.slug == slug)).one()
        offer.name = name
        db.session.commit()


def test_an_edit_through_one_node_is_found_on_the_other(nodes: Callable[[str], Flask]) -> None:
    one, two = nodes("one"), nodes("two")
    slug = Catalogue(one).offer(name="Varmestuen Nord")
    assert _found(two, "Varmestuen") == [slug]  # two builds its own index from the database
    _rename(one, slug, "Natcaféen Kastanjen")
    assert _found(two, "Kastanjen") == [slug]
    assert _found(one, "Kastanjen") == [slug]
    # Each node recorded how far its index got: both are at the newest change.
    assert _recorded(one) == {"one": 0, "two": 0}


def test_a_held_writer_lock_never_blocks_a_search(nodes: Callable[[str], Flask]) -> None:
    one, two = nodes("one"), nodes("two")
    slug = Catalogue(one).offer(name="Varmestuen Syd")
    assert _found(two, "Varmestuen") == [slug]
    holding, release = threading.Event(), threading.Event()

    def rebuild_elsewhere() -> None:  # two's writer lock, held as a long rebuild would
        with writer_lock(Path(two.config["INDEX_DIR"])):
            holding.set()
            release.wait(60)

    holder = threading.Thread(target=rebuild_elsewhere)
    holder.start()
    holding.wait(10)
    try:
        _rename(one, slug, "Herberget Syd")
        assert _found(two, "Varmestuen") == [slug]  # answered from the last complete index
    finally:
        release.set()
        holder.join()
    assert _found(two, "Herberget") == [slug]  # and caught up once the lock is free


def test_pruning_keeps_what_the_slowest_live_node_needs(nodes: Callable[[str], Flask]) -> None:
    one, two = nodes("one"), nodes("two")
    slug = Catalogue(one).offer(name="Varmestuen Vest")
    assert _found(one, "Varmestuen") == _found(two, "Varmestuen") == [slug]
    for number in range(3):
        _rename(one, slug, f"Omdøbt {number}")
    runner = one.test_cli_runner()
    result = runner.invoke(args=["prune-changes", "--min-age-minutes", "0"])
    assert result.exit_code == 0, result.output
    assert "Langsomste aktive node: two" in result.output  # two has not seen the renames
    assert _found(two, "Omdøbt 2") == [slug]  # so it still catches up from the sequence
    # Two goes away for four days; meanwhile more edits, and a prune that no longer waits.
    with one.app_context():
        db.session.execute(update(IndexNode).where(IndexNode.name == "two")
                           .values(updated_at=utcnow() - timedelta(days=4)))
        db.session.commit()
    _rename(one, slug, "Krisecentret Vest")
    _rename(one, slug, "Krisecentret Øst")
    result = runner.invoke(args=["prune-changes", "--min-age-minutes", "0"])
    assert result.exit_code == 0 and "Langsomste aktive node: one" in result.output, result.output
    with one.app_context():
        assert db.session.scalar(select(func.count()).select_from(OfferChange)) == 1
        db.session.remove()
    # Two comes back: the changes it needs are gone, so it rebuilds and still finds the edit.
    assert _found(two, "Krisecentret Øst") == [slug]
    assert _recorded(one)["two"] == 0
