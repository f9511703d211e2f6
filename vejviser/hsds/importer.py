"""HSDS 3.0 JSON import: all or nothing.

Everything is checked before anything is written: the text itself (``intake``: control
characters cleaned, lone surrogates and absurd nesting refused), the document shape, HSDS's
service.json, our own rules (``normalise_offer``), and every reference (organisation, location,
taxonomy term, ids already used by another offer). Any problem: nothing is written and the
report names each bad record and field. Otherwise organisations, missing terms and offers are
upserted (flush, never commit - the caller commits once). HSDS ids are kept.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from vejviser.catalogue.errors import CatalogueDataError, FieldProblem
from vejviser.catalogue.offers import upsert_offer, upsert_organization
from vejviser.catalogue.snapshot import LOCATION_FIELDS
from vejviser.catalogue.taxonomy import TermLookup
from vejviser.catalogue.validation import normalise_offer
from vejviser.hsds.intake import clean_document
from vejviser.hsds.mapping import MappedService, map_service, record_name, slugify
from vejviser.hsds.schema import page_problems, service_problems
from vejviser.hsds.terms import TermPlanner
from vejviser.models import (
    VOCABULARY_OF_FIELD,
    Contact,
    Language,
    Location,
    Offer,
    OfferAtLocation,
    Organization,
    Phone,
    Schedule,
    ScheduleException,
)

FIELD_OF_VOCABULARY = {vocabulary: name for name, vocabulary in VOCABULARY_OF_FIELD.items()}
#: What a place carries beside its location when the location is given by id only.
PLACE_KEYS = ("link_id", "link_description", "follows", "schedules", "exceptions")
#: The parts of an offer that carry ids of their own (from the file or stored).
OfferPart = Schedule | ScheduleException | Phone | Contact | Language | OfferAtLocation
CHILDREN: dict[str, type[OfferPart]] = {
    "schedules": Schedule, "exceptions": ScheduleException, "phones": Phone, "contacts": Contact,
    "languages": Language,
}


@dataclass
class ImportReport:
    """What an import did, or why it did nothing (``problems``)."""

    total: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {"created": 0, "updated": 0,
                                                            "unchanged": 0})
    problems: list[FieldProblem] = field(default_factory=list)
    warnings: list[FieldProblem] = field(default_factory=list)
    created_terms: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        """True when the file was accepted."""
        return not self.problems

    def summary(self) -> str:
        """One line: ``12 services: 3 created, 1 updated, 8 unchanged``."""
        counts = ", ".join(f"{number} {action}" for action, number in self.counts.items())
        prefix = "dry run, nothing written: " if self.dry_run else ""
        return f"{prefix}{self.total} services: {counts}"


def documents_of(payload: Any) -> tuple[list[Any], list[FieldProblem]]:
    """The service documents of one service, an array, or a list page ``{"contents": [...]}``."""
    if isinstance(payload, list):
        return payload, []
    if isinstance(payload, Mapping) and "contents" in payload:
        problems = page_problems(dict(payload))
        return (list(payload["contents"]) if not problems else []), problems
    if isinstance(payload, Mapping):
        return [payload], []
    return [], [FieldProblem("(fil)", "(rod)", "skal være en service, en liste eller en side "
                                               "med contents")]


def import_hsds(session: Session, payload: Any, dry_run: bool = False, actor: str = "import",
                progress: Callable[[int, int], None] | None = None) -> ImportReport:
    """Import ``payload`` (parsed JSON); see the module docstring.

    On problems nothing is written. ``dry_run`` checks and counts as a real run would, then
    rolls its savepoint back. The caller commits.
    """
    documents, problems = documents_of(payload)
    report = ImportReport(total=len(documents), problems=problems, dry_run=dry_run)
    mapped = []
    for index, document in enumerate(documents):
        document, refused = clean_document(document)  # first: nothing else reads raw input
        record = record_name(index, document)
        found = ([FieldProblem(record, where, why) for where, why in refused]
                 or service_problems(document, record))
        report.problems += found
        if not found:  # only schema-valid documents can be read further; all are checked
            mapped.append(map_service(document, record))
    planner = TermPlanner(session)
    prepared = _prepare(session, mapped, planner, report)
    if report.problems:
        report.problems.sort(key=_record_number)
        return report
    # A savepoint, not the caller's transaction: a refused or dry run undoes only its own writes
    # and leaves whatever else the caller has pending (and the commit) to the caller.
    savepoint = session.begin_nested()
    try:
        report.created_terms = planner.create_missing()
        for organization in {item.organization["id"]: item.organization
                             for item in mapped if item.organization}.values():
            upsert_organization(session, organization)
        terms = TermLookup(session)  # after the new terms exist
        for done, data in enumerate(prepared, start=1):
            report.counts[upsert_offer(session, data, actor=actor, terms=terms).action] += 1
            if progress:
                progress(done, len(prepared))
    except CatalogueDataError as error:
        savepoint.rollback()
        report.problems += error.problems
    except SQLAlchemyError as error:
        savepoint.rollback()
        report.problems.append(FieldProblem("(database)", "-", str(error).splitlines()[0]))
    else:
        if dry_run:
            savepoint.rollback()
        else:
            savepoint.commit()
    return report


def _record_number(problem: FieldProblem) -> int:
    number = problem.record.split(" ", 1)[0].lstrip("#")
    return int(number) if number.isdigit() else 0


def _prepare(session: Session, mapped: list[MappedService], planner: TermPlanner,
             report: ImportReport) -> list[dict[str, Any]]:
    """Resolve references and run ``normalise_offer``; every problem goes into ``report``."""
    embedded_locations = {row["id"]: row for item in mapped for row in item.raw["locations"]
                          if row.get("id") and "precision" in row}
    organizations = {item.organization["id"] for item in mapped if item.organization}
    slugs: dict[str, str] = {}
    seen_ids: dict[tuple[str, str], str] = {}
    services: dict[str, str] = {}  # service id -> the record that first had it
    in_file = {str(item.raw["id"]) for item in mapped if item.raw.get("id")}
    prepared = []
    for item in mapped:
        report.warnings += item.warnings
        problems = list(item.problems)
        raw = item.raw
        if raw.get("id") in services:  # the second copy would silently overwrite the first
            problems.append(FieldProblem(item.record, "id", f"samme id som "
                                         f"{services[raw['id']].split(' ', 1)[0]} i filen"))
        services.setdefault(raw["id"], item.record)  # mapping always sets raw["id"]
        org_id = raw.get("organization")
        if org_id and org_id not in organizations and session.get(Organization, org_id) is None:
            problems.append(FieldProblem(item.record, "organization_id",
                                         f"henviser til en ukendt organisation {org_id!r}"))
        for index, location_id in item.location_refs:
            found = embedded_locations.get(location_id) or _stored_location(session, location_id)
            if found is None:
                problems.append(FieldProblem(item.record, f"service_at_locations[{index}]"
                                             ".location_id", f"henviser til et ukendt sted "
                                             f"{location_id!r}"))
            else:
                place = raw["locations"][index]
                raw["locations"][index] = {**found, **{k: place[k] for k in PLACE_KEYS
                                                       if k in place}}
        other_terms = []
        for ref in item.terms:
            resolved = planner.resolve(ref)
            if isinstance(resolved, str):
                problems.append(FieldProblem(item.record, ref.field, resolved))
                continue
            vocabulary, code = resolved
            if vocabulary in FIELD_OF_VOCABULARY:
                raw.setdefault(FIELD_OF_VOCABULARY[vocabulary], []).append(code)
            else:
                other_terms.append(resolved)
        _follows(session, raw, item.record, in_file, report)
        problems += _slug(session, raw, item.record, slugs)
        data, found = normalise_offer(raw, item.record, warnings=report.warnings)
        data["other_terms"] = list(dict.fromkeys(other_terms))
        problems += found + _id_clashes(session, data, item.record, seen_ids)
        report.problems += problems
        prepared.append(data)
    return _followed_first(prepared)


def _follows(session: Session, raw: dict[str, Any], record: str, in_file: set[str],
             report: ImportReport) -> None:
    """A place that follows another service's hours keeps following it when that service is in
    the file or the catalogue (the rows written for other readers are then dropped); otherwise
    it keeps those rows as its own, with a note."""
    for index, place in enumerate(raw.get("locations") or []):
        target = place.get("follows")
        if not target:
            continue
        if target in in_file or session.get(Offer, target) is not None:
            place["schedules"] = []
        else:
            place.pop("follows")
            report.warnings.append(FieldProblem(
                record, f"service_at_locations[{index}]",
                f"følger tilbuddet {target!r}, som ikke findes her; stedets åbningstider er "
                "gemt som dets egne"))


def _followed_first(prepared: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Offers others follow are stored before their followers (one step, so two passes)."""
    followed = {place.get("follows") for data in prepared
                for place in data.get("locations") or [] if place.get("follows")}
    return ([data for data in prepared if data.get("id") in followed]
            + [data for data in prepared if data.get("id") not in followed])


def _stored_location(session: Session, location_id: str) -> dict[str, Any] | None:
    location = session.get(Location, location_id)
    if location is None:
        return None
    return {"id": location.id, "precision": location.precision.value,
            **{key: getattr(location, key) for key in LOCATION_FIELDS}}


def _slug(session: Session, raw: dict[str, Any], record: str,
          taken: dict[str, str]) -> list[FieldProblem]:
    """Give ``raw`` a slug: its own, the stored offer's, or one made from the name."""
    stored = session.get(Offer, raw["id"]) if raw.get("id") else None
    if raw.get("slug"):
        owner = session.scalar(select(Offer.id).where(Offer.slug == raw["slug"]))
        if owner not in (None, raw.get("id")) or taken.get(raw["slug"], raw["id"]) != raw["id"]:
            return [FieldProblem(record, "attributes (slug)",
                                 f"{raw['slug']!r} bruges allerede af et andet tilbud")]
    elif stored is not None:
        raw["slug"] = stored.slug
    else:
        base = slugify(str(raw.get("name") or "")) or "tilbud"
        slug, number = base, 1
        while slug in taken or session.scalar(select(Offer.id).where(Offer.slug == slug)):
            number += 1
            slug = f"{base}-{number}"
        raw["slug"] = slug
    taken[raw["slug"]] = raw["id"]
    return []


def _id_clashes(session: Session, data: Mapping[str, Any], record: str,
                seen: dict[tuple[str, str], str]) -> list[FieldProblem]:
    """Ids of parts that already belong to another offer (in the file or the database)."""
    problems = []
    parts: dict[str, type[OfferPart]] = {**CHILDREN, "locations": OfferAtLocation}
    for part, model in parts.items():
        key = "link_id" if part == "locations" else "id"
        rows = list(data[part])
        if part in ("schedules", "exceptions"):  # a place's own rows count too
            rows += [row for place in data["locations"] for row in place.get(part) or []]
        ids = [row[key] for row in rows if row.get(key)]
        query = select(model.id, model.offer_id).where(model.id.in_(ids))
        stored = {row[0]: row[1] for row in session.execute(query)} if ids else {}
        for row_id in ids:
            owner = seen.setdefault((part, row_id), data["id"])
            if owner != data["id"] or stored.get(row_id, data["id"]) != data["id"]:
                problems.append(FieldProblem(record, f"{part} ({row_id})",
                                             "id'et bruges allerede af et andet tilbud"))
    return problems
