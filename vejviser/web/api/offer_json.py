"""The JSON shapes of API v1. They live here, not on the models.

They read only the public projection of an offer (``catalogue.public.project``) of offers loaded
with ``vejviser.catalogue.loading`` (``load_offers``/``load_offer``), so reading them runs no
query and shows nothing the public may not see.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from vejviser import hours
from vejviser.catalogue import free_places, freshness, opening
from vejviser.catalogue.opening import OpenState
from vejviser.catalogue.public import PublicOffer
from vejviser.db import db
from vejviser.hsds.rows import (
    clock_text,
    contact_row,
    day_text,
    language_row,
    location_row,
    phone_row,
    schedule_row,
)
from vejviser.local_time import now_local


def _codes(terms: list[Any]) -> list[str]:
    return [term.code for term in terms]


def _change(state: Any) -> dict[str, Any]:
    return {
        "open": state.open,
        "next_change": state.next_change.at.isoformat() if state.next_change else None,
        "next_change_opens": state.next_change.opens if state.next_change else None,
    }


def _rule(rule: hours.WeeklyRule) -> dict[str, Any]:
    return {"byday": ",".join(rule.byday), "opens_at": clock_text(rule.opens_at),
            "closes_at": clock_text(rule.closes_at), "valid_from": day_text(rule.valid_from),
            "valid_to": day_text(rule.valid_to), "all_day": rule.all_day,
            "by_appointment": rule.by_appointment, "on_holidays": rule.on_holidays,
            "description": rule.description or None}


def _places(offer: PublicOffer, state: OpenState, detail: bool) -> list[dict[str, Any]]:
    """``open``/``next_change`` per place (and, in detail, the hours in force there)."""
    out = []
    for place, place_state in zip(offer.places, state.places):
        if place.id is None:
            continue  # an offer without places: the offer's own fields say it all
        location = place.location
        item: dict[str, Any] = {
            "id": place.id, "location_id": location.id if location else None,
            "name": (location.short_name or location.name) if location else None,
            **_change(place_state),
        }
        if detail:
            item["follows"] = place.follows_id
            item["temporarily_closed"] = place.hours.closed
            item["schedules"] = [_rule(rule) for rule in place.hours.opening.rules]
        out.append(item)
    return out


def free_places_json(offer: PublicOffer) -> dict[str, Any] | None:
    """Tonight's free places while the figure holds (None: no current figure)."""
    tonight = free_places.current(offer.free_places, now_local())
    if tonight is None:
        return None
    return {"places": tonight.places, "updated_at": tonight.set_at.isoformat(),
            "expires_at": tonight.expires_at.isoformat(), "text": str(tonight.message)}


def confirmation_json(offer: PublicOffer) -> dict[str, Any]:
    """The verification date and, past the consultant's limit, since when the offer is not
    confirmed (``stale``, ``not_confirmed_since``, the Danish ``text``). Who confirmed it is
    internal and never part of it."""
    stale = freshness.staleness(offer, freshness.today(), freshness.current_limits(db.session()))
    return {"verified_at": offer.verified_at.isoformat() if offer.verified_at else None,
            "stale": stale is not None,
            "not_confirmed_since": stale.since.isoformat() if stale and stale.since else None,
            "overdue": list(stale.kinds) if stale else [],
            "text": str(stale.message()) if stale else None}


def offer_summary(offer: PublicOffer, at: datetime,
                  state: OpenState | None = None) -> dict[str, Any]:
    """The short form used in search results: ``open``/``next_change`` for the offer (open at
    any place) and for each place."""
    state = state or opening.open_state(offer.place_hours, at)
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
        **_change(state),
        "places": _places(offer, state, detail=False),
        "free_places_tonight": free_places_json(offer),
        "confirmation": confirmation_json(offer),
    }


def offer_detail(offer: PublicOffer, at: datetime) -> dict[str, Any]:
    """The full form of ``GET /api/v1/offers/{key}``."""
    state = opening.open_state(offer.place_hours, at)
    return {
        **offer_summary(offer, at, state),
        "places": _places(offer, state, detail=True),
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
