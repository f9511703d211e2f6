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
from vejviser.hsds.report import Finding, finding

SERVICE_TEXT = ("name", "alternate_name", "description", "url", "email", "status", "alert",
                "application_process", "fees_description", "eligibility_description",
                "interpretation_services", "minimum_age", "maximum_age")
LOCATION_TEXT = ("name", "alternate_name", "description", "transportation")
ADDRESS_TEXT = ("address_1", "address_2", "postal_code", "city", "region", "state_province",
                "country")
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


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


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
    values, exceptions, others = extension.split(_dicts(document.get("attributes")))
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
    links = _dicts(document.get("service_at_locations"))
    hours = ScheduleReader(record)
    raw["locations"] = [_location(link, i, mapped, hours) for i, link in enumerate(links)]
    raw["schedules"] = _own_schedules(document, links, raw["locations"], hours)
    raw["exceptions"] = _exceptions(exceptions, "attributes", mapped)
    contacts = _dicts(document.get("contacts"))
    for link in links:
        location = _dict(link.get("location"))
        contacts += _dicts(link.get("contacts")) + _dicts(location.get("contacts"))
    contacts = _unique(contacts)
    own_phones = _unique(_dicts(document.get("phones")) + [
        phone for contact in contacts for phone in _dicts(contact.get("phones"))])
    taken = {phone.get("id") for phone in own_phones}
    for place, link in zip(raw["locations"], links):
        location = _dict(link.get("location"))
        place["phones"] = [_phone(row) for row in _unique(
            _dicts(link.get("phones")) + _dicts(location.get("phones")), taken)]
    raw["phones"] = [_phone(row) for row in own_phones]
    raw["contacts"] = [{key: row.get(key) for key in ("id", "name", "title", "department",
                                                      "email")} for row in contacts]
    languages = _dicts(document.get("languages")) + [
        language for link in links for language in _dicts(
            _dict(link.get("location")).get("languages"))]
    codes: set[Any] = set()
    raw["languages"] = []
    for row in _unique(languages):
        if row.get("code") not in codes or not row.get("code"):
            codes.add(row.get("code"))
            raw["languages"].append({key: row.get(key) for key in ("id", "code", "name", "note")})
    for index, item in enumerate(others):
        _term(item, f"attributes[{index}]", mapped)
    mapped.findings += hours.notes
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
        organization["phones"] = [_phone(row) for row in _unique(_dicts(embedded.get("phones")))]
        keys = ("id", "identifier_scheme", "identifier_type", "identifier")
        organization["identifiers"] = [
            {key: row.get(key) or "" for key in keys}
            for row in _unique(_dicts(embedded.get("organization_identifiers")))]
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
        location = _dict(link.get("location"))
        place_of[("sal", link.get("id"))] = index
        place_of[("loc", link.get("location_id") or location.get("id"))] = index
    own = []
    seen: set[Any] = set()
    for index, row in enumerate(_unique(_dicts(document.get("schedules")), seen)):
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
        location = _dict(link.get("location"))
        nested = [(f"service_at_locations[{index}].schedules[{n}]", row)
                  for n, row in enumerate(_dicts(link.get("schedules")))]
        nested += [(f"service_at_locations[{index}].location.schedules[{n}]", row)
                   for n, row in enumerate(_dicts(location.get("schedules")))]
        for where, row in nested:
            if row.get("id") is not None and row.get("id") in seen:
                continue
            seen.add(row.get("id"))
            read = hours.row(row, where)
            if read is not None:
                places[index].setdefault("schedules", []).append(read)
    return own


def _exceptions(items: list[Any], where: str, mapped: MappedService) -> list[dict[str, Any]]:
    out = []
    for item in items:
        parsed, error = extension.parse_exception(item)
        if error or parsed is None:
            mapped.findings.append(finding("exception.bad", mapped.record, f"{where}.value",
                                           item.get("id")))
        else:
            out.append(parsed)
    return out


def _location(link: Mapping[str, Any], index: int, mapped: MappedService,
              hours: ScheduleReader) -> dict[str, Any]:
    prefix = f"service_at_locations[{index}]"
    link_values, link_exceptions, link_others = extension.split(_dicts(link.get("attributes")))
    row: dict[str, Any] = {"link_id": link.get("id"), "link_description": link.get("description")}
    if link_values.get("follows"):
        row["follows"] = link_values["follows"]
    row["exceptions"] = _exceptions(link_exceptions, f"{prefix}.attributes", mapped)
    _dropped_attributes(link_others, f"{prefix}.attributes", mapped)
    location = link.get("location")
    if not isinstance(location, dict):
        if link.get("location_id"):
            mapped.location_refs.append((index, str(link["location_id"])))
            row["id"] = link["location_id"]
        else:
            mapped.findings.append(finding("ref.location_missing", mapped.record, prefix))
        return row
    values, _, others = extension.split(_dicts(location.get("attributes")))
    _dropped_attributes(others, f"{prefix}.location.attributes", mapped)
    if location.get("location_type") not in (None, "", "physical"):
        mapped.findings.append(finding(
            "fate.dropped", mapped.record, f"{prefix}.location.location_type",
            location.get("location_type"), label=("lokationstype", "location type"),
            why=("gemt som et fysisk sted", "kept as a physical place")))
    row.update({key: location.get(key) for key in LOCATION_TEXT}, id=location.get("id"))
    addresses = _dicts(location.get("addresses"))
    physical = [a for a in addresses if a.get("address_type") in (None, "", "physical")]
    chosen = (physical or addresses)[:1]
    if chosen:
        row.update({key: chosen[0].get(key) for key in ADDRESS_TEXT})
    for number, address in enumerate(addresses):
        if address not in chosen:
            mapped.findings.append(finding(
                "fate.dropped", mapped.record, f"{prefix}.location.addresses[{number}]",
                label=("adresser ud over den fysiske", "addresses besides the physical one"),
                why=("et sted har én adresse", "a place has one address")))
    latitude, longitude = location.get("latitude"), location.get("longitude")
    if isinstance(latitude, (int, float)) and isinstance(longitude, (int, float)) and not (
            -90 <= latitude <= 90 and -180 <= longitude <= 180):
        mapped.findings.append(finding("coordinates.off_globe", mapped.record,
                                       f"{prefix}.location.latitude", f"{latitude}, {longitude}"))
        latitude = longitude = None
    row.update(latitude=latitude, longitude=longitude)
    row["precision"] = values.get("precision") or ("exact" if latitude is not None else "none")
    row["short_name"] = values.get("short_name") or ""
    row["preposition"] = values.get("preposition") or "i"
    notes = _dicts(location.get("accessibility"))
    row["accessibility"] = "\n\n".join(str(item["description"]) for item in notes
                                       if item.get("description"))
    row["accessibility_details"] = "\n\n".join(str(item["details"]) for item in notes
                                               if item.get("details"))
    urls = [str(item["url"]) for item in notes if item.get("url")]
    row["accessibility_url"] = urls[0] if urls else ""
    if len(set(urls)) > 1:
        mapped.findings.append(finding(
            "fate.dropped", mapped.record, f"{prefix}.location.accessibility",
            label=("tilgængeligheds-links ud over det første", "accessibility links after the "
                   "first"), why=("et sted har ét link", "a place has one link")))
    return row


def _dropped_attributes(items: list[Any], where: str, mapped: MappedService) -> None:
    for index, _ in enumerate(items):
        mapped.findings.append(finding(
            "fate.dropped", mapped.record, f"{where}[{index}]",
            label=("attributter på steder og åbningstider", "attributes of places and "
                   "schedules"), why=("kun tjenesters taksonomitermer gemmes",
                                      "only the terms of services are kept")))


def _phone(row: Mapping[str, Any]) -> dict[str, Any]:
    phone = {key: row.get(key) for key in ("id", "number", "type", "description")}
    extension_number = row.get("extension")
    if isinstance(extension_number, float) and extension_number.is_integer():
        extension_number = int(extension_number)
    phone["extension"] = "" if extension_number is None else str(extension_number)
    return phone


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
    detail = _dict(term.get("taxonomy_detail"))
    names = [str(name) for name in (term.get("taxonomy"), detail.get("name")) if name]
    code = str(term.get("code") or slugify(str(term.get("name") or "")))
    if not code:
        mapped.findings.append(finding("ref.term_code", mapped.record, f"{where}.taxonomy_term"))
        return
    mapped.terms.append(TermRef(
        where, term.get("id"), code, str(term.get("name") or code),
        str(term.get("description") or ""), term.get("parent_id"),
        term.get("taxonomy_id") or detail.get("id"), names, str(detail.get("description") or "")))
