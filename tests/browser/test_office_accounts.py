"""The back office's own pages in real Chromium: login, invitation, users, two-factor set-up.

axe-core finds no violations on any of them, in Danish and English; the whole invitation round
trip (invite, read the mail from a real SMTP server, set a password, sign in) works with
JavaScript switched off.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from tests.accounts import PASSWORD, make_account
from tests.browser.conftest import run_axe
from tests.browser.threaded import served
from tests.mailbox import SmtpServer, running_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def office(browser_requirements, empty_template,  # noqa: ANN001
           tmp_path_factory) -> Iterator[dict]:  # noqa: ANN001
    """A live server of its own (an empty catalogue with two organisations and a consultant)
    sending mail to a real SMTP server."""
    from tests.conftest import own_database
    from tests.factories import make_organization
    from vejviser import create_app
    from vejviser.db import db

    for smtp in running_server():
        with own_database(tmp_path_factory.mktemp("office")) as (config, _):
            app = create_app({**config, **smtp.config, "BASE_URL": "http://127.0.0.1"})
            empty_template.copy_into(app)
            with app.app_context():
                make_organization(db.session(), name="Kirkens Korshær")
                make_organization(db.session(), name="Foreningen Varmen")
                make_account(db.session(), "consultant", email="konsulent@odense.dk",
                             name="Karen Konsulent")
                db.session.commit()
            with served(app) as url:
                yield {"url": url, "smtp": smtp, "app": app}


def _page(browser, office, **options):  # noqa: ANN001, ANN003, ANN202
    context = browser.new_context(base_url=office["url"], locale="da-DK", **options)
    errors: list[str] = []
    page = context.new_page()
    page.set_default_timeout(5000)
    # An answer with an error status (a refused form: 400, an unknown link: 404) is logged by
    # Chromium as "Failed to load resource"; those are the pages under test, not faults.
    page.on("console", lambda m: errors.append(m.text) if m.type == "error"
            and not m.text.startswith("Failed to load resource") else None)
    return context, page, errors


def _no_violations(page, where: str) -> None:  # noqa: ANN001
    violations = run_axe(page)
    assert violations == [], f"axe on {where}: {violations}"


def _sign_in(page, email: str, password: str = PASSWORD) -> None:  # noqa: ANN001
    page.goto("/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click(".office-form button[type=submit]")


def test_login_users_invitation_and_two_factor_pages_pass_axe(
        browser, office) -> None:  # noqa: ANN001
    context, page, errors = _page(browser, office)
    page.goto("/login")
    _no_violations(page, "login")
    _sign_in(page, "konsulent@odense.dk", "forkert-kodeord")
    assert page.locator(".field-error").count() == 1
    _no_violations(page, "login with an error")
    _sign_in(page, "konsulent@odense.dk")
    page.wait_for_url(re.compile(r"/kontor/$"))
    _no_violations(page, "office front page")
    page.goto("/kontor/inviter")
    _no_violations(page, "invite form")
    page.fill("#email", "ikke-en-adresse")
    page.evaluate("document.querySelector('#email').type = 'text'")  # past the browser's check
    page.click(".office-form button[type=submit]")
    assert page.locator(".field-error").count() == 1
    _no_violations(page, "invite form with an error")
    page.goto("/kontor/brugere")
    _no_violations(page, "users")
    page.goto("/kontor/brugere?lang=en")
    assert page.locator("h1").text_content() == "Users"
    _no_violations(page, "users in English")
    page.goto("/kontor/profil?lang=da")
    _no_violations(page, "profile")
    page.goto("/kontor/profil/totrin")
    assert page.locator("svg.qr").count() == 1
    _no_violations(page, "two-factor set-up")
    page.goto("/invitation/ukendt-token")
    _no_violations(page, "an unknown invitation link")
    context.close()
    assert errors == []


def test_the_invitation_round_trip_works_without_javascript(
        browser, office) -> None:  # noqa: ANN001
    smtp: SmtpServer = office["smtp"]
    context, page, errors = _page(browser, office, java_script_enabled=False)
    _sign_in(page, "konsulent@odense.dk")
    page.goto("/kontor/inviter")
    page.fill("#email", "frida@example.dk")
    page.fill("#name", "Frida")
    page.select_option("#role", "volunteer")
    page.select_option("#organisation", label="Kirkens Korshær")
    page.click(".office-form button[type=submit]")
    page.wait_for_url(re.compile(r"/kontor/brugere$"))
    assert "Invitationen er sendt til frida@example.dk." in page.content()
    mail = next(m for m in reversed(smtp.messages) if m["To"] == "frida@example.dk")
    found = re.search(r"http://\S+(/invitation/\S+)", str(mail.get_content()))
    assert found is not None
    link = found.group(1)
    context.close()

    context, page, errors = _page(browser, office)  # axe needs JavaScript; opening uses nothing
    page.goto(link)
    _no_violations(page, "invitation")
    context.close()
    context, page, errors = _page(browser, office, java_script_enabled=False)
    page.goto(link)
    page.fill("#password", "vinter-varme-kaffe-2026")
    page.fill("#password_again", "vinter-varme-kaffe-2026")
    page.click(".office-form button[type=submit]")
    page.wait_for_url(re.compile(r"/login$"))
    assert "Din adgangskode er gemt" in page.content()
    _sign_in(page, "frida@example.dk", "vinter-varme-kaffe-2026")
    page.wait_for_url(re.compile(r"/kontor/$"))
    assert "Kirkens Korshær" in page.goto("/kontor/profil").text()  # type: ignore[union-attr]
    page.click("text=Log ud")
    page.wait_for_url(re.compile(r"/login$"))
    assert "Du er logget ud." in page.content()
    context.close()
    assert errors == []
