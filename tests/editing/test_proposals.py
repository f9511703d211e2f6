"""Volunteers propose, the consultant decides field by field; concurrent edits merge unless the
same field changed; history puts anything back as a new revision."""
from __future__ import annotations

import copy
from typing import Any

import pytest
from flask import Flask

from tests.editing.people import person
from tests.factories import closed_on, make_offer, make_organization, make_terms, weekly
from vejviser.db import db
from vejviser.editing.document import document_of
from vejviser.editing.history import restore, undo
from vejviser.editing.merging import merge
from vejviser.editing.proposals import (
    EditRefused,
    NewerChange,
    decide,
    pending_by_offer,
    submit,
)
from vejviser.editing.publish import Editor, confirm
from vejviser.models import Offer, Revision
from vejviser.models.editing import APPROVED, PARTLY, PENDING, REJECTED


def _consultant() -> Editor:
    return person(db.session, "consultant")


def _editor() -> Editor:
    return person(db.session, "editor")


def _volunteer(offer: Offer) -> Editor:
    return person(db.session, "volunteer", [offer.organization_id])


def _offer(app: Flask, **overrides: Any) -> str:
    with app.app_context():
        make_terms(db.session, "target_group", ["hjemloese", "unge"])
        offer_id = make_offer(db.session, **overrides).id
        db.session.commit()
    return offer_id


def _tuesday_late(document: dict[str, Any]) -> dict[str, Any]:
    mine = copy.deepcopy(document)
    mine["hours"]["weekly"][""] = [
        {**mine["hours"]["weekly"][""][0], "byday": "MO,WE,TH,FR"},
        {"id": "", "byday": "TU", "opens_at": "10:00", "closes_at": "20:00"},
    ]
    return mine


def test_a_volunteer_publishes_exceptions_at_once_and_proposes_the_rest(app: Flask) -> None:
    offer_id = _offer(app)
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        assert offer is not None
        CONSULTANT = _consultant()  # noqa: N806
        base = document_of(offer)
        mine = _tuesday_late(base)
        mine["target_groups"] = ["unge"]
        mine["exceptions"] = {"": [{**closed_on("2026-12-28", "2026-12-30"),
                                    "closed": "1", "description": "Juleferie"}]}
        done = submit(db.session, offer, base, mine, _volunteer(offer))
        db.session.commit()
        assert done.conflicts == []
        assert done.published is not None and done.published.document is not None
        assert done.published.document["fields"] == ["exceptions"]
        assert done.proposal is not None and done.proposal.status == PENDING
        assert done.proposal.fields == ["target_groups", "hours"]
        live = document_of(offer)
        assert live["target_groups"] == ["hjemloese"]  # the public keeps the approved version
        assert live["hours"] == base["hours"]
        assert live["exceptions"][""][0]["date_to"] == "2026-12-30"
        assert [o.id for o, _ in pending_by_offer(db.session)] == [offer_id]

        revision = decide(db.session, done.proposal, {"hours": APPROVED}, CONSULTANT,
                          comment="Målgruppen passer ikke.")
        db.session.commit()
        assert revision is not None and revision.proposal_id == done.proposal.id
        assert done.proposal.status == PARTLY
        assert done.proposal.decisions == {"target_groups": REJECTED, "hours": APPROVED}
        live = document_of(offer)
        assert [row["byday"] for row in live["hours"]["weekly"][""]] == ["MO,WE,TH,FR", "TU"]
        assert live["target_groups"] == ["hjemloese"]
        assert pending_by_offer(db.session) == []
        with pytest.raises(EditRefused):
            decide(db.session, done.proposal, {"hours": APPROVED}, CONSULTANT)


def test_approving_never_silently_undoes_a_newer_change(app: Flask) -> None:
    offer_id = _offer(app)
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        assert offer is not None
        CONSULTANT, EDITOR = _consultant(), _editor()  # noqa: N806
        base = document_of(offer)
        proposal = submit(db.session, offer, base, {**base, "summary": "Vera skrev"},
                          _volunteer(offer)).proposal
        assert proposal is not None
        submit(db.session, offer, base, {**base, "summary": "Eva skrev senere"}, EDITOR)
        with pytest.raises(NewerChange) as caught:
            decide(db.session, proposal, {"summary": APPROVED}, CONSULTANT)
        assert caught.value.fields == ["summary"]
        assert document_of(offer)["summary"] == "Eva skrev senere"
        decide(db.session, proposal, {"summary": APPROVED}, CONSULTANT,
               edited={"summary": "Begge skrev"}, overrides=frozenset({"summary"}))
        assert document_of(offer)["summary"] == "Begge skrev"
        assert proposal.edited == {"summary": "Begge skrev"}


def test_same_field_conflicts_other_fields_merge_and_confirming_never_conflicts(
        app: Flask) -> None:
    offer_id = _offer(app)
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        assert offer is not None
        CONSULTANT, EDITOR = _consultant(), _editor()  # noqa: N806
        opened = document_of(offer)  # two people open the form
        confirm(db.session, offer, _volunteer(offer))  # a confirmation in between
        first = submit(db.session, offer, opened, {**opened, "summary": "Første"}, EDITOR)
        assert first.conflicts == [] and first.published is not None
        other = submit(db.session, offer, opened,
                       {**opened, "summary": "Anden", "url": "https://example.org/ny"},
                       CONSULTANT)
        assert other.conflicts == ["summary"] and other.published is None
        assert document_of(offer)["url"] == ""  # nothing stored on a conflict
        merged = submit(db.session, offer, opened,
                        {**opened, "url": "https://example.org/ny"}, CONSULTANT)
        assert merged.conflicts == []
        live = document_of(offer)
        assert (live["summary"], live["url"]) == ("Første", "https://example.org/ny")
        assert offer.verified_by == "Vera Frivillig"


def test_merge_keeps_an_identical_change_quietly() -> None:
    base = {"summary": "a", "url": ""}
    out = merge(base, {"summary": "b", "url": ""}, {"summary": "b", "url": "x"})
    assert out.conflicts == [] and out.changed == ["url"]


def test_only_the_consultant_reveals_a_hidden_address(app: Flask) -> None:
    offer_id = _offer(app, locations=[{"name": "Krisecenteret", "address_1": "Hemmelig Vej 9",
                                       "postal_code": "5000", "city": "Odense C",
                                       "precision": "none"}])
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        assert offer is not None
        CONSULTANT, EDITOR = _consultant(), _editor()  # noqa: N806
        base = document_of(offer)
        shown = copy.deepcopy(base)
        shown["locations"][0]["precision"] = "street"
        with pytest.raises(EditRefused):
            submit(db.session, offer, base, shown, EDITOR)
        assert submit(db.session, offer, base, shown, CONSULTANT).published is not None


def test_a_trusted_organisations_volunteers_publish_directly(app: Flask) -> None:
    with app.app_context():
        organization = make_organization(db.session, name="Betroet Forening")
        organization.trusted = True
        offer = make_offer(db.session, organization=organization.id)
        base = document_of(offer)
        volunteer = _volunteer(offer)
        done = submit(db.session, offer, base, {**base, "summary": "Direkte"}, volunteer)
        assert done.proposal is None and done.published is not None
        assert done.published.account_id == volunteer.id


def test_restore_and_undo_are_new_revisions(app: Flask) -> None:
    offer_id = _offer(app, schedules=[weekly("MO,TU", "10:00", "16:00")])
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        assert offer is not None
        CONSULTANT, EDITOR = _consultant(), _editor()  # noqa: N806
        base = document_of(offer)
        first = submit(db.session, offer, base, _tuesday_late(base), EDITOR).published
        assert first is not None
        second = submit(db.session, offer, document_of(offer),
                        {**document_of(offer), "summary": "Ny"}, EDITOR).published
        assert second is not None
        reverted = undo(db.session, first, CONSULTANT)  # hours back, summary stays
        assert reverted is not None and reverted.action == "revert"
        live = document_of(offer)
        assert live["hours"] == base["hours"] and live["summary"] == "Ny"
        back = restore(db.session, second, CONSULTANT)  # as right after the second change
        assert back is not None and back.document is not None
        assert back.document["fields"] == ["hours"]
        assert [r["byday"] for r in document_of(offer)["hours"]["weekly"][""]] == \
            ["MO,WE,TH,FR", "TU"]
        later = document_of(offer)
        third = copy.deepcopy(later)
        third["hours"]["holiday_rule"] = "closed"
        submit(db.session, offer, later, third, EDITOR)
        with pytest.raises(NewerChange):  # the hours changed again since: say so
            undo(db.session, back, CONSULTANT)
        assert db.session.query(Revision).filter_by(offer_id=offer_id).count() == 6
