"""Offer data from any source (seed file, HSDS import, later the back office's forms) is checked
field by field: every problem is reported at once, naming its record and field and, where there
is one, the value to correct; what passes comes out in one canonical shape."""
from __future__ import annotations

from datetime import date, datetime, time

import pytest

from vejviser.catalogue.validation import is_web_address, normalise_offer

RECORD = "varmestuen (linje 12)"


def _offer(**fields):  # type: ignore[no-untyped-def]
    return {"name": "Varmestuen", "slug": "varmestuen", "organization": "o", **fields}


def _problems(**fields) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Field -> message of every problem with ``_offer(**fields)``, each naming ``RECORD``."""
    _, problems = normalise_offer(_offer(**fields), RECORD)
    assert all(problem.record == RECORD for problem in problems), problems
    assert all(str(problem).startswith(f"{RECORD}: {problem.field}: ") for problem in problems)
    return {problem.field: problem.message for problem in problems}


def _data(**fields):  # type: ignore[no-untyped-def]
    data, problems = normalise_offer(_offer(**fields), RECORD)
    assert problems == [], problems
    return data


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<b>x</b>",
                                 "JAVASCRIPT://%0aalert(1)", "ftp://example.org", "www.x.dk",
                                 "https://exa mple.dk"])
def test_only_web_addresses_are_accepted_as_links(url: str) -> None:
    assert not is_web_address(url)
    assert list(_problems(url=url)) == ["url"]


def test_an_ordinary_address_passes() -> None:
    assert _data(url="https://www.odense.dk/borger")["url"] == "https://www.odense.dk/borger"


def test_every_problem_is_reported_not_only_the_first() -> None:
    problems = _problems(
        slug="Ikke En Slug", status="open", holiday_rule="aldrig", verified_at="i går",
        minimum_age="tolv", extra_holidays=["24-12"],
        schedules=[{"byday": "XX", "opens_at": "25:00", "closes_at": "16:00"}],
        exceptions=[{"closed": False}], phones=[{"number": ""}],
        locations=[{"latitude": 200, "longitude": 10}])
    assert {"slug", "status", "holiday_rule", "verified_at", "minimum_age", "extra_holidays",
            "schedules[0].byday", "schedules[0].opens_at", "exceptions[0].date_from",
            "phones[0].number", "locations[0].latitude"} <= set(problems)


def test_a_clean_offer_has_no_problems_and_its_defaults() -> None:
    data = _data()
    assert (data["status"], data["holiday_rule"]) == ("active", "as_normal")
    assert data["extra_holidays"] == ["12-24", "12-31"]  # Christmas Eve, New Year's Eve
    assert data["categories"] == data["locations"] == data["schedules"] == []


@pytest.mark.parametrize(("fields", "field", "names"), [
    ({"name": ""}, "name", "mangler"),
    ({"name": "x" * 256}, "name", "256 tegn, højst 255"),
    ({"summary": 42}, "summary", "tekst"),
    ({"slug": "Varmestuen i Bolbro"}, "slug", "'Varmestuen i Bolbro'"),
    ({"status": "lukket"}, "status", "'lukket'"),
    ({"holiday_rule": "aldrig"}, "holiday_rule", "'aldrig'"),
    ({"extra_holidays": "12-24, 24-12"}, "extra_holidays", "'24-12'"),
    ({"verified_at": "i går"}, "verified_at", "'i går'"),
    ({"minimum_age": "tolv"}, "minimum_age", "'tolv'"),
    ({"maximum_age": 200}, "maximum_age", "200"),
])
def test_each_kind_of_offer_field_names_what_is_wrong(fields: dict, field: str,
                                                      names: str) -> None:
    problems = _problems(**fields)
    assert list(problems) == [field]
    assert names in problems[field]


def test_values_come_out_in_one_shape() -> None:
    data = _data(name="  Varmestuen  ", status="temporarily_closed",
                 extra_holidays="12-24, 12-31", verified_at=datetime(2026, 11, 1, 9, 30),
                 minimum_age="18", languages=[" DA ", {"code": "KL", "name": "Grønlandsk"}])
    assert data["name"] == "Varmestuen"
    assert data["status"] == "temporarily closed"  # HSDS's own spelling
    assert data["extra_holidays"] == ["12-24", "12-31"]
    assert data["verified_at"] == date(2026, 11, 1)
    assert data["minimum_age"] == 18
    assert [(lang["code"], lang["name"]) for lang in data["languages"]] == [
        ("da", ""), ("kl", "Grønlandsk")]
    assert _data(verified_at="2026-11-01")["verified_at"] == date(2026, 11, 1)


def test_terms_must_exist_when_the_vocabularies_are_known() -> None:
    known = {"category": {"varmestue"}, "target_group": {"hjemloese"}}
    data, problems = normalise_offer(
        _offer(categories=["varmestue", "varmestue"], target_groups=["hjemloese", "rige"]),
        RECORD, known)
    assert [(p.field, p.message) for p in problems] == [("target_groups", "ukendt term 'rige'")]
    assert data["categories"] == ["varmestue"]  # a repeated term counts once
    assert not normalise_offer(_offer(categories=["nyt"]), RECORD)[1]  # no vocabularies: no check


def test_places_are_checked_each_under_its_own_number() -> None:
    problems = _problems(locations=[
        {"name": "Reden", "latitude": 55.4, "longitude": 10.4, "precision": "street"},
        {"name": "Bolbro", "latitude": 55.4},
        {"name": "Havnen", "latitude": 95, "longitude": 10, "precision": "gps"}])
    assert set(problems) == {"locations[1].latitude", "locations[2].latitude",
                             "locations[2].precision"}
    assert "'gps'" in problems["locations[2].precision"]
    place = _data(locations=[{"name": "Bolbro", "country": "dk"}])["locations"][0]
    assert (place["precision"], place["country"]) == ("none", "DK")  # hidden unless told


def test_opening_hours_rows_are_checked_each_under_its_own_number() -> None:
    problems = _problems(schedules=[
        {"byday": "MO", "opens_at": "10:00", "closes_at": "16:00"},
        {"byday": "TU", "freq": "DAILY", "opens_at": "10:00", "closes_at": "16:00"},
        {"byday": "WE"},
        {"byday": "TH", "opens_at": "10:00", "closes_at": "16:00",
         "valid_from": "2026-12-10", "valid_to": "2026-12-01"}])
    assert set(problems) == {"schedules[1].freq", "schedules[2].opens_at",
                             "schedules[3].valid_to"}
    row = _data(schedules=[{"byday": "mo, we", "opens_at": "10:00", "closes_at": "16:00",
                            "valid_from": "2026-10-01"}])["schedules"][0]
    assert (row["byday"], row["opens_at"], row["closes_at"], row["valid_from"]) == (
        "MO,WE", time(10), time(16), date(2026, 10, 1))


def test_a_yes_no_field_that_is_neither_is_reported() -> None:
    raw = _offer(schedules=[{"byday": "MO", "all_day": "måske"},
                            {"byday": "TU", "all_day": "ja"}])
    data, problems = normalise_offer(raw, RECORD)
    assert "schedules[0].all_day" in [problem.field for problem in problems]
    assert not [problem for problem in problems if problem.field.startswith("schedules[1]")]
    assert [row["all_day"] for row in data["schedules"]] == [True]  # the unreadable row is out


def test_text_loses_control_characters_and_keeps_lines_where_they_belong() -> None:
    raw = _offer(name="Varme\x00stuen\n i Bolbro", description="Åbent\r\n\tman-fre\x1b[0m\x07",
                 phones=[{"number": "+45\t66 13 13 72\x00", "description": "Ring\x85først"}],
                 locations=[{"name": "Gården\r\nbagved", "transportation": "Bus 31\rBus 32"}])
    data, problems = normalise_offer(raw, "varmestuen")
    assert problems == []
    assert data["name"] == "Varmestuen i Bolbro"
    assert data["description"] == "Åbent\n\tman-fre[0m"
    assert data["phones"][0]["number"] == "+45 66 13 13 72"
    assert data["phones"][0]["description"] == "Ring\nførst"
    assert data["locations"][0]["name"] == "Gården bagved"
    assert data["locations"][0]["transportation"] == "Bus 31\nBus 32"


def test_dated_exceptions_and_phones_are_checked_each_under_its_own_number() -> None:
    problems = _problems(
        exceptions=[{"date_from": "2026-12-24"}, {"closed": True},
                    {"date_from": "2026-12-31", "closed": False}],
        phones=[{"number": "+45 66 13 48 00"}, {"number": "", "type": "voice"}])
    assert set(problems) == {"exceptions[1].date_from", "exceptions[2].opens_at",
                             "phones[1].number"}
    closed = _data(exceptions=[{"date_from": "2026-12-24"}])["exceptions"][0]
    assert closed["closed"] is True and closed["date_from"] == date(2026, 12, 24)


def test_a_contact_problem_names_the_contact() -> None:
    assert list(_problems(contacts=[{"name": "Vagten", "title": "x" * 300}])) == [
        "contacts[0].title"]
