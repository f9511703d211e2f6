"""From stored schedule rows to the pure hours engine's input (``vejviser.hours``)."""
from __future__ import annotations

from vejviser import hours
from vejviser.models import Offer


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
