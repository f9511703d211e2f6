"""Freshness you can see: how long each kind of information stays trusted, and whether an offer
is past it ("Ikke bekræftet siden 4. september 2026").

An offer has a verification date (HSDS ``assured_date``) and a date per kind of information:
its opening hours (``hours``: weekly rows, special days) and everything else (``details``).
A kind's date is the later of its own date and the verification date: a confirmation covers
both, an edit only the kind it changed. The consultant sets how many days each kind stays
trusted (``FreshnessSettings``; defaults 90 and 180). Whether an offer is overdue depends on
today's date and those limits, so every cache of what the public sees keys on ``cache_key()``.

This module sits beside the public projection: the projection carries the dates
(``PublicOffer``), this decides what they mean today.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from flask import g, has_app_context
from sqlalchemy.orm import Session

from vejviser.db import utcnow
from vejviser.hours.wording import fmt_date
from vejviser.local_time import now_local
from vejviser.messages import Message
from vejviser.models.reminders import (
    DEFAULT_DETAILS_DAYS,
    DEFAULT_HOURS_DAYS,
    DEFAULT_INTERVAL_DAYS,
    FreshnessSettings,
)

HOURS, DETAILS = "hours", "details"
KINDS = (HOURS, DETAILS)
#: Edit-document fields that are the opening hours; any other field is a detail.
HOURS_FIELDS = frozenset({"hours", "exceptions"})
#: The limits the consultant may choose (days).
MIN_DAYS, MAX_DAYS = 1, 3650
_MEMO = "vejviser_freshness_limits"


class FreshnessError(ValueError):
    """A limit that cannot be stored (the message, a Danish ``Message``, says why)."""


@dataclass(frozen=True)
class Limits:
    """Days each kind of information stays trusted, and days between two reminders to one
    organisation."""

    hours_days: int = DEFAULT_HOURS_DAYS
    details_days: int = DEFAULT_DETAILS_DAYS
    interval_days: int = DEFAULT_INTERVAL_DAYS

    def days(self, kind: str) -> int:
        """The limit of ``kind`` (``HOURS`` or ``DETAILS``)."""
        return self.hours_days if kind == HOURS else self.details_days


class Dated(Protocol):
    """Anything with the three dates: an ``Offer`` or a ``PublicOffer``."""

    @property
    def verified_at(self) -> date | None: ...

    @property
    def hours_checked_at(self) -> date | None: ...

    @property
    def details_checked_at(self) -> date | None: ...


@dataclass(frozen=True)
class Staleness:
    """An offer past its limit: the kinds overdue, and since when (None: never confirmed)."""

    since: date | None
    kinds: tuple[str, ...]

    def message(self, lang: str = "da") -> Message:
        """"Ikke bekræftet siden 4. september 2026" (or "Ikke bekræftet"), a plain fact."""
        if self.since is None:
            return Message("Ikke bekræftet")
        return Message("Ikke bekræftet siden %(date)s", date=fmt_date(self.since, lang))


def read_limits(session: Session) -> Limits:
    """The consultant's limits (the defaults while none are stored)."""
    row = session.get(FreshnessSettings, 1)
    if row is None:
        return Limits()
    return Limits(row.hours_days, row.details_days, row.reminder_interval_days)


def current_limits(session: Session) -> Limits:
    """``read_limits``, read once per request or command (the pages ask for every card)."""
    if not has_app_context():
        return read_limits(session)
    limits: Limits | None = g.get(_MEMO)
    if limits is None:
        limits = read_limits(session)
        setattr(g, _MEMO, limits)
    return limits


def save_limits(session: Session, hours_days: Any, details_days: Any, interval_days: Any,
                by: str) -> Limits:
    """Store new limits (whole days, ``MIN_DAYS``..``MAX_DAYS``); flushes. Raises
    ``FreshnessError`` for a value that is not such a number."""
    values = []
    for value in (hours_days, details_days, interval_days):
        text = str(value).strip()
        if not text.isdigit() or not MIN_DAYS <= int(text) <= MAX_DAYS:
            raise FreshnessError(Message("Skriv et helt antal dage mellem %(low)d og %(high)d, "
                                         "fik %(value)s", low=MIN_DAYS, high=MAX_DAYS,
                                         value=repr(text[:20])))
        values.append(int(text))
    row = session.get(FreshnessSettings, 1)
    if row is None:
        row = FreshnessSettings(id=1)
        session.add(row)
    row.hours_days, row.details_days, row.reminder_interval_days = values
    row.changed_at, row.changed_by = utcnow(), by
    session.flush()
    limits = Limits(*values)
    if has_app_context():
        setattr(g, _MEMO, limits)
    return limits


def today() -> date:
    """Today in Copenhagen (by the app's clock)."""
    return now_local().date()


def cache_key(session: Session) -> tuple[date, Limits]:
    """What staleness depends on besides the offer: part of every cached public shape's key."""
    return today(), current_limits(session)


def kind_dates(offer: Dated) -> dict[str, date | None]:
    """Each kind's date: its own, or the verification date when that is later."""
    verified = offer.verified_at
    out: dict[str, date | None] = {}
    for kind, own in ((HOURS, offer.hours_checked_at), (DETAILS, offer.details_checked_at)):
        known = [day for day in (own, verified) if day is not None]
        out[kind] = max(known) if known else None
    return out


def staleness(offer: Dated, on: date, limits: Limits) -> Staleness | None:
    """None while every kind is within its limit on ``on``; else what is overdue, since when."""
    dates = kind_dates(offer)
    overdue: list[str] = []
    known: list[date] = []
    for kind in KINDS:
        day = dates[kind]
        if day is None or (on - day).days > limits.days(kind):
            overdue.append(kind)
            if day is not None:
                known.append(day)
    if not overdue:
        return None
    since = min(known) if len(known) == len(overdue) else None
    return Staleness(since, tuple(overdue))


def mark_changed(offer: Any, fields: Iterable[str], on: date) -> None:
    """An edit changed ``fields`` (edit-document names): their kinds count as checked ``on``."""
    fields = set(fields)
    if fields & HOURS_FIELDS:
        offer.hours_checked_at = on
    if fields - HOURS_FIELDS:
        offer.details_checked_at = on


def mark_confirmed(offer: Any, on: date) -> None:
    """A confirmation: both kinds and the verification date are ``on``."""
    offer.verified_at = offer.hours_checked_at = offer.details_checked_at = on
