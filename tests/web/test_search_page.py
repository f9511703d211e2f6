"""The search page without JavaScript: form, filters, cards, pagination, errors, empty state."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from tests.web.conftest import BOLBRO, CRISIS, page_of


def test_home_is_a_search_form_with_filters_and_a_skip_link(
        warming_room, crisis_centre, client):
    response = client.get("/")
    page = page_of(response)
    assert response.status_code == 200
    assert '<html lang="da">' in page.html
    assert page.links[0]["href"] == "#indhold" and "indhold" in page.ids
    names = {field.get("name") for field in page.inputs}
    assert {"q", "open_now", "open_at", "attribute", "postcode", "radius_km", "category",
            "target_group", "language", "near"} <= names
    for label in ("Gratis", "Anonym", "Uden visitation", "Åben nu", "Åben på et tidspunkt"):
        assert label in page.text


def test_pages_keep_the_strict_content_security_policy(warming_room, client):
    response = client.get("/?q=varmestue")
    page = page_of(response)
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert page.style_attributes == 0
    assert all(script.get("src") for script in page.scripts), "no inline scripts"
    assert not any("//" in s["src"] for s in page.scripts), "no third-party scripts"


def test_assets_have_versioned_urls_and_long_cache(warming_room, client):
    page = page_of(client.get("/"))
    css = next(link for link in page.html.split('"') if link.startswith("/static/css/site.css"))
    assert "?v=" in css
    response = client.get(css)
    assert response.status_code == 200
    assert "immutable" in response.headers["Cache-Control"]
    response.close()


def test_result_cards_show_status_target_groups_and_a_list_button(warming_room, client):
    page = page_of(client.get("/?q=varmestue"))
    assert "Varmestuen i Bolbro" in page.text
    assert "Kirkens Korshær" in page.text
    # Inside the card's badge: the "Åben nu" filter label is on every page.
    status = page.status_of(warming_room)
    assert status.startswith(("Åben nu", "Lukket")), status
    assert "Hjemløse" in page.text
    add = page.hrefs("data-list-toggle")[0]
    assert parse_qs(urlsplit(add).query)["liste"][0]


def test_a_chosen_time_is_named_on_the_cards_not_called_open_now(warming_room, client):
    page = page_of(client.get("/?q=varmestue&open_at=2026-12-10T12:00"))
    assert page.status_of(warming_room) == "Åben tors. 10. dec. kl. 12 – lukker kl. 16"
    assert page.statuses and not any("nu" in status.split() for status in page.statuses)
    english = page_of(client.get("/?q=varmestue&open_at=2026-12-10T12:00&lang=en"))
    assert english.status_of(warming_room) == "Open Thu 10 Dec at 12:00 – closes at 16:00"


def test_filters_are_echoed_and_removable(warming_room, client):
    page = page_of(client.get("/?q=&attribute=gratis&open_now=1"))
    checked = {(f.get("name"), f.get("value")) for f in page.inputs if "checked" in f}
    assert ("attribute", "gratis") in checked and ("open_now", "1") in checked
    chips = [link["href"] for link in page.links if "fjern filter" in link["text"]]
    assert any("attribute" not in href and "open_now=1" in href for href in chips)


def test_a_distance_without_a_place_is_ignored_not_an_error(warming_room, client):
    response = client.get("/?q=varmestue&postcode=&radius_km=5&sort=distance")
    assert response.status_code == 200


def test_a_malformed_parameter_is_a_400_that_keeps_the_form(client):
    response = client.get("/?q=herberg&open_at=torsdag")
    page = page_of(response)
    assert response.status_code == 400
    assert "Søgningen kunne ikke forstås" in page.text and "fx 2026-12-04 14:30" in page.text
    assert any(f.get("name") == "q" and f.get("value") == "herberg" for f in page.inputs)
    assert any(f.get("name") == "open_at" and f.get("value") == "torsdag" for f in page.inputs)


def _field(page, name: str) -> dict[str, str]:  # noqa: ANN001
    return next(f for f in page.inputs if f.get("name") == name)


def test_a_search_error_names_the_field_marks_it_and_is_focused_first(seeded_client):
    page = page_of(seeded_client.get("/?q=herberg&postcode=12"))
    message = "Postnummer skal være fire cifre, fx 5000."
    assert page.html.count(message) >= 2, "in the error summary and beside the field"
    assert "'postcode'" not in page.text
    assert re.search(r"<title>Fejl: Postnummer skal være fire cifre", page.html)
    postcode = _field(page, "postcode")
    assert postcode["aria-invalid"] == "true"
    described = postcode["aria-describedby"].split()
    assert all(re.search(rf'id="{ref}"[^>]*>{re.escape(message)}', page.html) for ref in described)
    # The error box has focus when the page opens and links to the field; the filters, closed
    # on a phone, are open so that the field can be reached.
    assert re.search(r'class="error-box"[^>]*tabindex="-1"[^>]*autofocus', page.html)
    assert '<a href="#postcode">' in page.html
    assert re.search(r'<details class="refine"[^>]*\bopen\b', page.html)
    # Nothing else is marked invalid.
    assert [f["name"] for f in page.inputs if f.get("aria-invalid")] == ["postcode"]


def test_filters_follow_the_results_behind_a_count_of_active_ones(seeded_client):
    page = page_of(seeded_client.get("/?q=varmestue&attribute=gratis&open_now=1"
                                     "&category=varmestue"))
    html = page.html
    assert html.index('id="q"') < html.index('id="resultater"') < html.index('id="open_now"')
    assert re.search(r'<details class="refine"[^>]*>\s*<summary>Afgræns <span data-refine-count>'
                     r'<span aria-hidden="true">\(3\)</span>'
                     r'<span class="visually-hidden">, 3 filtre valgt</span>', html)
    assert not re.search(r'<details class="refine"[^>]*\bopen\b', html), "closed until asked"
    # Every filter belongs to the search form, though it stands outside the <form> element.
    filters = html[html.index('<details class="refine"'):]
    controls = re.findall(r"<(?:input|select|button)\b[^>]*>", filters)
    assert controls and all('form="search"' in c for c in controls if "data-geolocate" not in c)
    none = page_of(seeded_client.get("/?q=varmestue"))
    assert "filtre valgt" not in none.text and "filter valgt" not in none.text


def test_an_empty_catalogue_answers_with_the_empty_state(client):
    response = client.get("/?q=varmestue")
    assert response.status_code == 200
    assert "Ingen tilbud passer til søgningen." in page_of(response).text
    assert client.get("/api/v1/search").get_json()["total"] == 0


def test_empty_state_helps(warming_room, client):
    page = page_of(client.get("/?q=zzqqxx&attribute=anonym"))
    assert "Ingen tilbud passer til søgningen." in page.text
    assert "søg uden filtre" in page.text and "ae, oe og aa" in page.text


def test_did_you_mean_links_to_the_suggestion(warming_room, client, fake_search):
    fake_search([], suggestion="varmestue")
    page = page_of(client.get("/?q=varmstue&category=varmestue"))
    assert "Mente du varmestue ?" in page.text or "Mente du varmestue?" in page.text
    link = [link["href"] for link in page.links if link["text"] == "varmestue"]
    assert any("q=varmestue" in href and "category=varmestue" in href for href in link)


def test_facet_counts_and_distance(warming_room, client, fake_search):
    fake_search([warming_room], facets={"category": {"varmestue": 7}}, distance_km=2.345)
    page = page_of(client.get("/?postcode=5000"))
    assert 'data-facet="category:varmestue">(7)' in page.html
    assert "2,3 km væk" in page.text


def test_pagination_keeps_query_and_filters(warming_room, client, fake_search):
    fake_search([warming_room], total=45)
    page = page_of(client.get("/?q=hjemløs&category=herberg&per_page=10&page=2"))
    assert "45 tilbud fundet" in page.text
    nav = [h for h in page.hrefs(r"page=\d") if "page=" in h]
    assert any("page=3" in h and "category=herberg" in h and "q=" in h for h in nav)
    assert 'aria-current="page"' in page.html


def test_fragment_is_only_the_results_region(warming_room, client):
    response = client.get("/?q=varmestue&fragment=1")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in html and "data-result-count" in html and "data-facets" in html


def test_language_switch_keeps_query_and_filters(warming_room, client):
    page = page_of(client.get("/?q=varmestue&attribute=gratis"))
    switch = next(link["href"] for link in page.links if link["text"] == "English")
    query = parse_qs(urlsplit(switch).query)
    assert query == {"q": ["varmestue"], "attribute": ["gratis"], "lang": ["en"]}


def test_english_words_find_what_their_danish_words_find_in_both_languages(seeded_client):
    wanted = {"shelter": "st-dannesbo", "warming room": BOLBRO, "crisis centre": CRISIS,
              "needle exchange": "bytteordningen", "food": "reden-odense",
              "homeless": "st-dannesbo"}
    for lang in ("da", "en"):
        for q, slug in wanted.items():
            page = page_of(seeded_client.get("/", query_string={"q": q, "lang": lang}))
            assert f'id="t-{slug}"' in page.html, (lang, q)


def test_results_with_a_crisis_centre_offer_quick_exit_also_from_kept_cards(
        crisis_centre, warming_room, client):
    # The second answer comes from kept cards (``catalogue.shown``), which no longer hold the
    # offer's categories and target groups: the card itself says it is a crisis offer.
    for _ in range(2):
        crisis = client.get("/", query_string={"q": "krisecentret"}).get_data(as_text=True)
        assert crisis_centre in crisis and "data-quick-exit" in crisis
        ordinary = client.get("/", query_string={"q": "varmestue"}).get_data(as_text=True)
        assert warming_room in ordinary and "data-quick-exit" not in ordinary
