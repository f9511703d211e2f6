"""schema.org JSON-LD for a detail page.

JSON-LD is a data block (``type="application/ld+json"``): browsers never execute it, so the strict
``script-src 'self'`` policy does not block it (the browser tests listen for CSP reports). We still
escape ``<`` so no text in the catalogue can close the script element.
"""
from __future__ import annotations

import json
from datetime import date
from typing import Any

from flask import current_app, url_for
from markupsafe import Markup

from vejviser import hours
from vejviser.catalogue.opening import same_everywhere
from vejviser.catalogue.public import PublicOffer


def _places(offer: PublicOffer, today: date, per_place: bool) -> list[dict[str, Any]]:
    out = []
    for place in offer.places:
        location = place.location
        if location is None or location.hidden:
            continue  # an unpublished address stays unpublished in machine-readable form too
        address = {"@type": "PostalAddress", "postalCode": location.postal_code,
                   "addressLocality": location.city, "addressCountry": location.country}
        if location.address_1:
            address["streetAddress"] = location.address_1
        item: dict[str, Any] = {"@type": "Place", "name": location.name or offer.name,
                                "address": address}
        if per_place:  # each place keeps its own hours
            item["openingHoursSpecification"] = hours.opening_hours_specification(
                place.hours.opening, today=today, horizon_days=60) or None
        out.append({key: value for key, value in item.items() if value is not None})
    return out


def offer_jsonld(offer: PublicOffer, today: date) -> Markup:
    """A schema.org ``Service`` with provider, places, phones and hours: ``hoursAvailable`` when
    every place keeps the same hours, else each ``Place``'s ``openingHoursSpecification``."""
    per_place = not same_everywhere(offer.place_hours)
    opening = None if per_place else offer.places[0].hours.opening
    base = current_app.config.get("BASE_URL", "").rstrip("/")
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Service",
        "name": offer.name,
        "description": offer.summary or None,
        "url": base + url_for("public.offer", slug=offer.slug),
        "provider": {"@type": "Organization", "name": offer.organization.name},
        "areaServed": {"@type": "City", "name": "Odense"},
        "serviceType": [term.label("da") for term in offer.categories] or None,
        "audience": [{"@type": "Audience", "audienceType": term.label("da")}
                     for term in offer.target_groups] or None,
        "availableAtOrFrom": _places(offer, today, per_place) or None,
        "hoursAvailable": hours.opening_hours_specification(
            opening, today=today, horizon_days=60) or None if opening is not None else None,
        "telephone": [phone.number for phone in offer.phones] or None,
        "email": offer.email or None,
    }
    payload = json.dumps({k: v for k, v in data.items() if v is not None}, ensure_ascii=False)
    return Markup(payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
