"""The fast service.json check finds what jsonschema finds (on the parts the import keeps)."""
from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from tests.hsds.helpers import example, small_service
from vejviser.hsds.schema import json_path, validator
from vejviser.hsds.validate import check_service, compile_schema, is_uuid

SAMPLES = Path(__file__).resolve().parent / "samples"
KINDS = {"required": "schema.required", "type": "schema.type", "enum": "schema.enum"}


def _jsonschema(document: Any) -> set[tuple[str, str]]:
    found = set()
    for error in validator().iter_errors(document):
        path = list(error.absolute_path)
        if error.validator == "required":
            path.append(error.message.split("'")[1])
        kind = KINDS.get(str(error.validator)) or f"schema.{error.validator_value}"
        found.add((json_path(path) if path else "", kind))
    return found


def _ours(document: Any) -> set[tuple[str, str]]:
    return {(item.path, item.kind) for item in check_service(document, 0)}


def _broken() -> list[dict[str, Any]]:
    base = small_service()
    cases = []
    for change in (
        lambda d: d.update(id="not-a-uuid"),
        lambda d: d.update(status="closed"),
        lambda d: d.pop("name"),
        lambda d: d.update(minimum_age="twelve"),
        lambda d: d.update(email="no-at-sign"),
        lambda d: d["schedules"][0].update(opens_at=9),
        lambda d: d["phones"][0].pop("number"),
        lambda d: d["service_at_locations"][0]["location"].update(location_type="boat"),
        lambda d: d["organization"].update(id="org-1", email="x"),
        lambda d: d.update(phones="not a list"),
        lambda d: d.update(attributes=[{"id": "a", "taxonomy_term": {"id": "b"}}]),
    ):
        document = copy.deepcopy(base)
        change(document)
        cases.append(document)
    return cases


@pytest.mark.parametrize("document", [
    example("service_full.json"),
    json.loads((SAMPLES / "uk-profile-3.0" / "service_full.json").read_text("utf-8")),
    *_broken(),
], ids=lambda d: str(d.get("id", "?"))[:12])
def test_the_fast_check_finds_what_jsonschema_finds(document: dict[str, Any]) -> None:
    ours = _ours(document)
    theirs = {(path, kind) for path, kind in _jsonschema(document)
              if not path.startswith(("organization.locations", "service_areas", "funding"))}
    assert ours == theirs


def test_null_means_not_given_and_lenient_hours_fields_are_left_to_the_hours_import() -> None:
    document = small_service(alternate_name=None)
    document["schedules"][0].update(freq="DAILY", timezone="Europe/London", wkst="XX")
    assert _ours(document) == set()


def test_the_checker_refuses_a_schema_it_cannot_check(monkeypatch: pytest.MonkeyPatch) -> None:
    from vejviser.hsds import validate

    monkeypatch.setattr(validate, "schema", lambda name: {"type": "object", "oneOf": []})
    compile_schema.cache_clear()
    try:
        with pytest.raises(ValueError, match="oneOf"):
            compile_schema()
    finally:
        compile_schema.cache_clear()


@pytest.mark.parametrize("text, expected", [
    ("ac148810-d857-441c-9679-408f346de14b", True), ("AC148810-D857-441C-9679-408F346DE14B", True),
    ("ac148810d857441c9679408f346de14b", False), ("{ac148810-d857-441c-9679-408f346de14b}", False),
    ("ac148810-d857-441c-9679-408f346de14", False), ("zz148810-d857-441c-9679-408f346de14b", False),
])
def test_uuid_like_jsonschema(text: str, expected: bool) -> None:
    assert is_uuid(text) is expected
    assert (not list(validator().iter_errors({"id": text, "name": "x", "status": "active"}))) \
        is expected
