"""Older and newer HSDS: 1.x/2.0 ``regular_schedules`` / ``holiday_schedules`` / ``weekday`` are
read as weekly rows and dated exceptions (or the report says plainly they were not imported),
HSDS 3.1 is recognised, and foreign non-UUID ids become stable UUIDs with ``--mint-ids``."""
from __future__ import annotations

import json
import uuid
from datetime import date, time
from pathlib import Path
from typing import Any

from flask import Flask

from vejviser.catalogue.loading import load_offer
from vejviser.db import db
from vejviser.hsds.ids import Minter, source_namespace
from vejviser.hsds.importer import import_hsds
from vejviser.hsds.report import ImportReport


def _legacy(number: int, **more: Any) -> dict[str, Any]:
    """A service as an HSDS 1.x directory (converted to JSON) has it: ids are not UUIDs."""
    return {"id": str(number), "name": f"Retshjælp {number}", "status": "active",
            "organization": {"id": "org-1", "name": "Retshjælpen", "description": ""}, **more}


def test_a_file_of_400_legacy_ids_gets_a_short_answer(app: Flask) -> None:
    services = [_legacy(n, regular_schedules=[{"id": f"rs-{n}", "weekday": 1,
                                               "opens_at": "9:00", "closes_at": "16:00"}])
                for n in range(1, 401)]
    with app.app_context():
        report = import_hsds(db.session, services)
    lines = report.lines()
    assert not report.ok and len(lines) <= 10, lines
    assert "  400 tjenester: id er ikke et UUID, fx #1 ('1'), #2 ('2'), #3 ('3')" in lines
    assert "  400 organisationer: id er ikke et UUID, fx #1 ('org-1'), #2 ('org-1'), " \
           "#3 ('org-1')" in lines
    assert any(line.strip().startswith("Tip: --mint-ids --source") for line in lines)


def test_minted_ids_are_stable_per_source_and_never_collide(app: Flask) -> None:
    services = [_legacy(n, regular_schedules=[{"id": f"rs-{n}", "weekday": "Monday",
                                               "opens_at": "9:00", "closes_at": "16:00"}])
                for n in range(1, 4)]
    with app.app_context():
        report = import_hsds(db.session, services, mint_ids=True, source="Retshjælpen Odense")
        assert report.ok, report.lines()
        db.session.commit()
        assert "7 id'er, der ikke var UUID'er, er lavet om til stabile UUID'er i navnerummet " \
               "'Retshjælpen Odense'" in "\n".join(report.lines())  # services, org, rows
        minted = str(uuid.uuid5(source_namespace("Retshjælpen Odense"), "2"))
        offer = load_offer(db.session, minted)
        assert offer is not None and offer.name == "Retshjælp 2"
        assert offer.organization_id == str(uuid.uuid5(source_namespace("retshjælpen odense"),
                                                       "org-1"))
        again = import_hsds(db.session, services, mint_ids=True, source="Retshjælpen Odense")
        assert again.counts == {"created": 0, "updated": 0, "unchanged": 3}
    other = Minter("Retshjælpen Aarhus")
    assert other.mint("2") != minted and other.mint("2") == Minter("Retshjælpen Aarhus").mint("2")
    assert other.mint(minted) == minted  # a UUID stays as it is


def _stored_hours(app: Flask, document: dict[str, Any]) -> tuple[ImportReport, Any]:
    with app.app_context():
        report = import_hsds(db.session, document, mint_ids=True, source="test")
        assert report.ok, report.lines()
        db.session.commit()
        (offer,) = [load_offer(db.session, key) for key in
                    [str(uuid.uuid5(source_namespace("test"), document["id"]))]]
        return report, (sorted((row.byday, row.opens_at, row.closes_at)
                               for row in offer.schedules),
                        [(row.date_from, row.closed) for row in offer.exceptions])


def test_regular_and_holiday_schedules_are_read(app: Flask) -> None:
    document = _legacy(7, regular_schedules=[
        {"id": "a", "weekday": 1, "opens_at": "09:00", "closes_at": "15:00"},
        {"id": "b", "weekday": 7, "opens_at": "10:00", "closes_at": "12:00"}],
        holiday_schedules=[{"id": "h", "closed": True, "start_date": "2026-12-24",
                            "end_date": "2026-12-26"}])
    report, (weekly, exceptions) = _stored_hours(app, document)
    assert weekly == [("MO", time(9), time(15)), ("SU", time(10), time(12))]
    assert exceptions == [(date(2026, 12, 24), True)]
    lines = "\n".join(report.lines())
    assert report.version == "1.x/2.0"
    assert "ældre HSDS (1.x/2.0) genkendt: holiday_schedules, regular_schedules" in lines
    assert "ugedage som tal er læst som 1 = mandag … 7 = søndag (ISO 8601)" in lines


def test_zero_based_weekdays_and_weekday_on_schedules(app: Flask) -> None:
    document = _legacy(8, regular_schedules=[
        {"id": "a", "weekday": 0, "opens_at": "09:00", "closes_at": "15:00"}],
        schedules=[{"id": "s", "weekday": "tirsdag", "opens_at": "10:00", "closes_at": "11:00"}])
    report, (weekly, _) = _stored_hours(app, document)
    assert weekly == [("SU", time(9), time(15)), ("TU", time(10), time(11))]
    assert "0 = søndag … 6 = lørdag" in "\n".join(report.lines())


def test_weekdays_that_cannot_be_read_are_said_not_imported(app: Flask) -> None:
    document = _legacy(9, regular_schedules=[{"id": "a", "weekday": "someday",
                                              "opens_at": "09:00", "closes_at": "15:00"}])
    report, (weekly, _) = _stored_hours(app, document)
    assert weekly == []
    assert "1 åbningstidsrække: åbningstiderne kunne ikke læses og er IKKE importeret, fx #1 " \
           "(someday)" in "\n".join(report.lines())


def test_hsds_3_1_is_recognised_and_its_new_fields_noted(app: Flask) -> None:
    path = Path(__file__).resolve().parent / "samples" / "openreferral-3.1" / "service_full.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    with app.app_context():
        report = import_hsds(db.session, document)
    assert report.ok and report.version == "3.1"
    lines = report.lines()
    assert lines[2].strip().startswith("HSDS 3.1: det, som 3.0 har, er importeret")
    dropped = "\n".join(lines)
    for field in ("additional_urls", "additional_websites", "service_areas", "label"):
        assert field in dropped
