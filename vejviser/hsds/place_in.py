"""Read the places of an HSDS service document: each service_at_location with its location, one
physical address, accessibility and the place's own dated exceptions.

Part of ``vejviser.hsds.mapping``; like it, trusts no type (the document may break the schema)
and notes what it leaves out.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from vejviser.hsds import extension
from vejviser.hsds.report import Finding, finding

LOCATION_TEXT = ("name", "alternate_name", "description", "transportation")
ADDRESS_TEXT = ("address_1", "address_2", "postal_code", "city", "region", "state_province",
                "country")


def dict_of(value: Any) -> dict[str, Any]:
    """``value`` when it is an object, else an empty one."""
    return value if isinstance(value, dict) else {}


def dicts_of(value: Any) -> list[dict[str, Any]]:
    """The objects in ``value`` when it is a list, else none."""
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def phone_in(row: Mapping[str, Any]) -> dict[str, Any]:
    """An HSDS phone row as our phone (a whole-number ``extension`` as text)."""
    phone = {key: row.get(key) for key in ("id", "number", "type", "description")}
    extension_number = row.get("extension")
    if isinstance(extension_number, float) and extension_number.is_integer():
        extension_number = int(extension_number)
    phone["extension"] = "" if extension_number is None else str(extension_number)
    return phone


class PlaceReader:
    """Reads the places of one record, collecting notes and the locations named by id only."""

    def __init__(self, record: int) -> None:
        self.record = record
        self.findings: list[Finding] = []
        self.location_refs: list[tuple[int, str]] = []

    def exceptions(self, items: list[Any], where: str) -> list[dict[str, Any]]:
        """Our dated exceptions, from their extension attributes."""
        out = []
        for item in items:
            parsed, error = extension.parse_exception(item)
            if error or parsed is None:
                self.findings.append(finding("exception.bad", self.record, f"{where}.value",
                                             item.get("id")))
            else:
                out.append(parsed)
        return out

    def place(self, link: Mapping[str, Any], index: int) -> dict[str, Any]:
        """One service_at_location as a place of ours."""
        prefix = f"service_at_locations[{index}]"
        link_values, link_exceptions, others = extension.split(dicts_of(link.get("attributes")))
        row: dict[str, Any] = {"link_id": link.get("id"),
                               "link_description": link.get("description")}
        if link_values.get("follows"):
            row["follows"] = link_values["follows"]
        row["exceptions"] = self.exceptions(link_exceptions, f"{prefix}.attributes")
        self.dropped_attributes(others, f"{prefix}.attributes")
        location = link.get("location")
        if not isinstance(location, dict):
            if link.get("location_id"):
                self.location_refs.append((index, str(link["location_id"])))
                row["id"] = link["location_id"]
            else:
                self.findings.append(finding("ref.location_missing", self.record, prefix))
            return row
        values, _, others = extension.split(dicts_of(location.get("attributes")))
        self.dropped_attributes(others, f"{prefix}.location.attributes")
        if location.get("location_type") not in (None, "", "physical"):
            self.findings.append(finding(
                "fate.dropped", self.record, f"{prefix}.location.location_type",
                location.get("location_type"), label=("lokationstype", "location type"),
                why=("gemt som et fysisk sted", "kept as a physical place")))
        row.update({key: location.get(key) for key in LOCATION_TEXT}, id=location.get("id"))
        addresses = dicts_of(location.get("addresses"))
        physical = [a for a in addresses if a.get("address_type") in (None, "", "physical")]
        chosen = (physical or addresses)[:1]
        if chosen:
            row.update({key: chosen[0].get(key) for key in ADDRESS_TEXT})
        for number, address in enumerate(addresses):
            if address not in chosen:
                self.findings.append(finding(
                    "fate.dropped", self.record, f"{prefix}.location.addresses[{number}]",
                    label=("adresser ud over den fysiske", "addresses besides the physical one"),
                    why=("et sted har én adresse", "a place has one address")))
        latitude, longitude = location.get("latitude"), location.get("longitude")
        if isinstance(latitude, (int, float)) and isinstance(longitude, (int, float)) and not (
                -90 <= latitude <= 90 and -180 <= longitude <= 180):
            self.findings.append(finding("coordinates.off_globe", self.record,
                                         f"{prefix}.location.latitude",
                                         f"{latitude}, {longitude}"))
            latitude = longitude = None
        row.update(latitude=latitude, longitude=longitude)
        row["precision"] = values.get("precision") or ("exact" if latitude is not None else "none")
        row["short_name"] = values.get("short_name") or ""
        row["preposition"] = values.get("preposition") or "i"
        notes = dicts_of(location.get("accessibility"))
        row["accessibility"] = "\n\n".join(str(item["description"]) for item in notes
                                           if item.get("description"))
        row["accessibility_details"] = "\n\n".join(str(item["details"]) for item in notes
                                                   if item.get("details"))
        urls = [str(item["url"]) for item in notes if item.get("url")]
        row["accessibility_url"] = urls[0] if urls else ""
        if len(set(urls)) > 1:
            self.findings.append(finding(
                "fate.dropped", self.record, f"{prefix}.location.accessibility",
                label=("tilgængeligheds-links ud over det første", "accessibility links after the "
                       "first"), why=("et sted har ét link", "a place has one link")))
        return row

    def dropped_attributes(self, items: list[Any], where: str) -> None:
        """Attributes of places and locations that are not ours: noted, not kept."""
        for index, _ in enumerate(items):
            self.findings.append(finding(
                "fate.dropped", self.record, f"{where}[{index}]",
                label=("attributter på steder og åbningstider", "attributes of places and "
                       "schedules"), why=("kun tjenesters taksonomitermer gemmes",
                                          "only the terms of services are kept")))
