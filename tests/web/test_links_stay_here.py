"""Every link on a page stays on this site, whatever address was asked for (no links off-site).

A browser reads a backslash in a path as a slash and drops tabs and newlines, so a link to
``/\\evil.example`` or ``/<tab>/evil.example`` is a link to the host ``evil.example``.
"""
from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from tests.web.conftest import BOLBRO, page_of

HOSTILE = ["/\\evil.example", "/\t/evil.example", "//evil.example", "/\\\\evil.example",
           "/tilbud/\\evil.example", "/tilbud/\\evil.example/rapporter"]


def as_a_browser_reads(href: str, page_url: str) -> str:
    """``href`` resolved the WHATWG way for http(s): tabs/newlines vanish, ``\\`` is ``/``."""
    return urljoin(page_url, re.sub(r"[\t\n\r]", "", href).replace("\\", "/"))


def test_a_404_for_a_hostile_path_links_only_to_this_site(seeded_client):
    for path in HOSTILE:
        for lang in ("da", "en"):
            # PATH_INFO as a server passes it on after decoding %5C and %09.
            response = seeded_client.get("/", environ_overrides={"PATH_INFO": path},
                                         query_string={"lang": lang, "liste": BOLBRO})
            page = page_of(response)
            assert response.status_code == 404
            switch = [link["href"] for link in page.links if link.get("hreflang")]
            assert len(switch) == 1
            page_url = "http://localhost" + path.replace("\\", "/")
            for href in page.hrefs():
                assert urlsplit(as_a_browser_reads(href, page_url)).netloc == "localhost", href
            assert f"liste={BOLBRO}" in switch[0], "the language switch keeps Min liste"


def test_a_page_of_ours_switches_language_on_its_own_route(seeded_client):
    page = page_of(seeded_client.get(f"/tilbud/{BOLBRO}?fra=2026-12-07"))
    switch = next(link["href"] for link in page.links if link.get("hreflang"))
    assert switch == f"/tilbud/{BOLBRO}?fra=2026-12-07&lang=en"
