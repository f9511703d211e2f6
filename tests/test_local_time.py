"""Moments at the edge of the calendar get a clear answer, never a 500."""
from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from tests.factories import Catalogue, all_day

EXTREMES = ["0001-01-01T00:00", "9999-12-31T23:59", "0001-01-01T00:00%2B05:00"]


@pytest.fixture
def weekdays(catalogue: Catalogue) -> str:
    """An offer open Monday to Friday 10-16."""
    return catalogue.offer(name="Rådgivningen")


@pytest.mark.parametrize("moment", EXTREMES)
def test_api_refuses_years_we_do_not_answer_for(weekdays: str, client: FlaskClient,
                                                moment: str) -> None:
    for url in (f"/api/v1/offers/{weekdays}?at={moment}", f"/api/v1/search?open_at={moment}"):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "mellem år 2000 og 2100" in response.get_json()["error"]["message"]


@pytest.mark.parametrize("moment", EXTREMES)
def test_pages_survive_extreme_moments(weekdays: str, client: FlaskClient, moment: str) -> None:
    assert client.get(f"/?open_at={moment}").status_code == 400
    day = moment[:10]
    for url in (f"/tilbud/{weekdays}?at={moment}", f"/tilbud/{weekdays}?fra={day}"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Rådgivningen" in response.get_data(as_text=True)


@pytest.mark.parametrize(("at", "is_open", "next_change"), [
    ("2000-01-01T00:00", False, "2000-01-03T10:00:00+01:00"),  # the first moment: a Saturday
    ("2100-12-31T12:00", True, "2100-12-31T16:00:00+01:00"),   # the last day: a Friday
    # The last minute: the next opening falls in 2101 and is still given.
    ("2100-12-31T23:59", False, "2101-01-03T10:00:00+01:00"),
])
def test_the_first_and_last_supported_moments_still_answer(
        weekdays: str, catalogue: Catalogue, client: FlaskClient, at: str, is_open: bool,
        next_change: str) -> None:
    body = client.get(f"/api/v1/offers/{weekdays}?at={at}").get_json()
    assert (body["open"], body["next_change"]) == (is_open, next_change)
    always = catalogue.offer(name="Døgnåbent", schedules=[all_day()])
    body = client.get(f"/api/v1/offers/{always}?at={at}").get_json()
    assert (body["open"], body["next_change"]) == (True, None)


def test_a_detail_page_with_an_unreadable_moment_says_so(weekdays: str,
                                                         client: FlaskClient) -> None:
    page = client.get(f"/tilbud/{weekdays}?at=i-morgen").get_data(as_text=True)
    assert "skal være en dato og et klokkeslæt" in page and "Status vises for lige nu." in page
    english = client.get(f"/tilbud/{weekdays}?at=i-morgen&lang=en").get_data(as_text=True)
    assert "The status shown is for right now." in english
