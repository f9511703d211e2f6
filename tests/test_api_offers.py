"""JSON contract v1: ``GET /api/v1/offers/{key}``, and the open state it gives at any moment."""
from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.factories import EVERY_DAY, Catalogue, closed_on, weekly

#: Three days a week until 3 December, five from the 4th; closed on public holidays.
WARMING_ROOM_HOURS = {
    "holiday_rule": "closed",
    "schedules": [weekly("MO,WE,FR", "10:00", "16:00", valid_to="2026-12-03"),
                  weekly("MO,TU,WE,TH,FR", "10:00", "16:00", valid_from="2026-12-04")],
}
#: Emergency beds every night of the winter season, 22:00 to 08:00 the next morning.
WINTER_NIGHTS = {"schedules": [weekly(EVERY_DAY, "22:00", "08:00", valid_from="2026-11-01",
                                      valid_to="2027-03-31")]}
#: 22-07 every night; on public holidays 20-10 instead; Christmas Eve from 18.
NIGHT_CAFE_HOURS = {
    "holiday_rule": "own_hours",
    "schedules": [weekly(EVERY_DAY, "22:00", "07:00"),
                  weekly(EVERY_DAY, "20:00", "10:00", on_holidays=True)],
    "exceptions": [closed_on("2026-12-24", closed=False, opens_at="18:00", closes_at="10:00")],
}


@pytest.fixture
def warming_room(catalogue: Catalogue) -> str:
    organization = catalogue.organization(name="Kirkens Korshær")
    return catalogue.offer(name="Varmestuen i Bolbro", organization=organization,
                           categories=["varmestue"], **WARMING_ROOM_HOURS)


def _at(client: FlaskClient, slug: str, at: str) -> tuple[bool | None, str | None]:
    body = client.get(f"/api/v1/offers/{slug}?at={at}").get_json()
    return body["open"], body["next_change"]


def test_offer_has_the_contract_fields(warming_room: str, client: FlaskClient) -> None:
    body = client.get(f"/api/v1/offers/{warming_room}?at=2026-12-02T10:00").get_json()
    for field in ("id", "slug", "name", "organization", "summary", "description", "categories",
                  "target_groups", "attributes", "status", "alert", "open", "next_change",
                  "schedules", "locations", "verified_at"):
        assert field in body, field
    assert body["slug"] == "varmestuen-i-bolbro" == warming_room
    assert body["organization"]["name"] == "Kirkens Korshær"
    assert body["categories"] == ["varmestue"]
    assert body["status"] == "active"
    assert body["verified_at"] is None
    assert [row["byday"] for row in body["schedules"]] == ["MO,WE,FR", "MO,TU,WE,TH,FR"]


def test_offer_by_hsds_id_is_the_same_offer(warming_room: str, client: FlaskClient) -> None:
    by_slug = client.get(f"/api/v1/offers/{warming_room}").get_json()
    by_id = client.get(f"/api/v1/offers/{by_slug['id']}").get_json()
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
    warming_room: str, client: FlaskClient, at: str, is_open: bool, next_change: str
) -> None:
    assert _at(client, warming_room, at) == (is_open, next_change)


def test_past_midnight_belongs_to_the_evening(catalogue: Catalogue, client: FlaskClient) -> None:
    slug = catalogue.offer(**WINTER_NIGHTS)
    assert _at(client, slug, "2026-12-05T02:00") == (True, "2026-12-05T08:00:00+01:00")
    assert _at(client, slug, "2026-12-05T12:00") == (False, "2026-12-05T22:00:00+01:00")
    # The season's last night runs into 1 April; after it nothing opens again.
    assert _at(client, slug, "2027-04-01T07:00") == (True, "2027-04-01T08:00:00+02:00")
    assert _at(client, slug, "2027-04-01T22:30") == (False, None)


def test_unknown_key_is_a_json_404(client: FlaskClient) -> None:
    response = client.get("/api/v1/offers/findes-ikke")
    assert response.status_code == 404
    assert response.is_json and "findes-ikke" in response.get_json()["error"]["message"]


@pytest.mark.parametrize("at", ["i-morgen", "2026-13-01T10:00", "2026-12-01", "2026-12-01T25:00"])
def test_malformed_at_is_a_400_that_says_what_is_expected(
    catalogue: Catalogue, client: FlaskClient, at: str
) -> None:
    response = client.get(f"/api/v1/offers/{catalogue.offer()}?at={at}")
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
    catalogue: Catalogue, client: FlaskClient, at: str, is_open: bool, next_change: str
) -> None:
    assert _at(client, catalogue.offer(**WINTER_NIGHTS), at) == (is_open, next_change)


def test_inactive_offers_are_not_served(catalogue: Catalogue, client: FlaskClient) -> None:
    retired = catalogue.offer(name="Den gamle varmestue", status="inactive")
    assert client.get(f"/api/v1/offers/{retired}").status_code == 404
    assert client.get(f"/api/v1/offers/{catalogue.offer()}").status_code == 200


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
    catalogue: Catalogue, client: FlaskClient, at: str, is_open: bool, next_change: str
) -> None:
    assert _at(client, catalogue.offer(**NIGHT_CAFE_HOURS), at) == (is_open, next_change)


def test_holidays_as_sunday(catalogue: Catalogue, client: FlaskClient) -> None:
    slug = catalogue.offer(holiday_rule="as_sunday", extra_holidays=[], schedules=[
        weekly("MO,TU,WE,TH,FR", "09:00", "15:00"), weekly("SU", "11:00", "14:00")])
    # Friday 25 December (Juledag) keeps Sunday hours: closed at 10, open at 12 until 14.
    assert _at(client, slug, "2026-12-25T10:00")[0] is False
    assert _at(client, slug, "2026-12-25T12:00") == (True, "2026-12-25T14:00:00+01:00")
    # An ordinary Friday has weekday hours.
    assert _at(client, slug, "2026-12-18T10:00")[0] is True
