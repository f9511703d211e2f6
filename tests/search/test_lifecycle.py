"""Index lifecycle: after-commit sync, rollbacks, deleted/damaged/stale indexes, the CLI."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from tests.factories import Catalogue, make_location
from tests.search.helpers import slugs_for
from vejviser import search
from vejviser.db import db
from vejviser.models import Offer, OfferChange, OfferStatus, Organization, TaxonomyTerm
from vejviser.search import freshness, sync

#: Four offers; Mission Julegave alone uses the term "julehjaelp" and its organisation.
OFFERS = {
    "reden": dict(name="Reden", summary="Værested for kvinder i prostitution.",
                  categories=["vaerested"], target_groups=["kvinder"],
                  locations=[make_location(name="Redens hus")]),
    "shelter": dict(name="Herberget St. Dannesbo", summary="Herberg med døgnåbent.",
                    categories=["herberg"], target_groups=["hjemloese"]),
    "christmas": dict(name="Mission Julegave", summary="Julegaver til børnefamilier.",
                      categories=["julehjaelp"], target_groups=["boernefamilier-med-faa-midler"]),
    "closed": dict(name="Værestedet i Vollsmose", summary="Værested for ensomme.",
                   categories=["vaerested"], status="temporarily_closed",
                   alert="Lukket på grund af vandskade."),
}


@pytest.fixture
def offers(catalogue: Catalogue) -> dict[str, str]:
    """Key in ``OFFERS`` -> slug; Mission Julegave has an organisation of its own."""
    shared = [key for key in OFFERS if key != "christmas"]
    slugs = dict(zip(shared, catalogue.offers(*(OFFERS[key] for key in shared))))
    organization = catalogue.organization(name="Mission Julegave Odense")
    slugs["christmas"] = catalogue.offer(organization=organization, **OFFERS["christmas"])
    return slugs


def _offer(slug: str) -> Offer:
    return db.session.scalars(select(Offer).where(Offer.slug == slug)).one()


def test_committed_edit_is_searchable_at_once(app: Flask, offers: dict[str, str]) -> None:
    with app.test_request_context():
        assert slugs_for(q="zebrakursus") == []
        _offer(offers["reden"]).summary = "Nu også med zebrakursus"
        db.session.commit()
        assert slugs_for(q="zebrakursus") == [offers["reden"]]


def test_rolled_back_edit_never_reaches_the_index(app: Flask, offers: dict[str, str]) -> None:
    with app.test_request_context():
        before = db.session.scalar(select(func.max(OfferChange.seq)))
        _offer(offers["reden"]).summary = "giraffer overalt"
        db.session.flush()  # the change row exists inside the transaction ...
        db.session.rollback()  # ... and vanishes with it
        assert db.session.scalar(select(func.max(OfferChange.seq))) == before
        other = _offer(offers["shelter"])
        other.name = "St. Dannesbo (opdateret)"
        db.session.commit()  # a later commit must not carry the rolled-back edit along
        assert slugs_for(q="giraffer") == []
        assert slugs_for(q="opdateret") == [offers["shelter"]]


def test_child_rows_and_shared_rows_are_tracked(app: Flask, offers: dict[str, str]) -> None:
    with app.test_request_context():
        location = _offer(offers["reden"]).locations[0]
        location.name = "Pelikanhuset"
        db.session.commit()
        assert slugs_for(q="pelikanhuset") == [offers["reden"]]
        term = db.session.scalars(select(TaxonomyTerm)
                                  .where(TaxonomyTerm.code == "julehjaelp")).one()
        term.name = "Julehjælp og flamingohjælp"
        db.session.commit()
        assert slugs_for(q="flamingohjælp") == [offers["christmas"]]
        organization = _offer(offers["christmas"]).organization
        organization.name = "Odense Tapirforening"
        db.session.commit()
        assert slugs_for(q="tapirforening") == [offers["christmas"]]


def test_inactive_offers_are_never_shown_and_closed_ones_are(app: Flask,
                                                             offers: dict[str, str]) -> None:
    with app.test_request_context():
        assert set(slugs_for(q="værested")) == {offers["reden"], offers["closed"]}
        _offer(offers["reden"]).status = OfferStatus.INACTIVE
        db.session.commit()
        assert slugs_for(q="værested") == [offers["closed"]]
        assert set(slugs_for(per_page=100)) == set(offers.values()) - {offers["reden"]}
        _offer(offers["reden"]).status = OfferStatus.ACTIVE
        db.session.commit()
        assert slugs_for(q="reden") == [offers["reden"]]


def test_deleted_offer_leaves_the_index(app: Flask, offers: dict[str, str]) -> None:
    with app.test_request_context():
        assert slugs_for(q="julegave") == [offers["christmas"]]
        db.session.delete(_offer(offers["christmas"]))
        db.session.commit()
        assert slugs_for(q="julegave") == []
        assert set(slugs_for(per_page=100)) == set(offers.values()) - {offers["christmas"]}


def test_new_offer_is_indexed(app: Flask, offers: dict[str, str]) -> None:
    with app.test_request_context():
        assert slugs_for(q="suppekoekken") == []
        organization = db.session.scalars(select(Organization)).first()
        db.session.add(Offer(slug="ny-suppekoekken", name="Suppekøkkenet på Vestergade",
                             organization=organization))
        db.session.commit()
        assert slugs_for(q="suppekoekken") == ["ny-suppekoekken"]


def test_deleted_index_rebuilds_itself(app: Flask, offers: dict[str, str]) -> None:
    path = Path(app.config["INDEX_DIR"])
    with app.test_request_context():
        assert slugs_for(q="dannesbo") == [offers["shelter"]]  # builds the index
        shutil.rmtree(path)
        freshness.forget(app)  # a new process: the first search verifies the index
        assert slugs_for(q="dannesbo") == [offers["shelter"]]
    assert (path / "state.json").exists()


def test_index_deleted_while_the_app_runs_rebuilds_itself(app: Flask,
                                                          offers: dict[str, str]) -> None:
    path = Path(app.config["INDEX_DIR"])
    app.config["SEARCH_POLL_SECONDS"] = 3600  # no poll would notice it in time
    with app.test_request_context():
        assert slugs_for(q="dannesbo") == [offers["shelter"]]  # verified
        shutil.rmtree(path)  # e.g. an operator cleaning up, with the process still running
        assert slugs_for(q="dannesbo") == [offers["shelter"]]
        assert app.test_client().get("/api/v1/search?q=reden").status_code == 200
    assert (path / "state.json").exists()


def test_damaged_index_rebuilds_itself(app: Flask, offers: dict[str, str]) -> None:
    path = Path(app.config["INDEX_DIR"])
    with app.test_request_context():
        assert slugs_for(q="dannesbo") == [offers["shelter"]]  # builds the index
    damaged = 0
    for entry in path.rglob("*"):
        if entry.suffix in (".toc", ".seg") or entry.name.endswith(".trm"):
            entry.write_bytes(b"garbage")
            damaged += 1
    assert damaged
    with app.test_request_context():
        freshness.forget(app)
        assert slugs_for(q="dannesbo") == [offers["shelter"]]


def test_stale_index_catches_up_from_the_change_sequence(app: Flask,
                                                         offers: dict[str, str]) -> None:
    # Another process committed a change: this process's after-commit hook never ran.
    with app.test_request_context():
        assert slugs_for(q="isbjørnevagt") == []  # builds the index
        app.extensions["vejviser.search"] = False
        _offer(offers["shelter"]).summary = "Nu med isbjørnevagt"
        db.session.commit()
        app.extensions["vejviser.search"] = True
        freshness.forget(app)
        assert slugs_for(q="isbjørnevagt") == [offers["shelter"]]


def test_index_of_another_database_is_rebuilt(app: Flask, offers: dict[str, str]) -> None:
    path = Path(app.config["INDEX_DIR"])
    with app.test_request_context():
        assert slugs_for(q="dannesbo") == [offers["shelter"]]  # builds the index
        state = sync.read_state(path)
        assert state is not None
        sync.write_state(path, {**state, "last_seq": 10**9})
        freshness.forget(app)
        assert slugs_for(q="dannesbo") == [offers["shelter"]]
        assert sync.read_state(path)["last_seq"] == sync.max_seq(db.session)


def test_reindex_command_shows_progress(app: Flask, offers: dict[str, str]) -> None:
    result = app.test_cli_runner().invoke(args=["reindex"])
    assert result.exit_code == 0, result.output
    assert f"{len(OFFERS)} tilbud indekseret" in result.output


def test_search_command(app: Flask, offers: dict[str, str]) -> None:
    result = app.test_cli_runner().invoke(args=["search", "herbreg"])
    assert result.exit_code == 0, result.output
    assert offers["shelter"] in result.output and offers["reden"] not in result.output


def test_search_command_while_the_index_is_rebuilt_says_so(seeded_app: Flask) -> None:
    shutil.rmtree(seeded_app.config["INDEX_DIR"])
    seeded_app.config["SEARCH_REBUILD_WAIT"] = 0
    result = seeded_app.test_cli_runner().invoke(args=["search", "herbreg"])
    assert result.exit_code == 1
    assert "Prøv igen om et øjeblik" in result.output and "vejviser reindex" in result.output
    seeded_app.config["SEARCH_REBUILD_WAIT"] = 60  # the rebuild it started finishes
    assert "st-dannesbo" in seeded_app.test_cli_runner().invoke(args=["search", "herbreg"]).output


def test_rebuild_counts_every_offer_but_the_inactive_ones(app: Flask,
                                                          offers: dict[str, str]) -> None:
    with app.test_request_context():
        _offer(offers["reden"]).status = OfferStatus.INACTIVE
        db.session.commit()
        assert search.rebuild() == len(OFFERS) - 1
