"""Reminders without a login: ``vejviser remind-stale`` (and the consultant's button) mail each
organisation one reminder listing its overdue offers; each offer's signed link opens a page that
changes nothing until "Alt er stadig korrekt" is POSTed, which confirms the offer today (a history
entry, never an edit conflict). Used, expired, revoked and forged links are refused in Danish."""
from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from tests.accounts import csrf_token, make_account, sign_in
from tests.editing.forms import form_fields
from tests.factories import make_offer, make_organization
from tests.freshness.clock import Clock
from tests.web.conftest import csrf_token_in, page_of
from vejviser.db import db
from vejviser.editing.reminders import sign
from vejviser.models import Contact, Offer, ReminderLink, Revision, StaleReminder

LINK = re.compile(r"https?://[^\s/]+(/bekraeft/\S+)")


@pytest.fixture
def clock(app: Flask) -> Clock:
    return Clock(app, "2026-12-07 10:00")


@pytest.fixture
def world(app: Flask) -> dict[str, str]:
    """Two organisations with addresses (one also through a contact), one without; overdue
    offers in each, and a fresh one that is never listed."""
    with app.app_context():
        alpha = make_organization(db.session, name="Kirkens Korshær",
                                  email="bolbro@korshaer.example")
        db.session.add(Contact(organization_id=alpha.id, name="Varmestuen",
                               email="varmestue@korshaer.example"))
        beta = make_organization(db.session, name="Reden Odense", email="post@reden.example")
        gamma = make_organization(db.session, name="Uden Adresse")
        offers = {
            "warming": make_offer(db.session, name="Varmestuen Bolbro", organization=alpha.id,
                                  verified_at="2026-07-01"),
            "cafe": make_offer(db.session, name="Natcaféen", organization=alpha.id),
            "fresh": make_offer(db.session, name="Nyt Tilbud", organization=alpha.id,
                                verified_at="2026-12-01"),
            "reden": make_offer(db.session, name="Reden Kvindecenter", organization=beta.id,
                                verified_at="2026-01-01"),
            "silent": make_offer(db.session, name="Stille Tilbud", organization=gamma.id),
        }
        make_account(db.session, "consultant", email="karen@example.dk", name="Karen")
        make_account(db.session, "editor", email="eva@example.dk", name="Eva")
        db.session.commit()
        return {key: offer.slug for key, offer in offers.items()} | {
            f"{key}_id": offer.id for key, offer in offers.items()}


def _remind(app: Flask, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=["remind-stale", *args])
    assert result.exit_code == 0, result.output
    return result.output


def _links(mail: Any) -> dict[str, str]:
    """Offer name -> link path, as the mail lists them."""
    body = mail.get_content().replace("\r\n", "\n")
    return {name: LINK.search(url).group(1)
            for name, url in re.findall(r"^- (.+?) \(.*\)\n  (\S+)$", body, re.M)}


def test_remind_stale_mails_each_organisation_once_and_not_again_within_the_interval(
        app: Flask, clock: Clock, world: dict[str, str], smtp_server: Any) -> None:
    output = _remind(app)
    assert "2 organisationer fik en påmindelse." in output
    assert "Ingen e-mailadresse (intet sendt): Uden Adresse" in output
    by_org = {mail["To"]: mail for mail in smtp_server.messages}
    assert set(by_org) == {"bolbro@korshaer.example, varmestue@korshaer.example",
                           "post@reden.example"}
    korshaer = by_org["bolbro@korshaer.example, varmestue@korshaer.example"]
    assert korshaer["Subject"] == "Er jeres tilbud i Den sociale vejviser stadig korrekte?"
    body = korshaer.get_content()
    assert "Kære Kirkens Korshær" in body
    assert "- Natcaféen (aldrig bekræftet)" in body
    assert "- Varmestuen Bolbro (ikke bekræftet siden 1. juli 2026)" in body
    assert "Nyt Tilbud" not in body and "Reden" not in body
    assert set(_links(korshaer)) == {"Natcaféen", "Varmestuen Bolbro"}

    assert "0 organisationer fik en påmindelse." in _remind(app)  # idempotent
    assert "Påmindet for nylig (intet sendt): Kirkens Korshær, Reden Odense" in _remind(app)
    assert len(smtp_server.messages) == 2
    clock.set("2027-01-05 10:00")  # 29 days later: still within the interval
    _remind(app)
    assert len(smtp_server.messages) == 2
    clock.set("2027-01-07 10:01")  # past 30 days: reminded again
    _remind(app)
    assert len(smtp_server.messages) == 4
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StaleReminder)) == 4


def _first_link(app: Flask, smtp_server: Any, name: str) -> str:
    _remind(app)
    for mail in smtp_server.messages:
        links = _links(mail)
        if name in links:
            return links[name]
    raise AssertionError(f"no link for {name}")


def _state(app: Flask, offer_id: str) -> tuple[Any, ...]:
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        revisions = db.session.scalar(select(func.count()).select_from(Revision)
                                      .where(Revision.offer_id == offer_id))
        used = db.session.scalar(select(func.count()).select_from(ReminderLink)
                                 .where(ReminderLink.used_at.is_not(None)))
        return offer.verified_at, offer.version, revisions, used


def test_opening_the_link_changes_nothing_and_the_button_confirms_it_today(
        app: Flask, client: FlaskClient, clock: Clock, world: dict[str, str],
        smtp_server: Any) -> None:
    link = _first_link(app, smtp_server, "Varmestuen Bolbro")
    before = _state(app, world["warming_id"])
    opened = client.get(link)
    assert opened.status_code == 200
    assert opened.headers["Cache-Control"] == "no-store"
    page = page_of(opened)
    assert "Varmestuen Bolbro" in page.text and "Ikke bekræftet siden 1. juli 2026" in page.text
    assert "Alt er stadig korrekt" in page.text and "Noget skal rettes" in page.text
    assert f"/kontor/tilbud/{world['warming_id']}" in page.hrefs()
    assert f"/tilbud/{world['warming']}/rapporter" in page.hrefs()
    client.get(link)  # a mail scanner fetches it again
    assert _state(app, world["warming_id"]) == before

    assert client.post(link).status_code == 400  # no CSRF token: nothing happens
    assert _state(app, world["warming_id"]) == before
    done = client.post(link, data={"csrf_token": csrf_token_in(opened.get_data(as_text=True))})
    assert done.status_code == 303
    shown = page_of(client.get(done.headers["Location"]))
    assert "Tak! Tilbuddet er bekræftet i dag." in shown.text
    assert "Sidst bekræftet 7. december 2026" in shown.text and "Ikke bekræftet" not in shown.text
    api = client.get(f"/api/v1/offers/{world['warming']}").get_json()["confirmation"]
    assert api["verified_at"] == "2026-12-07" and api["stale"] is False
    assert "Ikke bekræftet" not in page_of(client.get("/?q=bolbro")).text
    with app.app_context():
        revision = db.session.scalars(select(Revision).where(
            Revision.offer_id == world["warming_id"]).order_by(Revision.id.desc())).first()
        assert revision.action == "confirm" and revision.account_id is None
        assert revision.summary == "Bekræftet via påmindelse: Varmestuen Bolbro"

    again = client.get(link)
    assert again.status_code == 410 and "allerede brugt" in page_of(again).text
    token = csrf_token_in(client.get(f"/tilbud/{world['warming']}/rapporter").get_data(
        as_text=True))
    assert client.post(link, data={"csrf_token": token}).status_code == 410
    history = _signed_in(app, "karen@example.dk").get(
        f"/kontor/tilbud/{world['warming_id']}/historik")
    assert "Bekræftet via påmindelse" in history.get_data(as_text=True)


def _signed_in(app: Flask, email: str) -> FlaskClient:
    client = app.test_client()
    assert sign_in(client, email).status_code == 303
    return client


def test_expired_revoked_unknown_and_forged_links_are_refused_in_danish(
        app: Flask, client: FlaskClient, clock: Clock, world: dict[str, str],
        smtp_server: Any) -> None:
    link = _first_link(app, smtp_server, "Natcaféen")
    forged = client.get(link[:-3] + ("aaa" if not link.endswith("aaa") else "bbb"))
    assert forged.status_code == 400 and "Linket er ikke gyldigt" in page_of(forged).text
    assert client.get("/bekraeft/et-ugyldigt-link").status_code == 400
    with app.test_request_context():
        unknown = "/bekraeft/" + sign("0" * 32)
    assert client.get(unknown).status_code == 404
    clock.set("2027-01-06 10:01")  # 30 days and a minute later
    expired = client.get(link)
    assert expired.status_code == 410 and "Linket er udløbet" in page_of(expired).text

    clock.set("2026-12-08 10:00")
    assert client.get(link).status_code == 200
    _remind(app, "--interval", "1")  # a newer reminder revokes the older link
    revoked = client.get(link)
    assert revoked.status_code == 410 and "erstattet af et nyere" in page_of(revoked).text
    assert _state(app, world["cafe_id"])[0] is None


def test_an_edit_opened_before_the_confirmation_saves_without_conflict(
        app: Flask, client: FlaskClient, clock: Clock, world: dict[str, str],
        smtp_server: Any) -> None:
    link = _first_link(app, smtp_server, "Varmestuen Bolbro")
    eva = _signed_in(app, "eva@example.dk")
    path = f"/kontor/tilbud/{world['warming_id']}"
    form = form_fields(eva.get(path).get_data(as_text=True), path)
    opened = client.get(link)
    assert client.post(link, data={"csrf_token": csrf_token_in(
        opened.get_data(as_text=True))}).status_code == 303
    form["summary"], form["action"] = "Suppe hver dag.", "save"
    assert eva.post(path, data=form).status_code == 303
    with app.app_context():
        offer = db.session.get(Offer, world["warming_id"])
        assert offer.summary == "Suppe hver dag."
        assert str(offer.verified_at) == "2026-12-07"


def test_the_consultant_sends_reminders_from_the_overview(
        app: Flask, clock: Clock, world: dict[str, str], smtp_server: Any) -> None:
    karen = _signed_in(app, "karen@example.dk")
    page = karen.get("/kontor/ikke-bekraeftet").get_data(as_text=True)
    fields = form_fields(page, "/kontor/ikke-bekraeftet/paamind")
    assert len(fields.getlist("organisation")) == 2  # the one without an address is not offered
    sent = karen.post("/kontor/ikke-bekraeftet/paamind", data=fields)
    assert sent.status_code == 303
    after = page_of(karen.get("/kontor/ikke-bekraeftet")).text
    assert "Påmindelser sendt til 2 organisationer: " in after
    assert "sidst påmindet 7. december 2026" in after
    assert len(smtp_server.messages) == 2
    assert karen.post("/kontor/ikke-bekraeftet/paamind", data={
        "csrf_token": csrf_token(karen, "/kontor/ikke-bekraeftet")}).status_code == 303
    assert "Vælg mindst én organisation." in page_of(karen.get("/kontor/ikke-bekraeftet")).text
    eva = _signed_in(app, "eva@example.dk")
    fields["csrf_token"] = csrf_token(eva, "/kontor/")
    assert eva.post("/kontor/ikke-bekraeftet/paamind", data=fields).status_code == 403


def test_confirmations_are_rate_limited_per_address(
        make_app: Any, app_config: dict[str, Any], clock: Clock, world: dict[str, str],
        smtp_server: Any, app: Flask) -> None:
    _remind(app)
    links = [path for mail in smtp_server.messages for path in _links(mail).values()]
    limited = make_app({**app_config, "RATE_LIMIT_CONFIRMATIONS": "1 per minute",
                        "CLOCK": app.config["CLOCK"]})
    visitor = limited.test_client()
    answers = []
    for path in links[:2]:
        token = csrf_token_in(visitor.get(path).get_data(as_text=True))
        answers.append(visitor.post(path, data={"csrf_token": token}).status_code)
    assert answers == [303, 429]


def test_a_mail_server_that_refuses_leaves_nothing_counted_so_the_next_round_tries_again(
        app: Flask, clock: Clock, world: dict[str, str], smtp_server: Any) -> None:
    smtp_server.mailbox.refuse = True
    failed = app.test_cli_runner().invoke(args=["remind-stale"])
    assert failed.exit_code == 1 and "Mailen kunne ikke sendes" in failed.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StaleReminder)) == 0
        assert db.session.scalar(select(func.count()).select_from(ReminderLink)) == 0
    smtp_server.mailbox.refuse = False
    assert "2 organisationer fik en påmindelse." in _remind(app)
    assert len(smtp_server.messages) == 2


def test_undoing_a_reminder_confirmation_puts_the_dates_back(
        app: Flask, client: FlaskClient, clock: Clock, world: dict[str, str],
        smtp_server: Any) -> None:
    link = _first_link(app, smtp_server, "Varmestuen Bolbro")
    opened = client.get(link)
    client.post(link, data={"csrf_token": csrf_token_in(opened.get_data(as_text=True))})
    with app.app_context():
        revision = db.session.scalars(select(Revision).where(
            Revision.offer_id == world["warming_id"], Revision.action == "confirm")).one()
        revision_id = revision.id
    karen = _signed_in(app, "karen@example.dk")
    undone = karen.post(f"/kontor/aendring/{revision_id}/fortryd", data={
        "csrf_token": csrf_token(karen, "/kontor/")})
    assert undone.status_code == 303
    with app.app_context():
        offer = db.session.get(Offer, world["warming_id"])
        assert (str(offer.verified_at), offer.hours_checked_at, offer.details_checked_at) == (
            "2026-07-01", None, None)
    assert "Ikke bekræftet siden 1. juli 2026" in page_of(
        client.get(f"/tilbud/{world['warming']}")).text
