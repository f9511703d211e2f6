"""View models for the public pages: offers as cards, places, and the words around them.

Templates get plain values (status line, place, labels) rather than reaching into models and the
hours engine, so a template never runs a query and one page load is a fixed number of queries.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Iterable

from vejviser import hours
from vejviser.catalogue import loading
from vejviser.catalogue.opening import open_state, opening_hours_for
from vejviser.db import db
from vejviser.models import Location, Offer, OfferStatus, Precision

#: Offers about violence or crisis get the quick-exit button (a citizen may be watched).
QUICK_EXIT_CATEGORIES = frozenset({"krisecenter"})
QUICK_EXIT_TARGET_GROUPS = frozenset({"kvinder-udsat-for-vold"})


def public_offers(ids: Iterable[str] = (), slugs: Iterable[str] = ()) -> list[Offer]:
    """Public offers by id or slug, in the order asked for, with everything a card, the detail
    page and its JSON-LD show loaded in a fixed number of queries (``catalogue.loading``)."""
    found = loading.load_offers(db.session(), ids=list(ids), slugs=list(slugs))
    return [offer for offer in found if offer.is_public]


@dataclass
class Place:
    """Where an offer is, shown only as precisely as its location allows."""

    name: str
    lines: list[str]
    map_url: str | None
    hidden: bool = False  # precision "none": the address is not published


def place_of(location: Location) -> Place:
    """A location as text lines and (for exact and street precision) a plain external map link.

    District precision shows the postcode and district only; "none" shows no address at all,
    which protects e.g. a women's crisis centre.
    """
    precision = location.precision
    lines: list[str] = []
    if precision in (Precision.EXACT, Precision.STREET) and location.address_1:
        lines.append(location.address_1)
    if precision != Precision.NONE and (location.postal_code or location.city):
        lines.append(f"{location.postal_code} {location.city}".strip())
    map_url = None
    if location.has_point and precision != Precision.NONE:
        zoom = 17 if precision == Precision.EXACT else 15 if precision == Precision.STREET else 14
        lat, lon = round(location.latitude or 0, 5), round(location.longitude or 0, 5)
        marker = f"?mlat={lat}&mlon={lon}" if precision == Precision.EXACT else ""
        map_url = f"https://www.openstreetmap.org/{marker}#map={zoom}/{lat}/{lon}"
    return Place(location.name, lines, map_url, hidden=precision == Precision.NONE)


@dataclass
class Card:
    """One offer in a result list, on Min liste or in the print view."""

    offer: Offer
    status: str
    is_open: bool | None
    distance_km: float | None = None
    places: list[Place] = field(default_factory=list)
    target_groups: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    attributes: list[str] = field(default_factory=list)
    hours_lines: list[str] = field(default_factory=list)

    @property
    def closed_temporarily(self) -> bool:
        return self.offer.status == OfferStatus.TEMPORARILY_CLOSED


def make_card(offer: Offer, at: datetime, lang: str, distance_km: float | None = None,
              with_hours: bool = False, now: bool = True,
              opening: hours.OpeningHours | None = None) -> Card:
    """A card for ``offer`` as it is at ``at`` (status line in ``lang``; ``now=False`` when
    ``at`` is a moment the person chose, so the line does not say "Åben nu").

    ``opening`` is the offer's ``opening_hours_for(offer)`` when the view already built it for
    other parts of the page; otherwise it is built here, once.
    """
    if opening is None:
        opening = opening_hours_for(offer)
    state = open_state(offer, at, lang, now=now, opening=opening)
    return Card(
        offer=offer,
        status=state.text,
        is_open=state.open,
        distance_km=distance_km,
        places=[place_of(location) for location in offer.locations],
        target_groups=[term.label(lang) for term in offer.target_groups],
        categories=[term.label(lang) for term in offer.categories],
        attributes=[term.label(lang) for term in offer.attributes],
        hours_lines=hours.describe(opening, lang, today=at.date()) if with_hours else [],
    )


def needs_quick_exit(offers: Iterable[Offer]) -> bool:
    """True when any of ``offers`` is about violence or crisis."""
    for offer in offers:
        if {t.code for t in offer.categories} & QUICK_EXIT_CATEGORIES:
            return True
        if {t.code for t in offer.target_groups} & QUICK_EXIT_TARGET_GROUPS:
            return True
    return False
