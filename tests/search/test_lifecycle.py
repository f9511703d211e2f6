"""Index lifecycle: after-commit sync, rollbacks, deleted/damaged/stale indexes, the CLI."""
from __future__ import annotations

import shutil
from pathlib import Path

from flask import Flask
from sqlalchemy import func, select

from tests.search.helpers import slugs_for
from vejviser import search
from vejviser.db import db
from vejviser.models import Location, Offer, OfferChange, OfferStatus, Organization, TaxonomyTerm
from vejviser.search import freshness, sync


def _offer(slug: str) -> Offer:
    return db.session.scalars(select(Offer).where(Offer.slug == slug)).one()


def test_committed_edit_is_searchable_at_once(seeded_app: Flask) -> None:
    with seeded_app.test_request_context():
        _offer("reden-odense").summary = "Nu også med zebrakursus"
        db.session.commit()
        assert slugs_for(q="zebrakursus") == ["reden-odense"]


def test_rolled_back_edit_never_reaches_the_index(seeded_app: Flask) -> None:
    with seeded_app.test_request_context():
        before = db.session.scalar(select(func.max(OfferChange.seq)))
        _offer("reden-odense").summary = "giraffer overalt"
        db.session.flush()  # the change row exists inside the transaction ...
        db.session.rollback()  # ... and vanishes with it
        assert db.session.scalar(select(func.max(OfferChange.seq))) == before
        other = _offer("st-dannesbo")
        other.name = "St. Dannesbo (opdateret)"
        db.session.commit()  # a later commit must not carry the rolled-back edit along
        assert slugs_for(q="giraffer") == []
        assert slugs_for(q="opdateret")[0] == "st-dannesbo"


def test_child_rows_and_shared_rows_are_tracked(seeded_app: Flask) -> None:
    with seeded_app.test_request_context():
        location = _offer("reden-odense").locations[0]
        location.name = "Pelikanhuset"
        db.session.commit()
        assert "reden-odense" in slugs_for(q="pelikanhuset")
        term = db.session.scalars(
            select(TaxonomyTerm).where(TaxonomyTerm.code == "julehjaelp")).one()
        term.name = "Julehjælp og flamingohjælp"
        db.session.commit()
        assert slugs_for(q="flamingohjælp") == ["mission-julegave-odense"]
        organization = _offer("frivilligcenter-odense").organization
        organization.name = "Odense Tapirforening"
        db.session.commit()
        assert "frivilligcenter-odense" in slugs_for(q="tapirforening")


def test_inactive_offers_are_never_shown_and_closed_ones_are(seeded_app: Flask) -> None:
    with seeded_app.test_request_context():
        assert "eksempel-vaerested-odense" in slugs_for(q="værested")
        _offer("reden-odense").status = OfferStatus.INACTIVE
        db.session.commit()
        assert "reden-odense" not in slugs_for(q="reden")
        assert "reden-odense" not in slugs_for(per_page=100)
        _offer("reden-odense").status = OfferStatus.ACTIVE
        db.session.commit()
        assert slugs_for(q="reden")[0] == "reden-odense"


def test_deleted_offer_leaves_the_index(seeded_app: Flask) -> None:
    with seeded_app.test_request_context():
        db.session.delete(_offer("mission-julegave-odense"))
        db.session.commit()
        assert slugs_for(q="julegave") == []


def test_new_offer_is_indexed(seeded_app: Flask) -> None:
    with seeded_app.test_request_context():
        organization = db.session.scalars(select(Organization)).first()
        db.session.add(Offer(slug="ny-suppekoekken", name="Suppekøkkenet på Vestergade",
                             organization=organization))
        db.session.commit()
        assert slugs_for(q="suppekoekken") == ["ny-suppekoekken"]


def test_deleted_index_rebuilds_itself(seeded_app: Flask) -> None:
    path = Path(seeded_app.config["INDEX_DIR"])
    with seeded_app.test_request_context():
        shutil.rmtree(path)
        freshness.forget(seeded_app)  # a new process: the first search verifies the index
        assert slugs_for(q="korshaer") == ["kirkens-korshaer-varmestue-bolbro"]
    assert (path / "state.json").exists()


def test_index_deleted_while_the_app_runs_rebuilds_itself(seeded_app: Flask) -> None:
    path = Path(seeded_app.config["INDEX_DIR"])
    seeded_app.config["SEARCH_POLL_SECONDS"] = 3600  # no poll would notice it in time
    with seeded_app.test_request_context():
        assert slugs_for(q="korshaer") == ["kirkens-korshaer-varmestue-bolbro"]  # verified
        shutil.rmtree(path)  # e.g. an operator cleaning up, with the process still running
        assert slugs_for(q="korshaer") == ["kirkens-korshaer-varmestue-bolbro"]
        assert seeded_app.test_client().get("/api/v1/search?q=reden").status_code == 200
    assert (path / "state.json").exists()


def test_damaged_index_rebuilds_itself(seeded_app: Flask) -> None:
    path = Path(seeded_app.config["INDEX_DIR"])
    damaged = [entry for entry in path.rglob("*") if entry.suffix in (".toc", ".seg")]
    assert damaged
    for entry in damaged:
        entry.write_bytes(b"garbage")
    with seeded_app.test_request_context():
        freshness.forget(seeded_app)
        assert slugs_for(q="aagaarden") == ["redernes-krisecenter"]


def test_stale_index_catches_up_from_the_change_sequence(seeded_app: Flask) -> None:
    # Another process committed a change: this process's after-commit hook never ran.
    with seeded_app.test_request_context():
        seeded_app.extensions["vejviser.search"] = False
        _offer("vinterberedskab").summary = "Nu med isbjørnevagt"
        db.session.commit()
        seeded_app.extensions["vejviser.search"] = True
        freshness.forget(seeded_app)
        assert slugs_for(q="isbjørnevagt") == ["vinterberedskab"]


def test_index_of_another_database_is_rebuilt(seeded_app: Flask) -> None:
    with seeded_app.test_request_context():
        state = sync.read_state(Path(seeded_app.config["INDEX_DIR"]))
        assert state is not None
        sync.write_state(Path(seeded_app.config["INDEX_DIR"]), {**state, "last_seq": 10**9})
        freshness.forget(seeded_app)
        assert slugs_for(q="korshaer") == ["kirkens-korshaer-varmestue-bolbro"]
        assert sync.read_state(Path(seeded_app.config["INDEX_DIR"]))["last_seq"] < 10**9


def test_reindex_command_shows_progress(seeded_app: Flask) -> None:
    result = seeded_app.test_cli_runner().invoke(args=["reindex"])
    assert result.exit_code == 0, result.output
    assert "16 tilbud indekseret" in result.output


def test_search_command(seeded_app: Flask) -> None:
    result = seeded_app.test_cli_runner().invoke(args=["search", "herbreg"])
    assert result.exit_code == 0, result.output
    assert "st-dannesbo" in result.output


def test_search_command_while_the_index_is_rebuilt_says_so(seeded_app: Flask) -> None:
    shutil.rmtree(seeded_app.config["INDEX_DIR"])
    seeded_app.config["SEARCH_REBUILD_WAIT"] = 0
    result = seeded_app.test_cli_runner().invoke(args=["search", "herbreg"])
    assert result.exit_code == 1
    assert "Prøv igen om et øjeblik" in result.output and "vejviser reindex" in result.output
    seeded_app.config["SEARCH_REBUILD_WAIT"] = 60  # the rebuild it started finishes
    assert "st-dannesbo" in seeded_app.test_cli_runner().invoke(args=["search", "herbreg"]).output


def test_rebuild_returns_count_and_the_location_filter_is_exact(seeded_app: Flask) -> None:
    with seeded_app.test_request_context():
        assert search.rebuild() == db.session.scalar(
            select(func.count()).select_from(Offer).where(Offer.status != OfferStatus.INACTIVE))
        assert db.session.scalar(select(func.count()).select_from(Location)) > 0
