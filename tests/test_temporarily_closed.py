"""A temporarily closed offer is shown with its alert, and never as open."""
from __future__ import annotations

from flask.testing import FlaskClient

CLOSED = "eksempel-vaerested-odense"  # seed: temporarily closed, weekday hours 10-15
WEEKDAY_NOON = "2026-12-09T12:00"


def test_api_says_closed_whatever_the_hours(seeded_client: FlaskClient) -> None:
    body = seeded_client.get(f"/api/v1/offers/{CLOSED}?at={WEEKDAY_NOON}").get_json()
    assert body["status"] == "temporarily closed"
    assert body["alert"]
    assert (body["open"], body["next_change"]) == (False, None)


def test_search_shows_it_but_open_filters_leave_it_out(seeded_client: FlaskClient) -> None:
    plain = seeded_client.get("/api/v1/search?q=eksempel+værested").get_json()
    found = {item["slug"]: item for item in plain["results"]}
    assert CLOSED in found and found[CLOSED]["alert"] and found[CLOSED]["open"] is False
    opened = seeded_client.get(f"/api/v1/search?q=eksempel+værested&open_at={WEEKDAY_NOON}")
    assert CLOSED not in {item["slug"] for item in opened.get_json()["results"]}


def test_detail_page_status_says_temporarily_closed(seeded_client: FlaskClient) -> None:
    page = seeded_client.get(f"/tilbud/{CLOSED}?at={WEEKDAY_NOON}").get_data(as_text=True)
    assert '<p class="status status--closed">Midlertidigt lukket</p>' in page
