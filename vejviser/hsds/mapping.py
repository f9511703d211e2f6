"""Read one HSDS 3.0 service document into the loose offer shape ``normalise_offer`` checks.

Pure data in, data out: no database. What the document refers to by id only (an organisation, a
location, a taxonomy term) is left for the importer to resolve. The document may break the
schema (the importer checks schema and references in one pass), so nothing here trusts a type.
Where a field lands is ``vejviser.hsds.fates``; what is moved or dropped on the way becomes a
note, never silence.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from vejviser.hsds import extension
from vejviser.hsds.hours_in import ScheduleReader
from vejviser.hsds.place_in import PlaceReader, dict_of, dicts_of, phone_in
from vejviser.hsds.report import Finding, finding

SERVICE_TEXT = ("name", "alternate_name", "description", "url", "email", "status", "alert",
                "application_process", "fees_description", "eligibility_description",
                "interpretation_services", "minimum_age", "maximum_age")
TRANSLITERATION = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"})
_DROPPED_VALUE = ("værdier på attributter", "values of attributes")


def slugify(text: str) -> str:
    """``"Kirkens Korshær, Bolbro"`` -> ``"kirkens-korshaer-bolbro"`` (æ→ae, ø→oe, å→aa)."""
    text = unicodedata.normalize("NFKD", text.translate(TRANSLITERATION))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:100].strip("-")


@dataclass
class TermRef:
    """A taxonomy term an attribute points at, as the document describes it."""

    field: str
    term_id: str | None
    code: str
    name: str
    description: str
    parent_id: str | None
    taxonomy_id: str | None
    taxonomy_names: list[str]
    taxonomy_description: str


@dataclass
class MappedService:
    """One service document read into our shape, with what still needs the database."""

    record: int
    raw: dict[str, Any]
    organization: dict[str, Any] | None
    terms: list[TermRef] = field(default_factory=list)
    location_refs: list[tuple[int, str]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def _unique(items: Iterable[dict[str, Any]], seen: set[Any] | None = None) -> list[dict[str, Any]]:
    """Rows without repeats of an id (HSDS's examples repeat a row under several parents)."""
    seen = set() if seen is None else seen
    rows = []
    for item in items:
        key = item.get("id")
        if key is None or key not in seen:
            seen.add(key)
            rows.append(item)
    return rows


def _modified(value: Any) -> datetime | None:
    """HSDS ``last_modified`` as an aware UTC datetime (None: not a date-time)."""
    try:
        moment = datetime.fromisoformat(str(value).strip())
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(
        timezone.utc)


def map_service(document: Mapping[str, Any], record: int) -> MappedService:
    """Read one service document; see the module docstring."""
    values, exceptions, others = extension.split(dicts_of(document.get("attributes")))
    raw: dict[str, Any] = {key: document.get(key) for key in SERVICE_TEXT}
    raw.update(id=document.get("id"), slug=values.get("slug"))
    for code in ("summary", "notes", "accessibility", "holiday_rule", "extra_holidays"):
        if code in values:
            raw[code] = values[code]
    raw["verified_at"] = document.get("assured_date")
    raw["verified_by"] = values.get("verified_by") or document.get("assurer_email")
    mapped = MappedService(record, raw, None)
    note = mapped.findings.append
    fees, described = document.get("fees"), str(raw["fees_description"] or "")
    if isinstance(fees, str) and fees.strip() and fees.strip() not in described:
        raw["fees_description"] = "\n\n".join(filter(None, (described, fees)))
    if document.get("last_modified"):
        raw["modified_at"] = _modified(document["last_modified"])
        if raw["modified_at"] is None:
            note(finding("modified.bad", record, "last_modified", document["last_modified"]))
        elif raw["modified_at"] > datetime.now(timezone.utc):
            note(finding("modified.future", record, "last_modified", document["last_modified"]))
            raw["modified_at"] = None
    if raw["status"] == "defunct":
        raw["status"] = "inactive"
        note(finding("status.defunct", record, "status"))
    _organization(document, mapped)
    links = dicts_of(document.get("service_at_locations"))
    hours, places = ScheduleReader(record), PlaceReader(record)
    raw["locations"] = [places.place(link, index) for index, link in enumerate(links)]
    raw["schedules"] = _own_schedules(document, links, raw["locations"], hours)
    raw["exceptions"] = places.exceptions(exceptions, "attributes")
    mapped.location_refs = places.location_refs
    contacts = dicts_of(document.get("contacts"))
    for link in links:
        location = dict_of(link.get("location"))
        contacts += dicts_of(link.get("contacts")) + dicts_of(location.get("contacts"))
    contacts = _unique(contacts)
    own_phones = _unique(dicts_of(document.get("phones")) + [
        phone for contact in contacts for phone in dicts_of(contact.get("phones"))])
    taken = {phone.get("id") for phone in own_phones}
    for place, link in zip(raw["locations"], links):
        location = dict_of(link.get("location"))
        place["phones"] = [phone_in(row) for row in _unique(
            dicts_of(link.get("phones")) + dicts_of(location.get("phones")), taken)]
    raw["phones"] = [phone_in(row) for row in own_phones]
    raw["contacts"] = [{key: row.get(key) for key in ("id", "name", "title", "department",
                                                      "email")} for row in contacts]
    languages = dicts_of(document.get("languages")) + [
        language for link in links for language in dicts_of(
            dict_of(link.get("location")).get("languages"))]
    codes: set[Any] = set()
    raw["languages"] = []
    for row in _unique(languages):
        if row.get("code") not in codes or not row.get("code"):
            codes.add(row.get("code"))
            raw["languages"].append({key: row.get(key) for key in ("id", "code", "name", "note")})
    for index, item in enumerate(others):
        _term(item, f"attributes[{index}]", mapped)
    mapped.findings += places.findings + hours.notes
    return mapped


def _organization(document: Mapping[str, Any], mapped: MappedService) -> None:
    embedded = document.get("organization")
    given_id = document.get("organization_id")
    if isinstance(embedded, dict):
        if given_id and given_id != embedded.get("id"):
            mapped.findings.append(finding("ref.organization_mismatch", mapped.record,
                                           "organization_id", given_id))
        organization = {key: embedded.get(key) or "" for key in (
            "id", "name", "alternate_name", "description", "email", "website")}
        phones = _unique(dicts_of(embedded.get("phones")))
        organization["phones"] = [phone_in(row) for row in phones]
        keys = ("id", "identifier_scheme", "identifier_type", "identifier")
        organization["identifiers"] = [
            {key: row.get(key) or "" for key in keys}
            for row in _unique(dicts_of(embedded.get("organization_identifiers")))]
        mapped.organization = organization
        mapped.raw["organization"] = embedded.get("id")
    else:
        mapped.raw["organization"] = given_id or None


def _own_schedules(document: Mapping[str, Any], links: list[dict[str, Any]],
                   places: list[dict[str, Any]], hours: ScheduleReader) -> list[dict[str, Any]]:
    """The service's own schedule rows; each place's rows go into ``places[i]["schedules"]``.

    A row belongs to one place when it is nested in the service_at_location (or its location),
    or when a service-level row names the service_at_location or location. The same row (same
    id) repeated under the service and its places is one row, kept where it first appears
    (HSDS's own examples repeat it).
    """
    place_of: dict[tuple[str, Any], int] = {}
    for index, link in enumerate(links):
        location = dict_of(link.get("location"))
        place_of[("sal", link.get("id"))] = index
        place_of[("loc", link.get("location_id") or location.get("id"))] = index
    own = []
    seen: set[Any] = set()
    for index, row in enumerate(_unique(dicts_of(document.get("schedules")), seen)):
        found = place_of.get(("sal", row.get("service_at_location_id")),
                             place_of.get(("loc", row.get("location_id"))))
        read = hours.row(row, f"schedules[{index}]")
        if read is None:
            continue
        if found is None or not (row.get("service_at_location_id") or row.get("location_id")):
            own.append(read)
        else:
            places[found].setdefault("schedules", []).append(read)
    for index, link in enumerate(links):
        location = dict_of(link.get("location"))
        nested = [(f"service_at_locations[{index}].schedules[{n}]", row)
                  for n, row in enumerate(dicts_of(link.get("schedules")))]
        nested += [(f"service_at_locations[{index}].location.schedules[{n}]", row)
                   for n, row in enumerate(dicts_of(location.get("schedules")))]
        for where, row in nested:
            if row.get("id") is not None and row.get("id") in seen:
                continue
            seen.add(row.get("id"))
            read = hours.row(row, where)
            if read is not None:
                places[index].setdefault("schedules", []).append(read)
    return own


def _term(item: Mapping[str, Any], where: str, mapped: MappedService) -> None:
    term = item.get("taxonomy_term")
    if item.get("value") not in (None, ""):
        mapped.findings.append(finding("fate.dropped", mapped.record, f"{where}.value",
                                       label=_DROPPED_VALUE, why=(
                                           "en term gemmes uden værdi",
                                           "a term is kept without a value")))
    if not isinstance(term, dict):
        if item.get("taxonomy_term_id"):
            mapped.terms.append(TermRef(where, str(item["taxonomy_term_id"]), "", "", "",
                                        None, None, [], ""))
        else:
            mapped.findings.append(finding("ref.term_missing", mapped.record, where))
        return
    detail = dict_of(term.get("taxonomy_detail"))
    names = [str(name) for name in (term.get("taxonomy"), detail.get("name")) if name]
    code = str(term.get("code") or slugify(str(term.get("name") or "")))
    if not code:
        mapped.findings.append(finding("ref.term_code", mapped.record, f"{where}.taxonomy_term"))
        return
    mapped.terms.append(TermRef(
        where, term.get("id"), code, str(term.get("name") or code),
        str(term.get("description") or ""), term.get("parent_id"),
        term.get("taxonomy_id") or detail.get("id"), names, str(detail.get("description") or "")))
