"""What the views read and build: offers loaded whole and in order, opening hours built once per
offer per request, the filter vocabularies from the catalogue, and one open state whichever
output shows it."""
from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import inspect, select

from tests.factories import Catalogue
from tests.web.conftest import page_of
from vejviser import hours
from vejviser.catalogue import opening
from vejviser.catalogue.loading import OFFER_PARTS, load_offer, load_offers
from vejviser.catalogue.taxonomy import languages_in_use, vocabulary_terms
from vejviser.db import db
from vejviser.models import Language, OfferStatus
from vejviser.moments import COPENHAGEN
from vejviser.web.public import cards, detail, hours_view, jsonld

PARTS = ("organization", "terms", "locations_at", "schedules", "exceptions", "languages",
         "phones", "contacts")


def test_load_offers_keeps_the_order_asked_for_and_loads_every_part(
        app, warming_room, crisis_centre):
    with app.app_context():
        slugs = [crisis_centre, warming_room, "no-such-offer", crisis_centre]
        found = load_offers(db.session, slugs=slugs)
        assert [offer.slug for offer in found] == [crisis_centre, warming_room]
        by_id = load_offers(db.session, ids=[found[1].id, found[0].id])
        assert [offer.slug for offer in by_id] == [warming_room, crisis_centre]
        for offer in found:
            assert inspect(offer).unloaded.isdisjoint(PARTS), inspect(offer).unloaded
            assert all("taxonomy" not in inspect(term).unloaded for term in offer.terms)
            assert all("location" not in inspect(link).unloaded for link in offer.locations_at)
        assert load_offers(db.session) == [] and load_offers(db.session, ids=[]) == []
        assert load_offer(db.session, found[0].id) is load_offer(db.session, crisis_centre)
        assert load_offer(db.session, "no-such-offer") is None
    assert len(OFFER_PARTS) == len(PARTS)


def test_open_state_uses_the_opening_hours_it_is_given(app, warming_room):
    at = datetime(2026, 12, 10, 12, 0, tzinfo=COPENHAGEN)
    with app.app_context():
        offer = load_offers(db.session, slugs=[warming_room])[0]
        built = opening.open_state(offer, at)
        assert opening.open_state(offer, at, opening=opening.opening_hours_for(offer)) == built
        assert built.open is True
        # Whatever it is given is what it reads: no hours at all is "not known".
        assert opening.open_state(offer, at, opening=hours.OpeningHours()).open is None


def _count_opening_hours_builds(monkeypatch, *modules) -> list[str]:  # noqa: ANN001
    original = opening.opening_hours_for
    calls: list[str] = []

    def counting(offer):  # noqa: ANN001, ANN202
        calls.append(offer.slug)
        return original(offer)

    for module in modules:
        monkeypatch.setattr(module, "opening_hours_for", counting, raising=False)
    return calls


@pytest.mark.parametrize(("offer", "query"), [("warming_room", "?at=2026-12-10T12:00"),
                                              ("crisis_centre", "?lang=en")])
def test_detail_page_builds_the_opening_hours_once(request, client, monkeypatch, offer, query):
    slug = request.getfixturevalue(offer)
    calls = _count_opening_hours_builds(monkeypatch, detail, cards, jsonld, hours_view, opening)
    response = client.get(f"/tilbud/{slug}{query}")
    assert response.status_code == 200
    assert calls == [slug]


def test_search_page_builds_the_opening_hours_once_per_card(
        warming_room, catalogue: Catalogue, client, monkeypatch):
    other = catalogue.offer(name="Varmestuen i Vollsmose")
    calls = _count_opening_hours_builds(monkeypatch, cards, opening)
    body = client.get("/?q=varmestue").get_data(as_text=True)
    assert sorted(calls) == sorted([warming_room, other])
    assert all(f'id="t-{slug}"' in body for slug in calls)


def test_a_temporarily_closed_card_knows_it(app, warming_room, catalogue: Catalogue):
    closed = catalogue.offer(name="Værestedet", status="temporarily_closed",
                             alert="Lukket på grund af vandskade.")
    at = datetime(2026, 12, 9, 12, 0, tzinfo=COPENHAGEN)  # inside both offers' weekday hours
    with app.app_context():
        shut, active = load_offers(db.session, slugs=[closed, warming_room])
        assert shut.status == OfferStatus.TEMPORARILY_CLOSED
        card = cards.make_card(shut, at, "da")
        assert card.closed_temporarily and card.is_open is False
        assert card.status == "Midlertidigt lukket"
        assert not cards.make_card(active, at, "da").closed_temporarily


def test_public_offers_leave_inactive_offers_out(app, warming_room, catalogue: Catalogue):
    retired = catalogue.offer(name="Den gamle varmestue", status="inactive")
    with app.app_context():
        assert [o.slug for o in cards.public_offers(slugs=[retired, warming_room])] == [
            warming_room]
        assert [o.slug for o in load_offers(db.session, slugs=[retired])] == [retired]


def test_filter_vocabularies_come_from_the_catalogue(app, warming_room, catalogue: Catalogue):
    catalogue.offer(name="Grønlandsk rådgivning", categories=["raadgivning", "varmestue"],
                    languages=["kl", "da"])
    with app.app_context():
        categories = vocabulary_terms(db.session, "category")
        assert [t.code for t in categories] == ["varmestue", "raadgivning"]
        assert [t.position for t in categories] == sorted(t.position for t in categories)
        assert {t.vocabulary for t in categories} == {"category"}
        assert vocabulary_terms(db.session, "no-such-vocabulary") == []
        codes = languages_in_use(db.session)
        assert codes == ["da", "kl"] == sorted(set(db.session.scalars(select(Language.code))))


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
