"""Small catalogues for tests, built the way real data arrives.

Each factory builds the loose input a seed file, an HSDS import or a form would give and stores it
through the domain functions (``normalise_offer``, ``upsert_offer``, ``upsert_organization``,
``upsert_terms``), so a change to the model or its rules reaches the tests without touching this
file. Overrides are plain dict keys of that input: ``make_offer(session, status="inactive",
schedules=[weekly("SA,SU", "10:00", "14:00")])``.

The defaults describe an ordinary offer: an active warming room for homeless people in Odense C,
free and without referral, open Monday to Friday 10–16 at one street address.
"""
from __future__ import annotations

import tomllib
from functools import cache
from typing import Any

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from vejviser.catalogue.errors import CatalogueDataError
from vejviser.catalogue.offers import upsert_offer, upsert_organization
from vejviser.catalogue.taxonomy import upsert_terms, vocabulary_terms
from vejviser.catalogue.validation import normalise_offer
from vejviser.db import db
from vejviser.hsds.mapping import slugify
from vejviser.models import VOCABULARY_OF_FIELD, Offer, Organization
from vejviser.resources import resource_dir

ACTOR = "test"
WEEKDAYS = "MO,TU,WE,TH,FR"
EVERY_DAY = "MO,TU,WE,TH,FR,SA,SU"


def weekly(byday: str = WEEKDAYS, opens: str = "10:00", closes: str = "16:00",
           **extra: Any) -> dict[str, Any]:
    """One weekly opening-hours row (``extra``: ``valid_from``, ``on_holidays``, ...)."""
    return {"byday": byday, "opens_at": opens, "closes_at": closes, **extra}


def all_day(byday: str = EVERY_DAY, **extra: Any) -> dict[str, Any]:
    """A row that is open day and night (døgnåbent)."""
    return {"byday": byday, "all_day": True, **extra}


def closed_on(date_from: str, date_to: str | None = None, **extra: Any) -> dict[str, Any]:
    """A dated exception: closed from ``date_from`` to ``date_to`` (the same day when left out);
    give ``closed=False`` with ``opens_at``/``closes_at`` for other hours instead."""
    return {"date_from": date_from, "date_to": date_to or date_from, "closed": True, **extra}


def make_location(**overrides: Any) -> dict[str, Any]:
    """The input for one place of an offer (a dict: places are stored through their offer).

    By default a street address in Odense C shown as precisely as it is given.
    """
    return {"name": "Foreningshuset", "address_1": "Testvej 1", "postal_code": "5000",
            "city": "Odense C", "latitude": 55.396, "longitude": 10.388, "precision": "street",
            **overrides}


def offer_data(**overrides: Any) -> dict[str, Any]:
    """The loose input of one offer: the defaults with ``overrides`` on top (no organisation)."""
    name = overrides.get("name", "Varmestuen på Testvej")
    return {
        "name": name,
        "slug": slugify(name),
        "summary": "Kaffe, varme og samvær om dagen.",
        "description": "Kom ind i varmen, få en kop kaffe og en snak med personalet.",
        "status": "active",
        "categories": ["varmestue"],
        "target_groups": ["hjemloese"],
        "attributes": ["gratis", "uden-visitation"],
        "languages": ["da"],
        "locations": [make_location()],
        "schedules": [weekly()],
        **overrides,
    }


def make_organization(session: Session, **overrides: Any) -> Organization:
    """An organisation (found by name when it exists already); flushed, not committed."""
    return upsert_organization(session, {"name": "Foreningen Varmen",
                                         "description": "En forening til test.", **overrides})


def make_terms(session: Session, vocabulary: str, codes: list[str]) -> None:
    """Make sure ``vocabulary`` has the terms ``codes``, labelled as in the seed's taxonomy file
    when the code is there (so pages show real labels in both languages)."""
    existing = vocabulary_terms(session, vocabulary)
    missing = [code for code in dict.fromkeys(codes) if code not in {t.code for t in existing}]
    if not missing:
        return
    known = {str(term["slug"]): term for term in _seed_taxonomies().get(vocabulary, [])}
    kept = [{"slug": t.code, "da": t.name, "en": t.name_en, "description": t.description}
            for t in existing]  # upsert_terms numbers positions: keep the existing order first
    added = [known.get(code, {"slug": code, "da": code.replace("-", " ").capitalize()})
             for code in missing]
    upsert_terms(session, vocabulary, kept + added)


def make_offer(session: Session, **overrides: Any) -> Offer:
    """Store one offer from ``offer_data(**overrides)``; flushed, not committed.

    Without a ``slug`` the slug comes from the name, made unique; with the slug (or id) of an
    existing offer, that offer is updated, as an import would. Terms are created as needed and
    the default organisation when none is given. Invalid input raises ``CatalogueDataError``.
    """
    raw = offer_data(**overrides)
    if "slug" not in overrides:
        raw["slug"] = _free_slug(session, raw["slug"])
    if not raw.get("organization"):
        raw["organization"] = make_organization(session).id
    for field, vocabulary in VOCABULARY_OF_FIELD.items():
        make_terms(session, vocabulary, [str(code) for code in raw.get(field) or []])
    data, problems = normalise_offer(raw, raw["slug"])
    if problems:
        raise CatalogueDataError(problems)
    return upsert_offer(session, data, actor=ACTOR).offer


class Catalogue:
    """A test's own small catalogue, committed as it grows (so the index follows, as in use).

    ``offer(**overrides)`` returns the new offer's slug, the handle pages and the API use.
    """

    def __init__(self, app: Flask) -> None:
        self.app = app

    def offer(self, **overrides: Any) -> str:
        """Add one offer (see ``make_offer``) and commit; its slug."""
        return self.offers(overrides)[0]

    def offers(self, *each: dict[str, Any]) -> list[str]:
        """Add one offer per dict of overrides in one transaction; their slugs."""
        with self.app.app_context():
            slugs = [make_offer(db.session, **overrides).slug for overrides in each]
            db.session.commit()
        return slugs

    def organization(self, **overrides: Any) -> str:
        """Add one organisation (see ``make_organization``) and commit; its id."""
        with self.app.app_context():
            organization_id = make_organization(db.session, **overrides).id
            db.session.commit()
        return organization_id


def _free_slug(session: Session, slug: str) -> str:
    taken = set(session.scalars(select(Offer.slug).where(Offer.slug.startswith(slug))))
    number = 1
    candidate = slug
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    return candidate


@cache
def _seed_taxonomies() -> dict[str, list[dict[str, Any]]]:
    with (resource_dir("seed") / "taxonomies.toml").open("rb") as handle:
        return tomllib.load(handle)
