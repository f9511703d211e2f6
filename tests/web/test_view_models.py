"""What the views read and build: offers loaded whole and in order, opening hours worked out once
per offer per request, the filter vocabularies from the catalogue, and one open state whichever
output shows it."""
from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import inspect, select

from tests.web.conftest import BOLBRO, CRISIS, page_of
from vejviser import hours
from vejviser.catalogue import opening, public
from vejviser.catalogue.loading import load_offer, load_offers
from vejviser.catalogue.public import project
from vejviser.catalogue.taxonomy import languages_in_use, vocabulary_terms
from vejviser.db import db
from vejviser.local_time import COPENHAGEN
from vejviser.models import Language, Offer, OfferStatus
from vejviser.web.public import cards

CLOSED = "eksempel-vaerested-odense"  # seed: temporarily closed
NEEDLES = "bytteordningen"  # seed: two places keep other offers' hours
PARTS = ("organization", "terms", "locations_at", "schedules", "exceptions", "languages",
         "phones", "contacts")


def test_load_offers_keeps_the_order_asked_for_and_loads_every_part(seeded_app):
    with seeded_app.app_context():
        slugs = [CRISIS, BOLBRO, "no-such-offer", CRISIS]
        found = load_offers(db.session, slugs=slugs)
        assert [offer.slug for offer in found] == [CRISIS, BOLBRO]
        by_id = load_offers(db.session, ids=[found[1].id, found[0].id])
        assert [offer.slug for offer in by_id] == [BOLBRO, CRISIS]
        for offer in found + load_offers(db.session, slugs=[NEEDLES]):
            assert inspect(offer).unloaded.isdisjoint(PARTS), inspect(offer).unloaded
            assert all("taxonomy" not in inspect(term).unloaded for term in offer.terms)
            assert all("location" not in inspect(link).unloaded for link in offer.locations_at)
            # the offers whose hours a place keeps come with their own hours
            for link in offer.locations_at:
                if link.follows is not None:
                    assert inspect(link.follows).unloaded.isdisjoint(
                        ("locations_at", "schedules", "exceptions"))
        assert load_offers(db.session) == [] and load_offers(db.session, ids=[]) == []
        assert load_offer(db.session, found[0].id) is load_offer(db.session, CRISIS)
        assert load_offer(db.session, "no-such-offer") is None


def test_open_state_reads_the_hours_it_is_given(seeded_app):
    at = datetime(2026, 12, 10, 12, 0, tzinfo=COPENHAGEN)
    with seeded_app.app_context():
        offer = load_offers(db.session, slugs=[BOLBRO])[0]
        built = opening.open_state(opening.hours_by_place(offer), at)
        assert built.open is True and built.text == "Åben nu – lukker kl. 16"
        # Whatever it is given is what it reads: no hours at all is "not known".
        unknown = [opening.PlaceHours(None, hours.OpeningHours())]
        assert opening.open_state(unknown, at).open is None


@pytest.mark.parametrize("url", [f"/tilbud/{BOLBRO}?at=2026-12-10T12:00",
                                 f"/tilbud/{CRISIS}?lang=en", f"/tilbud/{NEEDLES}"])
def test_detail_page_works_out_the_hours_once(seeded_client, monkeypatch, url):
    original = opening.hours_by_place
    calls: list[str] = []

    def counting(offer):  # noqa: ANN001, ANN202
        calls.append(offer.slug)
        return original(offer)

    monkeypatch.setattr(public, "hours_by_place", counting)
    response = seeded_client.get(url)
    assert response.status_code == 200
    assert len(calls) == 1, calls


def test_search_page_works_out_the_hours_once_per_card(seeded_client, monkeypatch):
    original = opening.hours_by_place
    calls: list[str] = []

    def counting(offer):  # noqa: ANN001, ANN202
        calls.append(offer.slug)
        return original(offer)

    monkeypatch.setattr(public, "hours_by_place", counting)
    body = seeded_client.get("/?q=varmestue").get_data(as_text=True)
    assert calls and len(calls) == len(set(calls))
    assert all(f'id="t-{slug}"' in body for slug in calls)


def test_a_temporarily_closed_card_knows_it(seeded_app):
    at = datetime(2026, 12, 9, 12, 0, tzinfo=COPENHAGEN)
    with seeded_app.app_context():
        closed, active = (project(o) for o in load_offers(db.session, slugs=[CLOSED, BOLBRO]))
        assert closed.status == OfferStatus.TEMPORARILY_CLOSED
        card = cards.make_card(closed, at, "da")
        assert card.closed_temporarily and card.is_open is False
        assert card.status == "Midlertidigt lukket"
        assert not cards.make_card(active, at, "da").closed_temporarily


def test_public_offers_leave_inactive_offers_out(seeded_app):
    with seeded_app.app_context():
        offer = db.session.scalar(select(Offer).where(Offer.slug == BOLBRO))
        offer.status = OfferStatus.INACTIVE
        db.session.flush()
        assert cards.public_offers(slugs=[BOLBRO, CRISIS])[0].slug == CRISIS
        assert [o.slug for o in load_offers(db.session, slugs=[BOLBRO])] == [BOLBRO]
        db.session.rollback()


def test_filter_vocabularies_come_from_the_catalogue(seeded_app):
    with seeded_app.app_context():
        categories = vocabulary_terms(db.session, "category")
        assert categories and [t.position for t in categories] == sorted(
            t.position for t in categories)
        assert {t.vocabulary for t in categories} == {"category"}
        assert vocabulary_terms(db.session, "no-such-vocabulary") == []
        codes = languages_in_use(db.session)
        assert codes == sorted(set(db.session.scalars(select(Language.code))))
        assert "da" in codes


def _open_fields(body: dict) -> tuple:
    return body["open"], body["next_change"], body["next_change_opens"]


def test_the_api_and_the_pages_agree_on_the_open_state(warming_room, client):
    # One open state, whichever output a person (or a partner's widget) reads it from.
    wednesday, saturday = "2026-12-09T12:00", "2026-12-12T12:00"
    offer = client.get(f"/api/v1/offers/{warming_room}?at={wednesday}").get_json()
    [hit] = client.get(f"/api/v1/search?q=bolbro&open_at={wednesday}").get_json()["results"]
    assert _open_fields(offer) == _open_fields(hit) == (True, "2026-12-09T16:00:00+01:00", False)
    badge = "Åben ons. 9. dec. kl. 12 – lukker kl. 16"
    assert page_of(client.get(f"/tilbud/{warming_room}?at={wednesday}")).status_of(
        warming_room) == badge
    assert page_of(client.get(f"/?q=bolbro&open_at={wednesday}")).status_of(
        warming_room) == badge
    offer = client.get(f"/api/v1/offers/{warming_room}?at={saturday}").get_json()
    assert _open_fields(offer) == (False, "2026-12-14T10:00:00+01:00", True)
    assert page_of(client.get(f"/tilbud/{warming_room}?at={saturday}")).status_of(
        warming_room) == "Lukket lør. 12. dec. kl. 12 – åbner man. kl. 10"
