"""What a result list shows of each offer, kept per offer state and minute.

Reading 20 offers with every part (thirteen statements, a few hundred ORM objects) was most of
a search request's time, for answers that only change when the offer changes or the clock
moves on. One light statement reads each offer's *stamp*: its ``version`` (every change of the
offer row) and its newest change number (``offer_change``: parts, places, followed offers,
shared rows). A shape (an API result, a card) is kept under (offer, stamp, minute, what else it
depends on); only the offers without a kept shape are read in full.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from flask import current_app
from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from vejviser.bounded import ByteLRU
from vejviser.catalogue.loading import load_offers
from vejviser.models import Offer, OfferChange

V = TypeVar("V")
#: Bytes of shapes kept per process (a card is a few kilobytes: thousands of them).
MAX_BYTES = 16 * 1024 * 1024
_EXTENSION = "vejviser.shown"


def minute(at: datetime) -> datetime:
    """``at`` to the minute: opening hours change on whole minutes."""
    return at.replace(second=0, microsecond=0)


_STAMPS: Any = None


def _stamps_statement() -> Any:
    # Built once: constructing the statement cost as much as running it (SQLAlchemy caches
    # the compiled SQL, not the Python expression); the ids are one expanding parameter.
    global _STAMPS
    if _STAMPS is None:
        newest = (select(func.max(OfferChange.seq)).where(OfferChange.offer_id == Offer.id)
                  .correlate(Offer).scalar_subquery())
        _STAMPS = select(Offer.id, Offer.version, newest).where(
            Offer.id.in_(bindparam("ids", expanding=True)))
    return _STAMPS


def stamps(session: Session, ids: Sequence[str]) -> dict[str, tuple[int, int]]:
    """``{offer id: (version, newest change number or 0)}`` of the offers that exist."""
    if not ids:
        return {}
    rows = session.execute(_stamps_statement(), {"ids": list(ids)})
    return {offer_id: (version, seq or 0) for offer_id, version, seq in rows}


def _cache() -> ByteLRU[Any]:
    app = current_app
    cache = app.extensions.get(_EXTENSION)
    if cache is None:
        cache = app.extensions[_EXTENSION] = ByteLRU(MAX_BYTES)
    return cache


def shapes(session: Session, kind: str, wanted: Sequence[tuple[str, Hashable]],
           make: Callable[[Offer, Hashable], V | None],
           size: Callable[[V | None], int] | None = None) -> list[V | None]:
    """For each ``(offer id, extra key)`` of ``wanted``, ``make(offer, extra)`` as it is for the
    offer's current stamp: kept ones from the cache, the others made from offers read in full
    (one ``load_offers`` for all of them). None where the offer does not exist (or ``make``
    says None). ``size`` estimates a shape's bytes (default: by walking it)."""
    cache = _cache()
    found = stamps(session, list(dict.fromkeys(offer_id for offer_id, _ in wanted)))
    keys = [(kind, offer_id, found.get(offer_id), extra) for offer_id, extra in wanted]
    out: list[Any] = [cache.get(key) for key in keys]
    missing = [i for i, value in enumerate(out)
               if value is None and keys[i][2] is not None and keys[i] not in cache]
    if missing:
        ids = list(dict.fromkeys(wanted[i][0] for i in missing))
        offers = {offer.id: offer for offer in load_offers(session, ids=ids)}
        for i in missing:
            offer = offers.get(wanted[i][0])
            if offer is not None:
                value = make(offer, wanted[i][1])
                out[i] = cache.put(keys[i], value, size(value) if size else None)
    return out
