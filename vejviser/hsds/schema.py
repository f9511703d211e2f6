"""Validate documents against the HSDS 3.0 JSON schemas shipped with the package (offline).

The schemas name no ``$schema``; they are read as Draft 2020-12, the draft HSDS 3.0's OpenAPI 3.1
uses. ``format`` is asserted (``uuid``, ``email``, and ``uri``/``date-time`` where jsonschema's
optional checkers are installed), and an empty registry means no ``$ref`` is ever fetched from
the network.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from vejviser.catalogue.errors import FieldProblem
from vejviser.resources import hsds_schema_dir

if TYPE_CHECKING:
    from jsonschema.protocols import Validator

REQUIRED = re.compile(r"^'([^']+)' is a required property$")
PAGE_FIELDS = {"total_items": int, "total_pages": int, "page_number": int, "size": int,
               "first_page": bool, "last_page": bool, "empty": bool}


@lru_cache(maxsize=None)
def schema(name: str) -> dict[str, Any]:
    """The parsed schema file ``name`` (e.g. ``"service.json"``)."""
    with (hsds_schema_dir() / name).open(encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=None)
def validator(name: str = "service.json") -> Validator:
    """A validator for schema ``name`` that checks formats and never goes online."""
    # jsonschema (3 MB) is imported on first use: the web workers that only search never do.
    from jsonschema import Draft202012Validator
    from jsonschema.validators import validator_for
    from referencing import Registry

    document = schema(name)
    cls = validator_for(document, default=Draft202012Validator)
    return cls(
        document, registry=Registry(), format_checker=cls.FORMAT_CHECKER)


def json_path(parts: Iterable[Any]) -> str:
    """``["schedules", 0, "opens_at"]`` -> ``"schedules[0].opens_at"``."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(service)"


def service_problems(document: Any, record: str) -> list[FieldProblem]:
    """Every way ``document`` breaks HSDS's service.json, as problems naming the field."""
    errors = sorted(validator().iter_errors(document),
                    key=lambda error: list(map(str, error.absolute_path)))
    problems = []
    for error in errors:
        path = list(error.absolute_path)
        missing = REQUIRED.match(error.message) if error.validator == "required" else None
        if missing:  # name the missing field itself, not its parent
            path.append(missing.group(1))
        problems.append(FieldProblem(record, json_path(path), error.message))
    return problems
