"""The public projection: the one place that decides what the public may see of an offer.

Every public output — pages, print view, JSON-LD, API v1, the search index and its distances,
the HSDS export and API, the widget — reads offers through :func:`project`, never the models:

* a place whose location has precision ``none`` (a women's crisis centre) shows no street,
  postcode, city, coordinates or distance; ``district`` shows postcode and city with
  coordinates snapped to a grid of about a kilometre; ``street`` and ``exact`` show everything;
* internal fields (the offer's notes, who verified it) are left out;
* ``internal=True`` keeps everything, for backups and round trips between our own instances.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from vejviser.catalogue.free_places import Tonight
from vejviser.catalogue.opening import PlaceHours, hours_by_place
from vejviser.models import (
    Contact,
    Language,
    Location,
    Offer,
    OfferStatus,
    Organization,
    OrganizationIdentifier,
    Phone,
    Precision,
    Schedule,
    ScheduleException,
    TaxonomyTerm,
)

#: District coordinates are snapped to cells this many degrees of latitude high (about 1.1 km)
#: and as wide in kilometres: no finer than about a kilometre anywhere in Denmark.
DISTRICT_GRID = 0.01


def coarse_point(latitude: float, longitude: float) -> tuple[float, float]:
    """The centre of the ~1 km grid cell holding the point (what a district place shows)."""
    lat = round(math.floor(latitude / DISTRICT_GRID) * DISTRICT_GRID + DISTRICT_GRID / 2, 4)
    step = DISTRICT_GRID / max(math.cos(math.radians(lat)), 0.01)
    lon = round(math.floor(longitude / step) * step + step / 2, 4)
    return lat, lon


@dataclass(frozen=True)
class PublicLocation:
    """A location as the public may see it (see the module docstring)."""

    id: str
    name: str
    alternate_name: str
    description: str
    address_1: str
    postal_code: str
    city: str
    country: str
    latitude: float | None
    longitude: float | None
    precision: Precision
    transportation: str
    accessibility: str
    short_name: str
    preposition: str
    address_2: str = ""
    region: str = ""
    state_province: str = ""
    accessibility_details: str = ""
    accessibility_url: str = ""

    @property
    def hidden(self) -> bool:
        """The address is not published (precision ``none``)."""
        return self.precision == Precision.NONE

    @property
    def point(self) -> tuple[float, float] | None:
        """Coordinates to measure from or show on a map, when there are public ones."""
        if self.latitude is None or self.longitude is None:
            return None
        return self.latitude, self.longitude


def public_location(location: Location, internal: bool = False) -> PublicLocation:
    """``location`` as the public may see it (everything with ``internal``)."""
    precision = location.precision
    shown = internal or precision in (Precision.EXACT, Precision.STREET)
    area = internal or precision != Precision.NONE
    point = None
    if location.latitude is not None and location.longitude is not None and area:
        point = (location.latitude, location.longitude)
        if not shown:
            point = coarse_point(*point)
    return PublicLocation(
        id=location.id, name=location.name, alternate_name=location.alternate_name,
        description=location.description, address_1=location.address_1 if shown else "",
        postal_code=location.postal_code if area else "", city=location.city if area else "",
        country=location.country, latitude=point[0] if point else None,
        longitude=point[1] if point else None, precision=precision,
        transportation=location.transportation, accessibility=location.accessibility,
        short_name=location.short_name, preposition=location.preposition,
        address_2=location.address_2 if shown else "",
        region=location.region if area else "",
        state_province=location.state_province if area else "",
        accessibility_details=location.accessibility_details,
        accessibility_url=location.accessibility_url,
    )


@dataclass(frozen=True)
class PublicPlace:
    """One place of an offer: where (public location), the link's words, and its hours."""

    id: str | None  # the HSDS service_at_location id (None: an offer without places)
    location: PublicLocation | None
    description: str
    hours: PlaceHours
    #: Rows of this place alone (the hours engine's input is ``hours``; these are for HSDS).
    schedules: tuple[Schedule, ...] = ()
    exceptions: tuple[ScheduleException, ...] = ()
    follows_id: str | None = None
    #: Phone numbers of this place (the offer's own are on the offer).
    phones: tuple[Phone, ...] = ()


@dataclass(frozen=True)
class PublicOrganization:
    """The organisation behind an offer, as published."""

    id: str
    name: str
    alternate_name: str
    description: str
    email: str
    website: str
    phones: tuple[Phone, ...] = ()
    identifiers: tuple[OrganizationIdentifier, ...] = ()


@dataclass(frozen=True)
class PublicOffer:
    """An offer as the public may see it: what pages, APIs, exports and the index read."""

    id: str
    slug: str
    name: str
    alternate_name: str
    summary: str
    description: str
    url: str
    email: str
    status: OfferStatus
    alert: str
    application_process: str
    fees_description: str
    eligibility_description: str
    interpretation_services: str
    accessibility: str
    minimum_age: int | None
    maximum_age: int | None
    verified_at: date | None
    holiday_rule: Any
    extra_holidays: str
    created_at: datetime
    updated_at: datetime
    organization: PublicOrganization
    terms: tuple[TaxonomyTerm, ...]
    phones: tuple[Phone, ...]
    contacts: tuple[Contact, ...]
    languages: tuple[Language, ...]
    places: tuple[PublicPlace, ...]
    #: The rows of the offer as a whole (each place's own rows are on the place).
    schedules: tuple[Schedule, ...]
    exceptions: tuple[ScheduleException, ...]
    #: Internal fields: empty unless projected with ``internal=True``.
    notes: str = ""
    verified_by: str = ""
    internal: bool = False
    #: Tonight's free places as last set (``free_places.current`` says whether it still holds).
    free_places: Tonight | None = None
    #: When the opening hours and everything else were last confirmed or changed
    #: (``catalogue.freshness`` says whether that is too long ago).
    hours_checked_at: date | None = None
    details_checked_at: date | None = None

    def terms_in(self, vocabulary: str) -> list[TaxonomyTerm]:
        """This offer's terms from one vocabulary, in the vocabulary's order."""
        return [term for term in self.terms if term.vocabulary == vocabulary]

    @property
    def categories(self) -> list[TaxonomyTerm]:
        """Types of offer (*tilbudstype*)."""
        return self.terms_in("category")

    @property
    def target_groups(self) -> list[TaxonomyTerm]:
        """Who the offer is for (*målgrupper*)."""
        return self.terms_in("target_group")

    @property
    def attributes(self) -> list[TaxonomyTerm]:
        """How to use it: gratis, anonym, uden visitation, ..."""
        return self.terms_in("attribute")

    @property
    def legal_basis(self) -> list[TaxonomyTerm]:
        """The law the offer is given under."""
        return self.terms_in("legal_basis")

    @property
    def locations(self) -> list[PublicLocation]:
        """The public locations of the offer's places, in order."""
        return [place.location for place in self.places if place.location is not None]

    @property
    def is_temporarily_closed(self) -> bool:
        """Closed whatever its hours say (its alert says why)."""
        return self.status == OfferStatus.TEMPORARILY_CLOSED

    @property
    def place_hours(self) -> list[PlaceHours]:
        """The hours in force at each place (for ``catalogue.opening.open_state``)."""
        return [place.hours for place in self.places]


def _organization(organization: Organization) -> PublicOrganization:
    return PublicOrganization(organization.id, organization.name, organization.alternate_name,
                              organization.description, organization.email, organization.website,
                              tuple(organization.phones), tuple(organization.identifiers))


def _own_fields(offer: Offer, internal: bool) -> dict[str, Any]:
    """The offer's one-to-one fields as ``PublicOffer`` shows them (internal ones blanked)."""
    return dict(
        id=offer.id, slug=offer.slug, name=offer.name, alternate_name=offer.alternate_name,
        summary=offer.summary, description=offer.description, url=offer.url, email=offer.email,
        status=offer.status, alert=offer.alert, application_process=offer.application_process,
        fees_description=offer.fees_description,
        eligibility_description=offer.eligibility_description,
        interpretation_services=offer.interpretation_services,
        accessibility=offer.accessibility, minimum_age=offer.minimum_age,
        maximum_age=offer.maximum_age, verified_at=offer.verified_at,
        holiday_rule=offer.holiday_rule, extra_holidays=offer.extra_holidays,
        created_at=offer.created_at, updated_at=offer.updated_at,
        notes=offer.notes if internal else "",
        verified_by=offer.verified_by if internal else "",
        internal=internal,
    )


def project_own_fields(offer: Offer) -> PublicOffer:
    """Only the offer's one-to-one fields and its organisation's, as ``project`` shows them;
    every part (terms, places, hours, phones, the organisation's phones and identifiers) is
    left empty. For list items that show nothing else (the HSDS API's service lists): the
    offer needs only its organisation loaded, not its parts."""
    organization = offer.organization
    return PublicOffer(
        **_own_fields(offer, internal=False),
        organization=PublicOrganization(organization.id, organization.name,
                                        organization.alternate_name, organization.description,
                                        organization.email, organization.website),
        terms=(), phones=(), contacts=(), languages=(), places=(), schedules=(), exceptions=())


def project(offer: Offer, internal: bool = False) -> PublicOffer:
    """``offer`` as the public may see it; ``internal=True`` keeps internal fields and hidden
    addresses (backups, exports between our own instances — never a public route)."""
    in_force = hours_by_place(offer)
    by_link = {place.link.id: place for place in in_force if place.link is not None}
    if offer.locations_at:
        places = tuple(
            PublicPlace(
                id=link.id, location=public_location(link.location, internal),
                description=link.description, hours=by_link[link.id],
                schedules=tuple(r for r in offer.schedules if r.offer_at_location_id == link.id),
                exceptions=tuple(r for r in offer.exceptions
                                 if r.offer_at_location_id == link.id),
                follows_id=link.follows_offer_id,
                phones=tuple(r for r in offer.phones if r.offer_at_location_id == link.id),
            )
            for link in offer.locations_at
        )
    else:
        places = (PublicPlace(None, None, "", in_force[0]),)
    return PublicOffer(
        **_own_fields(offer, internal),
        organization=_organization(offer.organization), terms=tuple(offer.terms),
        phones=tuple(offer.own_phones), contacts=tuple(offer.contacts),
        languages=tuple(offer.languages), places=places,
        schedules=tuple(offer.own_schedules), exceptions=tuple(offer.own_exceptions),
        free_places=_tonight(offer),
        hours_checked_at=offer.hours_checked_at, details_checked_at=offer.details_checked_at,
    )


def _tonight(offer: Offer) -> Tonight | None:
    figure = offer.free_places
    return None if figure is None else Tonight(figure.places, figure.set_at, figure.expires_at)
