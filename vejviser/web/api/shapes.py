"""The JSON shapes of API v1. They live here, not on the models.

They read only an offer's attributes and relationships; load offers with
``vejviser.catalogue.loading`` (``load_offers``/``load_offer``) so that reading them runs no query.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from vejviser.catalogue import opening
from vejviser.hsds.rows import contact_row, language_row, location_row, phone_row, schedule_row
from vejviser.models import Offer


def _codes(terms: list[Any]) -> list[str]:
    return [term.code for term in terms]


def _open_fields(offer: Offer, at: datetime) -> dict[str, Any]:
    """``open``, ``next_change`` and ``next_change_opens`` for ``offer`` at ``at`` (the JSON
    fields of ``catalogue.opening.open_state``, which this wraps)."""
    state = opening.open_state(offer, at)
    return {
        "open": state.open,
        "next_change": state.next_change.at.isoformat() if state.next_change else None,
        "next_change_opens": state.next_change.opens if state.next_change else None,
    }


def offer_summary(offer: Offer, at: datetime) -> dict[str, Any]:
    """The short form used in search results."""
    return {
        "id": offer.id,
        "slug": offer.slug,
        "name": offer.name,
        "organization": {"id": offer.organization.id, "name": offer.organization.name},
        "summary": offer.summary,
        "status": offer.status.value,
        "alert": offer.alert or None,
        "categories": _codes(offer.categories),
        "target_groups": _codes(offer.target_groups),
        "attributes": _codes(offer.attributes),
        **_open_fields(offer, at),
    }


def offer_detail(offer: Offer, at: datetime) -> dict[str, Any]:
    """The full form of ``GET /api/v1/offers/{key}``."""
    return {
        **offer_summary(offer, at),
        "alternate_name": offer.alternate_name or None,
        "description": offer.description,
        "url": offer.url or None,
        "email": offer.email or None,
        "legal_basis": _codes(offer.legal_basis),
        "languages": [language_row(language) for language in offer.languages],
        "application_process": offer.application_process or None,
        "fees_description": offer.fees_description or None,
        "eligibility_description": offer.eligibility_description or None,
        "holiday_rule": offer.holiday_rule.value,
        "schedules": [schedule_row(row, offer.id) for row in offer.schedules],
        "exceptions": [
            {"date_from": row.date_from.isoformat(),
             "date_to": row.date_to.isoformat() if row.date_to else None,
             "closed": row.closed,
             "opens_at": row.opens_at.strftime("%H:%M") if row.opens_at else None,
             "closes_at": row.closes_at.strftime("%H:%M") if row.closes_at else None,
             "description": row.description or None}
            for row in offer.exceptions
        ],
        "locations": [location_row(location) for location in offer.locations],
        "phones": [phone_row(phone) for phone in offer.phones],
        "contacts": [contact_row(contact) for contact in offer.contacts],
        "verified_at": offer.verified_at.isoformat() if offer.verified_at else None,
        "updated_at": offer.updated_at.isoformat(),
        "evaluated_at": at.isoformat(),
    }
