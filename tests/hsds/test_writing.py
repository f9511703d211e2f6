"""The bulk writer stores exactly what ``upsert_offer`` stores, as revisions with the import's
actor, and the search index is in step after the commit."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import select

from tests.hsds.helpers import new_id, small_service
from vejviser import search
from vejviser.catalogue.loading import load_offer
from vejviser.catalogue.offers import upsert_offer, upsert_organization
from vejviser.catalogue.snapshot import offer_snapshot, organization_snapshot
from vejviser.db import db
from vejviser.hsds.importer import import_hsds
from vejviser.models import Offer, Organization, Revision
from vejviser.search.params import SearchParams


def _rich_service(name: str = "Natcaféen") -> dict[str, Any]:
    """A service with every part: places with own hours, phones and exceptions, contacts..."""
    document = small_service(name=name)
    link = document["service_at_locations"][0]
    link["phones"] = [{"id": new_id(), "number": "+45 66 66 66 66", "type": "voice"}]
    link["schedules"] = [{"id": new_id(), "freq": "WEEKLY", "byday": "SA", "opens_at": "10:00",
                          "closes_at": "14:00", "attending_type": "in person"}]
    link["location"]["addresses"][0].update(address_2="2. sal", region="Fyn",
                                            state_province="Syddanmark")
    link["location"]["accessibility"] = [{"id": new_id(), "description": "Rampe",
                                          "details": "Ring på klokken", "url": "https://a.dk"}]
    document["contacts"] = [{"id": new_id(), "name": "Vagten", "email": "vagt@example.org"}]
    document["languages"] = [{"id": new_id(), "code": "da", "name": "Dansk"}]
    document["organization"]["phones"] = [{"id": new_id(), "number": "+45 70 70 70 70"}]
    document["organization"]["organization_identifiers"] = [
        {"id": new_id(), "identifier_scheme": "DK-CVR", "identifier_type": "CVR",
         "identifier": "12345678"}]
    document["last_modified"] = "2024-02-01T12:00:00Z"
    return document


def test_bulk_and_upsert_store_the_same_offer_and_revision(app: Flask) -> None:
    document = _rich_service()
    with app.app_context():
        report = import_hsds(db.session, document, actor="import hsds.json")
        assert report.ok and report.counts["created"] == 1, report.lines()
        db.session.commit()
        offer = load_offer(db.session, document["id"])
        bulk = offer_snapshot(offer)
        organization = db.session.get(Organization, document["organization"]["id"])
        bulk_org = organization_snapshot(organization)
        revisions = {row.entity_type: row for row in db.session.scalars(select(Revision))}
        assert revisions["offer"].actor == revisions["organization"].actor == "import hsds.json"
        bulk_changes = revisions["offer"].changes
        # The same data through upsert_offer, on an empty catalogue.
        data = _prepared(document)
        db.session.execute(Revision.__table__.delete())
        db.session.delete(offer)
        db.session.delete(organization)
        db.session.commit()
        upsert_organization(db.session(), data["_organization"], actor="import hsds.json")
        upsert_offer(db.session(), data, actor="import hsds.json")
        db.session.commit()
        offer = load_offer(db.session, document["id"])
        assert offer_snapshot(offer) == bulk
        assert organization_snapshot(db.session.get(Organization, organization.id)) == bulk_org
        (revision,) = db.session.scalars(select(Revision).where(Revision.entity_type == "offer"))
        assert revision.changes == bulk_changes


def _prepared(document: dict[str, Any]) -> dict[str, Any]:
    """What the import hands the writer for ``document`` (normalised, references resolved)."""
    from vejviser.hsds.checking import Checker, CheckOptions
    from vejviser.hsds.report import ImportReport

    checker = Checker(db.session(), ImportReport(), CheckOptions())
    checker.read(0, document)
    (data,), (organization,) = checker.finish()
    data["_organization"] = organization
    return data


def test_what_users_need_is_kept_on_the_place_and_the_organisation(app: Flask) -> None:
    document = _rich_service()
    with app.app_context():
        assert import_hsds(db.session, document).ok
        db.session.commit()
        offer = load_offer(db.session, document["id"])
        (place,) = offer.locations_at
        assert sorted((p.number, p.offer_at_location_id or "") for p in offer.phones) == [
            ("+45 11 22 33 44", ""), ("+45 66 66 66 66", place.id)]
        location = place.location
        assert (location.address_2, location.region, location.state_province) == (
            "2. sal", "Fyn", "Syddanmark")
        assert (location.accessibility, location.accessibility_details,
                location.accessibility_url) == ("Rampe", "Ring på klokken", "https://a.dk")
        (saturday,) = [row for row in offer.schedules if row.offer_at_location_id]
        assert saturday.attending_type == "in person"
        organization = offer.organization
        assert [p.number for p in organization.phones] == ["+45 70 70 70 70"]
        assert [(i.identifier_scheme, i.identifier) for i in organization.identifiers] == [
            ("DK-CVR", "12345678")]
        assert offer.updated_at.isoformat() == "2024-02-01T12:00:00+00:00"


def test_an_update_is_a_revision_naming_what_changed(app: Flask) -> None:
    document = _rich_service()
    with app.app_context():
        assert import_hsds(db.session, document).ok
        db.session.commit()
        document["name"] = "Natcaféen i Vestergade"
        report = import_hsds(db.session, document, actor="import ny.json")
        assert report.counts == {"created": 0, "updated": 1, "unchanged": 0}
        db.session.commit()
        latest = db.session.scalars(select(Revision).where(Revision.entity_type == "offer")
                                    .order_by(Revision.id.desc())).first()
        assert latest.actor == "import ny.json" and set(latest.changes) == {"name"}


def test_the_search_index_is_in_step_after_the_commit(app: Flask, tmp_path: Path) -> None:
    documents = [small_service(name=f"Sjældent ord {n}") for n in range(3)]
    documents.append(small_service(name="Bulkvarmestuen"))
    with app.app_context():
        search.rebuild()
        assert import_hsds(db.session, documents).ok
        db.session.commit()
        hits = search.search(SearchParams(q="Bulkvarmestuen")).hits
        offer = db.session.scalar(select(Offer).where(Offer.name == "Bulkvarmestuen"))
        assert [hit.offer_id for hit in hits] == [offer.id]


def test_a_place_can_follow_an_offer_created_in_the_same_import(app: Flask) -> None:
    warming = small_service(name="Varmestuen")
    needles = small_service(name="Sprøjtebytte")
    shared = warming["service_at_locations"][0]["location"]
    needles["service_at_locations"][0]["location"] = shared
    needles["service_at_locations"][0]["attributes"] = [_follows(warming["id"])]
    with app.app_context():
        report = import_hsds(db.session, [needles, warming])  # the follower first in the file
        assert report.ok, report.lines()
        db.session.commit()
        offer = load_offer(db.session, needles["id"])
        assert offer.locations_at[0].follows_offer_id == warming["id"]


def _follows(service_id: str) -> dict[str, Any]:
    from vejviser.hsds import extension

    return extension.attribute("follows", service_id, new_id(), "service_at_location")
