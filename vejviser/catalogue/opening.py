"""From stored schedule rows to the pure hours engine's input (``vejviser.hours``)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from vejviser import hours
from vejviser.models import Offer, OfferStatus


def opening_hours_for(offer: Offer) -> hours.OpeningHours:
    """The offer's rows, exceptions and holiday rule as an ``OpeningHours`` value."""
    return hours.OpeningHours(
        rules=tuple(
            hours.WeeklyRule(
                byday=row.days,
                # 24-hour and by-appointment rows carry no times in the engine (the seed's
                # døgnåbent rows also say 00:00-23:59).
                opens_at=None if row.all_day or row.by_appointment else row.opens_at,
                closes_at=None if row.all_day or row.by_appointment else row.closes_at,
                valid_from=row.valid_from,
                valid_to=row.valid_to,
                all_day=row.all_day,
                by_appointment=row.by_appointment,
                on_holidays=row.on_holidays,
                description=row.description,
            )
            for row in offer.schedules
        ),
        exceptions=tuple(
            hours.DatedException(
                date_from=row.date_from,
                date_to=row.date_to,
                closed=row.closed,
                opens_at=row.opens_at,
                closes_at=row.closes_at,
                description=row.description,
            )
            for row in offer.exceptions
        ),
        holiday_rule=hours.HolidayRule(offer.holiday_rule.value),
        extra_holidays=offer.extra_holiday_days,
    )


#: What a temporarily closed offer says instead of its hours (its alert says why).
TEMPORARILY_CLOSED = {"da": "Midlertidigt lukket", "en": "Temporarily closed"}


@dataclass(frozen=True)
class OpenState:
    """Whether an offer is open at a moment, its next change, and the status line to show."""

    open: bool | None
    next_change: hours.Change | None
    text: str


def open_state(offer: Offer, at: datetime, lang: str = "da", now: bool = True,
               opening: hours.OpeningHours | None = None) -> OpenState:
    """The offer's open state at ``at`` (``now=False``: a chosen moment, not the present, and
    the status line names it instead of saying "Åben nu").

    ``opening`` is the offer's ``opening_hours_for(offer)`` when the caller already built it (a
    page that also shows the hours builds it once); otherwise it is built here.

    A temporarily closed offer is closed whatever its weekly hours say, and when it reopens is
    not known: a professional must never send a citizen to a shelter that is shut.
    """
    if offer.status == OfferStatus.TEMPORARILY_CLOSED:
        return OpenState(False, None, TEMPORARILY_CLOSED.get(lang, TEMPORARILY_CLOSED["da"]))
    if opening is None:
        opening = opening_hours_for(offer)
    return OpenState(hours.is_open(opening, at), hours.next_change(opening, at),
                     hours.status_text(opening, at, lang, now=now))
