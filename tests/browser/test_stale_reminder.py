"""Done when (issue 11): a stale warming room gets one reminder mail (read from a real SMTP
server); its contact clicks "Alt er stadig korrekt" without logging in, and the offer's page says
it was confirmed today. The stale overview and the confirm page pass axe-core, in real Chromium,
on a clock the test controls."""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

import pytest
from playwright.sync_api import expect

from tests.accounts import PASSWORD, make_account
from tests.browser.conftest import run_axe
from tests.browser.threaded import served
from tests.mailbox import running_server
from vejviser.local_time import COPENHAGEN

pytestmark = pytest.mark.browser
NOW = datetime(2026, 12, 7, 10, 0, tzinfo=COPENHAGEN)


@pytest.fixture(scope="module")
def office(browser_requirements, empty_template,  # noqa: ANN001
           tmp_path_factory) -> Iterator[dict]:  # noqa: ANN001
    """A live server of its own: a warming room last confirmed in June, its organisation with
    an address, the consultant; mail to a real SMTP server; the clock at 7 December 10:00."""
    from tests.conftest import own_database
    from tests.factories import make_offer, make_organization
    from vejviser import create_app
    from vejviser.db import db

    for smtp in running_server():
        with own_database(tmp_path_factory.mktemp("reminders")) as (config, _):
            app = create_app({**config, **smtp.config, "BASE_URL": "http://127.0.0.1",
                              "CLOCK": lambda: NOW})
            empty_template.copy_into(app)
            with app.app_context():
                korshaer = make_organization(db.session(), name="Kirkens Korshær",
                                             email="bolbro@korshaer.example")
                make_offer(db.session(), name="Kirkens Korshærs varmestue i Bolbro",
                           organization=korshaer.id, verified_at="2026-06-01")
                make_account(db.session(), "consultant", email="konsulent@odense.dk",
                             name="Karen Konsulent")
                db.session.commit()
            with served(app) as url:
                yield {"url": url, "smtp": smtp, "app": app}


def _page(browser, office):  # noqa: ANN001, ANN202
    context = browser.new_context(base_url=office["url"], locale="da-DK",
                                  timezone_id="Europe/Copenhagen")
    errors: list[str] = []
    page = context.new_page()
    page.set_default_timeout(5000)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return context, page, errors


def test_a_stale_warming_room_is_confirmed_from_its_reminder_without_a_login(
        browser, office) -> None:  # noqa: ANN001
    context, page, errors = _page(browser, office)
    try:
        page.goto("/login")
        page.fill("#email", "konsulent@odense.dk")
        page.fill("#password", PASSWORD)
        page.click(".office-form button[type=submit]")
        page.goto("/kontor/ikke-bekraeftet")
        expect(page.locator("main")).to_contain_text("Kirkens Korshærs varmestue i Bolbro")
        expect(page.locator("main")).to_contain_text("1. juni 2026")
        assert run_axe(page) == [], "the stale overview"
        page.get_by_role("button", name="Send påmindelser til de valgte").click()
        expect(page.get_by_role("status").first).to_contain_text("Påmindelse sendt til 1")
        assert errors == []
    finally:
        context.close()

    [mail] = office["smtp"].messages  # one mail for the one organisation
    assert mail["To"] == "bolbro@korshaer.example"
    body = mail.get_content()
    path = re.search(r"https?://[^\s/]+(/bekraeft/\S+)", body).group(1)
    # A second round from the command line sends nothing: reminded today.
    result = office["app"].test_cli_runner().invoke(args=["remind-stale"])
    assert result.exit_code == 0 and len(office["smtp"].messages) == 1

    context, page, errors = _page(browser, office)  # the contact: no login, no cookies
    try:
        page.goto(path)
        expect(page.locator("h1")).to_have_text("Er oplysningerne stadig korrekte?")
        expect(page.locator("main")).to_contain_text("Ikke bekræftet siden 1. juni 2026")
        assert run_axe(page) == [], "the confirm page"
        page.get_by_role("button", name="Alt er stadig korrekt").click()
        expect(page.get_by_role("status").first).to_contain_text(
            "Tak! Tilbuddet er bekræftet i dag.")
        expect(page.locator(".verified")).to_have_text("Sidst bekræftet 7. december 2026")
        assert "Ikke bekræftet" not in page.locator("main").inner_text()
        assert errors == []
    finally:
        context.close()
