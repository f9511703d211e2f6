"""Tonight's free places: set the figure (from a no-login link or the back office), read it back
while it is current, and make or revoke the links.

A figure belongs to an evening: it expires at ``FREE_PLACES_EXPIRE_AT`` (08:00) the next morning,
and a figure set after midnight but before that hour belongs to the evening before, so it too
expires that morning. After that it is never shown as current. Setting it writes the figure and
a log row, never an offer revision: it cannot conflict with an edit. Functions flush; the view
or command commits.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from vejviser.local_time import COPENHAGEN
from vejviser.messages import Message
from vejviser.models import FreePlaces, FreePlacesLink, FreePlacesLog, Offer

#: When a figure stops being current, local time (the morning after its evening).
DEFAULT_EXPIRE_AT = time(8, 0)
#: More places than any shelter in the municipality has: a typo, not a figure.
MAX_PLACES = 500


class FreePlacesError(ValueError):
    """A figure we cannot store; the message (a Danish ``Message``) says why."""


@dataclass(frozen=True)
class Tonight:
    """A current figure: how many places are free, when it was set and until when it holds."""

    places: int
    set_at: datetime
    expires_at: datetime

    @property
    def message(self) -> Message:
        """"3 ledige pladser i nat · opdateret kl. 19.40" or "Fuldt i nat · …" (Danish)."""
        clock = self.set_at.astimezone(COPENHAGEN).strftime("%H.%M")
        if self.places == 0:
            return Message("Fuldt i nat · opdateret kl. %(time)s", time=clock)
        if self.places == 1:
            return Message("1 ledig plads i nat · opdateret kl. %(time)s", time=clock)
        return Message("%(count)d ledige pladser i nat · opdateret kl. %(time)s",
                       count=self.places, time=clock)


def expires_at(moment: datetime, at: time = DEFAULT_EXPIRE_AT) -> datetime:
    """When a figure set at ``moment`` stops being current: ``at`` the next morning, or this
    morning when it is set after midnight and before ``at`` (it belongs to last evening)."""
    local = moment.astimezone(COPENHAGEN)
    day = local.date() if local.time() < at else local.date() + timedelta(days=1)
    return datetime.combine(day, at, tzinfo=COPENHAGEN)


def current(figure: FreePlaces | Tonight | None, now: datetime) -> Tonight | None:
    """The figure while it holds at ``now``; None when there is none or it has expired."""
    if figure is None or now >= figure.expires_at:
        return None
    return Tonight(figure.places, figure.set_at, figure.expires_at)


def set_free_places(session: Session, offer: Offer, places: int, set_by: str, now: datetime,
                    expire_at: time = DEFAULT_EXPIRE_AT) -> Tonight:
    """Store tonight's figure for ``offer`` (and a log row); flush, never commit."""
    if not 0 <= places <= MAX_PLACES:
        raise FreePlacesError(Message("Antallet skal være mellem 0 og %(high)d.",
                                      high=MAX_PLACES))
    figure = session.get(FreePlaces, offer.id)
    ends = expires_at(now, expire_at)
    if figure is None:
        figure = FreePlaces(offer_id=offer.id, places=places, set_at=now, expires_at=ends)
        session.add(figure)
    else:
        figure.places, figure.set_at, figure.expires_at = places, now, ends
    session.add(FreePlacesLog(offer_id=offer.id, places=places, set_at=now, set_by=set_by[:255]))
    session.flush()
    return Tonight(places, now, ends)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def make_link(session: Session, offer: Offer, created_by: str, now: datetime,
              label: str = "") -> str:
    """A new link secret for ``offer``'s staff (shown once: only its hash is stored)."""
    token = secrets.token_urlsafe(24)
    session.add(FreePlacesLink(offer_id=offer.id, token_hash=_hash(token), created_at=now,
                               created_by=created_by[:255], label=label[:255]))
    session.flush()
    return token


def revoke_links(session: Session, offer: Offer, now: datetime) -> int:
    """Revoke every working link of ``offer``; how many were revoked."""
    result = session.execute(
        update(FreePlacesLink)
        .where(FreePlacesLink.offer_id == offer.id, FreePlacesLink.revoked_at.is_(None))
        .values(revoked_at=now))
    session.flush()
    return int(getattr(result, "rowcount", 0) or 0)


def link_for(session: Session, token: str) -> FreePlacesLink | None:
    """The working (not revoked) link of ``token``, for a public offer; None otherwise."""
    if not token or len(token) > 100:
        return None
    link = session.scalar(select(FreePlacesLink).where(FreePlacesLink.token_hash == _hash(token)))
    if link is None or link.revoked_at is not None:
        return None
    offer = session.get(Offer, link.offer_id)
    return link if offer is not None and offer.is_public else None


def link_actor(link: FreePlacesLink) -> str:
    """Who set a figure through ``link``, as the log says it (no person is named by a link)."""
    return f"link {link.id}" + (f" ({link.label})" if link.label else "")
