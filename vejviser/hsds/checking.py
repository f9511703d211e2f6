"""Check every record of an import in one pass: shape, schema, our rules and references.

A user fixing a file should need one round, so nothing waits for anything else: a record that
breaks the schema is still read as far as it can be, and its references (organisation,
locations, terms, ids owned by other offers, slugs) are checked with everybody else's. Each
record is, in order: converted from older HSDS shapes, given minted ids (``--mint-ids``),
cleaned (``intake``), checked against service.json while its moved and dropped fields are noted
(``validate``, ``fates``), read into our shape (``mapping``, ``hours_in``), and finally checked
by ``normalise_offer`` once the whole file's references are known (:meth:`Checker.finish`).
The database is asked in bulk (one query per kind of reference), never per record.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vejviser.catalogue.snapshot import LOCATION_FIELDS
from vejviser.catalogue.validation import normalise_offer
from vejviser.hsds.core_messages import classify
from vejviser.hsds.fates import NEW_IN_3_1, WATCH, fate_of
from vejviser.hsds.ids import Minter
from vejviser.hsds.intake import TOO_DEEP, clean_document
from vejviser.hsds.mapping import MappedService, map_service
from vejviser.hsds.references import References
from vejviser.hsds.report import Finding, ImportReport, finding
from vejviser.hsds.terms import TermPlanner
from vejviser.hsds.validate import check_service
from vejviser.hsds.versions import convert_legacy
from vejviser.hsds.writing import chunks
from vejviser.models import VOCABULARY_OF_FIELD, Location

FIELD_OF_VOCABULARY = {vocabulary: name for name, vocabulary in VOCABULARY_OF_FIELD.items()}


@dataclass
class CheckOptions:
    """How to read the file: mint ids in ``source``'s namespace, the organisation for services
    without one (``--organisation``: an id or a name; else one made for the source)."""

    source: str = ""
    mint_ids: bool = False
    organisation: str | None = None


class _FieldNotes:
    """The ``seen`` hook of the schema walk: notes for moved, dropped and unknown fields."""

    def __init__(self, record: int) -> None:
        self.record = record
        self.found: list[Finding] = []
        self.newer = False

    def __call__(self, entity: str, field: str, path: str, known: bool, value: Any) -> bool:
        fate = fate_of(entity, field)
        if fate is not None and value in fate.unless:
            return False  # a value that says nothing we lose (a term in Danish)
        if fate is None:
            self.found.append(finding("fate.unknown", self.record, path,
                                      label=f"{entity}.{field}"))
            return False
        self.newer |= (entity, field) in NEW_IN_3_1
        label = (fate.label_da, fate.label_en)
        if fate.fate == "moved":
            self.found.append(finding("fate.moved", self.record, path, label=label,
                                      fate=(fate.where_da, fate.where_en)))
            return True
        if fate.fate == "dropped":
            self.found.append(finding("fate.dropped", self.record, path, label=label,
                                      why=(fate.where_da, fate.where_en)))
            return False
        return True


class Checker:
    """Pass one of an import (see the module docstring)."""

    def __init__(self, session: Session, report: ImportReport, options: CheckOptions) -> None:
        self.session, self.report, self.options = session, report, options
        self.minter = Minter(options.source or report.source) if options.mint_ids else None
        self.mapped: list[MappedService] = []
        self.legacy: set[str] = set()
        self.planner = TermPlanner(session)

    def read(self, index: int, document: Any) -> None:
        """Check one record and keep what the rest of the import needs of it."""
        add = self.report.add
        document, notes, legacy = convert_legacy(document, index)
        self.legacy.update(legacy)
        add(*notes)
        if self.minter is not None:
            document = self.minter.document(document)
        document, refused = clean_document(document)  # nothing else reads raw input
        self.report.name_record(index, document)
        if refused:
            add(*(finding("text.too_deep", index, where) if why == TOO_DEEP else
                  finding("text.surrogate", index, where, _character(why))
                  for where, why in refused))
            return
        fields = _FieldNotes(index)
        add(*check_service(document, index, seen=fields, watch=WATCH), *fields.found)
        if fields.newer:
            self.report.version = "3.1"
        if isinstance(document, dict):
            mapped = map_service(document, index)
            add(*mapped.findings)
            mapped.findings = []
            self.mapped.append(mapped)

    def finish(self, progress: Callable[[int, int], None] | None = None
               ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Resolve references and run ``normalise_offer`` on every record: ``(offers to store,
        organisations to store)``; every problem is in the report."""
        if self.legacy:
            self.report.version = "1.x/2.0"
            self.report.add(finding("version.legacy", what=", ".join(sorted(self.legacy))))
        elif self.report.version == "3.1":
            self.report.add(finding("version.3_1"))
        if self.minter is not None and self.minter.minted:
            self.report.add(finding("ids.minted", ids=len(self.minter.minted),
                                    source=self.options.source or self.report.source))
        refs = References(self.session, self.mapped, self.report, self.options.organisation)
        embedded = self._embedded_locations()
        stored = self._stored_locations(refs.location_ids() - set(embedded))
        prepared = []
        schema_paths = {(item.record, item.path) for item in self.report.problems}
        # What is kept from here on is ``prepared``: each record's raw shape goes once read.
        mapped: list[MappedService | None] = list(self.mapped)
        self.mapped = []
        for done in range(1, len(mapped) + 1):
            item, mapped[done - 1] = mapped[done - 1], None
            assert item is not None
            raw = item.raw
            refs.organisation(item)
            for index, location_id in item.location_refs:
                found = embedded.get(location_id) or stored.get(location_id)
                if found is None:
                    self.report.add(finding("ref.location", item.record,
                                            f"service_at_locations[{index}].location_id",
                                            location_id))
                else:
                    raw["locations"][index] = {**found, **{
                        key: value for key, value in raw["locations"][index].items()
                        if key != "id"}}
            self._terms(item)
            refs.follows(item)
            refs.slug(item)
            warnings: list[Any] = []
            data, problems = normalise_offer(raw, str(item.record), warnings=warnings)
            data["other_terms"] = raw.get("other_terms", [])
            data["modified_at"] = raw.get("modified_at")
            data["record"] = item.record
            for problem in problems + warnings:
                kind, detail = classify(problem.message)
                if (item.record, problem.field) not in schema_paths:
                    self.report.add(finding(kind, item.record, problem.field, detail))
            prepared.append(data)
            if progress:
                progress(done, len(mapped))
        refs.clashes(prepared)
        if self.minter is not None:  # name a reference as the file wrote it, not as minted
            self.report.findings = [
                Finding(item.kind, item.record, item.path, item.args,
                        self.minter.original.get(item.detail, item.detail))
                if item.kind.startswith("ref.") else item for item in self.report.findings]
        return prepared, refs.organisations(prepared)

    def _terms(self, item: MappedService) -> None:
        other_terms = []
        for ref in item.terms:
            resolved = self.planner.resolve(ref)
            if resolved is None:
                self.report.add(finding("ref.term", item.record, ref.field, ref.term_id))
                continue
            vocabulary, code = resolved
            if vocabulary in FIELD_OF_VOCABULARY:
                item.raw.setdefault(FIELD_OF_VOCABULARY[vocabulary], []).append(code)
            else:
                other_terms.append(resolved)
        item.raw["other_terms"] = list(dict.fromkeys(other_terms))

    def _embedded_locations(self) -> dict[str, dict[str, Any]]:
        """Locations given in full somewhere in the file, by id."""
        return {row["id"]: {key: value for key, value in row.items()
                            if key in ("id", "precision", *LOCATION_FIELDS)}
                for item in self.mapped for row in item.raw["locations"]
                if row.get("id") and "precision" in row}

    def _stored_locations(self, ids: set[str]) -> dict[str, dict[str, Any]]:
        found = {}
        for part in chunks(sorted(ids)):
            for location in self.session.scalars(select(Location).where(Location.id.in_(part))):
                found[location.id] = {"id": location.id, "precision": location.precision.value,
                                      **{key: getattr(location, key) for key in LOCATION_FIELDS}}
        return found


def _character(message: str) -> str:
    """"5: U+D83D" from intake's Danish message about a lone surrogate (position: code)."""
    found = re.search(r"tegn nr\. (\d+) \((U\+[0-9A-F]+)", message)
    return f"{found.group(1)}: {found.group(2)}" if found else ""
