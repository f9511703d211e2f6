"""View models for the public pages: offers as cards, places, and the words around them.

Templates get plain values (status line, place, labels) rather than reaching into models and the
hours engine, so a template never runs a query and one page load is a fixed number of queries.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Iterable, Sequence

from flask import has_request_context
from markupsafe import Markup

from vejviser import hours
from vejviser.catalogue import free_places, freshness, loading, shown
from vejviser.catalogue.crisis import is_crisis_offer
from vejviser.catalogue.opening import PlaceState, open_state
from vejviser.catalogue.public import PublicLocation, PublicOffer, project
from vejviser.db import db
from vejviser.local_time import now_local
from vejviser.models import Offer, Phone, Precision
from vejviser.web.messages import translate


def public_offers(ids: Iterable[str] = (), slugs: Iterable[str] = ()) -> list[PublicOffer]:
    """Public offers by id or slug, in the order asked for, as the public projection (what a
    card, the detail page and its JSON-LD may show), read in a fixed number of queries."""
    found = loading.load_offers(db.session(), ids=list(ids), slugs=list(slugs))
    return [project(offer) for offer in found if offer.is_public]


@dataclass
class Place:
    """Where an offer is, shown only as precisely as the public projection allows, with the
    place's own status line when the offer's places keep different hours."""

    name: str
    lines: list[str]
    map_url: str | None
    hidden: bool = False  # precision "none": the address is not published
    status: str = ""
    is_open: bool | None = None
    #: The place's own phone numbers: (number, description).
    phones: list[tuple[str, str]] = field(default_factory=list)
    #: Accessibility of the place: what it is, how to use it, and a page with more.
    accessibility: list[str] = field(default_factory=list)
    accessibility_url: str = ""


def place_of(location: PublicLocation, state: PlaceState | None = None,
             phones: Sequence[Phone] = ()) -> Place:
    """A public location as text lines and a plain external map link (a marker only for an
    exact address); ``state`` adds the place's own status line, ``phones`` its numbers."""
    lines: list[str] = []
    for line in (location.address_1, location.address_2):
        if line:
            lines.append(line)
    if location.postal_code or location.city:
        lines.append(f"{location.postal_code} {location.city}".strip())
    lines += [area for area in (location.region, location.state_province)
              if area and area != location.city]
    map_url = None
    point = location.point  # a district's point is already the centre of its ~1 km cell
    if point is not None:
        zoom = {Precision.EXACT: 17, Precision.STREET: 15}.get(location.precision, 14)
        lat, lon = round(point[0], 5), round(point[1], 5)
        marker = f"?mlat={lat}&mlon={lon}" if location.precision == Precision.EXACT else ""
        map_url = f"https://www.openstreetmap.org/{marker}#map={zoom}/{lat}/{lon}"
    return Place(location.name, lines, map_url, hidden=location.hidden,
                 status=state.text if state else "", is_open=state.open if state else None,
                 phones=[(phone.number, phone.description) for phone in phones],
                 accessibility=[text for text in (location.accessibility,
                                                  location.accessibility_details) if text],
                 accessibility_url=location.accessibility_url)


@dataclass
class Card:
    """One offer in a result list, on Min liste or in the print view."""

    offer: PublicOffer
    status: str
    is_open: bool | None
    distance_km: float | None = None
    places: list[Place] = field(default_factory=list)
    #: The places keep different hours: each place shows its own status line.
    per_place: bool = False
    target_groups: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    attributes: list[str] = field(default_factory=list)
    hours_lines: list[str] = field(default_factory=list)
    #: The card's HTML as rendered (by heading, moment and Min liste), kept with the card.
    rendered: dict[str, Markup] = field(default_factory=dict, compare=False, repr=False)
    #: "3 ledige pladser i nat · opdateret kl. 19.40" while the figure holds, else "".
    free_tonight: str = ""
    full_tonight: bool = False
    #: "Ikke bekræftet siden 4. september 2026" once past the consultant's limit, else "".
    not_confirmed: str = ""
    #: A crisis offer, or one for people exposed to violence: the page offers a quick exit.
    crisis: bool = False

    @property
    def closed_temporarily(self) -> bool:
        return self.offer.is_temporarily_closed


def make_card(offer: PublicOffer, at: datetime, lang: str, distance_km: float | None = None,
              with_hours: bool = False, now: bool = True, place_id: str | None = None) -> Card:
    """A card for ``offer`` as it is at ``at`` (status line in ``lang``; ``now=False`` when
    ``at`` is a moment the person chose, so the line does not say "Åben nu").

    ``place_id`` is the place a search measured ``distance_km`` to: the status line is about
    that place. Where the offer's places keep different hours, the line names its place ("Åben
    nu i Reden – lukker kl. 23") and each place gets its own line.
    """
    state = open_state(offer.place_hours, at, lang, now=now,
                       nearest=[place_id] if place_id else ())
    per_place = state.shown is not None
    states = {s.place.link.id: s for s in state.places if s.place.link is not None}
    places = [place_of(place.location, states.get(place.id or "") if per_place else None,
                       place.phones)
              for place in offer.places if place.location is not None]
    hours_lines: list[str] = []
    if with_hours:
        for place in offer.places if per_place else offer.places[:1]:
            lines = hours.describe(place.hours.opening, lang, today=at.date())
            if per_place and place.location is not None:
                name = place.location.short_name or place.location.name
                lines = [f"{name}: {line}" for line in lines]
            hours_lines += lines
    tonight = free_places.current(offer.free_places, now_local())
    stale = freshness.staleness(offer, freshness.today(), freshness.current_limits(db.session()))
    return Card(
        # Outside a request (a view model built by a script or test) there is no page language.
        not_confirmed=(translate(stale.message(lang)) if has_request_context()
                       else str(stale.message(lang))) if stale else "",
        free_tonight=translate(tonight.message) if tonight else "",
        full_tonight=tonight is not None and tonight.places == 0,
        offer=offer,
        status=state.text,
        is_open=state.open if state.shown is None else state.shown.open,
        distance_km=distance_km,
        places=places,
        per_place=per_place,
        target_groups=[term.label(lang) for term in offer.target_groups],
        categories=[term.label(lang) for term in offer.categories],
        attributes=[term.label(lang) for term in offer.attributes],
        hours_lines=hours_lines,
        crisis=is_crisis_offer(offer),
    )


def keep_html(card: Card, key: str, html: str) -> Markup:
    """Keep a card's rendered HTML on the card (the template's ``keep_html``); return it."""
    kept = card.rendered[key] = Markup(html)
    return kept


def _card_size(card: Card | None) -> int:
    # A kept card (``_for_keeping``) measured 4.4 KB with its rendered HTML: its texts, twice,
    # and 4 KB (walking it would estimate its offer's parts, which it no longer holds).
    if card is None:
        return 64
    offer = card.offer
    texts = (offer.name, offer.summary, offer.alert, offer.organization.name)
    return 4096 + 2 * sum(len(text) for text in texts)


def _for_keeping(card: Card) -> Card:
    """The card with only what a kept card still reads of its offer (``_card.html``: its name,
    slug, organisation's name, alert and summary; ``closed_temporarily``: its status).
    Everything else ``make_card`` already turned into the card's own fields; the places, terms
    and rows left out held hours engines and ORM objects that kept the whole offer alive
    (20 KB a kept card: 12 MB of a search worker at 20,000 offers)."""
    offer = card.offer
    organization = replace(offer.organization, description="", phones=(), identifiers=())
    card.offer = replace(offer, description="", terms=(), phones=(), contacts=(), languages=(),
                         places=(), schedules=(), exceptions=(), organization=organization)
    return card


def cached_cards(hits: Sequence[Any], at: datetime, lang: str, now: bool = True) -> list[Card]:
    """The cards of search ``hits`` (``search.Hit``) at ``at``, kept per offer state and minute
    (``catalogue.shown``): only the offers not kept are read, in one go. Offers that are not
    public (any more) are left out."""
    def card(offer: Offer, extra: Any) -> Card | None:
        if not offer.is_public:
            return None
        _, distance_km, place_id, _ = extra
        return _for_keeping(make_card(project(offer), at, lang, distance_km, now=now,
                                      place_id=place_id))

    # Staleness depends on today and the consultant's limits, not only on the offer and ``at``.
    fresh = freshness.cache_key(db.session())
    wanted = [(hit.offer_id, (shown.minute(at), hit.distance_km, hit.place_id, fresh))
              for hit in hits]
    made = shown.shapes(db.session(), f"card:{lang}:{now}", wanted, card, _card_size)
    return [found for found in made if found is not None]


def needs_quick_exit(offers: Iterable[PublicOffer]) -> bool:
    """True when any of ``offers`` is about violence or crisis."""
    return any(is_crisis_offer(offer) for offer in offers)
