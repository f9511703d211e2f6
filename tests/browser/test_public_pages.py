"""The public pages in real headless Chromium: keyboard flow, no-JS, language, open at, exit.

Each test also proves (through the ``guarded`` fixture) that nothing was requested from any host
but ours and that the console stayed free of errors, CSP violations included.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import run_axe, tab_to

pytestmark = pytest.mark.browser
BOLBRO = "kirkens-korshaer-varmestue-bolbro"


def _no_violations(page, where: str) -> None:  # noqa: ANN001
    violations = run_axe(page)
    assert violations == [], f"axe on {where}: {violations}"


def test_keyboard_only_search_filter_open_add_print(guarded):
    page, _guard = guarded()
    page.goto("/")
    _no_violations(page, "home")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").bounding_box()["x"] >= 0, "skip link visible on focus"
    page.keyboard.press("Enter")
    tab_to(page, "#q")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focus is visible"
    page.keyboard.type("varmestue")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=varmestue"))
    assert page.locator(f"#t-{BOLBRO}").count() == 1
    _no_violations(page, "results")

    tab_to(page, "#attr-gratis")
    page.keyboard.press("Space")  # live results: the URL follows the filter without a reload
    page.wait_for_url(re.compile(r"attribute=gratis"))
    page.wait_for_selector("#live:not(:empty)")
    toggles = page.locator("#resultater [data-list-toggle]")
    slugs = [toggles.nth(i).get_attribute("data-list-toggle") for i in range(toggles.count())]
    others = [slug for slug in slugs if slug != BOLBRO][:2]
    assert len(others) == 2, f"two offers besides the warming room to add: {slugs}"
    for slug in others:
        tab_to(page, f'[data-list-toggle="{slug}"]')
        page.keyboard.press("Enter")
        page.wait_for_selector(f'[data-list-toggle="{slug}"].is-on')
    assert page.locator("[data-list-count]").text_content() == "2"

    # Is the warming room open on a Thursday after 4 December? Closed Thu 26 November at noon
    # (before the change it opens Mon, Wed and Fri), open Thu 10 December at noon.
    page.fill("#open_at", "2026-11-26T12:00")
    page.dispatch_event("#open_at", "change")
    page.wait_for_url(re.compile(r"open_at=2026-11-26T12"))
    expect(page.locator(f"#t-{BOLBRO}")).to_have_count(0)  # not among the offers open then
    page.fill("#open_at", "2026-12-10T12:00")
    page.dispatch_event("#open_at", "change")
    page.wait_for_url(re.compile(r"open_at=2026-12-10T12"))
    card = page.locator(f"#t-{BOLBRO} >> xpath=..")
    expect(card.locator(".status--open")).to_have_text(
        "Åben tors. 10. dec. kl. 12 – lukker kl. 16")

    tab_to(page, f"#t-{BOLBRO} a")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(f"/tilbud/{BOLBRO}.*at=2026-12-10T12"))
    expect(page.locator(".offer-head .status--open")).to_have_text(
        "Åben tors. 10. dec. kl. 12 – lukker kl. 16")
    _no_violations(page, "detail")
    tab_to(page, "[data-list-toggle]")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-list-toggle].is-on")
    expect(page.locator("#live")).to_contain_text("tilføjet til Min liste")
    wanted = 3
    assert page.locator("[data-list-count]").text_content() == str(wanted)
    page.goto(f"/tilbud/{BOLBRO}?at=2026-11-26T12:00")  # the list comes back from localStorage
    expect(page.locator(".offer-head .status--closed")).to_have_text(
        "Lukket tors. 26. nov. kl. 12 – åbner fre. kl. 10")
    assert page.locator("[data-list-count]").text_content() == str(wanted)

    tab_to(page, "[data-list-link]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/liste\?liste="))
    assert page.locator(".results > li").count() == wanted
    _no_violations(page, "list")
    tab_to(page, "[data-print-link]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/liste/print"))
    assert page.locator(".print-offer").count() == wanted
    assert page.locator("svg.qr").count() == 1
    assert "Udskrevet" in page.text_content("main")
    _no_violations(page, "print")
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()


def test_list_survives_in_local_storage(guarded):
    page, _guard = guarded()
    page.goto(f"/tilbud/{BOLBRO}")
    page.click("[data-list-toggle]")
    page.goto("/liste")  # no ?liste= in the URL: localStorage fills it in
    page.wait_for_url(re.compile(f"liste={BOLBRO}"))
    assert page.locator(".results > li").count() == 1


def test_without_javascript_the_form_and_list_work(guarded):
    page, _guard = guarded(java_script_enabled=False)
    page.goto("/")
    page.fill("#q", "herberg")
    page.click("summary:has-text('Afgræns')")  # the filters, closed, work without JavaScript
    page.check("#open_now")
    page.click("#search button[type=submit]")
    page.wait_for_url(re.compile(r"q=herberg"))
    assert "open_now=1" in page.url
    assert page.locator("#t-st-dannesbo").count() == 1
    assert "Åben nu" in page.locator("#t-st-dannesbo >> xpath=..").text_content()
    page.click('[data-list-toggle="st-dannesbo"]')
    page.wait_for_url(re.compile(r"liste=st-dannesbo"))
    page.click("[data-list-link]")
    assert page.locator(".results > li").count() == 1
    assert page.locator("[data-print]").is_hidden(), "JS-only buttons stay hidden"


def test_language_switch_open_at_and_geolocation_on_request(guarded):
    page, _guard = guarded(permissions=["geolocation"],
                           geolocation={"latitude": 55.396, "longitude": 10.388})
    page.goto("/")
    # Live results first (the URL changes without a reload), then the switch: both survive.
    page.fill("#q", "varmestue")
    page.wait_for_url(re.compile(r"q=varmestue"))
    page.check("#attr-gratis")
    page.wait_for_url(re.compile(r"attribute=gratis"))
    page.click("text=English")
    page.wait_for_url(re.compile(r"lang=en"))
    assert "q=varmestue" in page.url and "attribute=gratis" in page.url
    assert page.locator("h1").text_content() == "Find a service"
    assert page.input_value("#q") == "varmestue" and page.is_checked("#attr-gratis")
    # Is the warming room open on Thursday 10 December at noon (after the 4 December change)?
    page.fill("#open_at", "2026-12-10T12:00")
    page.dispatch_event("#open_at", "change")
    page.wait_for_url(re.compile(r"open_at=2026-12-10T12"))
    card = page.locator(f"#t-{BOLBRO} >> xpath=..")
    # A chosen time is named on the card, never called "Open now".
    expect(card.locator(".status")).to_have_text("Open Thu 10 Dec at 12:00 – closes at 16:00")
    assert "near=" not in page.url, "no position is used before it is asked for"
    page.click("[data-geolocate]")
    page.wait_for_url(re.compile(r"near=55\.396"))
    page.wait_for_selector("text=km away")


def test_a_postcode_is_only_searched_when_it_has_four_digits(guarded):
    page, _guard = guarded()
    page.goto("/?q=varmestue")
    page.type("#postcode", "50", delay=50)
    page.wait_for_timeout(700)  # longer than the live search's 300 ms pause
    page.check("#attr-gratis")  # a live refresh while the postcode is half typed
    page.wait_for_url(re.compile(r"attribute=gratis"))
    expect(page.locator("#live")).not_to_be_empty()
    assert page.locator("#resultater .error-box").count() == 0, "no error mid-word"
    assert "Nær 50" not in page.locator("#resultater").text_content()
    assert "postcode" not in page.url
    page.fill("#postcode", "5000")
    page.wait_for_url(re.compile(r"postcode=5000"))
    expect(page.locator("#resultater .chips")).to_contain_text("Nær 5000")
    assert page.locator("#resultater .error-box").count() == 0


def test_quick_exit_replaces_the_history_entry(guarded):
    page, guard = guarded()
    guard.allowed_exits.append("https://www.dr.dk/")
    page.goto("/")
    page.goto("/tilbud/redernes-krisecenter")
    _no_violations(page, "crisis detail")
    page.click("[data-quick-exit]")
    page.wait_for_url("https://www.dr.dk/")
    page.go_back()
    assert "krisecenter" not in page.url


def test_quick_exit_covers_nothing_on_a_phone(guarded):
    page, _guard = guarded(viewport={"width": 375, "height": 667})
    page.goto("/tilbud/redernes-krisecenter")
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    assert page.evaluate("window.innerHeight + window.scrollY + 1 >= "
                         "document.documentElement.scrollHeight"), "scrolled to the bottom"
    button = page.locator("[data-quick-exit]").bounding_box()
    last = page.locator(".site-footer > p").last.bounding_box()
    assert last["y"] + last["height"] <= button["y"], "the button covers the last line"
    _no_violations(page, "crisis detail on a phone")


STORED = "localStorage.getItem('vejviser.liste')"


def test_quick_exit_forgets_min_liste(guarded):
    page, guard = guarded()
    guard.allowed_exits.append("https://www.dr.dk/")
    page.goto(f"/tilbud/{BOLBRO}")
    page.click("[data-list-toggle]")
    page.wait_for_selector("[data-list-toggle].is-on")
    page.goto("/tilbud/redernes-krisecenter")
    page.click("[data-list-toggle]")
    page.wait_for_selector("[data-list-toggle].is-on")
    assert page.evaluate(STORED) == f"{BOLBRO},redernes-krisecenter"
    page.click("[data-quick-exit]")
    page.wait_for_url("https://www.dr.dk/")
    page.goto("/liste")  # back on our site later: nothing shows where the citizen has been
    assert page.evaluate(STORED) is None
    assert "liste=" not in page.url and page.locator(".results > li").count() == 0
    assert page.locator("[data-list-count]").text_content() == "0"


def test_a_shared_list_is_stored_only_when_changed(guarded):
    page, _guard = guarded()
    page.goto(f"/liste?liste={BOLBRO},st-dannesbo")  # a QR code or a link from a professional
    assert page.locator(".results > li").count() == 2
    page.goto(f"/?liste={BOLBRO},st-dannesbo")
    assert page.evaluate(STORED) is None, "opening a shared list stores nothing"
    page.goto(f"/tilbud/redernes-krisecenter?liste={BOLBRO}")
    page.click("[data-list-toggle]")  # the person's own change: now it is their list
    page.wait_for_selector("[data-list-toggle].is-on")
    assert page.evaluate(STORED) == f"{BOLBRO},redernes-krisecenter"
