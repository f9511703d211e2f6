"""Danish first, English second: compiled catalogues that are complete and current."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from tests.web.conftest import BOLBRO, page_of
from vejviser.resources import PACKAGE_DIR

ROOT = PACKAGE_DIR.parent
PO = PACKAGE_DIR / "translations" / "en" / "LC_MESSAGES" / "messages.po"
MO = PO.with_suffix(".mo")


def _po():
    with PO.open("rb") as handle:
        return read_po(handle)


def test_every_message_in_the_code_has_an_english_translation():
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "Message": None}
    found = set()
    for folder, pattern, method in ((PACKAGE_DIR, "**.py", "python"),
                                    (ROOT / "templates", "**.html", "jinja2")):
        for _file, _line, message, _comments, _context in extract_from_dir(
                str(folder), [(pattern, method)], keywords=keywords):
            found.add(message if isinstance(message, str) else message[0])
    catalogue = _po()
    translated = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalogue if m.id}
    missing = sorted(found - set(translated))
    assert not missing, f"not in en/messages.po (run pybabel extract/update): {missing}"

    def done(m) -> bool:  # noqa: ANN001 - a babel Message
        return not m.fuzzy and all(m.string if isinstance(m.string, tuple) else [m.string])

    empty = [key for key, m in translated.items() if key in found and not done(m)]
    assert not empty, f"untranslated or fuzzy: {empty}"


def _key(value):  # noqa: ANN001, ANN202 - plural ids/strings come as lists or tuples
    return tuple(value) if isinstance(value, (list, tuple)) else value


def test_compiled_catalogue_matches_the_po_file():
    with MO.open("rb") as handle:
        compiled = {_key(m.id): _key(m.string) for m in read_mo(handle) if m.id}
    source = {_key(m.id): _key(m.string) for m in _po() if m.id and not m.fuzzy}
    assert compiled == source, "run: pybabel compile -d vejviser/translations"


def test_english_pages_and_the_language_cookie(warming_room, client):
    response = client.get("/?lang=en&q=varmestue")
    page = page_of(response)
    assert '<html lang="en">' in page.html and "Find a service" in page.text
    assert "services found" in page.text or "service found" in page.text
    # Inside the card's badge: the "Open now" filter label is on every page.
    status = page.status_of(warming_room)
    assert status.startswith(("Open now", "Closed")), status
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("lang=en") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    # The cookie carries the choice to the next page, in English hours wording too.
    detail = page_of(client.get(f"/tilbud/{warming_room}"))
    assert "Closed on public holidays" in detail.text and "Opening hours" in detail.text
    back = next(link["href"] for link in detail.links if link["text"] == "Dansk")
    assert parse_qs(urlsplit(back).query)["lang"] == ["da"]
    assert '<html lang="da">' in client.get(back).get_data(as_text=True)


def test_english_labels_for_filters_and_languages(warming_room, client):
    page = page_of(client.get("/?lang=en"))
    assert "Free of charge" in page.text and "No referral needed" in page.text
    assert "Danish" in page.text and "Warming room" in page.text


def test_catalogue_ships_inside_the_package():
    assert Path(MO).is_file() and MO.stat().st_size > 1000


def test_search_errors_and_notices_are_in_the_page_language(warming_room, client):
    bad = client.get("/?lang=en&q=herberg&open_at=torsdag")
    page = page_of(bad)
    assert bad.status_code == 400
    # The field as the form names it, in English.
    assert "Open at a given time must be a date and a time" in page.text
    assert "skal være" not in page.text
    # A parameter without a field of its own (a hand-made address) keeps the parser's words.
    handmade = page_of(client.get("/?lang=en&q=herberg&page=0"))
    assert "'page' must lie between 1 and 10000" in handmade.text
    page = page_of(client.get("/?lang=en&q=varmestue&postcode=0999"))
    assert "We do not know the postcode 0999; distance is not used." in page.text
    assert "kender vi ikke" not in page.text
    many = " ".join(["varmestue"] + [f"ord{n}" for n in range(20)])
    page = page_of(client.get("/", query_string={"lang": "en", "q": many}))
    assert "Only the first 12 words were used." in page.text
    danish = page_of(client.get("/?lang=da&q=varmestue&postcode=0999"))
    assert "Postnummer 0999 kender vi ikke; afstand er ikke brugt." in danish.text


def test_the_api_keeps_danish_notice_strings(warming_room, client):
    client.get("/?lang=en")  # an English cookie does not change the API's contract
    body = client.get("/api/v1/search?q=varmestue&postcode=0999").get_json()
    assert body["notices"] == ["Postnummer 0999 kender vi ikke; afstand er ikke brugt."]
    error = client.get("/api/v1/search?open_at=torsdag").get_json()["error"]["message"]
    assert error.startswith("'open_at' skal være en dato")


def test_english_pages_mark_the_danish_catalogue_texts(seeded_client):
    name = "Kirkens Korshærs varmestue i Bolbro"
    detail = page_of(seeded_client.get(f"/tilbud/{BOLBRO}?lang=en"))
    assert f'<h1 id="t-{BOLBRO}" lang="da">{name}</h1>' in detail.html
    assert '<p class="lead" lang="da">' in detail.html
    assert '<p class="card-org" lang="da">Kirkens Korshær</p>' in detail.html
    results = page_of(seeded_client.get("/?q=varmestue&lang=en"))
    assert f'lang="da">{name}</a></h3>' in results.html
    assert f'<span lang="da">{name}</span>' in results.html, "the list toggle's offer name too"
    # Danish pages are Danish throughout: no attribute to repeat it.
    danish = seeded_client.get(f"/tilbud/{BOLBRO}?lang=da").get_data(as_text=True)
    assert danish.count('lang="da"') == 1 and '<html lang="da"' in danish
