"""On the shelter's phone: the one-tap page for tonight's free places, and the winter banner,
in real Chromium at 320 px: no sideways scrolling, no axe violations, one tap saves the number
and the card shows it."""
from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import run_axe
from vejviser.local_time import now_local

pytestmark = pytest.mark.browser
BOLBRO = "kirkens-korshaer-varmestue-bolbro"
NARROW = {"width": 320, "height": 640}


@pytest.fixture(scope="module")
def shelter_server(browser_requirements, seed_template,  # noqa: ANN001
                   tmp_path_factory) -> Iterator[tuple[str, str]]:
    """(address, one-tap path) of a seeded app of its own with the winter plan on."""
    from werkzeug.serving import make_server

    from tests.conftest import own_database
    from vejviser import create_app
    from vejviser.db import db

    folder = tmp_path_factory.mktemp("freshness-browser")
    with own_database(folder, BASE_URL="http://127.0.0.1") as (config, _):
        app = create_app(config)
        seed_template.copy_into(app)
        runner = app.test_cli_runner()
        until = (now_local() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
        for args in (["winter-hours", BOLBRO, "--row", "MO,TU,WE,TH,FR,SA,SU døgnåbent"],
                     ["winter-plan", "on", "--until", until]):
            assert runner.invoke(args=args).exit_code == 0
        made = runner.invoke(args=["free-places-link", BOLBRO])
        path = re.search(r"(/ledige-pladser/\S+)", made.output).group(1)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{server.server_port}", path
        server.shutdown()
        thread.join(5)
        with app.app_context():
            db.engine.dispose()


def test_one_tap_on_a_narrow_phone_and_the_banner(browser, shelter_server) -> None:  # noqa: ANN001
    address, path = shelter_server
    context = browser.new_context(base_url=address, locale="da-DK", viewport=NARROW,
                                  timezone_id="Europe/Copenhagen")
    errors: list[str] = []
    page = context.new_page()
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" else None)
    try:
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        assert run_axe(page) == []
        page.get_by_role("button", name="2", exact=True).click()
        expect(page.get_by_role("status").filter(has_text="Gemt")).to_be_visible()
        expect(page.locator("main")).to_contain_text("2 ledige pladser i nat")
        page.goto("/?q=bolbro")
        expect(page.locator(".winter-banner")).to_contain_text("Kuldeberedskab aktiveret til")
        expect(page.locator(".free-places").first).to_contain_text("2 ledige pladser i nat")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        assert run_axe(page) == []
        page.goto("/embed")  # the widget (iframe variant) shows the figure on its card too
        page.locator("[data-vejviser] input[type=search]").fill("bolbro")
        page.locator("[data-vejviser] input[type=search]").press("Enter")
        expect(page.locator("[data-vejviser] li .free").first).to_contain_text(
            "2 ledige pladser i nat")
        assert errors == []
    finally:
        context.close()
