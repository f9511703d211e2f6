"""JSON contract v1: ``GET /api/v1/offers/{key}``."""
from __future__ import annotations

import pytest
from flask.testing import FlaskClient

WARMING_ROOM = "/api/v1/offers/kirkens-korshaer-varmestue-bolbro"


def test_offer_has_the_contract_fields(seeded_client: FlaskClient) -> None:
    body = seeded_client.get(WARMING_ROOM + "?at=2026-12-02T10:00").get_json()
    for field in ("id", "slug", "name", "organization", "summary", "description", "categories",
                  "target_groups", "attributes", "status", "alert", "open", "next_change",
                  "schedules", "locations", "verified_at"):
        assert field in body, field
    assert body["slug"] == "kirkens-korshaer-varmestue-bolbro"
    assert body["organization"]["name"] == "Kirkens Korshær"
    assert "varmestue" in body["categories"]
    assert body["status"] == "active"
    assert body["verified_at"] is None
    assert {row["byday"] for row in body["schedules"]} >= {"MO,WE,FR"}


def test_offer_by_hsds_id_is_the_same_offer(seeded_client: FlaskClient) -> None:
    by_slug = seeded_client.get(WARMING_ROOM).get_json()
    by_id = seeded_client.get(f"/api/v1/offers/{by_slug['id']}").get_json()
    assert by_id["slug"] == by_slug["slug"]


@pytest.mark.parametrize(
    ("at", "is_open", "next_change"),
    [
        ("2026-12-02T09:59", False, "2026-12-02T10:00:00+01:00"),  # a minute before opening
        ("2026-12-02T10:00", True, "2026-12-02T16:00:00+01:00"),   # at opening
        ("2026-12-02T16:00", False, "2026-12-04T10:00:00+01:00"),  # closing is exclusive
        ("2026-12-03T11:00", False, "2026-12-04T10:00:00+01:00"),  # Thursday before 4 December
        ("2026-12-10T11:00", True, "2026-12-10T16:00:00+01:00"),   # Thursday after: five days
        ("2026-12-25T11:00", False, "2026-12-28T10:00:00+01:00"),  # Christmas Day: closed
    ],
)
def test_open_and_next_change_at_a_moment(
    seeded_client: FlaskClient, at: str, is_open: bool, next_change: str
) -> None:
    body = seeded_client.get(f"{WARMING_ROOM}?at={at}").get_json()
    assert (body["open"], body["next_change"]) == (is_open, next_change)


def test_past_midnight_belongs_to_the_evening(seeded_client: FlaskClient) -> None:
    # Winter emergency: 22:00-08:00 during the season.
    body = seeded_client.get("/api/v1/offers/vinterberedskab?at=2026-12-05T02:00").get_json()
    assert body["open"] is True
    body = seeded_client.get("/api/v1/offers/vinterberedskab?at=2026-12-05T12:00").get_json()
    assert body["open"] is False


def test_unknown_key_is_a_json_404(seeded_client: FlaskClient) -> None:
    response = seeded_client.get("/api/v1/offers/findes-ikke")
    assert response.status_code == 404
    assert response.is_json and "findes-ikke" in response.get_json()["error"]["message"]


@pytest.mark.parametrize("at", ["i-morgen", "2026-13-01T10:00", "2026-12-01", "2026-12-01T25:00"])
def test_malformed_at_is_a_400_that_says_what_is_expected(
    seeded_client: FlaskClient, at: str
) -> None:
    response = seeded_client.get(f"{WARMING_ROOM}?at={at}")
    assert response.status_code == 400
    assert "2026-12-04T14:30" in response.get_json()["error"]["message"]


@pytest.mark.parametrize(
    ("at", "is_open", "next_change"),
    [
        # The night summer time starts (02:00 -> 03:00): the 22-08 shift still closes at 08:00.
        ("2027-03-28T03:30", True, "2027-03-28T08:00:00+02:00"),
        ("2027-03-28T07:59", True, "2027-03-28T08:00:00+02:00"),
        ("2027-03-28T08:00", False, "2027-03-28T22:00:00+02:00"),
        # An explicit UTC moment is honoured: 21:30Z on 27 March is 22:30 in Copenhagen.
        ("2027-03-27T21:30Z", True, "2027-03-28T08:00:00+02:00"),
    ],
)
def test_open_across_the_night_the_clocks_change(
    seeded_client: FlaskClient, at: str, is_open: bool, next_change: str
) -> None:
    body = seeded_client.get(f"/api/v1/offers/vinterberedskab?at={at}").get_json()
    assert (body["open"], body["next_change"]) == (is_open, next_change)


def test_inactive_offers_are_not_served(seeded_app) -> None:  # type: ignore[no-untyped-def]
    from vejviser.catalogue.loading import load_offer
    from vejviser.db import db
    from vejviser.models import OfferStatus

    with seeded_app.app_context():
        load_offer(db.session, "reden-odense").status = OfferStatus.INACTIVE
        db.session.commit()
    assert seeded_app.test_client().get("/api/v1/offers/reden-odense").status_code == 404


NIGHT_CAFE = "/api/v1/offers/eksempel-natvarmestue-odense"  # 22-07; holidays 20-10; 24/12 18-10


@pytest.mark.parametrize(
    ("at", "is_open", "next_change"),
    [
        # The night summer time ends (03:00 -> 02:00): the shift from Saturday 22:00 is 10 hours.
        ("2026-10-24T21:59", False, "2026-10-24T22:00:00+02:00"),
        ("2026-10-25T02:30", True, "2026-10-25T07:00:00+01:00"),
        ("2026-10-25T06:59", True, "2026-10-25T07:00:00+01:00"),
        ("2026-10-25T07:00", False, "2026-10-25T22:00:00+01:00"),
        # Own hours on public holidays: Juledag opens at 20 instead of 22 and runs to 10.
        ("2026-12-23T20:30", False, "2026-12-23T22:00:00+01:00"),
        ("2026-12-25T20:30", True, "2026-12-26T10:00:00+01:00"),
        # A dated exception: Juleaften from 18.
        ("2026-12-24T18:30", True, "2026-12-25T10:00:00+01:00"),
    ],
)
def test_night_cafe_across_the_autumn_change_and_its_holiday_hours(
    seeded_client: FlaskClient, at: str, is_open: bool, next_change: str
) -> None:
    body = seeded_client.get(f"{NIGHT_CAFE}?at={at}").get_json()
    assert (body["open"], body["next_change"]) == (is_open, next_change)


def test_holidays_as_sunday(seeded_app) -> None:  # type: ignore[no-untyped-def]
    from vejviser.catalogue.offers import upsert_offer
    from vejviser.catalogue.validation import normalise_offer
    from vejviser.db import db
    from vejviser.models import Organization

    with seeded_app.app_context():
        organization = db.session.scalars(db.select(Organization)).first()
        data, problems = normalise_offer({
            "slug": "soendagsaabent", "name": "Søndagsåbent", "organization": organization.id,
            "holiday_rule": "as_sunday", "extra_holidays": [],
            "schedules": [{"byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "15:00"},
                          {"byday": "SU", "opens_at": "11:00", "closes_at": "14:00"}],
        }, "soendagsaabent")
        assert problems == []
        upsert_offer(db.session, data, actor="test")
        db.session.commit()
    client = seeded_app.test_client()
    # Friday 25 December (Juledag) keeps Sunday hours: closed at 10, open at 12 until 14.
    url = "/api/v1/offers/soendagsaabent?at="
    assert client.get(url + "2026-12-25T10:00").get_json()["open"] is False
    body = client.get("/api/v1/offers/soendagsaabent?at=2026-12-25T12:00").get_json()
    assert (body["open"], body["next_change"]) == (True, "2026-12-25T14:00:00+01:00")
    # An ordinary Friday has weekday hours.
    assert client.get(url + "2026-12-18T10:00").get_json()["open"] is True
