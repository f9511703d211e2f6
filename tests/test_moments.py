"""Moments at the edge of the calendar get a clear answer, never a 500."""
from __future__ import annotations

import pytest
from flask.testing import FlaskClient

EXTREMES = ["0001-01-01T00:00", "9999-12-31T23:59", "0001-01-01T00:00%2B05:00"]


@pytest.mark.parametrize("moment", EXTREMES)
def test_api_refuses_years_we_do_not_answer_for(seeded_client: FlaskClient, moment: str) -> None:
    for url in (f"/api/v1/offers/reden-odense?at={moment}", f"/api/v1/search?open_at={moment}"):
        response = seeded_client.get(url)
        assert response.status_code == 400, url
        assert "mellem år 2000 og 2100" in response.get_json()["error"]["message"]


@pytest.mark.parametrize("moment", EXTREMES)
def test_pages_survive_extreme_moments(seeded_client: FlaskClient, moment: str) -> None:
    assert seeded_client.get(f"/?open_at={moment}").status_code == 400
    day = moment[:10]
    for url in (f"/tilbud/redernes-krisecenter?at={moment}",
                f"/tilbud/redernes-krisecenter?fra={day}"):
        response = seeded_client.get(url)
        assert response.status_code == 200, url
        assert "Redernes Krisecenter" in response.get_data(as_text=True)


def test_the_last_supported_moment_still_answers(seeded_client: FlaskClient) -> None:
    body = seeded_client.get("/api/v1/offers/reden-odense?at=2100-12-31T23:59").get_json()
    assert body["open"] in (True, False)


def test_a_detail_page_with_an_unreadable_moment_says_so(seeded_client: FlaskClient) -> None:
    page = seeded_client.get("/tilbud/reden-odense?at=i-morgen").get_data(as_text=True)
    assert "skal være en dato og et klokkeslæt" in page and "Status vises for lige nu." in page
    english = seeded_client.get("/tilbud/reden-odense?at=i-morgen&lang=en").get_data(as_text=True)
    assert "The status shown is for right now." in english
