"""The Odense seed: the offers the council minutes name, loaded idempotently, no private data."""
from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import func, select

from vejviser.catalogue.public import public_location
from vejviser.catalogue.seed import load_seed, read_toml
from vejviser.db import db
from vejviser.models import Location, Offer, Precision, Revision
from vejviser.resources import resource_dir

REQUIRED_SLUGS = {
    "kirkens-korshaer-varmestue-bolbro", "reden-odense", "redernes-krisecenter", "st-dannesbo",
    "st-dannesbo-omsorgsafdeling", "det-alternative-plejehjem", "det-groenlandske-hus-odense",
    "frivilligcenter-odense", "mission-julegave-odense", "bytteordningen", "vinterberedskab",
    "housing-first-bostoette", "hellestedet-skulkenborg", "stofmisbrugsbehandling-odense",
}


def test_every_offer_from_the_minutes_is_there(seeded_app: Flask) -> None:
    with seeded_app.app_context():
        slugs = set(db.session.scalars(select(Offer.slug)))
        assert REQUIRED_SLUGS <= slugs
        crisis = db.session.scalar(select(Offer).where(Offer.slug == "redernes-krisecenter"))
        assert "serviceloven-109" in [term.code for term in crisis.legal_basis]
        assert "Ågården" in crisis.description + crisis.alternate_name
        exchange = db.session.scalar(select(Offer).where(Offer.slug == "bytteordningen"))
        assert len(exchange.locations) >= 3


def test_loading_twice_changes_nothing(seeded_app: Flask) -> None:
    with seeded_app.app_context():
        versions = dict(db.session.execute(select(Offer.slug, Offer.version)).all())
        revisions = db.session.scalar(select(func.count()).select_from(Revision))
        report = load_seed(db.session, resource_dir("seed"))
        db.session.commit()
        assert report.offers["created"] == report.offers["updated"] == 0
        assert report.terms_changed == 0
        assert dict(db.session.execute(select(Offer.slug, Offer.version)).all()) == versions
        assert db.session.scalar(select(func.count()).select_from(Revision)) == revisions


def test_seed_invents_no_phone_numbers_people_or_house_numbers() -> None:
    catalogue = read_toml(resource_dir("seed") / "odense.toml")
    for offer in catalogue["offer"]:
        assert not offer.get("phones"), f"{offer['slug']}: no phone numbers from thin air"
        assert not offer.get("contacts"), f"{offer['slug']}: no contact persons from thin air"
        text = " ".join(str(offer.get(key, "")) for key in ("description", "summary", "notes"))
        assert not re.search(r"\b\d{6}-?\d{4}\b", text), f"{offer['slug']}: CPR-like number"
        assert not re.search(r"\b\d{8}\b|\+45", text), f"{offer['slug']}: a phone number"
        for location in offer.get("locations", []):
            assert not re.search(r"\d", location.get("address_1", "")), (
                f"{offer['slug']}: a house number nobody gave us")


def test_the_live_catalogue_holds_no_examples_and_claims_no_confirmation() -> None:
    catalogue = read_toml(resource_dir("seed") / "odense.toml")
    assert not [o["slug"] for o in catalogue["offer"] if "eksempel" in o["slug"]]
    # Hours in the minutes are days at most; every entry awaits the organisation's confirmation.
    assert not [o["slug"] for o in catalogue["offer"] if o.get("verified_at")]
    examples = read_toml(resource_dir("seed") / "examples.toml")
    assert all(o["slug"].startswith("eksempel-") for o in examples["offer"])


def test_locations_never_claim_more_precision_than_they_have(seeded_app: Flask) -> None:
    with seeded_app.app_context():
        for location in db.session.scalars(select(Location)):
            if location.precision == Precision.NONE:
                assert public_location(location).point is None
            else:
                assert location.latitude is not None and 54 < location.latitude < 58
