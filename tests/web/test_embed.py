"""The widget and its iframe, as partner sites get them: what is served, what may frame what,
and what a partner copies from "Indlejr søgningen"."""
from __future__ import annotations

import gzip
import re
from html import unescape

from flask.testing import FlaskClient

from tests.factories import Catalogue

WIDGET_BUDGET = 15 * 1024


def test_the_scripts_are_small_and_load_nothing_from_anyone(client: FlaskClient) -> None:
    widget = client.get("/widget.js")
    assert widget.status_code == 200 and widget.mimetype == "text/javascript"
    assert widget.headers["Access-Control-Allow-Origin"] == "*"
    assert widget.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert len(gzip.compress(widget.data, 9)) <= WIDGET_BUDGET
    for name in ("/widget.js", "/widget-resize.js"):
        text = client.get(name).get_data(as_text=True)
        assert "localStorage" not in text and "sessionStorage" not in text
        assert "document.cookie" not in text and "indexedDB" not in text
        # The only address not our own: where the quick-exit button leads.
        addresses = set(re.findall(r"https?://[^\s\"'/]+", text))
        assert addresses <= {"https://OUR-HOST", "https://www.dr.dk"}
    assert "event.origin !== ORIGIN" in client.get("/widget-resize.js").get_data(as_text=True)


def test_only_embed_may_be_framed_by_other_sites(client: FlaskClient) -> None:
    framed = client.get("/embed?category=varmestue&lang=en&max=3&accent=%23aa0000")
    assert "frame-ancestors *" in framed.headers["Content-Security-Policy"]
    assert "script-src 'self'" in framed.headers["Content-Security-Policy"]
    assert "Set-Cookie" not in framed.headers  # lang is the widget's, no cookie for it
    page = framed.get_data(as_text=True)
    assert 'data-categories="varmestue"' in page and 'data-lang="en"' in page
    assert 'data-max="3"' in page and 'data-accent="#aa0000"' in page
    hostile = client.get('/embed?accent=red;}body{x&category="><script>').get_data(as_text=True)
    assert "data-accent" not in hostile and "<script>" not in hostile.split("</head>")[1]
    for path in ("/", "/indlejr", "/api"):
        assert "frame-ancestors 'self'" in client.get(path).headers["Content-Security-Policy"]


def test_the_api_sets_no_cookie_for_the_widgets_language(client: FlaskClient) -> None:
    response = client.get("/api/v1/search?q=varme&lang=en")
    assert response.status_code == 200 and "Set-Cookie" not in response.headers


def test_search_results_carry_what_a_widget_card_needs(
        catalogue: Catalogue, client: FlaskClient) -> None:
    catalogue.offer(name="Krisecentret", categories=["krisecenter"])
    catalogue.offer(name="Varmestuen")
    body = client.get("/api/v1/search?per_page=5&lang=en").get_json()
    by_name = {item["name"]: item for item in body["results"]}
    assert by_name["Krisecentret"]["quick_exit"] is True
    assert by_name["Varmestuen"]["quick_exit"] is False
    assert by_name["Varmestuen"]["url"].endswith("/tilbud/varmestuen?lang=en")
    assert by_name["Varmestuen"]["status_text"]


def test_the_builder_gives_both_snippets_for_the_chosen_filters(client: FlaskClient) -> None:
    page = client.get("/indlejr?category=varmestue&target_group=hjemloese&sprog=en&max=4"
                      "&layout=full&height=700").get_data(as_text=True)
    snippets = {name: unescape(text) for name, text in re.findall(
        r'data-snippet="(\w+)">(.*?)</textarea>', page, re.S)}
    script, frame = snippets["script"], snippets["iframe"]
    assert 'data-categories="varmestue"' in script and 'data-target-groups="hjemloese"' in script
    assert 'data-open-now="false"' in script  # the box was not ticked in this form
    assert 'data-lang="en"' in script and 'data-layout="full"' in script
    assert re.search(r'<script src="http://localhost/widget.js" async></script>', script)
    assert "/embed?category=varmestue&target_group=hjemloese&open_now=0&lang=en" in frame
    assert 'height="700"' in frame and "/widget-resize.js" in frame
    assert 'src="/embed?category=varmestue' in page  # the preview shows the same
    assert "<h1>Indlejr søgningen</h1>" in page
    default = client.get("/indlejr").get_data(as_text=True)
    assert 'data-open-now="true"' in unescape(default)  # open now unless a partner says not
