"""Read one HSDS 3.0 service document into the loose offer shape ``normalise_offer`` checks.

Pure data in, data out: no database. What the document refers to by id only (an organisation, a
location, a taxonomy term) is left for the importer to resolve. What HSDS has and we do not
model is dropped with a warning, never silently; what we cannot accept is a problem.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from vejviser.catalogue.errors import FieldProblem
from vejviser.hsds import extension

SERVICE_TEXT = ("name", "alternate_name", "description", "url", "email", "status", "alert",
                "application_process", "fees_description", "eligibility_description",
                "interpretation_services", "minimum_age", "maximum_age")
LOCATION_TEXT = ("name", "alternate_name", "description", "transportation")
#: Recurrence fields we do not model: a warning when set, since the weekly row may then mean more.
IGNORED_SCHEDULE = ("dtstart", "until", "count", "interval", "byweekno", "bymonthday",
                    "byyearday", "timezone", "schedule_link", "attending_type")
ALL_DAY = ({"00:00", "00:00:00"}, {"23:59", "23:59:00", "23:59:59"})
TRANSLITERATION = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"})


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

    record: str
    raw: dict[str, Any]
    organization: dict[str, Any] | None
    terms: list[TermRef] = field(default_factory=list)
    location_refs: list[tuple[int, str]] = field(default_factory=list)
    warnings: list[FieldProblem] = field(default_factory=list)
    problems: list[FieldProblem] = field(default_factory=list)


def record_name(index: int, document: Any) -> str:
    """How a report names record ``index`` (0-based): ``#3 (id …, "Reden")``."""
    if not isinstance(document, Mapping):
        return f"#{index + 1}"
    return f"#{index + 1} (id {document.get('id') or '?'}, {str(document.get('name') or '')!r})"


def _unique(items: Iterable[Any]) -> list[Mapping[str, Any]]:
    seen, rows = set(), []
    for item in items:
        if isinstance(item, Mapping) and (item.get("id") is None or item.get("id") not in seen):
            seen.add(item.get("id"))
            rows.append(item)
    return rows


def map_service(document: Mapping[str, Any], record: str) -> MappedService:
    """Read one (schema-valid) HSDS service document; see the module docstring."""
    values, exceptions, others = extension.split(document.get("attributes") or [])
    raw: dict[str, Any] = {field: document.get(field) for field in SERVICE_TEXT}
    raw.update(id=document.get("id"), slug=values.get("slug"))
    for code in ("summary", "notes", "accessibility", "holiday_rule", "extra_holidays"):
        if code in values:
            raw[code] = values[code]
    raw["verified_at"] = document.get("assured_date")
    raw["verified_by"] = values.get("verified_by") or document.get("assurer_email")
    mapped = MappedService(record, raw, None)
    if raw["status"] == "defunct":
        raw["status"] = "inactive"
        mapped.warnings.append(FieldProblem(record, "status", "'defunct' er gemt som 'inactive'"))
    _organization(document, mapped)
    links = [link for link in document.get("service_at_locations") or []
             if isinstance(link, Mapping)]
    raw["locations"] = [_location(link, i, mapped) for i, link in enumerate(links)]
    raw["schedules"] = _schedules_by_place(document, links, raw["locations"], mapped)
    raw["exceptions"] = []
    for item in exceptions:
        parsed, error = extension.parse_exception(item)
        if error:
            where = f"attributes ({item.get('id')}).value"
            mapped.problems.append(FieldProblem(record, where, error))
        else:
            raw["exceptions"].append(parsed)
    raw["phones"] = [_phone(row) for row in _unique(list(document.get("phones") or []) + [
        phone for link in links for phone in link.get("phones") or []])]
    raw["contacts"] = [{key: row.get(key) for key in ("id", "name", "title", "department", "email")}
                       for row in _unique(list(document.get("contacts") or []) + [
                           contact for link in links for contact in link.get("contacts") or []])]
    raw["languages"] = [{key: row.get(key) for key in ("id", "code", "name", "note")}
                        for row in _unique(document.get("languages") or [])]
    for index, item in enumerate(others):
        _term(item, index, mapped)
    return mapped


def _schedules_by_place(document: Mapping[str, Any], links: list[Mapping[str, Any]],
                        places: list[dict[str, Any]], mapped: MappedService
                        ) -> list[dict[str, Any]]:
    """The service's own schedule rows; each place's rows go into ``places[i]["schedules"]``.

    A row belongs to one place when it is nested in the service_at_location (or its location),
    or when a service-level row names the service_at_location or location. The same row (same
    id) repeated under the service and its places is one row, kept where it first appears
    (HSDS's own examples repeat it).
    """
    place_of: dict[tuple[str, Any], int] = {}
    for index, link in enumerate(links):
        place_of[("sal", link.get("id"))] = index
        place_of[("loc", link.get("location_id") or (link.get("location") or {}).get("id"))] = index
    own: list[Mapping[str, Any]] = []
    for row in _unique(document.get("schedules") or []):
        found = place_of.get(("sal", row.get("service_at_location_id")),
                             place_of.get(("loc", row.get("location_id"))))
        if found is None or not (row.get("service_at_location_id") or row.get("location_id")):
            own.append(row)
        else:
            places[found].setdefault("schedules", []).append(
                _schedule(row, f"schedules[{len(own)}]", mapped))
    seen = {row.get("id") for row in document.get("schedules") or [] if isinstance(row, Mapping)}
    for index, link in enumerate(links):
        location = link.get("location") or {}
        nested = [row for row in _unique(list(link.get("schedules") or [])
                                         + list(location.get("schedules") or []))
                  if row.get("id") is None or row.get("id") not in seen]
        seen |= {row.get("id") for row in nested}
        places[index]["schedules"] = places[index].get("schedules", []) + [
            _schedule(row, f"service_at_locations[{index}].schedules[{n}]", mapped)
            for n, row in enumerate(nested)]
    return [_schedule(row, f"schedules[{i}]", mapped) for i, row in enumerate(own)]


def _organization(document: Mapping[str, Any], mapped: MappedService) -> None:
    embedded = document.get("organization")
    given_id = document.get("organization_id")
    if isinstance(embedded, Mapping):
        if given_id and given_id != embedded.get("id"):
            mapped.problems.append(FieldProblem(mapped.record, "organization_id",
                                                "er ikke id'et på den indlejrede organization"))
        mapped.organization = {key: embedded.get(key) or "" for key in (
            "id", "name", "alternate_name", "description", "email", "website")}
        mapped.raw["organization"] = embedded.get("id")
    elif given_id:
        mapped.raw["organization"] = given_id
    else:
        mapped.problems.append(FieldProblem(mapped.record, "organization",
                                            "mangler (hverken organization eller organization_id)"))


def _location(link: Mapping[str, Any], index: int, mapped: MappedService) -> dict[str, Any]:
    prefix = f"service_at_locations[{index}]"
    row: dict[str, Any] = {"link_id": link.get("id"), "link_description": link.get("description")}
    link_values, link_exceptions, _ = extension.split(link.get("attributes") or [])
    if link_values.get("follows"):
        row["follows"] = link_values["follows"]
    row["exceptions"] = []
    for item in link_exceptions:
        found, error = extension.parse_exception(item)
        if error:
            mapped.problems.append(FieldProblem(mapped.record, f"{prefix}.attributes "
                                                f"({item.get('id')}).value", error))
        else:
            row["exceptions"].append(found)
    location = link.get("location")
    if not isinstance(location, Mapping):
        if link.get("location_id"):
            mapped.location_refs.append((index, str(link["location_id"])))
            row["id"] = link["location_id"]
        else:
            mapped.problems.append(FieldProblem(mapped.record, f"{prefix}.location_id",
                                                "mangler (hverken location eller location_id)"))
        return row
    values, _, _ = extension.split(location.get("attributes") or [])
    row.update({key: location.get(key) for key in LOCATION_TEXT}, id=location.get("id"))
    addresses = [a for a in location.get("addresses") or [] if isinstance(a, Mapping)]
    physical = [a for a in addresses if a.get("address_type") == "physical"] or addresses
    if physical:
        address = physical[0]
        row.update(address_1=address.get("address_1"), postal_code=address.get("postal_code"),
                   city=address.get("city"), country=address.get("country"))
    latitude, longitude = location.get("latitude"), location.get("longitude")
    if latitude is not None and longitude is not None and not (
            -90 <= latitude <= 90 and -180 <= longitude <= 180):
        mapped.warnings.append(FieldProblem(mapped.record, f"{prefix}.location.latitude",
                                            f"({latitude}, {longitude}) er ikke et sted på "
                                            "jorden; koordinaterne er udeladt"))
        latitude = longitude = None
    row.update(latitude=latitude, longitude=longitude)
    row["precision"] = values.get("precision") or ("exact" if latitude is not None else "none")
    row["short_name"] = values.get("short_name") or ""
    row["preposition"] = values.get("preposition") or "i"
    notes = location.get("accessibility") or []
    row["accessibility"] = "\n\n".join(str(item["description"]) for item in notes
                                       if item.get("description"))
    return row


def _schedule(row: Mapping[str, Any], where: str, mapped: MappedService) -> dict[str, Any]:
    values, _, _ = extension.split(row.get("attributes") or [])
    ignored = [key for key in IGNORED_SCHEDULE if row.get(key) not in (None, "", 1)]
    if ignored:
        mapped.warnings.append(FieldProblem(mapped.record, where,
                                            f"ikke understøttet, udeladt: {', '.join(ignored)}"))
    result = {key: row.get(key) for key in (
        "id", "freq", "byday", "opens_at", "closes_at", "valid_from", "valid_to", "description",
        "notes")}
    result["all_day"] = row.get("opens_at") in ALL_DAY[0] and row.get("closes_at") in ALL_DAY[1]
    result["by_appointment"] = extension.flag(values, "by_appointment")
    result["on_holidays"] = extension.flag(values, "on_holidays")
    return result


def _phone(row: Mapping[str, Any]) -> dict[str, Any]:
    phone = {key: row.get(key) for key in ("id", "number", "type", "description")}
    extension_number = row.get("extension")
    if isinstance(extension_number, float) and extension_number.is_integer():
        extension_number = int(extension_number)
    phone["extension"] = "" if extension_number is None else str(extension_number)
    return phone


def _term(item: Mapping[str, Any], index: int, mapped: MappedService) -> None:
    term = item.get("taxonomy_term")
    field_name = f"attributes ({item.get('id')})"
    if not isinstance(term, Mapping):
        if item.get("taxonomy_term_id"):
            mapped.terms.append(TermRef(field_name, str(item["taxonomy_term_id"]), "", "", "",
                                        None, None, [], ""))
        else:
            mapped.problems.append(FieldProblem(mapped.record, f"{field_name}.taxonomy_term",
                                                "mangler (hverken taxonomy_term eller id)"))
        return
    detail = term.get("taxonomy_detail") or {}
    names = [str(name) for name in (term.get("taxonomy"), detail.get("name")) if name]
    code = str(term.get("code") or slugify(str(term.get("name") or "")))
    if not code:
        mapped.problems.append(FieldProblem(mapped.record, f"{field_name}.taxonomy_term.code",
                                            "termen har hverken code eller name"))
        return
    mapped.terms.append(TermRef(
        field_name, term.get("id"), code, str(term.get("name") or code),
        str(term.get("description") or ""), term.get("parent_id"),
        term.get("taxonomy_id") or detail.get("id"), names, str(detail.get("description") or "")))
