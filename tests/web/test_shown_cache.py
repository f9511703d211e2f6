"""Search results are kept per offer state and minute (``vejviser.catalogue.shown``): a
repeated search reads one light statement instead of every part of 20 offers, and an edit of the
offer, of a shared row (its organisation) or of the clock shows at once."""
from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, select

from tests.factories import Catalogue, weekly
from vejviser.db import db
from vejviser.models import Offer, OfferStatus, Organization


def _names(client: FlaskClient, url: str) -> list[tuple[str, str]]:
    found = client.get(url).get_json()["results"]
    return [(item["name"], item["organization"]["name"]) for item in found]


def test_a_repeated_search_reads_only_the_offers_stamps(app: Flask, client: FlaskClient,
                                                        catalogue: Catalogue) -> None:
    catalogue.offers({"name": "Varmestuen Lygten"}, {"name": "Varmestuen Reden"})
    url = "/api/v1/search?q=varmestuen&open_at=2026-12-07T12:00"
    first = client.get(url).get_json()
    app.config["SEARCH_POLL_SECONDS"] = 3600  # the index's own freshness poll is not counted
    app.config["SEARCH_INSIGHTS_ENABLED"] = False  # nor the weekly search counts
    statements: list[str] = []
    with app.app_context():
        engine = db.engine
    record = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", record)
    try:
        again = client.get(url).get_json()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert again == first
    # Of the offers, only their stamps are read; besides that, the API's validator (three small
    # counts), the synonym list's stamp and the consultant's freshness limits (a card says "Ikke
    # bekræftet siden" by today's date and them: ``catalogue.freshness.cache_key``).
    offer_reads = [statement for statement in statements if re.search(r"\bFROM offer\b", statement)]
    assert len(offer_reads) == 1 and "offer.version" in offer_reads[0], offer_reads
    assert len(statements) <= 6, statements


def test_an_edit_of_the_offer_or_its_organisation_shows_at_once(
        app: Flask, client: FlaskClient, catalogue: Catalogue) -> None:
    slug = catalogue.offer(name="Varmestuen Lygten")
    url = "/api/v1/search?q=varmestuen&open_at=2026-12-07T12:00"
    assert _names(client, url)[0] == ("Varmestuen Lygten", "Foreningen Varmen")
    with app.app_context():
        offer = db.session.scalars(select(Offer).where(Offer.slug == slug)).one()
        offer.name = "Varmestuen Lygten i Odense"
        db.session.commit()
    assert _names(client, url)[0][0] == "Varmestuen Lygten i Odense"
    with app.app_context():
        offer = db.session.scalars(select(Offer).where(Offer.slug == slug)).one()
        organization = db.session.get(Organization, offer.organization_id)
        organization.name = "Foreningen Varmen på Fyn"
        db.session.commit()
    assert _names(client, url)[0][1] == "Foreningen Varmen på Fyn"


def test_the_open_state_follows_the_moment(client: FlaskClient, catalogue: Catalogue) -> None:
    catalogue.offer(name="Varmestuen Lygten", schedules=[weekly(opens="10:00", closes="12:00"),
                                                         weekly(opens="13:00", closes="16:00")])
    base = "/api/v1/search?q=varmestuen&open_at=2026-12-07T"

    def next_change(moment: str) -> str:
        return client.get(base + moment).get_json()["results"][0]["next_change"]

    assert next_change("11:00").startswith("2026-12-07T12:00")
    assert next_change("14:00").startswith("2026-12-07T16:00")
    assert next_change("11:59").startswith("2026-12-07T12:00")


def test_the_search_page_shows_an_edit_and_leaves_out_an_offer_made_inactive(
        app: Flask, client: FlaskClient, catalogue: Catalogue) -> None:
    slug = catalogue.offer(name="Varmestuen Lygten")
    catalogue.offer(name="Varmestuen Reden")
    assert "Varmestuen Lygten" in client.get("/?q=varmestuen").get_data(as_text=True)
    with app.app_context():
        offer = db.session.scalars(select(Offer).where(Offer.slug == slug)).one()
        offer.name = "Varmestuen Lygten i Odense"
        db.session.commit()
    assert "Varmestuen Lygten i Odense" in client.get("/?q=varmestuen").get_data(as_text=True)
    with app.app_context():
        offer = db.session.scalars(select(Offer).where(Offer.slug == slug)).one()
        offer.status = OfferStatus.INACTIVE
        db.session.commit()
    page = client.get("/?q=varmestuen").get_data(as_text=True)
    assert "Varmestuen Lygten" not in page and "Varmestuen Reden" in page
