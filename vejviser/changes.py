"""The change sequence: an ``OfferChange`` row for every flushed change to an offer or its parts.

Rows are written by a session ``after_flush`` listener into the same transaction as the change
itself, so they commit or roll back with it. Search indexes (one per app node) read the
sequence to catch up; a consumer never needs to trust an in-memory list of "what changed".

Covered: offers and their rows (schedules, exceptions, phones, contacts, languages, location
links), shared rows an offer shows (locations, organisations, taxonomy terms: every offer using a
changed one is marked), and offers whose places follow a changed offer's hours. Bulk
``UPDATE``/``DELETE`` statements bypass the session and
are not seen; after those, run ``vejviser reindex``.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import Table, event, insert, select
from sqlalchemy.orm import Session, UOWTransaction
from sqlalchemy.orm.attributes import get_history

from vejviser.db import utcnow
from vejviser.models import (
    Contact,
    FreePlaces,
    Language,
    Location,
    Offer,
    OfferAtLocation,
    OfferChange,
    Organization,
    Phone,
    Schedule,
    ScheduleException,
    TaxonomyTerm,
    WinterHours,
    offer_term,
)

#: Rows that belong to exactly one offer through ``offer_id``.
OFFER_PARTS = (Schedule, ScheduleException, Phone, Contact, Language, OfferAtLocation, FreePlaces,
               WinterHours)
#: ``session.info`` key: set when this session's transaction recorded changes.
CHANGED_KEY = "vejviser.offers_changed"


def _offer_ids_of_part(part: Any) -> set[str]:
    # The current owner and, when the row moved or was orphaned, the previous one.
    history = get_history(part, "offer_id")
    return {value for value in (*history.sum(), part.offer_id) if value}


def changed_offer_ids(session: Session, objects: Iterable[Any], deleted: Iterable[Any]) -> set[str]:
    """The ids of the offers affected by flushing ``objects`` (new/dirty) and ``deleted``."""
    ids: set[str] = set()
    locations: set[str] = set()
    organizations: set[str] = set()
    terms: set[str] = set()
    for obj, removed in [(o, False) for o in objects] + [(o, True) for o in deleted]:
        if not removed and not session.is_modified(obj) and obj not in session.new:
            continue
        if isinstance(obj, Offer):
            ids.add(obj.id)
        elif isinstance(obj, OFFER_PARTS):
            ids |= _offer_ids_of_part(obj)
        elif isinstance(obj, Location):
            locations.add(obj.id)
        elif isinstance(obj, Organization):
            organizations.add(obj.id)
        elif isinstance(obj, TaxonomyTerm):
            terms.add(obj.id)
    connection = session.connection()
    if locations:
        ids |= set(connection.scalars(select(OfferAtLocation.offer_id)
                                      .where(OfferAtLocation.location_id.in_(locations))))
    if organizations:
        ids |= set(connection.scalars(select(Offer.id)
                                      .where(Offer.organization_id.in_(organizations))))
    if terms:
        ids |= set(connection.scalars(select(offer_term.c.offer_id)
                                      .where(offer_term.c.term_id.in_(terms))))
    ids.discard(None)
    if ids:  # places that keep these offers' hours ("same hours as") change with them
        ids |= set(connection.scalars(select(OfferAtLocation.offer_id)
                                      .where(OfferAtLocation.follows_offer_id.in_(ids))))
    return ids


def _after_flush(session: Session, flush_context: UOWTransaction) -> None:
    # after_flush still sees the pre-flush new/dirty/deleted sets, with ids assigned. Rows go in
    # through Core on the session's connection: ORM adds are not allowed during a flush.
    ids = changed_offer_ids(session, list(session.new) + list(session.dirty), list(session.deleted))
    if not ids:
        return
    now = utcnow()
    # A declarative class's __table__ is a Table; SQLAlchemy types it as the wider FromClause.
    table = cast(Table, OfferChange.__table__)
    session.connection().execute(
        insert(table), [{"offer_id": offer_id, "changed_at": now} for offer_id in sorted(ids)]
    )
    session.info[CHANGED_KEY] = True


def mark_changed(session: Session) -> None:
    """Say this session's transaction changed offers through bulk statements that wrote their
    own ``OfferChange`` rows (``vejviser.hsds.writing``): the index catches up after commit."""
    session.info[CHANGED_KEY] = True


def _forget(session: Session, *args: Any) -> None:
    session.info.pop(CHANGED_KEY, None)


def install() -> None:
    """Listen on every ORM session (idempotent): the CLI, the web and scripts all record changes."""
    if not event.contains(Session, "after_flush", _after_flush):
        event.listen(Session, "after_flush", _after_flush)
        event.listen(Session, "after_rollback", _forget)
