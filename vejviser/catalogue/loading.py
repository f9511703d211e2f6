"""Read offers with everything the public pages, the JSON API and JSON-LD need, in a fixed
number of queries (thirteen, however many offers).

A bare ``select(Offer)`` lazy-loads each offer's organisation, terms, schedules, exceptions,
places, phones, contacts and languages one offer at a time: a page of 16 hits cost 58 queries.
``with_offer_parts`` loads each list-valued part with one ``selectinload`` query for all offers and
joins the single-valued ones (organisation, a term's vocabulary, a link's location) into the query
that reads their parent, so reading any number of offers costs the same few queries.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, joinedload, selectinload

from vejviser.models import Offer, OfferAtLocation, Organization, TaxonomyTerm

_S = TypeVar("_S", bound=Select)

_FOLLOWED = selectinload(Offer.locations_at).joinedload(OfferAtLocation.follows)

#: Every part of an offer a reader shows: cards, detail page, hours, JSON-LD, API v1 shapes —
#: including the rows of the offers whose hours a place follows (``catalogue.opening``).
OFFER_PARTS = (
    joinedload(Offer.organization),
    # The organisation's own numbers and register identifiers (the HSDS organization object).
    joinedload(Offer.organization).selectinload(Organization.phones),
    joinedload(Offer.organization).selectinload(Organization.identifiers),
    selectinload(Offer.terms).joinedload(TaxonomyTerm.taxonomy),
    selectinload(Offer.locations_at).joinedload(OfferAtLocation.location),
    _FOLLOWED.selectinload(Offer.locations_at),
    _FOLLOWED.selectinload(Offer.schedules),
    _FOLLOWED.selectinload(Offer.exceptions),
    selectinload(Offer.schedules),
    selectinload(Offer.exceptions),
    selectinload(Offer.languages),
    selectinload(Offer.phones),
    selectinload(Offer.contacts),
    joinedload(Offer.free_places),
    # The winter emergency plan's hours (each row joins the one plan row it belongs to).
    selectinload(Offer.winter_hours),
    _FOLLOWED.selectinload(Offer.winter_hours),
)


def with_offer_parts(statement: _S) -> _S:
    """``statement`` (a ``select`` of ``Offer``) with every part of the offers eager-loaded."""
    return statement.options(*OFFER_PARTS)


def load_offers(session: Session, ids: Iterable[str] | None = None,
                slugs: Iterable[str] | None = None) -> list[Offer]:
    """The offers with these ids (or, when no ids are given, these slugs), parts loaded, in the
    order asked for. Unknown keys are left out, and so is a repeated key's second mention.

    Public visibility is the caller's decision (``Offer.is_public``): the API answers 404 for an
    inactive offer, and the public pages leave it out.
    """
    keys = list(dict.fromkeys(ids if ids else slugs or ()))
    if not keys:
        return []
    by_id = bool(ids)
    column = Offer.id if by_id else Offer.slug
    found = session.scalars(with_offer_parts(select(Offer).where(column.in_(keys)))).all()
    by_key = {offer.id if by_id else offer.slug: offer for offer in found}
    return [by_key[key] for key in keys if key in by_key]


def load_offer(session: Session, key: str) -> Offer | None:
    """The offer whose slug or HSDS id is ``key``, with its parts loaded (None when unknown)."""
    found = load_offers(session, slugs=[key]) or load_offers(session, ids=[key])
    return found[0] if found else None
