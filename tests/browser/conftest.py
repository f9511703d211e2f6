"""Real headless Chromium (Debian's, driven by Playwright) against a live server on 127.0.0.1.

One copy of the seeded app and one browser per session; each test gets a fresh context (empty
localStorage) that refuses every request not going to our server and records CSP errors. Chromium
or axe-core missing: skip with the reason, or fail under ``VEJVISER_REQUIRE_BROWSER=1`` (CI).
"""
from __future__ import annotations

import os
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.threaded import served

CHROMIUM = os.environ.get("VEJVISER_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
REQUIRE = os.environ.get("VEJVISER_REQUIRE_BROWSER") == "1"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]


def _missing() -> str | None:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if not AXE.exists():
        return f"no axe-core at {AXE} (npm install --no-save --prefix tests/browser axe-core@4)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install '.[test]')"
    return None


@pytest.fixture(scope="session")
def browser_requirements() -> None:
    problem = _missing()
    if problem:
        if REQUIRE:
            pytest.fail(problem)
        pytest.skip(problem)


@pytest.fixture(scope="session")
def live_server(browser_requirements, seed_template,  # noqa: ANN001
                tmp_path_factory) -> Iterator[str]:
    """A copy of the seeded app served by werkzeug in a thread on a free port of 127.0.0.1."""
    from tests.conftest import own_database
    from vejviser import create_app

    folder = tmp_path_factory.mktemp("browser")
    with own_database(folder, BASE_URL="http://127.0.0.1") as (config, _):
        app = create_app(config)
        seed_template.copy_into(app)
        with served(app) as url:
            yield url


@pytest.fixture(scope="session")
def browser(browser_requirements) -> Iterator[object]:  # noqa: ANN001
    from playwright.sync_api import sync_playwright

    with warnings.catch_warnings():
        warnings.simplefilter("default")  # the driver's own asyncio/subprocess noise is not ours
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            yield chromium
            chromium.close()


class Guard:
    """What a page did that it must not: requests elsewhere, console errors (CSP included)."""

    def __init__(self) -> None:
        self.foreign: list[str] = []
        self.console_errors: list[str] = []
        self.allowed_exits: list[str] = []

    def check(self) -> None:
        assert not self.foreign, f"third-party requests: {self.foreign}"
        assert not self.console_errors, f"console errors: {self.console_errors}"


@pytest.fixture
def guarded(browser, live_server):  # noqa: ANN001, ANN201
    """``make(**context_options) -> (page, guard)``; every context is checked at the end."""
    made = []

    def make(**options):  # noqa: ANN003, ANN202
        context = browser.new_context(base_url=live_server, locale="da-DK",
                                      timezone_id="Europe/Copenhagen", **options)
        guard = Guard()

        def route(route):  # noqa: ANN001, ANN202
            url = route.request.url
            if url.startswith(live_server + "/") or url == live_server:
                return route.continue_()
            if any(url.startswith(prefix) for prefix in guard.allowed_exits):
                return route.fulfill(status=200, content_type="text/html",
                                     body="<!doctype html><title>neutral</title><p>neutral")
            guard.foreign.append(url)
            return route.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.set_default_timeout(5000)
        page.on("console", lambda message: guard.console_errors.append(message.text)
                if message.type == "error" else None)
        made.append((context, guard))
        return page, guard

    yield make
    for context, guard in made:
        context.close()
        guard.check()


def run_axe(page) -> list[dict]:  # noqa: ANN001
    """axe-core's violations on the current page (WCAG 2.0/2.1 A and AA plus best practice)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
    result = page.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})")
    assert len(result["passes"]) > 10, "axe ran no rules: is the page empty?"
    return [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]]


def tab_to(page, selector: str, limit: int = 120) -> None:  # noqa: ANN001
    """Press Tab until ``selector`` has focus: the keyboard-only way to reach it."""
    for _ in range(limit):
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)",
                         selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")
