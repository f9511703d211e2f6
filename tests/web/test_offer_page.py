"""Detail pages: hours, places as precise as allowed, JSON-LD, verified date, quick exit."""
from __future__ import annotations

import json
import re

from tests.factories import Catalogue
from tests.web.conftest import SECRET_STREET, page_of


def _jsonld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match
    return json.loads(match.group(1))


def test_detail_shows_hours_week_changes_and_holiday_rule(warming_room, client):
    page = page_of(client.get(f"/tilbud/{warming_room}?fra=2026-12-07&at=2026-12-10T12:00"))
    assert "Varmestuen i Bolbro" in page.text
    assert "Lukket på helligdage" in page.text
    assert "Fra 4. december: Man.–fre. 10–16" in page.text
    assert "Torsdag 10. december 10–16" in page.text
    # A chosen moment (?at=) is named, never called "nu".
    assert page.status_of(warming_room) == "Åben tors. 10. dec. kl. 12 – lukker kl. 16"
    closed = page_of(client.get(f"/tilbud/{warming_room}?at=2026-11-26T12:00"))
    assert closed.status_of(warming_room) == "Lukket tors. 26. nov. kl. 12 – åbner fre. kl. 10"
    assert "Afventer bekræftelse" in page.text
    assert "Gratis" in page.text and "Uden visitation" in page.text and "Mød bare op" in page.text


def test_detail_links_to_an_external_map_only_as_a_plain_link(warming_room, client):
    page = page_of(client.get(f"/tilbud/{warming_room}"))
    assert "5200 Odense V" in page.text
    assert any(h.startswith("https://www.openstreetmap.org/") for h in page.hrefs())
    assert "<iframe" not in page.html and "<img" not in page.html


def test_crisis_centre_hides_its_address_and_offers_quick_exit(crisis_centre, client):
    page = page_of(client.get(f"/tilbud/{crisis_centre}"))
    assert "Adressen offentliggøres ikke" in page.text
    assert SECRET_STREET not in page.html and "55.4071" not in page.html
    assert not any("openstreetmap" in h for h in page.hrefs())
    assert "Forlad siden hurtigt" in page.text and "data-quick-exit" in page.html
    assert "Afventer bekræftelse" in page.text  # no confirmation is claimed that it lacks
    assert "availableAtOrFrom" not in json.dumps(_jsonld(page.html))


def test_a_confirmed_entry_says_when(catalogue: Catalogue, client):
    slug = catalogue.offer(verified_at="2026-11-01", verified_by="Foreningen Varmen")
    page = page_of(client.get(f"/tilbud/{slug}"))
    assert "Sidst bekræftet 1. november 2026" in page.text
    assert "Afventer bekræftelse" not in page.text


def test_quick_exit_is_absent_on_ordinary_pages(warming_room, client):
    assert "data-quick-exit" not in client.get(f"/tilbud/{warming_room}").get_data(as_text=True)


def test_jsonld_describes_the_service_and_its_hours(warming_room, client):
    data = _jsonld(client.get(f"/tilbud/{warming_room}").get_data(as_text=True))
    assert data["@type"] == "Service" and data["provider"]["name"] == "Kirkens Korshær"
    assert data["hoursAvailable"][0]["@type"] == "OpeningHoursSpecification"
    assert data["availableAtOrFrom"][0]["address"]["postalCode"] == "5200"


def test_description_is_sanitised_and_cannot_break_out_of_jsonld(catalogue: Catalogue, client):
    # Descriptions are Markdown with raw HTML switched off: typed tags are shown as text.
    slug = catalogue.offer(
        description='Hej <script>alert(1)</script><b onclick="x()">fed</b> **fed**\n\nTo',
        summary="</script><script>alert(2)</script>")
    html = client.get(f"/tilbud/{slug}").get_data(as_text=True)
    assert "<script>alert" not in html and not re.search(r"<[^>]*onclick", html)
    assert "&lt;b onclick" in html  # shown, not run
    assert "<strong>fed</strong>" in html and "<p>To</p>" in html
    assert _jsonld(html)["description"] == "</script><script>alert(2)</script>"


def test_unknown_and_inactive_offers_are_404(catalogue: Catalogue, client):
    assert client.get("/tilbud/findes-ikke").status_code == 404
    retired = catalogue.offer(status="inactive")
    response = client.get(f"/tilbud/{retired}")
    assert response.status_code == 404 and "Siden findes ikke" in page_of(response).text


def test_detail_page_sets_no_cookie(warming_room, client):
    response = client.get(f"/tilbud/{warming_room}")
    assert "Set-Cookie" not in response.headers


def test_a_schedule_note_that_repeats_the_hours_is_not_shown_twice(crisis_centre, client):
    for path in (f"/tilbud/{crisis_centre}", f"/liste/print?liste={crisis_centre}",
                 f"/tilbud/{crisis_centre}?lang=en"):
        page = page_of(client.get(path))
        assert "Døgnåbent" in page.text or "24 hours" in page.text, path
        assert "(Døgnåbent.)" not in page.text, path
