"""Make one parsed HSDS document safe to read further, before any other check sees it.

Every string is cleaned (``vejviser.catalogue.cleantext``: control characters out, one kind of
line break); that covers what ``normalise_offer`` never sees too (the organisation, taxonomy
terms, attribute values). Two things are refused, each named by its field:

* a lone surrogate, which no database, terminal or log can take as UTF-8;
* nesting deeper than ``MAX_DEPTH``: the schema check and the mapping recurse, and Python's
  recursion limit would end them with a ``RecursionError``. A real service document nests about
  ten levels (service, location, attribute, taxonomy term, taxonomy, metadata).

The JSON import runs it on each document; a CSV import that assembles documents reuses it there.
"""
from __future__ import annotations

from typing import Any

from vejviser.catalogue.cleantext import SINGLE_LINE_FIELDS, clean_text, surrogate_problem
from vejviser.hsds.schema import json_path

MAX_DEPTH = 64
TOO_DEEP = (f"for dybt indlejret (mere end {MAX_DEPTH} niveauer; et HSDS-dokument har omkring "
            "10), så dokumentet kan ikke læses")
#: How many path parts a problem about deep nesting names before "…".
SHOWN_PARTS = 4


class _Intake:
    """One walk over one document; bounded by ``MAX_DEPTH``, so its recursion is too. The path
    is one list, grown and shrunk as the walk goes (a copy only for a problem)."""

    def __init__(self) -> None:
        self.problems: list[tuple[str, str]] = []
        self.too_deep = False
        self.path: list[str | int] = []

    def walk(self, value: Any, key: str) -> Any:
        if isinstance(value, str):
            return value if value.isprintable() else self.text(value, key)
        if not isinstance(value, (dict, list)):
            return value
        path = self.path
        if len(path) >= MAX_DEPTH:
            if not self.too_deep:  # once per document: a deep file may be deep everywhere
                self.too_deep = True
                self.problems.append((json_path(path[:SHOWN_PARTS]) + "…", TOO_DEEP))
            return None
        if isinstance(value, list):
            out = []
            for index, item in enumerate(value):
                path.append(index)
                out.append(self.walk(item, key))
                path.pop()
            return out
        cleaned = {}
        for name, item in value.items():
            if isinstance(name, str) and not name.isprintable():
                name = self.text(name, "", clean=False)
            path.append(name)
            cleaned[name] = self.walk(item, name)
            path.pop()
        return cleaned

    def text(self, text: str, key: str, clean: bool = True) -> str:
        problem = surrogate_problem(text)
        if problem:
            self.problems.append((json_path(self.path), problem))
            # The document is refused; the replacement only lets its name and fields be printed.
            text = text.encode("utf-8", "replace").decode("utf-8")
        return clean_text(text, single_line=key in SINGLE_LINE_FIELDS) if clean else text


def clean_document(document: Any) -> tuple[Any, list[tuple[str, str]]]:
    """``(cleaned copy, [(field, problem), ...])`` for one parsed document.

    With problems the document must be refused; the copy is still safe to name in a report
    (surrogates replaced by "?", anything deeper than ``MAX_DEPTH`` cut off).
    """
    intake = _Intake()
    cleaned = intake.walk(document, "")
    return cleaned, intake.problems
