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

import re
from collections.abc import Callable
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
from vejviser.hsds.writing import BulkCreator, chunks, existing_ids
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
    try:
        for index, document in enumerate(source.documents()):
            checker.read(index, document)
            report.total = index + 1
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
        _store(session, report, checker, prepared, organizations, options)
    return report


def _store(session: Session, report: ImportReport, checker: Checker,
           prepared: list[dict[str, Any]], organizations: list[dict[str, Any]],
           options: ImportOptions) -> None:
    # A savepoint, not the caller's transaction: a refused or dry run undoes only its own writes
    # and leaves whatever else the caller has pending (and the commit) to the caller.
    savepoint = session.begin_nested()
    try:
        report.created_terms = checker.planner.create_missing()
        for part in chunks([org["id"] for org in organizations]):  # one query, not one each
            list(session.scalars(select(Organization).where(Organization.id.in_(part)).options(
                selectinload(Organization.phones), selectinload(Organization.identifiers))))
        for organization in organizations:
            upsert_organization(session, organization, actor=options.actor)
        _offers(session, report, prepared, options)
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
            options: ImportOptions) -> None:
    lookup = TermLookup(session)  # after the new terms exist
    stored = existing_ids(session, Offer.id, (data["id"] for data in prepared))
    creator = BulkCreator(session, options.actor)
    new = [data for data in prepared if data["id"] not in stored and creator.fits(data)]
    others = [data for data in prepared if data["id"] in stored or not creator.fits(data)]
    done = 0
    for batch in chunks(new):
        later = creator.create(list(batch), lookup)
        others += later
        report.counts["created"] += len(batch) - len(later)
        done += len(batch) - len(later)
        if options.progress:
            options.progress("store", done, len(prepared))
    # Offers others follow are stored before their followers (following is one step only).
    followed = {place.get("follows") for data in others for place in data["locations"]}
    others.sort(key=lambda data: data["id"] not in followed)
    for batch in chunks(others, 100):
        load_offers(session, ids=[data["id"] for data in batch])  # parts in a few queries
        for data in batch:
            result = upsert_offer(session, data, actor=options.actor, terms=lookup)
            report.counts[result.action] += 1
        for data in batch:  # keep memory flat: the stored offers are not needed again
            offer = session.get(Offer, data["id"])
            if offer is not None:
                session.expunge(offer)
        done += len(batch)
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
