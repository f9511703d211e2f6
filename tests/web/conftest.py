"""Helpers for the public-page tests: two offers to show, the HTML we render parsed, a faked
search result."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from tests.factories import Catalogue, all_day, make_location, weekly
from vejviser import search

#: Seed slugs, for tests about the seed's own offers (``seeded_app``).
BOLBRO = "kirkens-korshaer-varmestue-bolbro"
CRISIS = "redernes-krisecenter"

#: A warming room in Bolbro: three days a week until 3 December, five from the 4th; closed on
#: public holidays; its place shown as a district only.
WARMING_ROOM = {
    "name": "Varmestuen i Bolbro",
    "categories": ["varmestue"], "target_groups": ["hjemloese"],
    "attributes": ["gratis", "uden-visitation"],
    "application_process": "Mød bare op i åbningstiden.",
    "holiday_rule": "closed",
    "schedules": [weekly("MO,WE,FR", "10:00", "16:00", valid_to="2026-12-03"),
                  weekly("MO,TU,WE,TH,FR", "10:00", "16:00", valid_from="2026-12-04")],
    "locations": [make_location(name="Varmestuen i Bolbro", address_1="", postal_code="5200",
                                city="Odense V", latitude=55.393, longitude=10.352,
                                precision="district")],
}
#: A crisis centre for women: open day and night. Its street is recorded for internal use and
#: never published (precision "none").
SECRET_STREET = "Skjultvej 7"
CRISIS_CENTRE = {
    "name": "Krisecentret for kvinder",
    "categories": ["krisecenter"], "target_groups": ["kvinder-udsat-for-vold"],
    "attributes": ["gratis", "anonym"],
    "schedules": [all_day(description="Døgnåbent.")],
    "locations": [make_location(name="Krisecentret (adressen er hemmelig)",
                                address_1=SECRET_STREET, postal_code="5000", city="Odense",
                                latitude=55.4071, longitude=10.4179, precision="none")],
}


@pytest.fixture
def warming_room(catalogue: Catalogue) -> str:
    """The slug of ``WARMING_ROOM``, run by Kirkens Korshær."""
    organization = catalogue.organization(name="Kirkens Korshær")
    return catalogue.offer(organization=organization, **WARMING_ROOM)


@pytest.fixture
def crisis_centre(catalogue: Catalogue) -> str:
    """The slug of ``CRISIS_CENTRE``."""
    return catalogue.offer(**CRISIS_CENTRE)


class Page(HTMLParser):
    """The bits of a page tests look at: text, links, inputs, ids, scripts and style attributes."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.html = html
        self.text_parts: list[str] = []
        self.links: list[dict[str, str]] = []
        self.inputs: list[dict[str, str]] = []
        self.ids: list[str] = []
        self.scripts: list[dict[str, str]] = []
        self.style_attributes = 0
        self._open_link: dict[str, str] | None = None
        self.feed(html)
        self.text = " ".join(" ".join(self.text_parts).split())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        if "style" in values:
            self.style_attributes += 1
        if "id" in values:
            self.ids.append(values["id"])
        if tag == "a" and "href" in values:
            values["text"] = ""
            self.links.append(values)
            self._open_link = values
        if tag in ("input", "textarea", "select"):
            self.inputs.append(values)
        if tag == "script":
            self.scripts.append(values)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._open_link = None

    def handle_data(self, data: str) -> None:
        self.text_parts.append(data)
        if self._open_link is not None:
            self._open_link["text"] += data

    def hrefs(self, text_pattern: str = "") -> list[str]:
        return [link["href"] for link in self.links if re.search(text_pattern, str(link))]

    @property
    def statuses(self) -> list[str]:
        """The text of every status badge (``<p class="status ...">``), in page order."""
        return re.findall(r'<p class="status\b[^"]*">([^<]*)</p>', self.html)

    def status_of(self, slug: str) -> str:
        """The status badge of the offer titled ``t-<slug>`` (its card or its detail page)."""
        match = re.search(rf'id="t-{re.escape(slug)}".*?<p class="status\b[^"]*">([^<]*)</p>',
                          self.html, re.S)
        assert match, f"no status badge for {slug}"
        return match.group(1)


def page_of(response) -> Page:  # noqa: ANN001 - a test response
    return Page(response.get_data(as_text=True))


def csrf_token_in(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "the form has no CSRF token"
    return match.group(1)


@pytest.fixture
def fake_search(monkeypatch: pytest.MonkeyPatch):
    """Replace the engine's answer (ids chosen by slug) to test how the page shows it."""
    from sqlalchemy import select

    from vejviser.db import db
    from vejviser.models import Offer

    def install(slugs: list[str], total: int | None = None, **extra):  # noqa: ANN003
        def fake(params):  # noqa: ANN001, ANN202
            ids = {o.slug: o.id for o in db.session.scalars(select(Offer))}
            hits = [search.Hit(ids[slug], 1.0, extra.get("distance_km")) for slug in slugs]
            return search.SearchResult(total if total is not None else len(hits), hits,
                                       extra.get("facets", {}), extra.get("suggestion"),
                                       extra.get("notices", []))

        monkeypatch.setattr(search, "search", fake)

    return install
