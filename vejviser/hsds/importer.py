"""HSDS import, JSON or CSV: all or nothing, one pass of checks, a report people can act on.

1. The source (``sources``): a JSON file read one service at a time, or an HSDS tabular
   package (folder, zip or ``datapackage.json``) nested back into service documents.
2. Every record is checked in one pass (``checking``): older shapes, minted ids, clean text,
   service.json, what is moved or dropped, our own rules, references. Any problem and nothing
   is written; the report groups problems by kind with counts and the first records.
3. Otherwise one savepoint stores it (``writing``): taxonomy terms, organisations (with their
   phones and identifiers), new offers in bulk, existing ones through ``upsert_offer``. Every
   change is a revision with the caller's actor ("import <file name>"). Flush, never commit:
   the caller commits once, and the search index catches up from the change sequence then.

Importing the same file twice changes nothing; HSDS ids are kept.
"""
from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, selectinload

from vejviser.catalogue.errors import CatalogueDataError
from vejviser.catalogue.loading import load_offers
from vejviser.catalogue.offers import upsert_offer, upsert_organization
from vejviser.catalogue.taxonomy import TermLookup
from vejviser.db import Base
from vejviser.hsds.checking import Checker, CheckOptions
from vejviser.hsds.core_messages import classify
from vejviser.hsds.report import ImportReport, finding
from vejviser.hsds.sources import Source, SourceError, from_payload, open_source
from vejviser.hsds.writing import (
    BATCH,
    BulkCreator,
    chunks,
    create_organizations,
    existing_ids,
)
from vejviser.models import Offer, Organization

#: ``progress(stage, done, total)``: stage "check" (records read) or "store" (offers stored).
Progress = Callable[[str, int, int], None]


@dataclass
class ImportOptions:
    """How to import: see ``vejviser import --help``."""

    dry_run: bool = False
    actor: str = "import"
    source: str = ""
    mint_ids: bool = False
    organisation: str | None = None
    progress: Progress | None = None


def import_file(session: Session, path: str, options: ImportOptions | None = None
                ) -> ImportReport:
    """Import the JSON file, CSV folder, zip or datapackage.json at ``path``."""
    return run_import(session, open_source(path), options or ImportOptions())


def import_hsds(session: Session, payload: Any, dry_run: bool = False, actor: str = "import",
                progress: Callable[[int, int], None] | None = None, **more: Any
                ) -> ImportReport:
    """Import parsed JSON (one service, an array, or a list page) or a :class:`Source`.

    ``more``: the other :class:`ImportOptions` (``source``, ``mint_ids``, ``organisation``).
    """
    def stored(stage: str, done: int, total: int) -> None:
        if progress and stage == "store":
            progress(done, total)

    source = payload if isinstance(payload, Source) else from_payload(payload)
    return run_import(session, source, ImportOptions(dry_run=dry_run, actor=actor,
                                                     progress=stored, **more))


def run_import(session: Session, source: Source, options: ImportOptions) -> ImportReport:
    """Check, then store (see the module docstring)."""
    report = ImportReport(source=source.name, format=source.format, dry_run=options.dry_run,
                          version=source.version or "3.0")
    report.add(*source.findings)
    if not report.ok:
        return report
    checker = Checker(session, report, CheckOptions(options.source, options.mint_ids,
                                                    options.organisation))
    total = source.size or 0
    with paused_gc() as tidy:
        try:
            for index, document in enumerate(source.documents()):
                checker.read(index, document)
                report.total = index + 1
                if index % BATCH == BATCH - 1:
                    tidy()
                if options.progress and total:
                    options.progress("check", index + 1, total)
                elif options.progress and source.measure and index % 100 == 99:
                    options.progress("check", *source.measure())
        except SourceError as error:
            report.add(error.finding)
            return report
        report.add(*source.afterwards())
        prepared, organizations = checker.finish()
        if report.ok:
            _store(session, report, checker, prepared, organizations, options, tidy)
    return report


@contextmanager
def paused_gc() -> Iterator[Callable[[], None]]:
    """No full garbage collections while an import holds tens of thousands of records.

    Each full collection scans every live object; with a whole import in memory they came ever
    more often and made a 6,000-service import 1.7 times slower. Inside, the collector is off,
    and ``tidy()`` (called per batch) collects only the young generations: cycles among the
    objects made since (ORM rows do make cycles), without rescanning what is long-lived.
    """
    was_on = gc.isenabled()
    gc.disable()

    def tidy() -> None:
        gc.collect(1)

    try:
        yield tidy
    finally:
        if was_on:
            gc.enable()


def _store(session: Session, report: ImportReport, checker: Checker,
           prepared: list[dict[str, Any]], organizations: list[dict[str, Any]],
           options: ImportOptions, tidy: Callable[[], None]) -> None:
    # A savepoint, not the caller's transaction: a refused or dry run undoes only its own writes
    # and leaves whatever else the caller has pending (and the commit) to the caller.
    savepoint = session.begin_nested()
    try:
        report.created_terms = checker.planner.create_missing()
        stored = create_organizations(session, organizations, options.actor)
        for part in chunks([org["id"] for org in stored]):  # one query, not one each
            list(session.scalars(select(Organization).where(Organization.id.in_(part)).options(
                selectinload(Organization.phones), selectinload(Organization.identifiers))))
        for organization in stored:
            upsert_organization(session, organization, actor=options.actor)
        _offers(session, report, prepared, options, tidy)
    except CatalogueDataError as error:
        savepoint.rollback()
        for problem in error.problems:
            kind, detail = classify(problem.message)
            report.add(finding(kind, None, problem.field, detail, problem=problem.message))
    except SQLAlchemyError as error:
        savepoint.rollback()
        report.add(finding("db.refused", problem=_table_of(error)))
    else:
        if options.dry_run:
            savepoint.rollback()
        else:
            savepoint.commit()


def _offers(session: Session, report: ImportReport, prepared: list[dict[str, Any]],
            options: ImportOptions, tidy: Callable[[], None]) -> None:
    lookup = TermLookup(session)  # after the new terms exist
    stored = existing_ids(session, Offer.id, (data["id"] for data in prepared))
    creator = BulkCreator(session, options.actor)
    levels, deferred = _levels([data for data in prepared if data["id"] not in stored], stored)
    others = [data for data in prepared if data["id"] in stored] + deferred
    done = 0
    for level in levels:
        for batch in chunks(level):
            later = creator.create(list(batch), lookup)
            others += later
            report.counts["created"] += len(batch) - len(later)
            done += len(batch) - len(later)
            tidy()
            if options.progress:
                options.progress("store", done, len(prepared))
    for batch in chunks(_followed_first(others), 100):
        load_offers(session, ids=[data["id"] for data in batch])  # parts in a few queries
        for data in batch:
            result = upsert_offer(session, data, actor=options.actor, terms=lookup)
            report.counts[result.action] += 1
        for data in batch:  # keep memory flat: the stored offers are not needed again
            offer = session.get(Offer, data["id"])
            if offer is not None:
                session.expunge(offer)
        done += len(batch)
        tidy()
        if options.progress:
            options.progress("store", done, len(prepared))


def _table_of(error: SQLAlchemyError) -> str:
    """The table (and column) a database error names, else the kind of error: no SQL, no
    driver prose in another language."""
    text = str(getattr(error, "orig", None) or error)
    for table in sorted(Base.metadata.tables, key=len, reverse=True):
        match = re.search(rf"\b{table}(\.\w+)?\b", text)
        if match:
            return match.group(0)
    return type(error).__name__


def _levels(new: list[dict[str, Any]], stored: set[str]
            ) -> tuple[list[list[dict[str, Any]]], list[dict[str, Any]]]:
    """New offers in the order they can be created in bulk: those following nothing new first,
    then those following them, and so on (a place's followed offer must be stored first). An
    offer that follows a stored offer (which this import may change), or one of those, is left
    for ``upsert_offer`` after the updates: ``(levels, deferred)``."""
    by_id = {data["id"]: data for data in new}
    level: dict[str, int] = {}
    deferred: list[dict[str, Any]] = []
    for data in _followed_first(new):
        targets = [place["follows"] for place in data["locations"] if place.get("follows")]
        if any(target in stored or level.get(target) == -1 for target in targets):
            level[data["id"]] = -1
            deferred.append(data)
            continue
        level[data["id"]] = 1 + max((level.get(target, 0) for target in targets
                                     if target in by_id), default=-1)
    out: dict[int, list[dict[str, Any]]] = {}
    for data in new:
        if level[data["id"]] >= 0:
            out.setdefault(level[data["id"]], []).append(data)
    return [out[key] for key in sorted(out)], deferred


def _followed_first(offers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``offers`` with every offer after the offers its places follow (a place of A may follow
    B while a place of B follows C elsewhere: C, B, A). A circle keeps the file's order."""
    by_id = {data["id"]: data for data in offers}
    ordered: list[dict[str, Any]] = []
    state: dict[str, str] = {}  # id -> "open" (on the current path) or "done"
    for first in offers:
        stack = [(first, False)]
        while stack:
            data, expanded = stack.pop()
            if state.get(data["id"]) == "done" or (not expanded and data["id"] in state):
                continue
            if expanded:
                state[data["id"]] = "done"
                ordered.append(data)
                continue
            state[data["id"]] = "open"
            stack.append((data, True))
            for place in data["locations"]:
                target = by_id.get(place.get("follows") or "")
                if target is not None and target["id"] not in state:
                    stack.append((target, False))
    return ordered
