"""JSON shapes of API v1's directory: organisations, taxonomies and terms, places.

Like ``offer_json``, they read only public projections (places) or rows the public may see in full
(organisations with a public offer, taxonomy terms).
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from vejviser.catalogue.opening import open_state
from vejviser.catalogue.public import PublicOffer, PublicPlace
from vejviser.hsds.rows import location_row
from vejviser.models import Organization, Taxonomy, TaxonomyTerm


def organization_shape(organization: Organization, offers: list[str] | None = None
                       ) -> dict[str, Any]:
    """An organisation; with ``offers`` (ids of its public offers) for the one-item answer."""
    shape: dict[str, Any] = {
        "id": organization.id, "name": organization.name,
        "alternate_name": organization.alternate_name or None,
        "description": organization.description or None,
        "email": organization.email or None, "website": organization.website or None,
    }
    if offers is not None:
        shape["offers"] = offers
    return shape


def term_shape(term: TaxonomyTerm) -> dict[str, Any]:
    """A term: ``code`` is what the search filters take (``category=varmestue``)."""
    return {"id": term.id, "code": term.code, "name": term.name,
            "name_en": term.name_en or None, "description": term.description or None,
            "parent_id": term.parent_id, "taxonomy": term.taxonomy.code}


def taxonomy_shape(taxonomy: Taxonomy, with_terms: bool = True) -> dict[str, Any]:
    """A vocabulary (category, target_group, attribute, legal_basis) and its terms."""
    shape: dict[str, Any] = {"id": taxonomy.id, "code": taxonomy.code, "name": taxonomy.name,
                             "description": taxonomy.description or None,
                             "filter": _FILTERS.get(taxonomy.code)}
    if with_terms:
        shape["terms"] = [term_shape(term) for term in taxonomy.terms]
    return shape


#: The search parameter that filters by each vocabulary's codes.
_FILTERS = {"category": "category", "target_group": "target_group", "attribute": "attribute"}


def place_shape(offer: PublicOffer, place: PublicPlace, at: datetime) -> dict[str, Any]:
    """One place of an offer with its public location and whether it is open at ``at``."""
    state = open_state([place.hours], at)
    location = place.location
    return {
        "id": place.id,
        "offer": {"id": offer.id, "slug": offer.slug, "name": offer.name},
        "description": place.description or None,
        "address_hidden": bool(location and location.hidden),
        "location": location_row(location) if location else None,
        "open": state.open,
        "next_change": state.next_change.at.isoformat() if state.next_change else None,
    }
