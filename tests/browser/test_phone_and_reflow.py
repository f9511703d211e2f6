"""A phone, a 320 px screen, a screen reader's view: results first, no sideways scrolling, errors
found at once, the quick exit covering nothing, and links that stay on this site.

Like the other browser tests these run in real Chromium through the ``guarded`` fixture: nothing
may be requested from another host, and the console stays free of errors.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import run_axe

pytestmark = pytest.mark.browser
BOLBRO = "kirkens-korshaer-varmestue-bolbro"
PHONE = {"width": 390, "height": 844}
#: One address per page type, the longest compound names and the longest list included.
PAGES = ["/", "/?q=varmestue&attribute=gratis", "/?q=x&postcode=12",
         "/tilbud/stofmisbrugsbehandling-odense", "/tilbud/housing-first-bostoette",
         f"/tilbud/{BOLBRO}/rapporter", f"/liste?liste={BOLBRO},stofmisbrugsbehandling-odense",
         f"/liste/print?liste={BOLBRO},stofmisbrugsbehandling-odense,redernes-krisecenter",
         "/tilgaengelighed", "/privatliv", "/findes-ikke"]


def _no_violations(page, where: str) -> None:  # noqa: ANN001
    violations = run_axe(page)
    assert violations == [], f"axe on {where}: {violations}"


def _expected_error_pages(guard, *statuses: int) -> None:  # noqa: ANN001
    """Chromium logs each 4xx page it loads as a console error: take exactly those out."""
    for status in statuses:
        logged = next(e for e in guard.console_errors if f"status of {status} " in e)
        guard.console_errors.remove(logged)


def test_on_a_phone_the_first_result_is_on_the_first_screen(guarded):
    page, _guard = guarded(viewport=PHONE)
    page.goto("/")
    page.fill("#q", "varmestue")
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(r"q=varmestue"))
    heading = page.locator("#resultater .card-title").first.bounding_box()
    assert heading["y"] + heading["height"] <= PHONE["height"], heading
    refine = page.locator("details.refine")
    assert refine.bounding_box()["y"] > heading["y"], "the filters come after the results"
    assert not refine.evaluate("d => d.open"), "closed on a phone"
    _no_violations(page, "results on a phone")

    # "Afgræns" opens, a filter narrows the results live, and the count and title follow.
    page.click("summary:has-text('Afgræns')")
    page.check("#attr-gratis")
    page.wait_for_url(re.compile(r"attribute=gratis"))
    expect(page.locator("details.refine > summary")).to_have_text("Afgræns (1), 1 filter valgt")
    count = page.locator("[data-result-count]").text_content()
    expect(page).to_have_title(f"varmestue – søgning – {count} – Den sociale vejviser")
    _no_violations(page, "filters open on a phone")


def test_no_page_scrolls_sideways_at_320_px(guarded):
    page, guard = guarded(viewport={"width": 320, "height": 640})
    wide = []
    for lang in ("da", "en"):
        for address in PAGES:
            page.goto(address + ("&" if "?" in address else "?") + f"lang={lang}")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                wide.append((address, lang, width))
    assert wide == [], "pages wider than the screen"
    _expected_error_pages(guard, 400, 404, 400, 404)


def test_the_quick_exit_comes_with_live_results_and_never_hides_the_focus(guarded):
    page, guard = guarded(viewport=PHONE)
    guard.allowed_exits.append("https://www.dr.dk/")
    page.goto("/")
    assert page.locator("[data-quick-exit]").count() == 0
    page.fill("#q", "misbrug")  # live results: ten offers, the crisis centre among them
    page.wait_for_url(re.compile(r"q=misbrug"))
    expect(page.locator("[data-quick-exit]")).to_be_visible()
    assert page.evaluate("document.documentElement.classList.contains('has-quick-exit')")
    _no_violations(page, "live results with a crisis offer")
    # The keyboard never leaves the focus under the bar (WCAG 2.4.11): put each result's list
    # toggle on screen but behind the bar, then Tab to it from its title.
    bar = page.locator(".quick-exit-bar").bounding_box()
    toggles = page.locator("#resultater [data-list-toggle]")
    tried = 0
    for index in range(toggles.count()):
        toggles.nth(index).evaluate(
            "(el) => { const r = el.getBoundingClientRect();"
            " window.scrollBy(0, r.bottom - (innerHeight - 8));"
            " el.closest('article').querySelector('.card-title a').focus({preventScroll: true}); }")
        behind = toggles.nth(index).bounding_box()
        if behind["y"] + behind["height"] <= bar["y"]:
            continue  # near the top of the page: it cannot be scrolled behind the bar
        tried += 1
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.hasAttribute('data-list-toggle')")
        shown = toggles.nth(index).bounding_box()
        assert shown["y"] + shown["height"] <= bar["y"], "the focused toggle is under the bar"
    assert tried >= 5
    page.click("[data-quick-exit]")
    page.wait_for_url("https://www.dr.dk/")


def test_list_toggles_are_named_for_their_offer_and_say_pressed(guarded):
    page, _guard = guarded()
    page.goto("/?q=varmestue")
    toggle = page.get_by_role("button", name="På min liste – Kirkens Korshærs varmestue i Bolbro")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    names = page.locator("#resultater [data-list-toggle]").evaluate_all(
        "els => els.map(e => e.textContent)")
    assert len(names) > 1 and len(set(names)) == len(names), names
    toggle.focus()
    page.keyboard.press("Space")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#live")).to_contain_text("tilføjet til Min liste")
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    assert page.locator("[data-list-count]").text_content() == "0"


def test_an_error_is_focused_and_named_in_the_title(guarded):
    page, guard = guarded(viewport=PHONE)
    page.goto("/?q=varmestue&postcode=12")
    expect(page).to_have_title(re.compile(r"^Fejl: Postnummer skal være fire cifre"))
    expect(page.locator(".error-box")).to_be_focused()
    page.keyboard.press("Tab")  # the message links to its field
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#postcode"
    page.focus("#postcode")
    page.keyboard.press("End")
    page.keyboard.type("00")  # "1200": four digits, a search that works
    page.wait_for_url(re.compile(r"postcode=1200"))
    expect(page.locator("#postcode")).not_to_have_attribute("aria-invalid", "true")
    assert page.locator(".field-error").count() == 0
    _no_violations(page, "search error fixed")

    page.goto(f"/tilbud/{BOLBRO}/rapporter")
    page.fill("#message", "Nej")
    page.click(".report-form button[type=submit]")
    expect(page).to_have_title(re.compile(r"^Fejl: "))
    # Focus moves when the page's script has run, which may be after the title is there.
    expect(page.locator("#message")).to_be_focused()
    _no_violations(page, "report form error")
    _expected_error_pages(guard, 400, 400)


@pytest.mark.parametrize("path", ["/%5Cevil.example", "/%09/evil.example", "//evil.example"])
def test_the_language_switch_never_leads_off_site(guarded, live_server, path):
    page, guard = guarded()
    page.goto(live_server + path)  # a full address: "//evil.example" alone names a host
    href = page.locator("[hreflang]").evaluate("a => a.href")
    assert href.startswith(live_server + "/"), href
    page.click("[hreflang]")  # a request elsewhere would be caught by the guard
    page.wait_for_load_state()
    assert page.url.startswith(live_server + "/") and page.locator("html").get_attribute(
        "lang") == "en"
    _expected_error_pages(guard, 404)


def test_todays_row_stands_out_by_more_than_a_tint(guarded):
    page, _guard = guarded()
    page.goto(f"/tilbud/{BOLBRO}")
    today = page.locator("tr.today th")
    expect(today).to_contain_text("(i dag)")
    style = today.evaluate("th => { const s = getComputedStyle(th);"
                           " return [parseFloat(s.borderLeftWidth), parseInt(s.fontWeight)]; }")
    assert style[0] >= 4 and style[1] >= 700, style
