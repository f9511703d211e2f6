"""The suite's own ground: each test's copy of the seed is complete, current and its own, and the
factories build the offers they say they build."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from tests.conftest import own_database
from tests.factories import Catalogue, make_offer, weekly
from tests.hsds.helpers import row_counts
from tests.search.helpers import slugs_for
from tests.template import DatabaseTemplate
from vejviser import create_app
from vejviser.catalogue.errors import CatalogueDataError
from vejviser.catalogue.loading import load_offer
from vejviser.catalogue.seed import load_seed
from vejviser.catalogue.taxonomy import vocabulary_terms
from vejviser.db import Base, db
from vejviser.models import Offer, OfferChange, Revision
from vejviser.resources import resource_dir
from vejviser.search import sync

BOLBRO = "kirkens-korshaer-varmestue-bolbro"


def _contents() -> dict[str, object]:
    """Rows per table; for the change sequence, which offers it names (how many rows a load
    writes depends on how often the session flushed on the way). ``index_node`` is left out: it
    records how far this node's search index got, which a template's built index has and a bare
    load has not."""
    counts: dict[str, object] = dict(row_counts())
    counts.pop("index_node", None)
    counts["offer_change"] = set(db.session.scalars(select(OfferChange.offer_id)))
    return counts


@contextmanager
def _another_app(folder: Path) -> Iterator[Flask]:
    """An app on a database of its own, as another test would have; closed afterwards."""
    with own_database(folder) as (config, _):
        app = create_app(config)
        try:
            yield app
        finally:
            with app.app_context():
                db.engine.dispose()


def test_a_copy_holds_every_row_the_seed_gives(seeded_app: Flask, tmp_path: Path) -> None:
    with seeded_app.app_context():
        copied = _contents()
    with _another_app(tmp_path / "loaded") as loaded, loaded.app_context():
        Base.metadata.create_all(db.engine)
        load_seed(db.session, resource_dir("seed"), with_examples=True)
        db.session.commit()
        assert _contents() == copied
    assert copied["offer"] >= 16 and copied["revision"] >= 16


def test_what_a_test_writes_stays_in_its_copy(seeded_app: Flask, seed_template: DatabaseTemplate,
                                              tmp_path: Path) -> None:
    with seeded_app.app_context():
        load_offer(db.session, BOLBRO).name = "Omdøbt i én test"
        db.session.delete(load_offer(db.session, "reden-odense"))
        db.session.commit()
        assert slugs_for(q="omdøbt") == [BOLBRO]
    with _another_app(tmp_path / "next") as following:  # the next test's copy
        seed_template.copy_into(following)
        with following.test_request_context():
            assert load_offer(db.session, BOLBRO).name == "Kirkens Korshærs varmestue i Bolbro"
            assert load_offer(db.session, "reden-odense") is not None
            assert slugs_for(q="omdøbt") == []
            assert slugs_for(q="korshaer") == [BOLBRO]


def test_the_copied_index_is_current_and_used_as_it_is(seeded_app: Flask) -> None:
    path = sync.index_dir(seeded_app)
    state = sync.read_state(path)
    with seeded_app.test_request_context():
        assert state is not None and state["last_seq"] == sync.max_seq(db.session)
        assert slugs_for(q="korshaer") == [BOLBRO]
    assert sync.read_state(path)["indexname"] == state["indexname"], "rebuilt, not copied"


def test_rows_added_to_a_copy_get_fresh_numbers(seeded_app: Flask) -> None:
    # On PostgreSQL the copied ids sit beside sequences that must have moved past them.
    with seeded_app.test_request_context():
        newest = sync.max_seq(db.session)
        revisions = db.session.scalar(select(func.max(Revision.id)))
        make_offer(db.session, name="Suppekøkkenet i Vollsmose")
        db.session.commit()
        assert db.session.scalar(select(func.min(OfferChange.seq))
                                 .where(OfferChange.seq > newest)) == newest + 1
        assert db.session.scalar(select(func.max(Revision.id))) == revisions + 1
        assert slugs_for(q="vollsmose") == ["suppekoekkenet-i-vollsmose"]
        assert sync.read_state(sync.index_dir(seeded_app))["last_seq"] == sync.max_seq(db.session)


def test_the_default_offer_is_a_warming_room_open_on_weekdays(
        catalogue: Catalogue, client: FlaskClient) -> None:
    slug = catalogue.offer()
    assert slug == "varmestuen-paa-testvej"
    body = client.get(f"/api/v1/offers/{slug}?at=2026-12-07T12:00").get_json()  # a Monday
    assert (body["status"], body["open"], body["next_change"]) == (
        "active", True, "2026-12-07T16:00:00+01:00")
    assert body["categories"] == ["varmestue"] and body["attributes"] == ["gratis",
                                                                          "uden-visitation"]
    saturday = client.get(f"/api/v1/offers/{slug}?at=2026-12-12T12:00").get_json()
    assert (saturday["open"], saturday["next_change"]) == (False, "2026-12-14T10:00:00+01:00")
    assert "Varmestue" in client.get(f"/tilbud/{slug}").get_data(as_text=True)


def test_each_offer_gets_a_slug_of_its_own_and_overrides_win(
        catalogue: Catalogue, client: FlaskClient) -> None:
    first, second = catalogue.offer(), catalogue.offer()
    weekend = catalogue.offer(name="Weekendcaféen", schedules=[weekly("SA,SU", "11:00", "15:00")],
                              categories=["mad"])
    assert (first, second, weekend) == ("varmestuen-paa-testvej", "varmestuen-paa-testvej-2",
                                        "weekendcafeen")
    body = client.get(f"/api/v1/offers/{weekend}?at=2026-12-12T12:00").get_json()
    assert body["name"] == "Weekendcaféen" and body["open"] is True
    assert body["categories"] == ["mad"]


def test_terms_are_made_as_needed_keeping_the_vocabulary_order(app: Flask) -> None:
    with app.app_context():
        make_offer(db.session, categories=["varmestue", "mad"])
        make_offer(db.session, categories=["nyt-tilbud", "varmestue"])
        terms = vocabulary_terms(db.session, "category")
        assert [(t.code, t.name, t.name_en) for t in terms] == [
            ("varmestue", "Varmestue", "Warming room"),
            ("mad", "Mad og måltider", "Food and meals"),
            ("nyt-tilbud", "Nyt tilbud", "")]


def test_invalid_input_is_refused_with_every_problem(app: Flask) -> None:
    with app.app_context():
        with pytest.raises(CatalogueDataError) as refused:
            make_offer(db.session, slug="Ikke en slug", schedules=[weekly(opens="25:00")])
        fields = [problem.field for problem in refused.value.problems]
        assert "slug" in fields and "schedules[0].opens_at" in fields
        assert db.session.scalars(select(Offer)).all() == []
