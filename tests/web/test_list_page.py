"""Min liste and its print view: the list lives in the URL; paper gets hours, phones and a QR."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import parse_qs, urlsplit

from tests.factories import Catalogue
from tests.web.conftest import BOLBRO, SECRET_STREET, Page, page_of


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


def test_removing_from_the_list_is_a_plain_link_named_for_its_offer(
        warming_room, crisis_centre, client):
    page = page_of(client.get(f"/liste?liste={warming_room},{crisis_centre}"))
    remove = [link for link in page.links if link["text"].startswith("Fjern fra min liste")]
    assert len({link["text"] for link in remove}) == 2, "each toggle has its own name"
    assert parse_qs(urlsplit(remove[0]["href"]).query)["liste"] == [crisis_centre]


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


def test_the_qr_code_is_named_for_what_it_holds(seeded_client):
    page = page_of(seeded_client.get(f"/liste/print?liste={BOLBRO}"))
    assert re.search(r'<svg[^>]*class="qr"[^>]*>\s*<title>QR-kode med linket til listen</title>',
                     page.html)


def test_a_list_too_long_for_a_qr_code_prints_its_link_and_a_note(app):
    from vejviser.db import db
    from vejviser.models import Offer, Organization
    from vejviser.web.public.templating import MAX_LIST

    # Thirty offers with names as long as a slug may be: a link of about 3,700 characters, more
    # than any QR code holds (segno used to raise DataOverflowError: a 500).
    slugs = [f"{n:02d}-" + "langt-navn-" * 10 + "x" * 7 for n in range(MAX_LIST)]
    with app.app_context():
        organization = Organization(name="Eksempelforeningen")
        db.session.add_all(Offer(slug=slug, name=f"Tilbud {n}", organization=organization)
                           for n, slug in enumerate(slugs))
        db.session.commit()
    response = app.test_client().get("/liste/print?liste=" + ",".join(slugs))
    page = page_of(response)
    assert response.status_code == 200
    assert page.html.count('class="print-offer"') == MAX_LIST
    assert "<svg" not in page.html
    assert "Listen er for lang til en QR-kode" in page.text
    assert "liste=" + ",".join(slugs) in page.text, "the whole link is printed"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _served_share_link(env: dict[str, str], port: int) -> str:
    """Start ``vejviser serve --port``, read a list's share link, stop the server."""
    server = subprocess.Popen([sys.executable, "-c", "from vejviser.cli import main; main()",
                               "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/liste?liste={BOLBRO}",
                                            timeout=5) as response:
                    html = response.read().decode()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("vejviser serve did not answer")
    finally:
        server.terminate()
        server.wait(10)
    return next(f for f in Page(html).inputs if f.get("id") == "share-url")["value"]


def test_share_links_name_the_port_serve_runs_on(tmp_path):
    env = {**os.environ, "VEJVISER_INSTANCE_DIR": str(tmp_path / "instance"),
           "VEJVISER_SECRET_KEY": "test-secret"}
    env.pop("VEJVISER_BASE_URL", None)
    env.pop("VEJVISER_DATABASE_URL", None)
    env.pop("VEJVISER_INDEX_DIR", None)
    subprocess.run([sys.executable, "-c", "from vejviser.cli import main; main()", "init"],
                   env=env, check=True, capture_output=True)
    port = _free_port()
    assert _served_share_link(env, port) == f"http://127.0.0.1:{port}/liste?liste={BOLBRO}"
    # A configured public address wins: it is what a citizen's phone can reach.
    env["VEJVISER_BASE_URL"] = "https://vejviser.example.dk"
    assert _served_share_link(env, _free_port()) == (
        f"https://vejviser.example.dk/liste?liste={BOLBRO}")
