"""Helpers for the public-page tests: parse the HTML we render, fake a search result."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from vejviser import search

BOLBRO = "kirkens-korshaer-varmestue-bolbro"
CRISIS = "redernes-krisecenter"


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
