"""The import report: grouped by kind with counts and the first records, one language at a time,
and every message the catalogue's own checks can give has a kind of its own."""
from __future__ import annotations

import re

import pytest

from vejviser import hours
from vejviser.catalogue.validation import normalise_offer
from vejviser.hsds.core_messages import VALUE_KINDS, classify
from vejviser.hsds.kinds import KINDS
from vejviser.hsds.report import ImportReport, entity_of, finding
from vejviser.hsds.texts import Words

DANISH = re.compile(r"[æøåÆØÅ]|\b(og|ikke|felter?|tilbud|udeladt|mangler|eller|skal|er|til)\b")


def test_419_bad_ids_are_one_line() -> None:
    report = ImportReport(source="retshjaelp.json", total=430)
    report.add(*(finding("schema.uuid", n, "id", repr(str(n))) for n in range(419)))
    assert report.lines() == [
        "retshjaelp.json: HSDS 3.0 (JSON)",
        "Afvist: intet er importeret (419 problemer).",
        "  419 tjenester: id er ikke et UUID, fx #1 ('0'), #2 ('1'), #3 ('2')",
        "  Tip: --mint-ids --source NAVN laver stabile UUID'er af id'er, der ikke er UUID'er "
        "(samme fil giver samme id'er).",
    ]
    assert report.as_json("en")["problems"][0]["message"] == "419 services: id is not a UUID"


def test_moved_fields_are_counted_per_kind_and_dropped_ones_per_entity() -> None:
    report = ImportReport(source="x.json", total=297)
    label = ("telefonnumre på lokationer", "phones of locations")
    where = ("flyttet til stedet", "moved to the place")
    for n in range(297):
        report.add(finding("fate.moved", n, "service_at_locations[0].location.phones",
                           label=label, fate=where))
    report.add(finding("fate.dropped", 4, "wait_time", label=("a", "b"), why=("c", "d")),
               finding("fate.dropped", 5, "licenses", label=("a", "b"), why=("c", "d")))
    lines = report.lines()
    assert "  telefonnumre på lokationer: 297 felter flyttet til stedet, fx #1, #2, #3" in lines
    assert "  tjenester: 2 felter udeladt: wait_time, licenses, fx #5, #6" in lines
    english = report.lines("en")
    assert "  phones of locations: 297 fields moved to the place, e.g. #1, #2, #3" in english


@pytest.mark.parametrize("kind", sorted({**KINDS, **VALUE_KINDS}))
def test_every_kind_speaks_both_languages_and_english_is_english(kind: str) -> None:
    found = {**KINDS, **VALUE_KINDS}[kind]
    names = set(re.findall(r"{(\w+)", found.da))
    assert names == set(re.findall(r"{(\w+)", found.en)), kind
    english = re.sub(r"{\w+(!r)?}", "", found.en)
    assert not DANISH.search(english.replace("'se beskrivelse'", "")), (kind, english)


def test_a_danish_report_and_an_english_one_never_mix() -> None:
    report = ImportReport(source="mix.json", total=3)
    report.add(finding("value.time", 0, "schedules[0].opens_at", "'25:00'"),
               finding("hours.converted", 1, "schedules[0].opens_at", "09:00Z → 10:00",
                       zone="UTC"),
               finding("value.other", 2, "name", "en dansk besked, vi ikke kender"))
    english = "\n".join(report.lines("en"))
    assert not DANISH.search(english), english
    assert "1 service: name: invalid value, e.g. #3" in english


def _messages() -> list[str]:
    """Every message normalise_offer and the hours reader give, provoked."""
    raw = {
        "id": "x", "name": "", "slug": "Ugyldig Slug", "url": "javascript:x", "status": "lukket",
        "holiday_rule": "nogle", "extra_holidays": "24-12", "verified_at": "i går",
        "minimum_age": "tolv", "maximum_age": 200, "alternate_name": 5, "notes": "x" * 10_001,
        "nature_terms": [], "categories": ["nope"],
        "locations": [{"latitude": 55.0, "follows": "andet", "schedules": [
            {"byday": "MO", "opens_at": "9", "closes_at": "10"}]}],
        "schedules": [
            {"byday": "MO,MO", "opens_at": "25:00", "closes_at": "10:00"},
            {"byday": "XX"}, {"byday": "MO", "opens_at": "16:00", "closes_at": "10:00"},
            {"byday": "", "opens_at": "10:00"}, {"byday": "MO", "all_day": "måske"},
            {"byday": "MO", "all_day": "1", "by_appointment": "1"},
            {"byday": "MO", "see_description": "1"},
            {"byday": "MO", "see_description": "1", "all_day": "1", "description": "x"},
            {"byday": "MO", "opens_at": "9", "closes_at": "10", "valid_from": "2026-12-04",
             "valid_to": "2026-12-01"}, "ikke en tabel"],
        "exceptions": [{"date_from": "i morgen"}, {"closed": False, "date_from": "2026-12-01",
                                                   "date_to": "2026-11-01"}, {}],
        "phones": [{"number": ""}],
    }
    warnings: list = []
    _, problems = normalise_offer(raw, "x", known_terms={"category": set()}, warnings=warnings)
    messages = [problem.message for problem in problems + warnings]
    for bad in ({"byday": ("MO", "MO")}, {"byday": ()}, {"byday": ("MO",), "opens_at": None}):
        try:
            hours.WeeklyRule(**bad)  # type: ignore[arg-type]
        except ValueError as error:
            messages.append(str(error))
    return messages


def test_every_core_message_has_a_kind() -> None:
    messages = _messages()
    assert len(messages) >= 20
    unknown = [message for message in messages if classify(message)[0] == "value.other"]
    assert unknown == []
    kinds = {classify(message)[0] for message in messages}
    assert {"value.time", "value.day_twice", "value.day", "hours.implausible", "value.slug",
            "value.url", "value.date", "value.number", "value.range", "value.choice",
            "value.missing", "value.not_text", "value.too_long", "value.mmdd", "value.term",
            "value.latlon", "value.follows_own", "value.flag", "value.row_flags",
            "value.words_missing", "value.no_day", "value.end_before_start",
            "value.start_missing", "value.not_table", "value.hours_missing"} <= kinds


@pytest.mark.parametrize("path, entity", [
    ("id", ("service", "id")),
    ("schedules[2].opens_at", ("schedule", "opens_at")),
    ("service_at_locations[0].location.phones[1].number", ("phone", "number")),
    ("locations[0].schedules[1].closes_at", ("schedule", "closes_at")),
    ("locations[0].name", ("place", "name")),
    ("schedules[0]", ("schedule", "")),
])
def test_a_field_names_its_entity(path: str, entity: tuple[str, str]) -> None:
    assert entity_of(path) == entity


def test_words_fall_back_to_danish() -> None:
    assert Words("fr").lang == "da"
