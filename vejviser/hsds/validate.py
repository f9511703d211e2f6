"""Check a service document against HSDS 3.0's service.json fast, and note the fields it has.

jsonschema's general machinery took 16 ms per service document (its validator is rebuilt at
every level of a schema that nests the whole model ten deep): 160 s for 10,000 services. The
schema uses only ``type``, ``properties``, ``required``, ``items``, ``enum`` and ``format``, so
it is compiled once into a small tree and walked with the document (well under a millisecond).
``tests/hsds/test_validate.py`` checks it against jsonschema on the specification's examples and
on broken documents; :func:`compile_schema` refuses a schema with any other keyword, so a newer
service.json cannot be half-checked silently.

Differences from jsonschema, on purpose: ``null`` counts as "not given" (many exporters write
null for an empty field), and the few schedule fields the hours import reads leniently
(``LENIENT``) are left to it. Each problem is a :class:`Finding` of kind ``schema.*`` in the
report's words, never jsonschema's English.

While walking, every field of a kind in ``watch`` (entity, field) and every field the schema does
not know is handed to ``seen``: that is how the report says what was kept elsewhere or left out.
What ``seen`` says is left out is not checked further: a file is never refused for a part of it
the import does not keep.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from vejviser.hsds.report import Finding, finding
from vejviser.hsds.schema import schema

#: Keywords that only describe (name, title, examples, tabular layout) and never constrain.
DESCRIPTIVE = {"name", "title", "description", "constraints", "example", "core", "path",
               "datapackage_metadata", "mediatype", "profile", "order", "tabular_required",
               "datapackage_type"}
#: (entity, field, check) the hours import reads itself: DAILY or YEARLY recurrences become
#: "see the description", a time zone may be a name as well as a number.
LENIENT = {("schedule", "freq", "enum"), ("schedule", "wkst", "enum"),
           ("schedule", "timezone", "type")}
TYPES: dict[str, tuple[type, ...]] = {"string": (str,), "number": (int, float), "integer": (int,),
                                      "object": (dict,), "array": (list,), "boolean": (bool,)}
TYPE_WORDS = {"string": ("tekst", "text"), "number": ("et tal", "a number"),
              "integer": ("et heltal", "an integer"), "object": ("et objekt", "an object"),
              "array": ("en liste", "a list"), "boolean": ("sand eller falsk", "true or false")}

#: (entity, field, path, known by the schema, value) -> check what is under it? (not for parts
#: that are left out)
Seen = Callable[[str, str, str, bool, Any], bool]


@dataclass
class Node:
    """One level of the schema: what a value there must be."""

    type: str
    entity: str = ""
    format: str = ""
    enum: tuple[Any, ...] = ()
    required: tuple[str, ...] = ()
    properties: dict[str, Node] = field(default_factory=dict)
    items: Node | None = None


def _compile(spec: dict[str, Any], entity: str) -> Node:
    unknown = set(spec) - DESCRIPTIVE - {"type", "format", "enum", "required", "properties",
                                         "items"}
    if unknown:
        raise ValueError(f"service.json uses keywords this checker does not know: {unknown}")
    kind = spec.get("type", "object")
    name = spec.get("name", entity) if kind == "object" else entity
    node = Node(kind, name, spec.get("format", ""), tuple(spec.get("enum", ())),
                tuple(spec.get("required", ())))
    for key, child in spec.get("properties", {}).items():
        node.properties[key] = _compile(child, name)
    if "items" in spec:
        node.items = _compile(spec["items"], name)
    return node


@lru_cache(maxsize=None)
def compile_schema(name: str = "service.json") -> Node:
    """The compiled schema ``name`` (cached)."""
    return _compile(schema(name), "service")


_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def is_uuid(text: str) -> bool:
    """A UUID in its 36-character form: what jsonschema's ``uuid`` format accepts (dashes at 8,
    13, 18 and 23, hex digits between), checked without building a ``uuid.UUID`` (a service
    document holds about 90 ids)."""
    return _UUID.fullmatch(text) is not None


class _Walk:
    def __init__(self, record: int, seen: Seen | None, watch: frozenset[tuple[str, str]]):
        self.record, self.seen, self.watch = record, seen, watch
        self.found: list[Finding] = []

    def problem(self, kind: str, path: str, detail: Any = "", **args: Any) -> None:
        self.found.append(finding(kind, self.record, path, detail, **args))

    def value(self, node: Node, value: Any, path: str, entity: str, key: str) -> None:
        if node.type == "object":
            if isinstance(value, dict):
                self.object(node, value, path)
                return
        elif node.type == "array":
            if isinstance(value, list):
                assert node.items is not None
                for index, item in enumerate(value):
                    if item is not None:
                        self.value(node.items, item, f"{path}[{index}]", entity, key)
                return
        elif isinstance(value, TYPES.get(node.type, (object,))) and not (
                isinstance(value, bool) and node.type in ("number", "integer")):
            if node.enum and value not in node.enum and (entity, key, "enum") not in LENIENT:
                self.problem("schema.enum", path, repr(value),
                             allowed=", ".join(map(str, node.enum)))
            elif node.format == "uuid" and not is_uuid(str(value)):
                self.problem("schema.uuid", path, repr(value)[:40])
            elif node.format == "email" and "@" not in str(value):
                self.problem("schema.email", path, repr(value)[:60])
            return
        if (entity, key, "type") not in LENIENT:
            self.problem("schema.type", path, type(value).__name__,
                         expected=TYPE_WORDS.get(node.type, (node.type, node.type)))

    def object(self, node: Node, value: dict[str, Any], path: str) -> None:
        prefix = f"{path}." if path else ""
        for key in node.required:
            if value.get(key) is None:
                self.problem("schema.required", prefix + key)
        for key, item in value.items():
            if item is None or item == "" or item == []:
                continue
            child = node.properties.get(key)
            if child is None:
                if self.seen:
                    self.seen(node.entity, key, prefix + key, False, item)
                continue
            if self.seen and (node.entity, key) in self.watch and \
                    not self.seen(node.entity, key, prefix + key, True, item):
                continue
            self.value(child, item, prefix + key, node.entity, key)


def check_service(document: Any, record: int, seen: Seen | None = None,
                  watch: frozenset[tuple[str, str]] = frozenset()) -> list[Finding]:
    """Every way ``document`` breaks service.json (see the module docstring)."""
    walk = _Walk(record, seen, watch)
    if not isinstance(document, dict):
        walk.problem("schema.type", "", type(document).__name__,
                     expected=TYPE_WORDS["object"])
        return walk.found
    walk.object(compile_schema(), document, "")
    return walk.found
