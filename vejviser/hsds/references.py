"""References between the records of an import and the catalogue, checked in bulk.

Organisations (in the file or stored; a service without one gets ``--organisation``'s or one
made for the source), services named twice, places that follow another service's hours,
slugs, and ids of rows that already belong to another offer. The database is read once per
kind of reference, whatever the number of records.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from vejviser.catalogue.validation import (
    is_web_address,
    normalise_identifiers,
    normalise_phones,
)
from vejviser.hsds.core_messages import classify
from vejviser.hsds.ids import source_namespace
from vejviser.hsds.mapping import MappedService, slugify
from vejviser.hsds.report import ImportReport, finding
from vejviser.hsds.writing import chunks, existing_ids
from vejviser.models import (
    Contact,
    Language,
    Offer,
    OfferAtLocation,
    Organization,
    Phone,
    Schedule,
    ScheduleException,
)

#: The parts of an offer that carry ids of their own, and where a place holds its own.
PARTS: dict[str, Any] = {"schedules": Schedule, "exceptions": ScheduleException, "phones": Phone,
                         "contacts": Contact, "languages": Language, "locations": OfferAtLocation}
PLACE_PARTS = ("schedules", "exceptions", "phones")


class References:
    """The reference checks of one import (see the module docstring)."""

    def __init__(self, session: Session, mapped: list[MappedService], report: ImportReport,
                 organisation: str | None) -> None:
        self.session, self.report = session, report
        self.in_file = {item.organization["id"]: item.organization for item in mapped
                        if item.organization and item.organization.get("id")}
        wanted = {item.raw.get("organization") for item in mapped} - set(self.in_file)
        self.stored_orgs = existing_ids(session, Organization.id, wanted)
        self.services: dict[Any, int] = {}
        self.service_ids = {str(item.raw.get("id")) for item in mapped if item.raw.get("id")}
        targets = {place.get("follows") for item in mapped for place in item.raw["locations"]
                   if place.get("follows")}
        self.stored_offers = set(session.scalars(select(Offer.id).where(or_(
            Offer.id.in_(sorted(targets)), Offer.slug.in_(sorted(targets)))))) if targets else set()
        self.slugs = {slug: offer_id for slug, offer_id in session.execute(
            select(Offer.slug, Offer.id))}
        self.stored_slugs = {offer_id: slug for slug, offer_id in self.slugs.items()}
        self.location_refs = {location for item in mapped for _, location in item.location_refs}
        self.fallback = self._fallback(organisation) if any(
            not item.raw.get("organization") for item in mapped) else None

    def location_ids(self) -> set[str]:
        """The locations records name by id only."""
        return self.location_refs

    def _fallback(self, wanted: str | None) -> tuple[dict[str, Any], str]:
        """The organisation for services without one, and the kind of note to give."""
        if wanted:
            found = self.session.get(Organization, wanted) or self.session.scalar(
                select(Organization).where(Organization.name == wanted))
            if found is not None:
                return {"id": found.id, "name": found.name}, "organization.given"
            return {"id": str(source_namespace(self.report.source + ":" + wanted)),
                    "name": wanted, "description": ""}, "organization.given"
        name = f"Ukendt organisation ({self.report.source or 'import'})"
        return ({"id": str(source_namespace("organisation:" + (self.report.source or "import"))),
                 "name": name, "description": "Oprettet ved import: kilden angav ingen "
                                              "organisation for disse tjenester."},
                "organization.placeholder")

    def organisation(self, item: MappedService) -> None:
        """Check (or give) the record's organisation."""
        raw = item.raw
        if not raw.get("organization"):
            assert self.fallback is not None
            organization, kind = self.fallback
            raw["organization"] = organization["id"]
            self.report.add(finding(kind, item.record, "organization", name=organization["name"]))
            if organization["id"] not in self.stored_orgs and self.session.get(
                    Organization, organization["id"]) is None:
                self.in_file.setdefault(organization["id"], organization)
            return
        if raw["organization"] not in self.in_file and raw["organization"] not in self.stored_orgs:
            self.report.add(finding("ref.organization", item.record, "organization_id",
                                    raw["organization"]))
        organization = item.organization or {}
        website = str(organization.get("website") or "")
        if website and not is_web_address(website):
            self.report.add(finding("organization.website", item.record,
                                    "organization.website", repr(website[:60])))
        if organization.get("phones") or organization.get("identifiers"):
            phones, problems = normalise_phones(organization.get("phones") or [], "",
                                                "organization.")
            identifiers, more = normalise_identifiers(organization.get("identifiers") or [], "",
                                                      "organization.")
            organization.update(phones=phones, identifiers=identifiers)
            for problem in problems + more:
                kind, detail = classify(problem.message)
                self.report.add(finding(kind, item.record, problem.field, detail))

    def organisations(self, prepared: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        """The organisations the import stores (those given in the file, and a made one).

        HSDS's own examples give one phone row to a service and its organisation at once (the
        same id under both): it is stored once, as the offer's."""
        offer_phones = {row_id for data in prepared for part, row_id in _part_ids(data)
                        if part == "phones"}
        out = []
        for organization in self.in_file.values():
            if organization.get("phones"):
                organization = {**organization, "phones": [
                    row for row in organization["phones"] if row.get("id") not in offer_phones]}
            out.append(organization)
        return out

    def follows(self, item: MappedService) -> None:
        """A place that follows a service not in the file or the catalogue keeps those hours
        as its own (the rows written for other readers), with a note."""
        for index, place in enumerate(item.raw["locations"]):
            target = place.get("follows")
            if not target:
                continue
            if target in self.service_ids or target in self.stored_offers:
                place["schedules"] = []
            else:
                place.pop("follows")
                self.report.add(finding("follows.own", item.record,
                                        f"service_at_locations[{index}]", target))

    def slug(self, item: MappedService) -> None:
        """Give the record a slug: its own, the stored offer's, or one made from the name."""
        raw = item.raw
        offer_id = raw.get("id")
        if offer_id in self.services:
            self.report.add(finding("dup.service", item.record, "id",
                                    f"#{self.services[offer_id] + 1}"))
        self.services.setdefault(offer_id, item.record)
        if raw.get("slug"):
            if self.slugs.get(raw["slug"], offer_id) != offer_id:
                self.report.add(finding("slug.taken", item.record, "attributes (slug)",
                                        repr(raw["slug"])))
        elif offer_id in self.stored_slugs:
            raw["slug"] = self.stored_slugs[offer_id]
        else:
            base = slugify(str(raw.get("name") or "")) or "tilbud"
            slug, number = base, 1
            while slug in self.slugs:
                number += 1
                slug = f"{base}-{number}"
            raw["slug"] = slug
        self.slugs.setdefault(raw["slug"], str(offer_id))

    def clashes(self, prepared: Iterable[dict[str, Any]]) -> None:
        """Ids of parts that already belong to another offer (in the file or stored)."""
        owners: dict[tuple[str, str], Any] = {}
        records: dict[tuple[str, str], int] = {}
        for data in prepared:
            record = data["record"]
            for part, row_id in _part_ids(data):
                owner = owners.setdefault((part, row_id), data["id"])
                records.setdefault((part, row_id), record)
                if owner != data["id"]:
                    self.report.add(finding("dup.part", record, part, row_id))
        for part, model in PARTS.items():
            ids = sorted(row_id for kind, row_id in owners if kind == part)
            for chunk in chunks(ids):
                for row_id, offer_id in self.session.execute(
                        select(model.id, model.offer_id).where(model.id.in_(chunk))):
                    if offer_id != owners[(part, row_id)]:
                        self.report.add(finding("dup.part", records[(part, row_id)], part,
                                                row_id))


def _part_ids(data: dict[str, Any]) -> list[tuple[str, str]]:
    found = [(part, row["id"]) for part in PARTS if part != "locations"
             for row in data.get(part) or [] if row.get("id")]
    for place in data.get("locations") or []:
        if place.get("link_id"):
            found.append(("locations", place["link_id"]))
        found += [(part, row["id"]) for part in PLACE_PARTS for row in place.get(part) or []
                  if row.get("id")]
    return found
