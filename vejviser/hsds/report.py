"""What an import found and did, grouped so a person can act on it, in one language.

Every check of the import adds a :class:`Finding`: a *kind* (what is wrong, or what was kept,
moved or dropped), the record (the n-th service of the file; None for the file itself), the
field, and the detail that differs from record to record (a bad value). Findings of the same
kind about the same field of the same sort of entity form one line of the report::

    419 tjenester: id er ikke et UUID, fx #1, #2, #3
    telefonnumre på steder: 297 felter flyttet til tilbuddet, fx #4, #9, #12

The texts live in :mod:`vejviser.hsds.texts` (Danish and English); ``--report FILE`` writes the
same report as JSON with every finding, for tooling.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from vejviser.hsds import texts

#: Examples shown per line of the printed report.
EXAMPLES = 3
#: Kinds reported as one line per sort of entity, naming the fields ("organisationer: 9 felter
#: udeladt (tax_status, logo, ...)"), instead of one line per field.
COLLAPSED = ("fate.dropped", "fate.unknown")
_INDEX = re.compile(r"\[\d+\]")


@dataclass(frozen=True)
class Finding:
    """One thing an import found about one field of one record (see the module docstring)."""

    kind: str
    record: int | None = None
    path: str = ""
    args: tuple[tuple[str, Any], ...] = ()
    detail: str = ""

    @property
    def is_problem(self) -> bool:
        """True when this finding refuses the file (else it is a note)."""
        return texts.is_problem(self.kind)


def finding(kind: str, record: int | None = None, path: str = "", detail: Any = "",
            **args: Any) -> Finding:
    """A :class:`Finding`; ``args`` fill the kind's text and are the same for a whole group."""
    return Finding(kind, record, path, tuple(sorted(args.items())), str(detail))


def entity_of(path: str) -> tuple[str, str]:
    """``("phone", "number")`` for ``"service_at_locations[0].phones[1].number"``: the sort of
    object a field sits in, and the field."""
    parts = [part for part in _INDEX.sub("", path).split(".") if part]
    entity = "service"
    for part in parts[:-1]:
        entity = texts.ENTITY_OF_FIELD.get(part, entity)
    leaf = parts[-1] if parts else ""
    if leaf in texts.ENTITY_OF_FIELD and path.endswith("]"):  # "schedules[0]": the row itself
        return texts.ENTITY_OF_FIELD[leaf], ""
    return entity, leaf


@dataclass
class Group:
    """Findings of one kind about one field: a line of the report."""

    kind: str
    entity: str
    leaf: str
    args: dict[str, Any]
    findings: list[Finding]
    #: For kinds collapsed per entity (fields left out): which fields, in order.
    names: list[Any] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.findings)


@dataclass
class ImportReport:
    """What an import did, or why it did nothing (a problem among ``findings``)."""

    source: str = ""
    format: str = "json"
    version: str = "3.0"
    total: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {"created": 0, "updated": 0,
                                                            "unchanged": 0})
    findings: list[Finding] = field(default_factory=list)
    #: Record number -> (id, name) of the records findings name (for the JSON report).
    records: dict[int, tuple[str, str]] = field(default_factory=dict)
    created_terms: list[str] = field(default_factory=list)
    dry_run: bool = False

    def add(self, *found: Finding) -> None:
        """Add findings."""
        self.findings.extend(found)

    @property
    def problems(self) -> list[Finding]:
        """The findings that refuse the file."""
        return [item for item in self.findings if item.is_problem]

    @property
    def notes(self) -> list[Finding]:
        """What was kept elsewhere, converted or left out: the import went ahead."""
        return [item for item in self.findings if not item.is_problem]

    @property
    def ok(self) -> bool:
        """True when the file was accepted."""
        return not self.problems

    def name_record(self, index: int, document: Any) -> None:
        """Remember how to name record ``index`` in the JSON report."""
        if isinstance(document, dict):
            self.records[index] = (str(document.get("id") or ""), str(document.get("name") or ""))

    def groups(self, problems: bool) -> list[Group]:
        """The problems (or the notes) grouped into report lines, biggest first."""
        groups: dict[tuple[Any, ...], Group] = {}
        for item in self.findings:
            if item.is_problem != problems:
                continue
            entity, leaf = entity_of(item.path)
            collapsed = item.kind in COLLAPSED  # one line per entity, naming the fields
            key = (item.kind, entity) if collapsed else (item.kind, entity, leaf, item.args)
            if key not in groups:
                groups[key] = Group(item.kind, entity, leaf, dict(item.args), [])
            group = groups[key]
            group.findings.append(item)
            name = leaf or dict(item.args).get("label", "")
            if collapsed and name not in group.names:
                group.names.append(name)
        # What the whole file is (its version, minted ids) first, then the biggest groups.
        return sorted(groups.values(), key=lambda group: (
            not group.kind.startswith(("version.", "ids.")), -group.count, group.kind))

    def lines(self, lang: str = "da") -> list[str]:
        """The short, grouped report: one line per kind of problem or note, then the summary."""
        words = texts.Words(lang)
        out = [words.header(self.source, self.format, self.version)]
        problems = self.groups(problems=True)
        if problems:
            out.append(words.refused(len(self.problems)))
            out += [f"  {words.line(group, EXAMPLES)}" for group in problems]
            out += [f"  {hint}" for hint in words.hints(group.kind for group in problems)]
        notes = self.groups(problems=False)
        if notes:
            out.append(words.notes_heading())
            out += [f"  {words.line(group, EXAMPLES)}" for group in notes]
        if not problems:
            out.append(words.summary(self.total, self.counts, self.dry_run))
            if self.created_terms:
                out.append(words.new_terms(self.created_terms))
        return out

    def as_json(self, lang: str = "da") -> dict[str, Any]:
        """The whole report, every finding included, in one language (``--report FILE``)."""
        words = texts.Words(lang)

        def entries(groups: Iterable[Group]) -> list[dict[str, Any]]:
            return [{"kind": group.kind, "count": group.count,
                     "message": words.line(group, 0),
                     "records": [self._record(item, words) for item in group.findings]}
                    for group in groups]

        return {"file": self.source, "format": self.format, "hsds_version": self.version,
                "language": words.lang, "accepted": self.ok, "dry_run": self.dry_run,
                "services": self.total, "counts": dict(self.counts) if self.ok else None,
                "problems": entries(self.groups(problems=True)),
                "notes": entries(self.groups(problems=False)),
                "created_terms": self.created_terms, "summary": self.lines(lang)}

    def _record(self, item: Finding, words: texts.Words) -> dict[str, Any]:
        found_id, name = self.records.get(item.record, ("", "")) \
            if item.record is not None else ("", "")
        return {"record": None if item.record is None else item.record + 1, "id": found_id,
                "name": name, "field": item.path, "detail": words.detail(item)}
