"""Min liste and its print view: the list lives in the URL; paper gets hours, phones and a QR."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from tests.factories import Catalogue
from tests.web.conftest import SECRET_STREET, page_of


def test_list_keeps_order_and_drops_unknown_or_repeated_slugs(
        warming_room, catalogue: Catalogue, client):
    shelter = catalogue.offer(name="Herberget ved Havnen")
    page = page_of(client.get(
        f"/liste?liste={warming_room},{shelter},findes-ikke,{warming_room},Ugyldig!"))
    titles = [link["text"] for link in page.links if "/tilbud/" in link["href"]
              and "rapporter" not in link["href"] and link["text"] and "liste" in link["href"]]
    assert titles == ["Varmestuen i Bolbro", "Herberget ved Havnen"]
    share = next(f for f in page.inputs if f.get("id") == "share-url")["value"]
    assert parse_qs(urlsplit(share).query)["liste"] == [f"{warming_room},{shelter}"]
    assert "data-list-count>2<" in page.html


def test_removing_from_the_list_is_a_plain_link(warming_room, crisis_centre, client):
    page = page_of(client.get(f"/liste?liste={warming_room},{crisis_centre}"))
    remove = [link["href"] for link in page.links if link["text"] == "Fjern fra min liste"]
    assert parse_qs(urlsplit(remove[0]).query)["liste"] == [crisis_centre]


def test_empty_list_explains_how_to_add(client):
    page = page_of(client.get("/liste"))
    assert "Listen er tom." in page.text and "Tilføj til min liste" in page.text


def test_print_view_has_hours_places_date_and_a_local_qr_code(
        warming_room, crisis_centre, client):
    response = client.get(f"/liste/print?liste={warming_room},{crisis_centre}")
    page = page_of(response)
    assert response.status_code == 200
    assert re.search(r"Udskrevet \d+\. \w+ 20\d\d", page.text)
    assert "Lukket på helligdage" in page.text and "5200 Odense V" in page.text
    assert "Adressen offentliggøres ikke" in page.text and SECRET_STREET not in page.html
    assert '<svg' in page.html and 'class="qr"' in page.html
    assert "http://127.0.0.1:5000/liste?liste=" in page.text
    assert "Forlad siden hurtigt" in page.text


def test_print_stylesheet_is_a4(client):
    css = client.get("/static/css/site.css")
    text = css.get_data(as_text=True)
    css.close()
    assert "@page { size: A4" in text and "@media print" in text
