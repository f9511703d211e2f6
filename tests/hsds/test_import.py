"""HSDS JSON import: the specification's example, round trips, idempotence, all or nothing."""
from __future__ import annotations

import copy
from datetime import date, datetime, timezone
from typing import Any

from flask import Flask
from sqlalchemy import select

from tests.hsds.helpers import example, new_id, row_counts, small_service
from vejviser.catalogue.loading import load_offer
from vejviser.catalogue.public import project
from vejviser.catalogue.snapshot import offer_snapshot
from vejviser.db import Base, db
from vejviser.hsds import extension
from vejviser.hsds.export import all_offers, service_document
from vejviser.hsds.importer import import_hsds
from vejviser.models import Offer, TaxonomyTerm

FULL_ID = "ac148810-d857-441c-9679-408f346de14b"


def _import(payload: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
    report = import_hsds(db.session, payload, **kwargs)
    assert report.ok, "\n".join(map(str, report.problems))
    db.session.commit()
    return report


def test_spec_service_full_imports_and_every_field_we_model_survives(app: Flask) -> None:
    source = example("service_full.json")
    with app.app_context():
        report = _import(source)
        assert report.counts["created"] == 1
        offer = db.session.get(Offer, FULL_ID)
        assert offer.slug == "community-counselling"
        for field in ("name", "alternate_name", "url", "email", "status", "alert",
                      "interpretation_services", "application_process",
                      "eligibility_description", "minimum_age", "maximum_age"):
            assert getattr(offer, field) == source[field], field
        # The deprecated ``fees`` says something else: it joins fees_description (with a note).
        assert offer.fees_description == f"{source['fees_description']}\n\n{source['fees']}"
        assert offer.updated_at == datetime(2023, 3, 15, 10, 30, 45, 123000, timezone.utc)
        assert offer.description == source["description"].strip()
        assert offer.verified_at == date(2005, 1, 1)
        assert offer.verified_by == source["assurer_email"]
        document = service_document(project(offer, internal=True))
    # Export again: every field we model, field by field.
    for field in ("id", "name", "alternate_name", "url", "email", "status", "alert",
                  "interpretation_services", "application_process",
                  "eligibility_description", "minimum_age", "maximum_age", "assured_date",
                  "assurer_email"):
        assert document[field] == source[field], field
    assert document["last_modified"] == "2023-03-15T10:30:45Z"  # the source's, not ours
    org, src_org = document["organization"], source["organization"]
    for field in ("id", "name", "alternate_name", "description", "email", "website"):
        assert org[field] == src_org[field], field
    # The example's row is weekly but limited to certain weeks and days of the month and year:
    # not a weekly row, so it is kept in words ("se beskrivelse"), with its times and rule.
    (schedule,), (src_schedule,) = document["schedules"], source["schedules"]
    for field in ("id", "valid_from", "valid_to", "notes", "attending_type"):
        assert schedule[field] == src_schedule[field], field
    assert schedule["byday"] == src_schedule["byday"] and "opens_at" not in schedule
    assert schedule["description"].startswith(src_schedule["description"])
    assert "kl. 10:00–18:00" in schedule["description"]
    assert "BYMONTHDAY=2,3,4" in schedule["description"]
    assert extension.split(schedule["attributes"])[0] == {"see_description": "true"}
    (link,), (src_link,) = document["service_at_locations"], source["service_at_locations"]
    assert (link["id"], link["description"]) == (src_link["id"], src_link["description"])
    location, src_location = link["location"], src_link["location"]
    for field in ("id", "name", "alternate_name", "description", "transportation"):
        assert location[field] == src_location[field], field
    # (latitude 100 / longitude 101 are not on Earth: dropped with a warning, see below)
    assert "latitude" not in location
    address, src_address = location["addresses"][0], src_location["addresses"][0]
    for field in ("address_1", "city", "postal_code", "country"):
        assert address[field] == src_address[field], field
    for field in ("description", "details", "url"):
        assert location["accessibility"][0][field] == src_location["accessibility"][0][field]
    (phone,), (src_phone,) = document["phones"], source["phones"]
    for field in ("id", "number", "extension", "type", "description"):
        assert phone[field] == src_phone[field], field
    (contact,), (src_contact,) = document["contacts"], source["contacts"]
    for field in ("id", "name", "title", "department", "email"):
        assert contact[field] == src_contact[field], field
    (language,), (src_language,) = document["languages"], source["languages"]
    for field in ("id", "name", "code", "note"):
        assert language[field] == src_language[field], field
    src_term = source["attributes"][0]["taxonomy_term"]
    terms = [a["taxonomy_term"] for a in document["attributes"]
             if a["taxonomy_term"]["taxonomy"] == src_term["taxonomy"]]
    assert [(t["id"], t["code"], t["name"], t["description"]) for t in terms] == [
        (src_term["id"], src_term["code"], src_term["name"], src_term["description"])]
    assert [note.path for note in report.notes if note.kind == "coordinates.off_globe"] == [
        "service_at_locations[0].location.latitude"]


def test_importing_twice_changes_nothing(app: Flask) -> None:
    with app.app_context():
        _import(example("service_full.json"))
        before = row_counts()
        again = _import(example("service_full.json"))
        assert again.counts == {"created": 0, "updated": 0, "unchanged": 1}
        assert row_counts() == before


def test_list_page_and_array_import(app: Flask) -> None:
    with app.app_context():
        page = example("service_list.json")
        report = _import(page)
        assert report.total == len(page["contents"]) and report.counts["created"] >= 1
        first, second = small_service(), small_service(name="Varmestuen")
        report = _import([first, second])
        assert report.counts["created"] == 2
        slugs = {load_offer(db.session, d["id"]).slug for d in (first, second)}
        assert slugs == {"natcafeen", "varmestuen"}


def test_foreign_terms_get_a_vocabulary_named_after_their_taxonomy(app: Flask) -> None:
    term = {"id": new_id(), "code": "counselling", "name": "Counselling", "description": "",
            "taxonomy": "Open Eligibility"}
    ours = {"id": new_id(), "code": "radgivning", "name": "Rådgivning", "description": "",
            "taxonomy": "Tilbudstype"}
    document = small_service(attributes=[{"id": new_id(), "taxonomy_term": term},
                                         {"id": new_id(), "taxonomy_term": ours}])
    with app.app_context():
        report = _import(document)
        assert sorted(report.created_terms) == [
            "category:radgivning", "open-eligibility:counselling"]
        offer = db.session.get(Offer, document["id"])
        assert {(t.vocabulary, t.code) for t in offer.terms} == {
            ("open-eligibility", "counselling"), ("category", "radgivning")}
        assert db.session.get(TaxonomyTerm, term["id"]) is not None  # HSDS id kept
        assert _import(document).counts["unchanged"] == 1


def test_all_day_and_extras_from_a_foreign_file(app: Flask) -> None:
    document = small_service(schedules=[{"id": new_id(), "byday": "SA,SU",
                                         "opens_at": "00:00", "closes_at": "23:59"}])
    with app.app_context():
        _import(document)
        (row,) = db.session.get(Offer, document["id"]).schedules
        assert row.all_day


def test_dry_run_counts_but_writes_nothing(app: Flask) -> None:
    with app.app_context():
        before = row_counts()
        report = import_hsds(db.session, [small_service(), small_service(name="B")], dry_run=True)
        assert report.ok and report.counts["created"] == 2
        db.session.commit()
        assert row_counts() == before


def test_one_bad_record_refuses_the_whole_file(app: Flask) -> None:
    good, bad = small_service(), small_service(name="")
    bad["schedules"][0]["opens_at"] = "25:00"
    with app.app_context():
        before = row_counts()
        report = import_hsds(db.session, [good, bad])
        assert not report.ok
        fields = {(p.record, p.path) for p in report.problems}
        assert (1, "name") in fields and (1, "schedules[0].opens_at") in fields
        assert all(p.record == 1 for p in report.problems)
        db.session.commit()
        assert row_counts() == before


def test_ids_of_another_offers_parts_are_refused(app: Flask) -> None:
    first = small_service()
    second = small_service(phones=copy.deepcopy(first["phones"]))
    with app.app_context():
        _import(first)
        report = import_hsds(db.session, second)
        assert [(p.kind, p.path, p.detail) for p in report.problems] == [
            ("dup.part", "phones", first["phones"][0]["id"])]


def test_export_import_export_gives_the_same_documents(seeded_app: Flask) -> None:
    with seeded_app.app_context():
        # Between our own instances: the internal export keeps everything (and every id).
        first = [service_document(project(offer, internal=True))
                 for offer in all_offers(db.session, internal=True)]
        stored = [offer_snapshot(offer) for offer in all_offers(db.session, internal=True)]
        db.session.remove()
        Base.metadata.drop_all(db.engine)
        Base.metadata.create_all(db.engine)
        assert row_counts()["offer"] == 0
        report = _import({"contents": first})
        assert report.counts["created"] == len(first)
        second = [service_document(project(offer, internal=True))
                  for offer in all_offers(db.session, internal=True)]
        assert [offer_snapshot(o) for o in all_offers(db.session, internal=True)] == stored
    assert second == first  # last_modified too: the source's time is kept


def test_a_dry_run_leaves_the_callers_own_pending_work_alone(app: Flask) -> None:
    from vejviser.models import Organization

    with app.app_context():
        db.session.add(Organization(id="11111111-2222-4333-8444-555555555555", name="Egen"))
        report = import_hsds(db.session, [small_service()], dry_run=True)
        assert report.ok and report.counts["created"] == 1
        db.session.commit()
        assert db.session.get(Organization, "11111111-2222-4333-8444-555555555555") is not None
        assert db.session.scalars(select(Offer)).all() == []


def test_the_same_service_twice_in_one_file_is_refused(app: Flask) -> None:
    first = small_service()
    second = copy.deepcopy(first)
    second["name"] = "Et andet navn"
    with app.app_context():
        before = row_counts()
        report = import_hsds(db.session, [first, second])
        assert not report.ok
        assert [(p.kind, p.record, p.path) for p in report.problems] == [
            ("dup.service", 1, "id")]
        db.session.commit()
        assert row_counts() == before


def test_an_implausible_night_drops_that_row_and_the_rest_imports(app: Flask) -> None:
    typo = {"id": new_id(), "freq": "WEEKLY", "byday": "WE", "opens_at": "16:00",
            "closes_at": "10:00"}
    night = {"id": new_id(), "freq": "WEEKLY", "byday": "FR", "opens_at": "22:00",
             "closes_at": "08:00"}
    document = small_service(schedules=[typo, night])
    with app.app_context():
        report = _import(document)
        assert report.counts["created"] == 1
        offer = db.session.get(Offer, document["id"])
        assert [row.id for row in offer.schedules] == [night["id"]]  # 10 hours: a real night
        (note,) = [w for w in report.notes if w.kind == "hours.implausible"]
        assert (note.path, note.detail) == ("schedules[0].closes_at", "10:00")
        assert "1 åbningstidsrække: lukker før den åbner" in "\n".join(report.lines())


def test_a_place_keeps_its_own_hours_through_an_import(app: Flask) -> None:
    document = small_service()
    link = document["service_at_locations"][0]
    link["schedules"] = [{"id": new_id(), "freq": "WEEKLY", "byday": "SA",
                          "opens_at": "10:00", "closes_at": "14:00"}]
    with app.app_context():
        _import(document)
        offer = db.session.get(Offer, document["id"])
        own = {row.id: row.offer_at_location_id for row in offer.schedules}
        assert own == {document["schedules"][0]["id"]: None,
                       link["schedules"][0]["id"]: link["id"]}
