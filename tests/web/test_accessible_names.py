"""What a screen reader says for the logo and today's row in the week: words, not styling."""
from __future__ import annotations

import re

from tests.web.conftest import BOLBRO, page_of


def test_the_logo_link_reads_as_words(seeded_client):
    page = page_of(seeded_client.get("/"))
    brand = next(link for link in page.links if link.get("class") == "brand")
    assert " ".join(brand["text"].split()) == "Den sociale vejviser Odense"


def test_todays_row_in_the_week_says_today_in_visible_words(seeded_client):
    for lang, word in (("da", "(i dag)"), ("en", "(today)")):
        page = page_of(seeded_client.get(f"/tilbud/{BOLBRO}?lang={lang}"))
        rows = re.findall(r'<tr class="today"><th scope="row">([^<]*)</th>', page.html)
        assert len(rows) == 1 and rows[0].endswith(word), rows
