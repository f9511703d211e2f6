"""The bodies of the HSDS 3.0 API, built from the export's documents (``vejviser.hsds.export``).

A list item carries the one-to-one fields of its object (what the ``*_list.json`` schemas
describe); ``full=true`` gives the complete documents; ``minimal=true`` gives a service's id,
name, status and last modification only. Everything starts from the public projection, so what
the projection hides (a crisis centre's address) is not there to show.
"""
from __future__ import annotations

from typing import Any

from vejviser.catalogue.public import PublicOffer, PublicOrganization, PublicPlace
from vejviser.hsds.export import (
    organization_document,
    service_at_location_document,
    service_document,
    service_fields,
    timestamp,
)
from vejviser.models import Organization, Taxonomy, TaxonomyTerm

#: One-to-one fields of a service (service_list.json).
SERVICE_FIELDS = ("id", "organization_id", "name", "alternate_name", "description", "url", "email",
                  "status", "interpretation_services", "application_process",
                  "fees_description", "eligibility_description", "minimum_age", "maximum_age",
                  "assured_date", "assurer_email", "alert", "last_modified")
ORGANIZATION_FIELDS = ("id", "name", "alternate_name", "description", "email", "website")
LOCATION_FIELDS = ("id", "location_type", "name", "alternate_name", "description",
                   "transportation", "latitude", "longitude")


def _only(document: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {key: document[key] for key in fields if key in document}


def service_item(offer: PublicOffer, full: bool = False, minimal: bool = False
                 ) -> dict[str, Any]:
    """A service in a list: one-to-one fields and its organisation's (``full``: everything)."""
    if full:
        return service_document(offer)
    if minimal:
        return {"id": offer.id, "name": offer.name, "status": offer.status.value,
                "last_modified": timestamp(offer.updated_at)}
    item = service_fields(offer)
    item["organization"] = _only(organization_document(offer.organization), ORGANIZATION_FIELDS)
    return item


def service_full(offer: PublicOffer) -> dict[str, Any]:
    """``GET /services/{id}``: the complete service document."""
    return service_document(offer)


def place_item(offer: PublicOffer, place: PublicPlace, full: bool = False) -> dict[str, Any]:
    """A service_at_location in a list: its own fields, the location's and the service's
    one-to-one fields (``full``: the complete document with the service's)."""
    document = service_at_location_document(offer, place)
    if full:
        document["service"] = service_item(offer)
        return document
    item = _only(document, ("id", "service_id", "location_id", "description"))
    item["location"] = _only(document["location"], LOCATION_FIELDS)
    item["service"] = service_fields(offer)
    return item


def organization_item(organization: Organization, services: list[PublicOffer] | None = None,
                      full: bool = False, full_service: bool = False) -> dict[str, Any]:
    """An organisation: one-to-one fields in a list; ``full`` adds its phones, identifiers and
    services (their one-to-one fields, or complete with ``full_service``)."""
    public = PublicOrganization(organization.id, organization.name,
                                organization.alternate_name, organization.description,
                                organization.email, organization.website,
                                tuple(organization.phones), tuple(organization.identifiers))
    document = organization_document(public)
    if not full:
        return _only(document, ORGANIZATION_FIELDS)
    document["services"] = [service_item(offer, full=full_service) for offer in services or []]
    return document


def taxonomy_item(taxonomy: Taxonomy) -> dict[str, Any]:
    """HSDS ``taxonomy``: our vocabulary (category, target_group, ...)."""
    return {"id": taxonomy.id, "name": taxonomy.name,
            "description": taxonomy.description or taxonomy.code}


def term_item(term: TaxonomyTerm) -> dict[str, Any]:
    """HSDS ``taxonomy_term`` with its taxonomy named and detailed."""
    item: dict[str, Any] = {"id": term.id, "code": term.code, "name": term.name,
                            "description": term.description or "",
                            "taxonomy": term.taxonomy.name, "taxonomy_id": term.taxonomy_id,
                            "taxonomy_detail": taxonomy_item(term.taxonomy), "language": "da"}
    if term.parent_id:
        item["parent_id"] = term.parent_id
    return item
