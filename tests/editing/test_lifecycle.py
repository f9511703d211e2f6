"""New offers wait for approval; organisations merge and retire; synonyms edited in the
database change search at once; error reports are resolved."""
from __future__ import annotations

import time

import pytest
from flask import Flask
from sqlalchemy import insert

from tests.editing.people import person
from tests.factories import Catalogue, make_offer, make_organization
from tests.search.helpers import slugs_for
from vejviser.catalogue.corrections import suggest_correction
from vejviser.db import db, utcnow
from vejviser.editing.document import document_of
from vejviser.editing.lifecycle import (
    create_offer,
    merge_organizations,
    open_reports,
    resolve_report,
    retire_organization,
)
from vejviser.editing.proposals import EditRefused, decide
from vejviser.editing.synonyms import save_group, seed_synonyms, synonym_groups
from vejviser.models import Offer, SynonymGroup
from vejviser.models.editing import APPROVED, REJECTED
from vejviser.resources import resource_dir


def test_a_volunteers_new_offer_is_hidden_until_its_status_is_approved(app: Flask) -> None:
    with app.app_context():
        organization = make_organization(db.session)
        other = make_organization(db.session, name="Anden Forening")
        volunteer = person(db.session, "volunteer", [organization.id])
        with pytest.raises(EditRefused):
            create_offer(db.session, other, {"name": "Ikke min"}, volunteer)
        offer, proposal = create_offer(db.session, organization,
                                       {"name": "Suppekøkkenet", "summary": "Varm suppe"},
                                       volunteer)
        assert proposal is not None and proposal.kind == "create"
        assert offer.status.value == "inactive" and not offer.is_public
        assert set(proposal.fields) == {"summary", "status"}
        consultant = person(db.session, "consultant")
        decide(db.session, proposal, {"summary": APPROVED, "status": APPROVED}, consultant)
        assert offer.is_public and document_of(offer)["summary"] == "Varm suppe"
        editor = person(db.session, "editor")
        published, none = create_offer(db.session, other, {"name": "Direkte"}, editor)
        assert none is None and published.is_public


def test_merging_and_retiring_organisations_keeps_everything(app: Flask) -> None:
    with app.app_context():
        source = make_organization(db.session, name="Gammel Forening")
        target = make_organization(db.session, name="Ny Forening")
        offer = make_offer(db.session, organization=source.id)
        consultant = person(db.session, "consultant")
        merge_organizations(db.session, source, target, consultant)
        assert offer.organization_id == target.id and source.retired_at is not None
        retire_organization(db.session, target, consultant)
        assert offer.retired_at is not None and not offer.is_public
        assert db.session.get(Offer, offer.id) is not None


def test_synonyms_edited_in_the_database_apply_to_the_next_search(
        app: Flask, catalogue: Catalogue) -> None:
    catalogue.offer(name="Suppebaren", summary="Gratis gryderet hver dag.")
    with app.test_request_context():
        assert slugs_for(q="lapskovs") == []
        assert seed_synonyms(db.session, resource_dir("seed") / "synonyms.toml") > 10
        assert seed_synonyms(db.session, resource_dir("seed") / "synonyms.toml") == 0
        group = save_group(db.session, None, "gryderet\nlapskovs", "stew", "Mad")
        db.session.commit()
        assert slugs_for(q="lapskovs") == ["suppebaren"]
        with pytest.raises(EditRefused):  # one word, one group
            save_group(db.session, None, "lapskovs, labskovs", "", "")
        with pytest.raises(EditRefused):
            save_group(db.session, group, "gryderet", "", "")
        db.session.rollback()
        save_group(db.session, group, "gryderet\nbiksemad", "", "")
        db.session.commit()
        assert slugs_for(q="lapskovs") == []
        assert len(synonym_groups(db.session)) > 10


def test_synonyms_saved_by_another_process_apply_within_the_poll_interval(
        app: Flask, catalogue: Catalogue) -> None:
    catalogue.offer(name="Suppebaren", summary="Gratis gryderet hver dag.")
    app.config["SEARCH_POLL_SECONDS"] = 0.2
    with app.test_request_context():
        assert slugs_for(q="lapskovs") == []
        # Written past this process's sessions, as another worker's commit is: nothing here
        # noted it, so the groups are asked for again only when the interval has passed.
        with db.engine.begin() as connection:
            connection.execute(insert(SynonymGroup).values(words="gryderet\nlapskovs",
                                                           english="stew", note="", position=1,
                                                           updated_at=utcnow()))
        time.sleep(0.25)
        assert slugs_for(q="lapskovs") == ["suppebaren"]


def test_error_reports_are_listed_and_resolved(app: Flask) -> None:
    with app.app_context():
        offer = make_offer(db.session)
        report = suggest_correction(db.session, offer.id, "Telefonnummeret er forkert nu.")
        consultant = person(db.session, "consultant")
        assert open_reports(db.session) == [report]
        resolve_report(report, consultant)
        assert open_reports(db.session) == [] and open_reports(db.session, True) == [report]
        assert report.resolved_by == "Karen Konsulent"


def test_rejecting_everything_keeps_the_new_offer_hidden(app: Flask) -> None:
    with app.app_context():
        organization = make_organization(db.session)
        volunteer = person(db.session, "volunteer", [organization.id])
        offer, proposal = create_offer(db.session, organization, {"name": "Nej tak"}, volunteer)
        assert proposal is not None
        decide(db.session, proposal, {"status": REJECTED}, person(db.session, "consultant"))
        assert not offer.is_public and proposal.status == "rejected"
