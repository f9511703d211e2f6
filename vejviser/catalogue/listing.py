"""Lists of public offers, places, organisations and terms for the open APIs (v1 and HSDS).

Filters combine with AND: an offer must carry every term asked for, belong to the organisation,
be modified after the moment and (with ``ids``, a text search's hits) be among those ids. Only
public offers are listed (``Offer.is_public``); what of them may be shown is the projection's
business (``catalogue.public.project``), and a hidden place is never matched by postcode or
distance, because its public location has neither.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, exists, func, select
from sqlalchemy.orm import Session, selectinload

from vejviser.catalogue.loading import load_offers
from vejviser.catalogue.public import PublicOffer, PublicPlace, coarse_point, project
from vejviser.models import (
    Location,
    Offer,
    OfferAtLocation,
    OfferChange,
    OfferStatus,
    Organization,
    Precision,
    Taxonomy,
    TaxonomyTerm,
    offer_term,
)
from vejviser.search.geo import Point, bounding_box, distance_km

PUBLIC = Offer.status != OfferStatus.INACTIVE


@dataclass(frozen=True)
class OfferFilter:
    """What a list of offers is narrowed to; every part must hold (AND)."""

    term_ids: tuple[str, ...] = ()
    #: ``(vocabulary, code)`` pairs, e.g. ``("category", "varmestue")``.
    term_codes: tuple[tuple[str, str], ...] = ()
    taxonomy_ids: tuple[str, ...] = ()
    organization_id: str | None = None
    modified_after: datetime | None = None
    #: Only these offers (a text search's hits, in relevance order); None: no text search.
    ids: tuple[str, ...] | None = None


@dataclass
class Page:
    """One page of a list: the items, the total over all pages, and where this page is."""

    items: list[Any]
    total: int
    page: int
    per_page: int
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        """How many pages the whole list has (at least one, even when it is empty)."""
        return max(1, -(-self.total // self.per_page))


def _filtered(statement: Select, wanted: OfferFilter) -> Select:
    statement = statement.where(PUBLIC)
    for term_id in wanted.term_ids:
        statement = statement.where(exists().where(
            offer_term.c.offer_id == Offer.id, offer_term.c.term_id == term_id))
    for vocabulary, code in wanted.term_codes:
        statement = statement.where(exists().where(
            offer_term.c.offer_id == Offer.id, offer_term.c.term_id == TaxonomyTerm.id,
            TaxonomyTerm.code == code, TaxonomyTerm.taxonomy_id == Taxonomy.id,
            Taxonomy.code == vocabulary))
    for taxonomy_id in wanted.taxonomy_ids:
        statement = statement.where(exists().where(
            offer_term.c.offer_id == Offer.id, offer_term.c.term_id == TaxonomyTerm.id,
            TaxonomyTerm.taxonomy_id == taxonomy_id))
    if wanted.organization_id is not None:
        statement = statement.where(Offer.organization_id == wanted.organization_id)
    if wanted.modified_after is not None:
        statement = statement.where(Offer.updated_at >= wanted.modified_after)
    if wanted.ids is not None:
        statement = statement.where(Offer.id.in_(wanted.ids))
    return statement


def offer_ids(session: Session, wanted: OfferFilter) -> list[str]:
    """Ids of the public offers that pass ``wanted``: in the text search's order when it has
    ``ids``, else by slug."""
    found = list(session.scalars(_filtered(select(Offer.id), wanted).order_by(Offer.slug)))
    if wanted.ids is None:
        return found
    kept = set(found)
    return [offer_id for offer_id in wanted.ids if offer_id in kept]


def offer_id_page(session: Session, wanted: OfferFilter, page: int, per_page: int) -> Page:
    """A page of the *ids* of public offers passing ``wanted`` (nothing loaded yet)."""
    if wanted.ids is None:
        total = session.scalar(_filtered(select(func.count(Offer.id)), wanted)) or 0
        chosen = list(session.scalars(_filtered(select(Offer.id), wanted).order_by(Offer.slug)
                                      .limit(per_page).offset((page - 1) * per_page)))
    else:
        every = offer_ids(session, wanted)
        total, chosen = len(every), every[(page - 1) * per_page: page * per_page]
    return Page(chosen, total, page, per_page)


def offer_page(session: Session, wanted: OfferFilter, page: int, per_page: int) -> Page:
    """A page of public offers (their projections) passing ``wanted``."""
    found = offer_id_page(session, wanted, page, per_page)
    found.items = [project(offer) for offer in load_offers(session, ids=found.items)]
    return found


def offer_stamps(session: Session, ids: Sequence[str]) -> dict[str, tuple[Any, ...]]:
    """When each offer (time and version) and its organisation last changed (what a service's
    one-to-one fields and its organisation's depend on), by offer id."""
    rows = session.execute(select(Offer.id, Offer.updated_at, Offer.version,
                                  Organization.updated_at)
                           .join(Organization, Organization.id == Offer.organization_id)
                           .where(Offer.id.in_(ids)))
    return {row[0]: tuple(row[1:]) for row in rows}


def public_offer(session: Session, key: str) -> PublicOffer | None:
    """The public projection of the offer whose id or slug is ``key`` (None: unknown, inactive)."""
    found = load_offers(session, ids=[key]) or load_offers(session, slugs=[key])
    return project(found[0]) if found and found[0].is_public else None


def place_page(session: Session, wanted: OfferFilter, page: int, per_page: int,
               postcode: str | None = None, origin: Point | None = None,
               radius_km: float | None = None) -> Page:
    """A page of ``(offer, place)`` pairs of public offers passing ``wanted``; with ``postcode``
    only places whose *public* postcode it is, with ``origin`` and ``radius_km`` only places whose
    public point lies that close (hidden places have neither)."""
    statement = _filtered(select(OfferAtLocation.id, OfferAtLocation.offer_id, Location.latitude,
                                 Location.longitude, Location.precision)
                          .join(Offer, Offer.id == OfferAtLocation.offer_id)
                          .join(Location, Location.id == OfferAtLocation.location_id), wanted)
    statement = statement.order_by(Offer.slug, OfferAtLocation.position, OfferAtLocation.id)
    if postcode is not None:
        statement = statement.where(Location.postal_code == postcode,
                                    Location.precision != Precision.NONE)
    if origin is not None and radius_km is not None:
        low_lat, high_lat, low_lon, high_lon = bounding_box(origin, radius_km + 1.5)
        statement = statement.where(Location.precision != Precision.NONE,
                                    Location.latitude.between(low_lat, high_lat),
                                    Location.longitude.between(low_lon, high_lon))
    rows = list(session.execute(statement).all())
    if origin is not None and radius_km is not None:
        rows = [row for row in rows if _within(row, origin, radius_km)]
    if wanted.ids is not None:
        rank = {offer_id: index for index, offer_id in enumerate(wanted.ids)}
        rows.sort(key=lambda row: rank.get(row.offer_id, len(rank)))
    chosen = rows[(page - 1) * per_page: page * per_page]
    offers = {offer.id: project(offer)
              for offer in load_offers(session, ids=[row.offer_id for row in chosen])}
    items = []
    for row in chosen:
        offer = offers[row.offer_id]
        items.append((offer, next(place for place in offer.places if place.id == row.id)))
    return Page(items, len(rows), page, per_page)


def _within(row: Any, origin: Point, radius_km: float) -> bool:
    # Measured to the point the public sees (a district place: the centre of its ~1 km cell).
    if row.latitude is None or row.longitude is None:
        return False
    point = (row.latitude, row.longitude)
    if row.precision == Precision.DISTRICT:
        point = coarse_point(*point)
    return distance_km(origin, point) <= radius_km


def public_place(session: Session, place_id: str) -> tuple[PublicOffer, PublicPlace] | None:
    """The place (HSDS service_at_location) with this id and its offer, when the offer is public."""
    offer_id = session.scalar(select(OfferAtLocation.offer_id).where(
        OfferAtLocation.id == place_id))
    offer = public_offer(session, offer_id) if offer_id else None
    if offer is None:
        return None
    return offer, next(place for place in offer.places if place.id == place_id)


def organization_page(session: Session, page: int, per_page: int, ids: Sequence[str] | None = None
                      ) -> Page:
    """Organisations with at least one public offer, by name (only ``ids`` when given)."""
    statement = select(Organization).where(exists().where(
        and_(Offer.organization_id == Organization.id, PUBLIC)))
    if ids is not None:
        statement = statement.where(Organization.id.in_(ids))
    total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
    items = list(session.scalars(statement.order_by(Organization.name, Organization.id)
                                 .options(selectinload(Organization.phones),
                                          selectinload(Organization.identifiers))
                                 .limit(per_page).offset((page - 1) * per_page)))
    return Page(items, total, page, per_page)


def public_offer_ids_of(session: Session, organization_id: str) -> list[str]:
    """The organisation's public offers, by slug."""
    return list(session.scalars(select(Offer.id).where(
        Offer.organization_id == organization_id, PUBLIC).order_by(Offer.slug)))


_VERSION: Any = None


def version(session: Session) -> tuple[int, int, int, datetime | None]:
    """What changes whenever a public answer may: the newest change's number, the number of
    organisations and of terms, and when the newest change was made (None: never)."""
    global _VERSION
    if _VERSION is None:  # one statement, built once (every API answer asks this first)
        _VERSION = select(func.max(OfferChange.seq), func.max(OfferChange.changed_at),
                          select(func.count(Organization.id)).scalar_subquery(),
                          select(func.count(TaxonomyTerm.id)).scalar_subquery())
    seq, changed_at, organizations, terms = session.execute(_VERSION).one()
    return seq or 0, organizations or 0, terms or 0, changed_at
