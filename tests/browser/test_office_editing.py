"""The back office's editing in real headless Chromium, without JavaScript: the consultant
invites a volunteer, who sets a password from the mailed link, closes her warming room 28–30
December (public at once), changes Tuesday's hours and a target group, previews and submits;
the consultant approves the hours and rejects the target group with a mailed comment; the public
page and search show the new hours at once; the consultant reverts them from the history.
axe-core finds nothing on the offer form with an error, the review queue, the three-way
comparison, the history and the taxonomy page."""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.accounts import PASSWORD, make_account
from tests.browser.conftest import run_axe
from tests.browser.threaded import served
from tests.factories import make_offer, make_organization, make_terms, weekly
from tests.mailbox import running_server
from vejviser.db import db

pytestmark = pytest.mark.browser
NEW_PASSWORD = "vinter-varme-kaffe-2026"
NAME = "Varmestuen Vinterly"


@pytest.fixture
def office_site(browser_requirements, empty_template,  # noqa: ANN001
                tmp_path) -> Iterator[dict[str, Any]]:  # noqa: ANN001
    """A live server on its own database and a real SMTP server it mails to."""
    from tests.conftest import own_database
    from vejviser import create_app

    for smtp in running_server():
        with own_database(tmp_path, BASE_URL="http://127.0.0.1", **smtp.config) as (config, _):
            app = create_app(config)
            empty_template.copy_into(app)
            with app.app_context():
                make_terms(db.session, "target_group", ["hjemloese", "unge"])
                organisation = make_organization(db.session, name="Foreningen Vinterly")
                offer = make_offer(db.session, name=NAME, organization=organisation.id,
                                   schedules=[weekly("MO,TU,WE,TH,FR", "10:00", "16:00")])
                make_account(db.session(), "consultant", email="karen@odense.dk", name="Karen")
                db.session.commit()
                world = {"organisation": organisation.id, "offer": offer.id,
                         "slug": offer.slug}
            with served(app) as url:
                yield {"url": url, "smtp": smtp, "app": app, **world}


def _page(browser, site: dict[str, Any], script: bool = False):  # noqa: ANN001, ANN202
    # Without JavaScript: every form works without it. axe-core needs it (``script``).
    context = browser.new_context(base_url=site["url"], locale="da-DK",
                                  timezone_id="Europe/Copenhagen", java_script_enabled=script)
    page = context.new_page()
    page.set_default_timeout(10000)
    return page


def _sign_in(page, email: str, password: str = PASSWORD) -> None:  # noqa: ANN001
    page.goto("/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/kontor"))


def _clean(page, where: str) -> None:  # noqa: ANN001
    violations = run_axe(page)
    assert violations == [], f"axe on {where}: {violations}"


def test_invite_edit_review_publish_revert(browser, office_site) -> None:  # noqa: ANN001
    site = office_site
    karen = _page(browser, site, script=True)
    _sign_in(karen, "karen@odense.dk")
    # An age that is no number: the form with an error.
    karen.goto(f"/kontor/tilbud/{site['offer']}")
    karen.fill("#f-minimum_age", "atten")
    karen.click("button[value=preview]")
    assert karen.locator(".error-summary").count() == 1
    _clean(karen, "offer form with an error")
    karen.goto("/kontor/inviter")
    karen.fill("#email", "vera@example.dk")
    karen.fill("#name", "Vera")
    karen.select_option("#role", "volunteer")
    karen.select_option("#organisation", site["organisation"])
    karen.click("form[action='/kontor/inviter'] button[type=submit]")
    [invitation] = site["smtp"].messages
    link = re.search(r"http://\S+/invitation/\S+", invitation.get_content())
    assert link, invitation.get_content()

    vera = _page(browser, site)
    vera.goto(link.group(0).replace("http://127.0.0.1", site["url"]).split(" ")[0]
              if not link.group(0).startswith(site["url"]) else link.group(0))
    vera.fill("#password", NEW_PASSWORD)
    vera.fill("#password_again", NEW_PASSWORD)
    vera.click("button[type=submit]")
    if "/login" in vera.url:
        _sign_in(vera, "vera@example.dk", NEW_PASSWORD)
    vera.goto("/kontor/tilbud")
    vera.click(f"text={NAME}")
    vera.wait_for_url(re.compile(r"/kontor/tilbud/"))
    vera.fill("#x-_-0-from", "2026-12-28")
    vera.fill("#x-_-0-to", "2026-12-30")
    vera.uncheck("input[name='w:_:0:byday'][value=TU]")
    vera.check("input[name='w:_:1:byday'][value=TU]")
    vera.fill("#w-_-1-opens", "10:00")
    vera.fill("#w-_-1-closes", "20:00")
    vera.uncheck("input[name=target_groups][value=hjemloese]")
    vera.check("input[name=target_groups][value=unge]")
    vera.click("button[value=preview]")
    preview = vera.locator(".preview").inner_text()
    assert "Tirs. 10–20" in preview and "Lukket 28." in preview
    vera.click("button[value=save]")
    assert "sendt til godkendelse" in vera.content()

    public = _page(browser, site)
    public.goto(f"/tilbud/{site['slug']}")
    assert "28. december" in public.content()  # the closure is public at once
    assert "10–20" not in public.content()

    karen.goto("/kontor/godkendelse")
    assert "Til godkendelse (1)" in karen.content()
    _clean(karen, "review queue")
    karen.click("text=Ændring fra Vera")
    assert karen.locator("section.field-diff").count() == 2
    karen.check("input[name='decision:hours'][value=approved]")
    karen.check("input[name='decision:target_groups'][value=rejected]")
    karen.fill("#comment", "Målgruppen er stadig hjemløse.")
    karen.click("text=Gem afgørelsen")
    mails = [m for m in site["smtp"].messages if m["To"] == "vera@example.dk"]
    assert any("Målgruppen er stadig hjemløse." in m.get_content() for m in mails)

    public.goto(f"/tilbud/{site['slug']}")
    assert "10–20" in public.content()
    public.goto("/?open_at=2026-12-08T19:00")
    assert NAME in public.content()

    karen.goto(f"/kontor/tilbud/{site['offer']}/historik")
    _clean(karen, "history")
    karen.click("text=Godkendt forslag fra Vera")
    karen.click("text=Gendan versionen før denne ændring")
    public.goto(f"/tilbud/{site['slug']}")
    assert "10–20" not in public.content()
    karen.goto("/kontor/kategorier")
    _clean(karen, "taxonomy")


def test_the_three_way_comparison_is_accessible(browser, office_site) -> None:  # noqa: ANN001
    from vejviser.editing.document import document_of
    from vejviser.editing.proposals import submit
    from vejviser.editing.publish import Editor
    from vejviser.models import Offer, Organization

    site = office_site
    with site["app"].app_context():
        offer = db.session.get(Offer, site["offer"])
        organisation = db.session.get(Organization, site["organisation"])
        volunteer = make_account(db.session(), "volunteer", email="v@example.dk", name="Vera",
                                 organisations=[organisation])
        base = document_of(offer)
        submit(db.session(), offer, base, {**base, "summary": "Veras tekst"},
               Editor(volunteer.id, "Vera", "volunteer", frozenset({organisation.id})))
        submit(db.session(), offer, base, {**base, "summary": "Evas nyere tekst"},
               Editor(None, "Eva", "editor"))
        db.session.commit()
    karen = _page(browser, site, script=True)
    _sign_in(karen, "karen@odense.dk")
    karen.goto("/kontor/godkendelse")
    karen.click("text=Ændring fra Vera")
    assert karen.locator("table.three-way").count() == 1
    _clean(karen, "three-way comparison")
