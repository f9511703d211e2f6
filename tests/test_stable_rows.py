"""Updating an offer updates its parts in place: a rename is a change of one field, every id of
its places, hours rows, phones and contacts stays, and a changed row keeps its id."""
from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import select

from vejviser.catalogue.loading import load_offer
from vejviser.catalogue.offers import upsert_offer
from vejviser.catalogue.snapshot import offer_snapshot
from vejviser.catalogue.validation import normalise_offer
from vejviser.db import db
from vejviser.models import Organization, Revision

OFFER = "eksempel-natvarmestue-odense"  # fictional seed example: rows, exceptions, holidays


def _ids(snapshot: dict[str, Any]) -> dict[str, Any]:
    """Every id in a snapshot, by where it is."""
    ids: dict[str, Any] = {}
    for part in ("languages", "schedules", "exceptions", "phones", "contacts"):
        ids[part] = [row["id"] for row in snapshot[part]]
    ids["places"] = [(place["id"], place["link_id"], [r["id"] for r in place["schedules"]],
                      [r["id"] for r in place["exceptions"]]) for place in snapshot["locations"]]
    return ids


def _input(snapshot: dict[str, Any], with_ids: bool) -> dict[str, Any]:
    """A stored offer as loose input again (as a seed file or a form gives it), with or without
    the ids of its parts."""
    def rows(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{k: v for k, v in row.items() if with_ids or k != "id"} for row in items]

    raw = {key: value for key, value in snapshot.items()
           if key not in ("terms", "organization_id")}
    raw["organization"] = snapshot["organization_id"]
    for part in ("languages", "schedules", "exceptions", "phones", "contacts"):
        raw[part] = rows(snapshot[part])
    raw["locations"] = [{**{k: v for k, v in place.items() if k not in ("link_id", "follows")},
                         "schedules": rows(place["schedules"]),
                         "exceptions": rows(place["exceptions"])}
                        for place in snapshot["locations"]]
    for term in snapshot["terms"]:
        vocabulary, code = term.split(":")
        field = {"category": "categories", "target_group": "target_groups",
                 "attribute": "attributes", "legal_basis": "legal_basis"}[vocabulary]
        raw.setdefault(field, []).append(code)
    return raw


def _store(raw: dict[str, Any]) -> str:
    data, problems = normalise_offer(raw, raw["slug"])
    assert problems == []
    return upsert_offer(db.session, data, actor="test").action


def test_a_rename_changes_one_field_and_no_id(seeded_app: Flask) -> None:
    with seeded_app.app_context():
        offer = load_offer(db.session, OFFER)
        before = offer_snapshot(offer)
        assert before["schedules"] and before["exceptions"] and before["locations"]
        version = offer.version
        for with_ids in (True, False):  # with or without the parts' ids in the input
            raw = _input(offer_snapshot(offer), with_ids)
            raw["name"] = f"Natcaféen ({with_ids})"
            assert _store(raw) == "updated"
            db.session.commit()
            revision = db.session.scalars(select(Revision).where(Revision.offer_id == offer.id)
                                          .order_by(Revision.id.desc())).first()
            assert list(revision.changes) == ["name"]
            assert _ids(offer_snapshot(load_offer(db.session, OFFER))) == _ids(before)
        assert offer.version == version + 2  # each change is a new version (stale edits refused)


def test_the_same_data_again_changes_nothing(seeded_app: Flask) -> None:
    with seeded_app.app_context():
        offer = load_offer(db.session, OFFER)
        version = offer.version
        assert _store(_input(offer_snapshot(offer), with_ids=False)) == "unchanged"
        assert offer.version == version


def test_an_edited_row_keeps_its_id_and_only_that_row_changes(seeded_app: Flask) -> None:
    with seeded_app.app_context():
        offer = load_offer(db.session, OFFER)
        before = offer_snapshot(offer)
        raw = _input(before, with_ids=False)
        raw["schedules"][0]["description"] = "Ny tekst"
        assert _store(raw) == "updated"
        db.session.commit()
        after = offer_snapshot(load_offer(db.session, OFFER))
        assert _ids(after) == _ids(before)
        pairs = zip(before["schedules"], after["schedules"])
        changed = [index for index, (old, new) in enumerate(pairs) if old != new]
        assert changed == [0] and after["schedules"][0]["description"] == "Ny tekst"


def test_a_removed_row_goes_and_a_new_one_gets_a_new_id(seeded_app: Flask) -> None:
    with seeded_app.app_context():
        offer = load_offer(db.session, OFFER)
        before = offer_snapshot(offer)
        raw = _input(before, with_ids=False)
        removed = raw["schedules"].pop(0)
        raw["phones"] = raw["phones"] + [{"number": "+45 66 13 13 72", "description": "Ny"}]
        _store(raw)
        db.session.commit()
        after = offer_snapshot(load_offer(db.session, OFFER))
        assert [row["id"] for row in after["schedules"]] == [
            row["id"] for row in before["schedules"][1:]]
        assert removed not in after["schedules"]
        kept = [row["id"] for row in before["phones"]]
        assert [row["id"] for row in after["phones"]][:len(kept)] == kept
        assert after["phones"][-1]["id"] not in kept


def test_a_new_offer_gets_its_own_ids(seeded_app: Flask) -> None:
    with seeded_app.app_context():
        organization = db.session.scalars(select(Organization)).first()
        raw = {"slug": "nyt-sted", "name": "Nyt sted", "organization": organization.id,
               "schedules": [{"byday": "MO", "opens_at": "10:00", "closes_at": "12:00"}],
               "locations": [{"name": "Et sted", "precision": "none",
                              "schedules": [{"byday": "TU", "opens_at": "10", "closes_at": "12"}]}]}
        assert _store(raw) == "created"
        db.session.commit()
        snap = offer_snapshot(load_offer(db.session, "nyt-sted"))
        assert snap["schedules"][0]["id"] and snap["locations"][0]["schedules"][0]["id"]
        assert _store(raw) == "unchanged"  # the same input again: nothing new
