"""Offer data from any source is checked field by field, with every problem named."""
from __future__ import annotations

import pytest

from vejviser.catalogue.validation import is_web_address, normalise_offer


def _offer(**fields):  # type: ignore[no-untyped-def]
    return {"name": "Varmestuen", "slug": "varmestuen", "organization": "o", **fields}


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<b>x</b>",
                                 "JAVASCRIPT://%0aalert(1)", "ftp://example.org", "www.x.dk",
                                 "https://exa mple.dk"])
def test_only_web_addresses_are_accepted_as_links(url: str) -> None:
    assert not is_web_address(url)
    _, problems = normalise_offer(_offer(url=url), "varmestuen")
    assert [problem.field for problem in problems] == ["url"]


def test_an_ordinary_address_passes() -> None:
    data, problems = normalise_offer(_offer(url="https://www.odense.dk/borger"), "varmestuen")
    assert problems == [] and data["url"] == "https://www.odense.dk/borger"


def test_every_problem_is_reported_not_only_the_first() -> None:
    raw = _offer(slug="Ikke En Slug", status="open", schedules=[
        {"byday": "XX", "opens_at": "25:00", "closes_at": "16:00"}],
        locations=[{"latitude": 200, "longitude": 10}])
    _, problems = normalise_offer(raw, "varmestuen")
    fields = {problem.field for problem in problems}
    assert {"slug", "status", "schedules[0].byday", "schedules[0].opens_at",
            "locations[0].latitude"} <= fields
    assert all(problem.record == "varmestuen" for problem in problems)


def test_a_yes_no_field_that_is_neither_is_reported() -> None:
    raw = _offer(schedules=[{"byday": "MO", "all_day": "måske"},
                            {"byday": "TU", "all_day": "ja"}])
    data, problems = normalise_offer(raw, "varmestuen")
    assert "schedules[0].all_day" in [problem.field for problem in problems]
    assert not [problem for problem in problems if problem.field.startswith("schedules[1]")]
    assert [row["all_day"] for row in data["schedules"]] == [True]  # the unreadable row is out


def test_text_loses_control_characters_and_keeps_lines_where_they_belong() -> None:
    raw = _offer(name="Varme\x00stuen\n i Bolbro", description="Åbent\r\n\tman-fre\x1b[0m\x07",
                 phones=[{"number": "+45\t66 13 13 72\x00", "description": "Ring\x85først"}],
                 locations=[{"name": "Gården\r\nbagved", "transportation": "Bus 31\rBus 32"}])
    data, problems = normalise_offer(raw, "varmestuen")
    assert problems == []
    assert data["name"] == "Varmestuen i Bolbro"
    assert data["description"] == "Åbent\n\tman-fre[0m"
    assert data["phones"][0]["number"] == "+45 66 13 13 72"
    assert data["phones"][0]["description"] == "Ring\nførst"
    assert data["locations"][0]["name"] == "Gården bagved"
    assert data["locations"][0]["transportation"] == "Bus 31\nBus 32"
