"""Hours per place: Bytteordningen is given at the warming room, in Reden and at St. Dannesbo, each
in that place's own hours (the first two keep their own offers' hours: one edit updates both)."""
from __future__ import annotations

from datetime import datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.web.conftest import page_of
from vejviser.catalogue.errors import CatalogueDataError
from vejviser.catalogue.loading import load_offer
from vejviser.catalogue.offers import upsert_offer
from vejviser.catalogue.validation import normalise_offer
from vejviser.db import db
from vejviser.local_time import COPENHAGEN
from vejviser.models import OfferStatus

NEEDLES = "bytteordningen"
WARMING = "kirkens-korshaer-varmestue-bolbro"
WEDNESDAY_3AM = datetime(2026, 12, 9, 3, 0, tzinfo=COPENHAGEN)
WEDNESDAY_11 = datetime(2026, 12, 9, 11, 0, tzinfo=COPENHAGEN)


def _at(app: Flask, moment: datetime) -> FlaskClient:
    app.config["CLOCK"] = lambda: moment
    return app.test_client()


def _places(body: dict) -> dict[str, bool | None]:  # type: ignore[type-arg]
    return {place["name"]: place["open"] for place in body["places"]}


def test_at_three_in_the_night_only_the_shelter_swaps_needles(seeded_app: Flask) -> None:
    client = _at(seeded_app, WEDNESDAY_3AM)
    card = page_of(client.get("/?q=sprøjtebytte"))
    assert card.status_of(NEEDLES) == "Åben nu på St. Dannesbo – døgnåbent"
    body = client.get(f"/api/v1/offers/{NEEDLES}").get_json()
    assert body["open"] is True
    assert _places(body) == {"Bolbro": False, "Reden": False, "St. Dannesbo": True}
    detail = page_of(client.get(f"/tilbud/{NEEDLES}"))
    assert "Lukket i Bolbro – åbner kl. 10" in detail.text
    assert "Åben nu på St. Dannesbo – døgnåbent" in detail.text


def test_at_eleven_the_warming_room_swaps_needles_too(seeded_app: Flask) -> None:
    client = _at(seeded_app, WEDNESDAY_11)
    body = client.get(f"/api/v1/offers/{NEEDLES}").get_json()
    assert _places(body) == {"Bolbro": True, "Reden": True, "St. Dannesbo": True}
    bolbro = next(place for place in body["places"] if place["name"] == "Bolbro")
    assert bolbro["next_change"] == "2026-12-09T16:00:00+01:00"
    detail = page_of(client.get(f"/tilbud/{NEEDLES}"))
    assert "Åben nu i Bolbro – lukker kl. 16" in detail.text
    assert "Samme åbningstider som" in detail.text  # says whose hours the place keeps


def test_open_now_finds_an_offer_open_at_any_place_and_measures_the_open_one(
        seeded_app: Flask) -> None:
    client = _at(seeded_app, WEDNESDAY_3AM)
    bolbro = "55.393,10.352"
    found = client.get("/api/v1/search", query_string={
        "q": "sprøjtebytte", "open_now": "1", "near": bolbro}).get_json()
    (hit,) = [item for item in found["results"] if item["slug"] == NEEDLES]
    # Only St. Dannesbo is open at 03:00: that is the place measured, not Bolbro next door.
    assert hit["distance_km"] > 1.5
    assert next(p for p in hit["places"] if p["id"] == hit["place_id"])["name"] == "St. Dannesbo"
    day = _at(seeded_app, WEDNESDAY_11).get("/api/v1/search", query_string={
        "q": "sprøjtebytte", "open_now": "1", "near": bolbro}).get_json()
    (hit,) = [item for item in day["results"] if item["slug"] == NEEDLES]
    assert hit["distance_km"] < 1  # now the warming room in Bolbro is open, and nearest


def test_one_edit_of_the_warming_room_updates_the_needle_exchange_there(
        seeded_app: Flask) -> None:
    with seeded_app.app_context():
        warming = load_offer(db.session, WARMING)
        data, problems = normalise_offer(_raw(warming, schedules=[
            {"byday": "MO,TU,WE,TH,FR", "opens_at": "02:00", "closes_at": "07:00"}]), WARMING)
        assert problems == []
        upsert_offer(db.session, data, actor="test")
        db.session.commit()
    client = _at(seeded_app, WEDNESDAY_3AM)
    body = client.get(f"/api/v1/offers/{NEEDLES}").get_json()
    assert _places(body)["Bolbro"] is True
    # and the search index followed along (the change sequence marks the follower too)
    found = client.get("/api/v1/search", query_string={
        "q": "sprøjtebytte", "open_at": "2026-12-09T05:30"}).get_json()
    assert NEEDLES in [item["slug"] for item in found["results"]]


def test_a_temporarily_closed_or_retired_followed_offer(seeded_app: Flask) -> None:
    with seeded_app.app_context():
        warming = load_offer(db.session, WARMING)
        warming.status = OfferStatus.TEMPORARILY_CLOSED
        db.session.commit()
    client = _at(seeded_app, WEDNESDAY_11)
    body = client.get(f"/api/v1/offers/{NEEDLES}").get_json()
    assert _places(body)["Bolbro"] is False  # the door is shut for needles too
    with seeded_app.app_context():
        load_offer(db.session, WARMING).status = OfferStatus.INACTIVE
        db.session.commit()
    body = client.get(f"/api/v1/offers/{NEEDLES}").get_json()
    assert _places(body)["Bolbro"] is None
    assert "Åbningstider ukendte i Bolbro" in page_of(client.get(f"/tilbud/{NEEDLES}")).text


def _raw(offer, **changes):  # type: ignore[no-untyped-def]
    """A stored offer as loose input data (what a form or a seed file would give)."""
    return {
        "id": offer.id, "slug": offer.slug, "name": offer.name,
        "organization": offer.organization_id, "status": offer.status.value,
        "holiday_rule": offer.holiday_rule.value, "extra_holidays": offer.extra_holidays,
        "categories": [t.code for t in offer.categories],
        "target_groups": [t.code for t in offer.target_groups],
        "attributes": [t.code for t in offer.attributes],
        "legal_basis": [t.code for t in offer.legal_basis],
        "locations": [{"id": link.location_id, "name": link.location.name,
                       "postal_code": link.location.postal_code, "city": link.location.city,
                       "precision": link.location.precision.value,
                       "latitude": link.location.latitude, "longitude": link.location.longitude,
                       "short_name": link.location.short_name,
                       "preposition": link.location.preposition}
                      for link in offer.locations_at],
        **changes,
    }


@pytest.mark.parametrize("follows, message", [
    ("no-such-offer", "ukendt tilbud"),
    ("redernes-krisecenter", "gives ikke på dette sted"),
    (NEEDLES, "et sted kan ikke følge sit eget tilbud"),
])
def test_same_hours_as_only_an_offer_given_at_the_same_place(
        seeded_app: Flask, follows: str, message: str) -> None:
    with seeded_app.app_context():
        needles = load_offer(db.session, NEEDLES)
        raw = _raw(needles)
        raw["locations"][0]["follows"] = follows
        data, problems = normalise_offer(raw, NEEDLES)
        assert problems == []
        with pytest.raises(CatalogueDataError) as refused:
            upsert_offer(db.session, data, actor="test")
        assert message in str(refused.value)


def test_no_chains_a_followed_offer_must_keep_its_own_hours(seeded_app: Flask) -> None:
    with seeded_app.app_context():
        warming = load_offer(db.session, WARMING)
        raw = _raw(warming)
        raw["locations"][0]["follows"] = NEEDLES  # the warming room would follow its follower
        data, _ = normalise_offer(raw, WARMING)
        with pytest.raises(CatalogueDataError) as refused:
            upsert_offer(db.session, data, actor="test")
        assert "kun ét led" in str(refused.value)


def test_a_new_follower_sees_the_hours_it_keeps_before_the_commit(seeded_app: Flask) -> None:
    from vejviser.catalogue.opening import hours_by_place

    with seeded_app.app_context():
        warming = load_offer(db.session, WARMING)
        raw = _raw(warming, id=None, slug="suppe-i-bolbro", name="Suppe i Bolbro")
        raw["locations"][0]["follows"] = WARMING
        data, problems = normalise_offer(raw, "suppe-i-bolbro")
        assert problems == []
        offer = upsert_offer(db.session, data, actor="test").offer
        (place,) = hours_by_place(offer)  # same session, nothing committed yet
        assert not place.broken and place.follows is warming
        assert place.opening.rules  # the warming room's rows
        db.session.rollback()
