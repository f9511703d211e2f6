"""HSDS JSON export: every offer validates against service.json, extras travel as attributes."""
from __future__ import annotations

from flask import Flask
from jsonschema import Draft202012Validator
from referencing import Registry

from tests.hsds.helpers import example
from vejviser.catalogue.loading import load_offer
from vejviser.catalogue.public import project
from vejviser.db import db
from vejviser.hsds import extension
from vejviser.hsds.export import all_offers, export_list, service_document
from vejviser.hsds.schema import schema


def _validator() -> Draft202012Validator:
    return Draft202012Validator(schema("service.json"), registry=Registry(),
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_every_seed_offer_validates_against_service_json(seeded_app: Flask) -> None:
    validator = _validator()
    with seeded_app.app_context():
        offers = all_offers(db.session, internal=True)
        assert len(offers) >= 14
        for offer in offers:
            for internal in (False, True):
                document = service_document(project(offer, internal=internal))
                errors = [f"{list(e.absolute_path)}: {e.message}"
                          for e in validator.iter_errors(document)]
                assert errors == [], (offer.slug, internal)


def test_the_validator_really_checks_formats_and_enums() -> None:
    bad = {"id": "not-a-uuid", "name": "x", "status": "closed"}
    messages = [error.message for error in _validator().iter_errors(bad)]
    assert any("uuid" in message for message in messages)
    assert any("closed" in message for message in messages)


def test_spec_example_is_valid_for_our_validator() -> None:
    assert list(_validator().iter_errors(example("service_full.json"))) == []


def test_document_carries_our_fields(seeded_app: Flask) -> None:
    with seeded_app.app_context():
        offer = load_offer(db.session, "kirkens-korshaer-varmestue-bolbro")
        document = service_document(project(offer))
        values, exceptions, terms = extension.split(document["attributes"])
        assert values["slug"] == offer.slug
        assert values["summary"] == offer.summary
        assert values["holiday_rule"] == "closed"
        assert values["extra_holidays"] == "12-24,12-31"
        assert {t["taxonomy_term"]["code"] for t in terms} >= {"varmestue", "gratis", "hjemloese"}
        assert all(t["taxonomy_term"]["taxonomy"] for t in terms)
        assert document["organization"]["name"] == offer.organization.name
        location = document["service_at_locations"][0]["location"]
        assert extension.split(location["attributes"])[0]["precision"] == "district"
        assert location["addresses"][0]["postal_code"] == "5200"
        assert "assured_date" not in document  # not verified yet


def test_exceptions_and_schedule_flags_are_exported(seeded_app: Flask) -> None:
    with seeded_app.app_context():
        offers = all_offers(db.session)
        with_exceptions = [o for o in offers if o.exceptions]
        assert with_exceptions
        document = service_document(project(with_exceptions[0]))
        _, exceptions, _ = extension.split(document["attributes"])
        assert {item["id"] for item in exceptions} == {e.id for e in with_exceptions[0].exceptions}
        by_appointment = [o for o in offers if any(s.by_appointment for s in o.schedules)][0]
        rows = service_document(project(by_appointment))["schedules"]
        flagged = [extension.split(row.get("attributes", []))[0] for row in rows]
        assert any(values.get("by_appointment") == "true" for values in flagged)


def test_list_page_shape_and_paging(seeded_app: Flask) -> None:
    with seeded_app.app_context():
        offers = all_offers(db.session)
        page = export_list(offers)
        assert set(page) == {"total_items", "total_pages", "page_number", "size", "first_page",
                             "last_page", "empty", "contents"}
        assert page["total_items"] == len(offers) == len(page["contents"])
        assert page["first_page"] and page["last_page"] and not page["empty"]
        second = export_list(offers, page_number=2, per_page=5)
        assert second["page_number"] == 2 and second["size"] == 5
        assert second["total_pages"] == -(-len(offers) // 5)
        assert not second["first_page"] and not second["last_page"]
        assert [d["id"] for d in second["contents"]] == [o.id for o in offers[5:10]]


def test_a_place_keeps_its_own_hours_and_followed_hours_are_written_out(seeded_app: Flask) -> None:
    """Bytteordningen: the St. Dannesbo row belongs to that service_at_location; the places
    that follow the warming room and Reden carry those offers' rows as ordinary rows, plus the
    "follows" attribute our own import reads back."""
    with seeded_app.app_context():
        offer = load_offer(db.session, "bytteordningen")
        warming = load_offer(db.session, "kirkens-korshaer-varmestue-bolbro")
        document = service_document(project(offer))
        assert errors_of(document) == []
        assert document.get("schedules", []) == []  # no hours for the offer as a whole
        places = {link["location"]["name"]: link for link in document["service_at_locations"]}
        dannesbo = places["St. Dannesbo"]["schedules"]
        assert [row["service_at_location_id"] for row in dannesbo] == [places["St. Dannesbo"]["id"]]
        bolbro = places["Varmestuen i Bolbro"]
        assert extension.split(bolbro["attributes"])[0]["follows"] == warming.id
        assert [(row["byday"], row["opens_at"], row["closes_at"]) for row in bolbro["schedules"]] \
            == [(row.byday, "10:00", "16:00") for row in warming.schedules]
        again = service_document(project(load_offer(db.session, "bytteordningen")))
        assert again["service_at_locations"] == document["service_at_locations"]  # stable ids


def errors_of(document: dict) -> list[str]:  # type: ignore[type-arg]
    return [error.message for error in _validator().iter_errors(document)]
