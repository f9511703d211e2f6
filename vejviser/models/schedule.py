"""Opening hours as rows: HSDS weekly schedules plus dated exceptions.

The rows are what forms edit and HSDS carries; ``vejviser.hours`` turns them into answers.
"""
from __future__ import annotations

from datetime import date, time
from typing import TYPE_CHECKING, Optional

from sqlalchemy import Boolean, Date, ForeignKey, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vejviser.db import Base
from vejviser.models._types import id_column

if TYPE_CHECKING:
    from vejviser.models.offer import Offer, OfferAtLocation


class Schedule(Base):
    """HSDS ``schedule`` row (freq=WEEKLY) with the flags HSDS leaves to the application.

    ``closes_at`` at or before ``opens_at`` means past midnight: the hours belong to the day they
    start. ``on_holidays`` rows give an offer's own hours on public holidays.
    """

    __tablename__ = "schedule"

    id: Mapped[str] = id_column()
    offer_id: Mapped[str] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), index=True)
    #: The place this row belongs to; None: the offer as a whole (every place without own rows).
    offer_at_location_id: Mapped[Optional[str]] = mapped_column(
        ForeignKey("offer_at_location.id", ondelete="CASCADE"), default=None, index=True
    )
    freq: Mapped[str] = mapped_column(String(16), default="WEEKLY")
    byday: Mapped[str] = mapped_column(String(32), default="")
    opens_at: Mapped[Optional[time]] = mapped_column(Time, default=None)
    closes_at: Mapped[Optional[time]] = mapped_column(Time, default=None)
    valid_from: Mapped[Optional[date]] = mapped_column(Date, default=None)
    valid_to: Mapped[Optional[date]] = mapped_column(Date, default=None)
    all_day: Mapped[bool] = mapped_column(Boolean, default=False)
    by_appointment: Mapped[bool] = mapped_column(Boolean, default=False)
    on_holidays: Mapped[bool] = mapped_column(Boolean, default=False)
    #: The hours are told in words only (``description``): a recurrence that is not weekly
    #: ("the first Monday of the month"), or a source row without times. No times; the open
    #: state on its days is unknown.
    see_description: Mapped[bool] = mapped_column(Boolean, default=False)
    description: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    #: HSDS ``attending_type``: how to attend in these hours ("in person", "online", ...).
    attending_type: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)

    offer: Mapped[Offer] = relationship(back_populates="schedules")
    #: The place (None: the offer as a whole). A relationship, so a flush writes a new place
    #: before its rows and deletes a removed place's rows before the place.
    place: Mapped[Optional[OfferAtLocation]] = relationship(foreign_keys=[offer_at_location_id])

    @property
    def days(self) -> tuple[str, ...]:
        """``byday`` as HSDS day codes, e.g. ``("MO", "WE", "FR")``."""
        return tuple(day.strip().upper() for day in self.byday.split(",") if day.strip())


class ScheduleException(Base):
    """A dated exception replacing the weekly hours on ``date_from``..``date_to`` (inclusive)."""

    __tablename__ = "schedule_exception"

    id: Mapped[str] = id_column()
    offer_id: Mapped[str] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), index=True)
    #: The place this exception belongs to; None: every place of the offer.
    offer_at_location_id: Mapped[Optional[str]] = mapped_column(
        ForeignKey("offer_at_location.id", ondelete="CASCADE"), default=None, index=True
    )
    date_from: Mapped[date] = mapped_column(Date)
    date_to: Mapped[Optional[date]] = mapped_column(Date, default=None)
    closed: Mapped[bool] = mapped_column(Boolean, default=True)
    opens_at: Mapped[Optional[time]] = mapped_column(Time, default=None)
    closes_at: Mapped[Optional[time]] = mapped_column(Time, default=None)
    description: Mapped[str] = mapped_column(Text, default="")

    offer: Mapped[Offer] = relationship(back_populates="exceptions")
    place: Mapped[Optional[OfferAtLocation]] = relationship(foreign_keys=[offer_at_location_id])
