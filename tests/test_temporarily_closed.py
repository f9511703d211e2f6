"""A temporarily closed offer is shown with its alert, and never as open."""
from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.factories import Catalogue

WEEKDAY_NOON = "2026-12-09T12:00"  # a Wednesday: inside the default weekday hours 10-16
ALERT = "Lukket på grund af vandskade. Vi åbner igen hurtigst muligt."


@pytest.fixture
def closed(catalogue: Catalogue) -> str:
    catalogue.offer(name="Værestedet i Vollsmose")  # open at the same hours, for contrast
    return catalogue.offer(name="Værestedet i Bolbro", status="temporarily_closed", alert=ALERT)


def test_api_says_closed_whatever_the_hours(closed: str, client: FlaskClient) -> None:
    body = client.get(f"/api/v1/offers/{closed}?at={WEEKDAY_NOON}").get_json()
    assert (body["status"], body["alert"]) == ("temporarily closed", ALERT)
    assert (body["open"], body["next_change"]) == (False, None)


def test_search_shows_it_but_open_filters_leave_it_out(closed: str, client: FlaskClient) -> None:
    plain = client.get("/api/v1/search?q=værestedet").get_json()
    found = {item["slug"]: item for item in plain["results"]}
    assert set(found) == {closed, "vaerestedet-i-vollsmose"}
    assert found[closed]["alert"] == ALERT and found[closed]["open"] is False
    opened = client.get(f"/api/v1/search?q=værestedet&open_at={WEEKDAY_NOON}").get_json()
    assert [item["slug"] for item in opened["results"]] == ["vaerestedet-i-vollsmose"]


def test_pages_say_temporarily_closed_with_the_alert(closed: str, client: FlaskClient) -> None:
    page = client.get(f"/tilbud/{closed}?at={WEEKDAY_NOON}").get_data(as_text=True)
    assert '<p class="status status--closed">Midlertidigt lukket</p>' in page
    assert ALERT in page
    results = client.get(f"/?q=værestedet&open_at={WEEKDAY_NOON}").get_data(as_text=True)
    assert "Værestedet i Vollsmose" in results and "Værestedet i Bolbro" not in results
    everything = client.get("/?q=værestedet").get_data(as_text=True)
    assert "Midlertidigt lukket." in everything and ALERT in everything
