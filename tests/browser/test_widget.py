"""The widget on a partner's page in real headless Chromium: another origin (another port) embeds
the script and the iframe as copied from "Indlejr søgningen".

A search works in both; the host's CSS does not reach the widget, nor the widget's the host;
keyboard alone is enough; axe finds nothing inside the widget; the console stays clean; and a
host page with a strict CSP (no inline styles, scripts and connections only from us) works.
"""
from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import AXE, run_axe

pytestmark = pytest.mark.browser
#: What a careless host stylesheet does to everything on its page.
HOSTILE_CSS = "* { color: red !important; font-size: 40px; } input { display: none; } " \
              "ul { list-style: square; } h3 { font-size: 13px; }"
SEARCH = "input[type=search]"


def _pages(origin: str) -> dict[str, tuple[dict[str, str], str]]:
    snippet = (f'<div data-vejviser data-categories="varmestue" '
               f'data-open-now="false" data-max="4" data-accent="#6a1b9a"></div>'
               f'<script src="{origin}/widget.js" async></script>')
    host = ('<h1>Frivilligcenter</h1><ul id="host-list"><li>Vores egen liste</li></ul>'
            '<button id="host-button">Vores knap</button><h3 id="host-h3">Vores overskrift</h3>')
    html = "<!doctype html><html lang='da'><head><meta charset='utf-8'><title>Partner</title>"
    strict = (f"default-src 'self'; script-src 'self' {origin}; connect-src {origin}; "
              "style-src 'self'")
    return {
        "/script": ({}, f"{html}<link rel='stylesheet' href='/host.css'></head><body><main>"
                        f"{host}{snippet}</main></body></html>"),
        "/host.css": ({"Content-Type": "text/css"}, HOSTILE_CSS),
        "/strict": ({"Content-Security-Policy": strict},
                    f"{html}<link rel='stylesheet' href='/host.css'></head><body><main>"
                    f"{snippet}</main></body></html>"),
        "/crisis": ({}, f"{html}</head><body><main><div data-vejviser data-open-now='false' "
                        f"data-layout='full'></div><script src='{origin}/widget.js' async>"
                        f"</script></main></body></html>"),
        "/iframe": ({}, f"{html}</head><body><main><h1>Partner</h1>"
                        f"<iframe src='{origin}/embed?category=varmestue&amp;open_now=0&amp;max=3'"
                        f" title='Søg i Den sociale vejviser' width='100%' height='200' "
                        f"data-vejviser-frame></iframe>"
                        f"<script src='{origin}/widget-resize.js' async></script>"
                        f"</main></body></html>"),
    }


@pytest.fixture(scope="module")
def partner(live_server: str) -> Iterator[str]:
    """A partner site on another port of 127.0.0.1 (another origin)."""
    pages = _pages(live_server)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            if self.path not in pages:
                self.send_error(404)
                return
            headers, body = pages[self.path]
            self.send_response(200)
            self.send_header("Content-Type",
                             headers.get("Content-Type", "text/html; charset=utf-8"))
            for name, value in headers.items():
                if name != "Content-Type":
                    self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body.encode("utf-8"))

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture
def visit(browser, live_server: str, partner: str):  # noqa: ANN001, ANN201
    """``visit(path) -> page`` on the partner site; afterwards: no request went anywhere but the
    two origins, no console error, no CSP violation, no cookie and no storage of ours."""
    made = []

    def open_page(path: str):  # noqa: ANN202
        context = browser.new_context(locale="da-DK", timezone_id="Europe/Copenhagen")
        foreign: list[str] = []
        errors: list[str] = []

        def route(route):  # noqa: ANN001, ANN202
            url = route.request.url
            if url.startswith((live_server + "/", partner + "/")):
                return route.continue_()
            foreign.append(url)
            return route.abort()

        context.route("**/*", route)
        context.add_init_script("window.__violations = []; document.addEventListener("
                                "'securitypolicyviolation', e => window.__violations.push("
                                "e.violatedDirective + ' ' + e.blockedURI));")
        page = context.new_page()
        page.set_default_timeout(8000)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        made.append((context, page, foreign, errors))
        page.goto(partner + path)
        return page

    yield open_page
    for context, page, foreign, errors in made:
        violations = page.evaluate("window.__violations")
        cookies = context.cookies()
        context.close()
        assert foreign == [], f"third-party requests: {foreign}"
        assert errors == [], f"console errors: {errors}"
        assert violations == [], f"CSP violations: {violations}"
        assert cookies == [], f"cookies: {cookies}"


def _results(page):  # noqa: ANN001, ANN202
    """The widget's result cards (Playwright's CSS selectors pierce open shadow roots)."""
    return page.locator("[data-vejviser] li")


def test_a_search_works_in_the_script_variant(visit) -> None:  # noqa: ANN001
    page = visit("/script")
    expect(_results(page).first).to_be_visible()
    assert page.evaluate("document.querySelector('[data-vejviser]').shadowRoot !== null")
    page.locator(SEARCH).fill("bolbro")
    page.locator("[data-vejviser] button[type=submit]").click()
    expect(page.locator("[data-vejviser] [role=status]")).to_contain_text("fundet")
    link = page.locator("[data-vejviser] li a").first
    assert link.get_attribute("rel") == "noreferrer"
    assert "/tilbud/" in (link.get_attribute("href") or "")
    storage = page.evaluate("[localStorage.length, sessionStorage.length, document.cookie]")
    assert storage == [0, 0, ""]


def test_host_css_and_widget_css_stay_apart(visit) -> None:  # noqa: ANN001
    page = visit("/script")
    expect(_results(page).first).to_be_visible()
    field = page.locator(SEARCH)
    assert field.is_visible(), "the host's 'input { display: none }' hid our field"
    inside = page.evaluate("""() => {
        const root = document.querySelector('[data-vejviser]').shadowRoot;
        const style = el => getComputedStyle(el);
        return {link: style(root.querySelector('li a')).color,
                label: style(root.querySelector('label')).fontSize,
                list: style(root.querySelector('ul')).listStyleType,
                button: style(root.querySelector('button')).backgroundColor};
    }""")
    assert inside["link"] != "rgb(255, 0, 0)" and inside["label"] != "40px"
    assert inside["list"] == "none"
    assert inside["button"] == "rgb(106, 27, 154)"  # data-accent reached our button
    outside = page.evaluate("""() => ({
        list: getComputedStyle(document.querySelector('#host-list')).listStyleType,
        h3: getComputedStyle(document.querySelector('#host-h3')).fontSize,
        button: getComputedStyle(document.querySelector('#host-button')).backgroundColor})""")
    assert outside["list"] == "square" and outside["h3"] == "13px"  # ours did not leak out
    assert outside["button"] != "rgb(106, 27, 154)"


def test_keyboard_alone_and_axe_inside_the_widget(visit) -> None:  # noqa: ANN001
    page = visit("/script")
    expect(_results(page).first).to_be_visible()
    active = "document.activeElement.shadowRoot && document.activeElement.shadowRoot.activeElement"
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate(f"!!({active}) && ({active}).type === 'search'"):
            break
    else:
        raise AssertionError("Tab never reached the widget's search field")
    outline = page.evaluate(f"getComputedStyle({active}).outlineStyle")
    assert outline != "none", "focus is visible"
    page.keyboard.type("varmestue")
    page.keyboard.press("Enter")
    expect(page.locator("[data-vejviser] [role=status]")).to_contain_text("fundet")
    for _ in range(6):  # past the button and the open-now box to the first result
        page.keyboard.press("Tab")
        if page.evaluate(f"({active}) && ({active}).tagName === 'A'"):
            break
    assert page.evaluate(f"({active}).closest('li') !== null"), "Tab reaches the results"
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
    result = page.evaluate(
        "axe.run(document.querySelector('[data-vejviser]'), {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})")
    assert len(result["passes"]) > 5, "axe checked nothing inside the widget"
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert violations == []


def test_a_strict_host_csp_still_works(visit) -> None:  # noqa: ANN001
    page = visit("/strict")
    expect(_results(page).first).to_be_visible()
    adopted = page.evaluate(
        "document.querySelector('[data-vejviser]').shadowRoot.adoptedStyleSheets.length")
    assert adopted == 1  # styled through a constructable stylesheet, not inline <style>
    assert page.evaluate("getComputedStyle(document.querySelector('[data-vejviser]')"
                         ".shadowRoot.querySelector('button')).borderRadius") != "0px"


def test_the_iframe_variant_searches_and_grows_to_its_content(visit) -> None:  # noqa: ANN001
    page = visit("/iframe")
    frame = page.frame_locator("iframe[data-vejviser-frame]")
    expect(frame.locator("[data-vejviser] li").first).to_be_visible()
    frame.locator(SEARCH).fill("varmestue")
    frame.locator(SEARCH).press("Enter")
    expect(frame.locator("[data-vejviser] [role=status]")).to_contain_text("fundet")
    link = frame.locator("[data-vejviser] li a").first
    assert link.get_attribute("target") == "_blank" and link.get_attribute("rel") == "noreferrer"
    page.wait_for_function(
        "parseInt(document.querySelector('iframe').style.height || '0', 10) > 200")


def test_crisis_offers_show_the_quick_exit_inside_the_widget(visit) -> None:  # noqa: ANN001
    page = visit("/crisis")
    expect(_results(page).first).to_be_visible()
    page.locator(SEARCH).fill("krisecenter")
    page.locator(SEARCH).press("Enter")
    exit_link = page.locator("[data-vejviser] a.exit").first
    expect(exit_link).to_have_text("Forlad siden hurtigt")
    assert exit_link.get_attribute("rel") == "noreferrer"
    assert exit_link.get_attribute("href") == "https://www.dr.dk/"


def test_the_builder_previews_live_and_is_accessible(guarded) -> None:  # noqa: ANN001
    page, _guard = guarded()
    page.goto("/indlejr")
    assert run_axe(page) == []
    script = page.locator("[data-snippet=script]")
    assert "data-categories" not in script.input_value()
    page.locator("input[name=category][value=varmestue]").check()
    page.locator("input[name=sprog][value=en]").check()
    expect(script).to_have_value(re.compile(r'data-categories="varmestue".*data-lang="en"'))
    expect(page.locator("[data-snippet=iframe]")).to_have_value(
        re.compile(r"/embed\?category=varmestue&amp;open_now=1&amp;lang=en"))
    expect(page.locator("[data-embed-preview]")).to_have_attribute(
        "src", re.compile(r"category=varmestue"))
    preview = page.frame_locator("[data-embed-preview]")
    expect(preview.locator("[data-vejviser] form")).to_be_visible()
