"""Storing an offer's places: the locations, the links to them, and each place's own hours.

A place (HSDS ``service_at_location``) has phone numbers of its own, and keeps the offer's
hours, has rows of its own, or follows another offer given at the same location ("same hours as
the warming room"). Following is one step only: the followed offer must have hours of its own
there, and nobody may follow an offer that itself follows. ``catalogue.opening`` turns what is
stored here into hours per place.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vejviser.catalogue.children import assign_ids, sync_rows
from vejviser.catalogue.errors import CatalogueDataError, FieldProblem
from vejviser.catalogue.snapshot import LOCATION_FIELDS, PHONE_FIELDS
from vejviser.models import (
    Location,
    Offer,
    OfferAtLocation,
    Phone,
    Precision,
    Schedule,
    ScheduleException,
)
from vejviser.models._types import new_id

#: Keys of a place in a snapshot that belong to the link or its rows, not to the location.
LINK_KEYS = ("link_id", "link_description", "follows", "schedules", "exceptions", "phones")


def _find_offer(session: Session, key: str) -> Offer | None:
    return session.get(Offer, key) or session.scalar(select(Offer).where(Offer.slug == key))


def resolve_follows(session: Session, data: Mapping[str, Any], offer_id: str,
                    record: str) -> dict[int, str | None]:
    """Place index -> id of the offer whose hours it follows; raises ``CatalogueDataError``
    naming each place whose "same hours as" cannot hold (unknown offer, not given at that
    location, itself following, or a chain through this offer)."""
    problems: list[FieldProblem] = []
    follows: dict[int, str | None] = {}
    for index, place in enumerate(data.get("locations") or []):
        key = place.get("follows")
        if not key:
            continue
        field = f"locations[{index}].follows"
        target = _find_offer(session, key)
        if target is None:
            problems.append(FieldProblem(record, field, f"ukendt tilbud {key!r}"))
            continue
        if target.id == offer_id:
            problems.append(FieldProblem(record, field, "et sted kan ikke følge sit eget tilbud"))
            continue
        there = next((link for link in target.locations_at
                      if place.get("id") and link.location_id == place["id"]), None)
        if there is None:
            problems.append(FieldProblem(record, field,
                                         f"{target.name!r} gives ikke på dette sted"))
        elif there.follows_offer_id:
            problems.append(FieldProblem(record, field, f"{target.name!r} følger selv et andet "
                                         "tilbuds åbningstider her (kun ét led er tilladt)"))
        elif session.scalar(select(OfferAtLocation.id).where(
                OfferAtLocation.location_id == place["id"],
                OfferAtLocation.follows_offer_id == offer_id)):
            problems.append(FieldProblem(record, field, "et andet tilbud følger allerede dette "
                                         "tilbuds åbningstider her (kun ét led er tilladt)"))
        else:
            follows[index] = target.id
    if problems:
        raise CatalogueDataError(problems)
    return follows


def _with_ids(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for row in rows:
        row["id"] = row["id"] or new_id()
    return rows


def wanted_places(incoming: Sequence[Mapping[str, Any]], stored: Sequence[Mapping[str, Any]],
                  follows: Mapping[int, str | None]) -> list[dict[str, Any]]:
    """The places in snapshot shape (``snapshot.place_snapshot``), each with the ids it will be
    stored under: a place continues the stored place at the same location (or, for a location
    given without id, the equal or same-positioned one), and its rows continue that place's."""
    locations = [{key: place.get(key) for key in ("id", *LOCATION_FIELDS, "precision")}
                 for place in incoming]
    located = assign_ids([{key: value for key, value in place.items() if key not in LINK_KEYS}
                          for place in stored], locations)
    by_location = {place["id"]: place for place in stored}
    out = []
    for index, (place, location) in enumerate(zip(incoming, located)):
        old = by_location.get(location["id"], {})
        out.append({
            **location,
            "id": location["id"] or new_id(),
            "link_id": place.get("link_id") or old.get("link_id") or new_id(),
            "link_description": place.get("link_description") or "",
            "follows": follows.get(index),
            "schedules": _with_ids(assign_ids(old.get("schedules", []),
                                              place.get("schedules") or [])),
            "exceptions": _with_ids(assign_ids(old.get("exceptions", []),
                                               place.get("exceptions") or [])),
            "phones": _with_ids(assign_ids(old.get("phones", []),
                                           [{key: row.get(key) for key in PHONE_FIELDS}
                                            for row in place.get("phones") or []])),
        })
    return out


def _location(session: Session, place: Mapping[str, Any]) -> Location:
    location = session.get(Location, place["id"])
    if location is None:
        location = Location(id=place["id"])
        session.add(location)
    for field in LOCATION_FIELDS:
        if getattr(location, field) != place.get(field):
            setattr(location, field, place.get(field))
    precision = Precision(place.get("precision") or "none")
    if location.precision != precision:
        location.precision = precision
    return location


def store_places(session: Session, offer: Offer, wanted: Mapping[str, Any],
                 schedule_fields: tuple[str, ...], exception_fields: tuple[str, ...]) -> None:
    """Make ``offer``'s places, hours rows and phones what ``wanted`` (an offer snapshot) says,
    updating stored rows in place by id."""
    links = {link.id: link for link in offer.locations_at}
    chosen: list[OfferAtLocation] = []
    schedules: list[tuple[dict[str, Any], OfferAtLocation | None]] = [
        (row, None) for row in wanted["schedules"]]
    exceptions: list[tuple[dict[str, Any], OfferAtLocation | None]] = [
        (row, None) for row in wanted["exceptions"]]
    phones: list[tuple[dict[str, Any], OfferAtLocation | None]] = [
        (row, None) for row in wanted["phones"]]
    with session.no_autoflush:  # links join the session only once the list is assigned
        for position, place in enumerate(wanted["locations"]):
            link = links.get(place["link_id"]) or OfferAtLocation(id=place["link_id"])
            location = _location(session, place)
            if link.location is not location:
                link.location = location
            for field, value in (("description", place["link_description"]),
                                 ("position", position)):
                if getattr(link, field) != value:
                    setattr(link, field, value)
            if link.follows_offer_id != place["follows"] or (
                    place["follows"] and link.follows is None):
                # The relationship, not just the column: hours read in this session see it.
                link.follows = session.get(Offer, place["follows"]) if place["follows"] else None
            chosen.append(link)
            schedules += [(row, link) for row in place["schedules"]]
            exceptions += [(row, link) for row in place["exceptions"]]
            phones += [(row, link) for row in place["phones"]]
        offer.locations_at = chosen
    offer.schedules = _rows_with_places(offer.schedules, schedules, Schedule, schedule_fields)
    offer.exceptions = _rows_with_places(offer.exceptions, exceptions, ScheduleException,
                                         exception_fields)
    offer.phones = _rows_with_places(offer.phones, phones, Phone, PHONE_FIELDS)


def _rows_with_places(current: Sequence[Any], wanted: list[tuple[dict[str, Any], Any]],
                      model: type, fields: tuple[str, ...]) -> list[Any]:
    rows = sync_rows(current, [row for row, _ in wanted], model, fields)
    positions: dict[Any, int] = {}
    for row, (_, link) in zip(rows, wanted):
        if row.offer_at_location_id != (link.id if link is not None else None):
            row.place = link
        if hasattr(row, "position"):
            position = positions.get(link, 0)
            positions[link] = position + 1
            if row.position != position:
                row.position = position
    return rows
