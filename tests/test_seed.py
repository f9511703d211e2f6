"""The Odense seed: the offers the council minutes name, loaded idempotently, with no private data."""
from __future__ import annotations

import re

from flask import Flask
from sqlalchemy import func, select

from vejviser.catalogue.seed import load_seed
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


def test_seed_invents_no_private_contact_data(seeded_app: Flask) -> None:
    with seeded_app.app_context():
        for offer in db.session.scalars(select(Offer)):
            for contact in offer.contacts:
                assert contact.name, f"{offer.slug}: contacts name a function"
            text = " ".join([offer.description, offer.summary, offer.notes])
            assert not re.search(r"\b\d{6}-?\d{4}\b", text), f"{offer.slug}: CPR-like number"


def test_unconfirmed_hours_await_confirmation(seeded_app: Flask) -> None:
    with seeded_app.app_context():
        offers = db.session.scalars(select(Offer)).all()
        unverified = [offer.slug for offer in offers if offer.verified_at is None]
        assert "kirkens-korshaer-varmestue-bolbro" in unverified
        assert any(offer.verified_at for offer in offers)


def test_locations_never_claim_more_precision_than_they_have(seeded_app: Flask) -> None:
    with seeded_app.app_context():
        for location in db.session.scalars(select(Location)):
            if location.precision == Precision.NONE:
                assert not location.has_point
            else:
                assert location.latitude is not None and 54 < location.latitude < 58
