"""Freshness you can see: a date per kind of information, the consultant's limits, and "Ikke
bekræftet siden <dato>" on the detail page, cards, the print view and the API once past them;
the consultant's stale overview, grouped by organisation and sortable."""
from __future__ import annotations

import re
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.accounts import csrf_token, make_account, sign_in
from tests.editing.people import person
from tests.factories import Catalogue, make_offer, weekly
from tests.freshness.clock import Clock
from tests.web.conftest import page_of
from vejviser.catalogue import freshness
from vejviser.catalogue.freshness import Limits, staleness
from vejviser.db import db
from vejviser.editing.document import document_of
from vejviser.editing.publish import confirm, store_document
from vejviser.models import Offer


@pytest.fixture
def clock(app: Flask) -> Clock:
    return Clock(app, "2026-12-07 10:00")


class Dates:
    def __init__(self, verified: str | None, hours: str | None = None,
                 details: str | None = None) -> None:
        self.verified_at = date.fromisoformat(verified) if verified else None
        self.hours_checked_at = date.fromisoformat(hours) if hours else None
        self.details_checked_at = date.fromisoformat(details) if details else None


TODAY = date(2026, 12, 7)


def test_each_kind_has_its_own_limit_and_a_confirmation_covers_both() -> None:
    limits = Limits()  # 90 days for hours, 180 for the rest
    assert staleness(Dates("2026-09-08"), TODAY, limits) is None  # 90 days: still trusted
    hours_only = staleness(Dates("2026-09-07"), TODAY, limits)  # 91 days
    assert hours_only is not None and hours_only.kinds == ("hours",)
    assert hours_only.since == date(2026, 9, 7)
    assert str(hours_only.message()) == "Ikke bekræftet siden 7. september 2026"
    assert str(hours_only.message("en")) == "Ikke bekræftet siden 7 September 2026"  # template kept
    # Hours changed since the confirmation: only the details are overdue, since the confirmation.
    details = staleness(Dates("2026-05-01", hours="2026-12-01"), TODAY, limits)
    assert details is not None and details.kinds == ("details",)
    assert details.since == date(2026, 5, 1)
    never = staleness(Dates(None), TODAY, limits)
    assert never is not None and never.since is None and str(never.message()) == "Ikke bekræftet"
    # An edited but never confirmed offer: each kind by its own date.
    assert staleness(Dates(None, hours="2026-12-01", details="2026-12-01"), TODAY, limits) is None
    assert staleness(Dates("2026-09-07"), TODAY, Limits(hours_days=120)) is None


def test_an_edit_dates_the_kind_it_changed_and_a_confirmation_dates_both(
        app: Flask, clock: Clock) -> None:
    with app.app_context():
        offer = make_offer(db.session, verified_at="2026-05-01")
        editor = person(db.session, "editor")
        store_document(db.session, offer, {**document_of(offer), "summary": "Ny tekst"}, editor)
        assert (offer.hours_checked_at, offer.details_checked_at) == (None, TODAY)
        stale = staleness(offer, TODAY, Limits())
        assert stale is not None and stale.kinds == ("hours",) and stale.since == date(2026, 5, 1)
        clock.set("2026-12-09 10:00")
        hours = document_of(offer)["hours"]
        hours["weekly"][""] = [{"byday": ["MO"], "opens_at": "09:00", "closes_at": "12:00"}]
        store_document(db.session, offer, {**document_of(offer), "hours": hours}, editor)
        assert (offer.hours_checked_at, offer.details_checked_at) == (date(2026, 12, 9), TODAY)
        assert offer.verified_at == date(2026, 5, 1)  # an edit is not a confirmation
        confirm(db.session, offer, editor)
        assert offer.verified_at == offer.hours_checked_at == offer.details_checked_at \
            == date(2026, 12, 9)


def _shown(client: FlaskClient, slug: str, query: str = "varmestuen") -> tuple[str, str, dict]:
    card = page_of(client.get(f"/?q={query}")).text
    detail = page_of(client.get(f"/tilbud/{slug}")).text
    api = client.get(f"/api/v1/offers/{slug}").get_json()["confirmation"]
    return card, detail, api


def test_past_the_limit_pages_cards_print_and_api_say_not_confirmed_since(
        app: Flask, client: FlaskClient, clock: Clock, catalogue: Catalogue) -> None:
    stale, never = catalogue.offers({"verified_at": "2026-08-01", "verified_by": "Karen"},
                                    {"name": "Natcaféen Uden Dato"})
    card, detail, api = _shown(client, stale)
    assert "Ikke bekræftet siden 1. august 2026" in card
    assert "Ikke bekræftet siden 1. august 2026" in detail and "Sidst bekræftet" not in detail
    assert api == {"verified_at": "2026-08-01", "stale": True,
                   "not_confirmed_since": "2026-08-01", "overdue": ["hours"],
                   "text": "Ikke bekræftet siden 1. august 2026"}
    printed = page_of(client.get(f"/liste/print?liste={stale}")).text
    assert "Ikke bekræftet siden 1. august 2026" in printed
    assert "Ikke bekræftet" in page_of(client.get("/?q=natcaféen")).text
    body = client.get(f"/api/v1/offers/{never}").get_json()["confirmation"]
    assert body["stale"] is True and body["not_confirmed_since"] is None
    assert body["text"] == "Ikke bekræftet"
    assert "Afventer bekræftelse" in page_of(client.get(f"/tilbud/{never}")).text
    search = client.get("/api/v1/search?q=varmestuen").get_json()["results"][0]
    assert search["confirmation"]["text"] == "Ikke bekræftet siden 1. august 2026"
    english = page_of(client.get(f"/tilbud/{stale}?lang=en")).text
    assert "Not confirmed since 1 August 2026" in english


def test_a_new_day_and_a_new_limit_reach_cards_kept_in_the_cache(
        app: Flask, client: FlaskClient, clock: Clock, catalogue: Catalogue) -> None:
    slug = catalogue.offer(verified_at="2026-08-01")
    clock.set("2026-10-30 10:00")  # 90 days: trusted
    card, detail, api = _shown(client, slug)
    assert "Ikke bekræftet" not in card and "Sidst bekræftet 1. august 2026" in detail
    assert api["stale"] is False and api["text"] is None
    clock.set("2026-10-31 10:00")  # a new day: 91 days
    assert "Ikke bekræftet siden 1. august 2026" in _shown(client, slug)[0]
    search = client.get("/api/v1/search?q=varmestuen").get_json()["results"][0]
    assert search["confirmation"]["stale"] is True
    with app.app_context():
        freshness.save_limits(db.session, 120, 180, 30, "Karen")
        db.session.commit()
    card, detail, api = _shown(client, slug)  # the same minute: the cache must not answer
    assert "Ikke bekræftet" not in card and "Ikke bekræftet" not in detail
    assert api["stale"] is False
    assert client.get("/api/v1/search?q=varmestuen").get_json()["results"][0][
        "confirmation"]["stale"] is False


def test_api_and_hsds_never_tell_who_confirmed(
        app: Flask, client: FlaskClient, clock: Clock, catalogue: Catalogue) -> None:
    slug = catalogue.offer()
    with app.app_context():
        offer = db.session.query(Offer).filter_by(slug=slug).one()
        confirm(db.session, offer, person(db.session, "consultant", name="karen@odense.example"))
        db.session.commit()
        offer_id = offer.id
    for url in (f"/api/v1/offers/{slug}", f"/api/hsds/services/{offer_id}",
                "/api/v1/search?q=varmestuen", "/api/hsds/services"):
        text = client.get(url).get_data(as_text=True)
        assert "karen" not in text.lower() and "verified_by" not in text, url
    assert client.get(f"/api/hsds/services/{offer_id}").get_json()["assured_date"] == "2026-12-07"
    assert client.get(f"/api/v1/offers/{slug}").get_json()["confirmation"]["stale"] is False


def _overview_world(app: Flask) -> None:
    with app.app_context():
        from tests.factories import make_organization

        alpha = make_organization(db.session, name="Alfa Hjælp", email="post@alfa.example")
        beta = make_organization(db.session, name="Beta Forening")  # no address
        for name, org, verified in (("Zebra Varmestue", alpha, "2026-03-01"),
                                    ("Aften Café", alpha, "2026-08-01"),
                                    ("Mellem Herberg", beta, "2026-01-15"),
                                    ("Frisk Tilbud", beta, "2026-12-01")):
            make_offer(db.session, name=name, organization=alpha.id if org is alpha else beta.id,
                       verified_at=verified, schedules=[weekly()])
        make_account(db.session, "consultant", email="karen@example.dk", name="Karen")
        make_account(db.session, "editor", email="eva@example.dk", name="Eva")
        db.session.commit()


def _order(text: str, names: list[str]) -> list[str]:
    return sorted(names, key=text.index)


def test_the_stale_overview_groups_by_organisation_sorts_and_says_where_nothing_goes(
        app: Flask, clock: Clock) -> None:
    _overview_world(app)
    karen = app.test_client()
    assert sign_in(karen, "karen@example.dk").status_code == 303
    names = ["Alfa Hjælp", "Beta Forening", "Zebra Varmestue", "Aften Café", "Mellem Herberg"]
    by_date = page_of(karen.get("/kontor/ikke-bekraeftet")).text
    assert "Frisk Tilbud" not in by_date
    assert _order(by_date, names) == ["Beta Forening", "Mellem Herberg", "Alfa Hjælp",
                                      "Zebra Varmestue", "Aften Café"]
    assert "Ingen e-mailadresse: der sendes ingen påmindelse" in by_date
    assert "post@alfa.example" in by_date
    assert re.search(r"Aften Café\s+1\. august 2026\s+åbningstider\b", by_date)
    assert re.search(r"Zebra Varmestue\s+1\. marts 2026\s+åbningstider, øvrige oplysninger",
                     by_date)
    by_org = page_of(karen.get("/kontor/ikke-bekraeftet?sort=organisation")).text
    assert _order(by_org, names) == ["Alfa Hjælp", "Zebra Varmestue", "Aften Café",
                                     "Beta Forening", "Mellem Herberg"]
    by_name = page_of(karen.get("/kontor/ikke-bekraeftet?sort=name")).text
    assert _order(by_name, names) == ["Alfa Hjælp", "Aften Café", "Zebra Varmestue",
                                      "Beta Forening", "Mellem Herberg"]
    eva = app.test_client()
    assert sign_in(eva, "eva@example.dk").status_code == 303
    assert eva.get("/kontor/ikke-bekraeftet").status_code == 403


def test_the_consultant_sets_the_limits_and_a_bad_number_is_a_danish_message(
        app: Flask, clock: Clock) -> None:
    _overview_world(app)
    karen = app.test_client()
    sign_in(karen, "karen@example.dk")
    token = csrf_token(karen, "/kontor/ikke-bekraeftet")
    bad = karen.post("/kontor/ikke-bekraeftet/graenser", data={
        "hours_days": "mange", "details_days": "180", "interval_days": "30", "csrf_token": token})
    assert bad.status_code == 422
    assert "Skriv et helt antal dage mellem 1 og 3650" in page_of(bad).text
    saved = karen.post("/kontor/ikke-bekraeftet/graenser", data={
        "hours_days": "300", "details_days": "300", "interval_days": "14", "csrf_token": token})
    assert saved.status_code == 303
    page = page_of(karen.get("/kontor/ikke-bekraeftet")).text
    # 15 January is 326 days ago, 1 March 281: only the first is past 300 days.
    assert "Zebra Varmestue" not in page and "Mellem Herberg" in page
    with app.app_context():
        assert freshness.read_limits(db.session) == Limits(300, 300, 14)
