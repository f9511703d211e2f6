"""Changes that commit out of order (PostgreSQL sequences) still reach the index."""
from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import select, text

from tests.factories import Catalogue
from vejviser import search
from vejviser.db import db
from vejviser.models import Offer
from vejviser.search import sync
from vejviser.search.index import read_state


def _found(word: str) -> set[str]:
    result = search.search(search.parse_args({"q": word}))
    ids = [hit.offer_id for hit in result.hits]
    return set(db.session.scalars(select(Offer.slug).where(Offer.id.in_(ids))))


def _change_behind_the_orms_back(slug: str, word: str, seq: int) -> None:
    # Raw SQL, so no change listener runs: we choose the sequence number ourselves.
    offer_id = db.session.scalar(select(Offer.id).where(Offer.slug == slug))
    db.session.execute(text("update offer set summary = summary || ' ' || :word where id = :id"),
                       {"word": word, "id": offer_id})
    db.session.execute(text("insert into offer_change (seq, offer_id, changed_at) "
                            "values (:seq, :id, CURRENT_TIMESTAMP)"), {"seq": seq, "id": offer_id})
    db.session.commit()


@pytest.fixture
def two(catalogue: Catalogue) -> tuple[str, str]:
    """Two warming rooms to change behind the ORM's back."""
    reden, dannesbo = catalogue.offers({"name": "Reden"}, {"name": "St. Dannesbo"})
    return reden, dannesbo


def test_a_change_committed_after_a_newer_one_is_not_lost(app: Flask,
                                                          two: tuple[str, str]) -> None:
    reden, dannesbo = two
    with app.test_request_context():
        assert _found("varmestue") == {reden, dannesbo}  # verifies the index
        path = sync.index_dir(app)
        last = int(read_state(path)["last_seq"])
        # seq last+2 commits first; last+1 was "in flight" and commits afterwards.
        _change_behind_the_orms_back(reden, "zzkvartet", last + 2)
        sync.apply_changes(path, db.session)
        assert list(read_state(path)["gaps"]) == [str(last + 1)]
        assert _found("zzkvartet") == {reden}
        _change_behind_the_orms_back(dannesbo, "yyorkester", last + 1)
        sync.apply_changes(path, db.session)
        assert _found("yyorkester") == {dannesbo}
        assert read_state(path)["gaps"] == {}


def test_old_gaps_are_given_up(app: Flask, two: tuple[str, str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    with app.test_request_context():
        assert _found("varmestue") == set(two)
        path = sync.index_dir(app)
        last = int(read_state(path)["last_seq"])
        _change_behind_the_orms_back(two[0], "zzkvartet", last + 3)
        sync.apply_changes(path, db.session)
        assert len(read_state(path)["gaps"]) == 2
        monkeypatch.setattr(sync, "GAP_SECONDS", 0.0)  # a rolled-back transaction never arrives
        sync.apply_changes(path, db.session)
        assert read_state(path)["gaps"] == {}
