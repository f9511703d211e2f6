"""The table of what an import keeps, moves and leaves out: complete, and the same in the docs."""
from __future__ import annotations

from pathlib import Path

from vejviser.hsds.fates import ENTITIES, FATES, NEW_IN_3_1, WATCH, fate_of, markdown_rows
from vejviser.hsds.validate import Node, compile_schema

DOCS = Path(__file__).resolve().parents[2] / "docs" / "hsds.md"


def _schema_fields(node: Node, seen: set[tuple[str, str]], dropped: bool = False) -> None:
    if node.type == "array" and node.items is not None:
        _schema_fields(node.items, seen, dropped)
    elif node.type == "object":
        for key, child in node.properties.items():
            if not dropped:
                seen.add((node.entity, key))
            fate = FATES.get((node.entity, key))
            _schema_fields(child, seen, dropped or fate is None or fate.fate == "dropped")


def test_every_field_of_service_json_has_a_fate() -> None:
    fields: set[tuple[str, str]] = set()
    _schema_fields(compile_schema(), fields)
    missing = sorted(key for key in fields if fate_of(*key) is None)
    assert missing == []
    assert {entity for entity, _ in fields} - {"metadata"} <= set(ENTITIES) | {
        "funding", "cost_option", "program", "required_document", "service_area"}
    assert not set(NEW_IN_3_1) & fields  # 3.1's fields are not 3.0's


def test_moved_and_dropped_fields_are_reported_with_words_in_both_languages() -> None:
    for key in WATCH:
        fate = FATES[key]
        assert fate.label_da and fate.label_en and fate.where_da and fate.where_en, key


def test_the_docs_print_the_table_of_the_code() -> None:
    text = DOCS.read_text(encoding="utf-8")
    start = text.index("<!-- fates:")
    table = text[start:text.index("<!-- /fates -->")].splitlines()[3:]
    assert [row for row in table if row.strip()] == markdown_rows()
