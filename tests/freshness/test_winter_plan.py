"""The winter emergency plan: the consultant switches it on until Sunday 12:00 and the warming
room's winter hours are in force at once — in search, open now, the page, the API — and its
normal hours again from that minute, with no job run; the plan can also be ended early."""
from __future__ import annotations

from datetime import datetime

import pytest
from flask import Flask
from sqlalchemy import select

from tests.factories import Catalogue, closed_on, weekly
from tests.freshness.clock import Clock
from tests.freshness.winter import WARMING_ROOM
from tests.web.conftest import page_of
from vejviser import hours
from vejviser.db import db
from vejviser.local_time import COPENHAGEN
from vejviser.models import Revision


@pytest.fixture
def clock(app: Flask) -> Clock:
    return Clock(app, "2026-12-09 20:00")  # a Wednesday evening


@pytest.fixture
def prepared(app: Flask, catalogue: Catalogue) -> str:
    """The warming room, with winter hours prepared: open day and night."""
    slug = catalogue.offer(**WARMING_ROOM)
    catalogue.offer(name="Rådgivningen", schedules=[weekly()])  # no winter hours
    result = app.test_cli_runner().invoke(args=["winter-hours", slug, "--row",
                                                "MO,TU,WE,TH,FR,SA,SU døgnåbent"])
    assert result.exit_code == 0, result.output
    return slug


def _cli(app: Flask, *args: str):  # noqa: ANN202
    return app.test_cli_runner().invoke(args=list(args))


def _open_now(client) -> list[str]:  # noqa: ANN001
    return [item["slug"] for item in
            client.get("/api/v1/search?open_now=1").get_json()["results"]]


def test_switched_on_until_sunday_noon_then_normal_hours_by_themselves(
        app: Flask, client, clock: Clock, prepared: str) -> None:  # noqa: ANN001
    clock.set("2026-12-09 23:00")
    assert _open_now(client) == []
    assert "Kuldeberedskab" not in client.get("/").text
    clock.set("2026-12-09 20:00")
    result = _cli(app, "winter-plan", "on", "--until", "2026-12-13T12:00")
    assert result.exit_code == 0, result.output
    assert "Kuldeberedskab aktiveret til 13.12.2026 12.00" in result.output
    clock.set("2026-12-09 23:00")
    assert _open_now(client) == [prepared]
    assert client.get(f"/api/v1/offers/{prepared}").get_json()["open"] is True
    page = page_of(client.get(f"/tilbud/{prepared}"))
    assert page.statuses[0].startswith("Åben nu")
    home = page_of(client.get("/"))
    assert "Kuldeberedskab aktiveret til søndag 13. december kl. 12.00" in home.text
    tonight = client.get("/aabent-i-nat?postcode=5000")
    assert tonight.status_code == 302
    assert "open_at=2026-12-09T23:00" in tonight.headers["Location"]
    assert "sort=distance" in tonight.headers["Location"]
    clock.set("2026-12-13 11:59")  # Sunday: the warming room never opens on Sundays
    assert _open_now(client) == [prepared]
    clock.set("2026-12-13 12:00")
    assert _open_now(client) == []
    assert "Kuldeberedskab" not in client.get("/").text
    assert client.get(f"/api/v1/offers/{prepared}").get_json()["open"] is False
    clock.set("2026-12-14 11:00")  # Monday: the normal hours (the counselling too)
    assert _open_now(client) == ["raadgivningen", prepared]


def test_ended_early_each_offer_history_and_the_feed_tell_it(
        app: Flask, client, clock: Clock, prepared: str) -> None:  # noqa: ANN001
    assert _cli(app, "winter-plan", "on", "--until", "2026-12-13T12:00").exit_code == 0
    clock.set("2026-12-10 09:00")
    assert _open_now(client) == [prepared]  # 09:00: before the normal opening at 10
    ended = _cli(app, "winter-plan", "off")
    assert ended.exit_code == 0 and "afsluttet" in ended.output
    assert _open_now(client) == []
    clock.set("2026-12-10 23:00")
    assert _open_now(client) == []
    with app.app_context():
        history = db.session.scalars(select(Revision.summary).where(
            Revision.action == "winter_plan").order_by(Revision.id)).all()
    assert history == ["Kuldeberedskab aktiveret til 13.12.2026 kl. 12.00",
                       "Kuldeberedskabet er afsluttet"]  # only the offer with winter hours
    titles = [c["title"] for c in client.get("/api/v1/changes").get_json()["changes"]]
    assert titles[:2] == ["Kuldeberedskabet er slut",
                          "Kuldeberedskab aktiveret til 13.12.2026 kl. 12.00"]


def test_refused_switches_say_why_in_danish(app: Flask, clock: Clock, prepared: str) -> None:
    missing = _cli(app, "winter-plan", "on")
    assert missing.exit_code == 1 and "--until" in missing.output
    past = _cli(app, "winter-plan", "on", "--until", "2026-12-09T10:00")
    assert past.exit_code == 1 and "Sluttidspunktet skal ligge efter nu" in past.output
    off = _cli(app, "winter-plan", "off")
    assert off.exit_code == 1 and "ikke aktiveret" in off.output
    bad = _cli(app, "winter-hours", prepared, "--row", "XX 22:00-08:00")
    assert bad.exit_code == 1 and "Vinteråbningstid nr. 1" in bad.output


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=COPENHAGEN)


def test_alternative_hours_hold_to_the_minute_and_normal_hours_keep_their_exceptions() -> None:
    normal = hours.OpeningHours(
        rules=(hours.WeeklyRule(("MO", "TU", "WE", "TH", "FR"), *map(hours.parse_time,
                                                                     ("10:00", "16:00"))),),
        # Closed on Thursday: after the window ends at 14:00 that day, it still is.
        exceptions=(hours.DatedException(_at("2026-12-10 00:00").date()),))
    winter = hours.OpeningHours(rules=(hours.WeeklyRule(
        ("WE", "TH"), hours.parse_time("22:00"), hours.parse_time("08:00")),))
    combined = hours.with_alternative(normal, winter, _at("2026-12-09 12:00"),
                                      _at("2026-12-10 14:00"))
    expected = {"2026-12-09 11:00": True, "2026-12-09 13:00": False, "2026-12-09 23:00": True,
                "2026-12-10 07:59": True, "2026-12-10 08:00": False, "2026-12-10 14:30": False,
                "2026-12-10 22:30": False, "2026-12-11 11:00": True}
    assert {moment: hours.is_open(combined, _at(moment)) for moment in expected} == expected


def test_a_closed_day_in_the_window_gives_way_to_winter_hours(
        app: Flask, client, clock: Clock, catalogue: Catalogue) -> None:  # noqa: ANN001
    slug = catalogue.offer(**{**WARMING_ROOM, "exceptions": [closed_on("2026-12-09")]})
    assert _cli(app, "winter-hours", slug, "--row", "WE 20:00-23:00").exit_code == 0
    assert _cli(app, "winter-plan", "on", "--until", "2026-12-10T08:00").exit_code == 0
    clock.set("2026-12-09 21:00")
    assert _open_now(client) == [slug]


def test_the_hours_list_says_a_run_of_winter_nights_in_one_line() -> None:
    normal = hours.OpeningHours(rules=(hours.WeeklyRule(
        ("MO", "TU", "WE", "TH", "FR"), hours.parse_time("10:00"), hours.parse_time("16:00")),))
    winter = hours.OpeningHours(rules=(hours.WeeklyRule(
        ("MO", "TU", "WE", "TH", "FR", "SA", "SU"), hours.parse_time("20:00"),
        hours.parse_time("08:00")),), extra_holidays=frozenset())
    combined = hours.with_alternative(normal, winter, _at("2026-12-09 20:00"),
                                      _at("2026-12-20 12:00"))
    lines = hours.describe(combined, "da", today=_at("2026-12-09 20:00").date())
    assert "10. december–19. december: 20–8 (Kuldeberedskab)" in lines
    assert len(lines) == 5  # the weekly row; the 9th's two parts; the run; the closed Sunday
