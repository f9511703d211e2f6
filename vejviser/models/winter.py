"""The winter emergency plan: alternative hours prepared per offer, switched on for all at once."""
from __future__ import annotations

from datetime import datetime, time
from typing import Optional

from sqlalchemy import Boolean, ForeignKey, Integer, String, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vejviser.db import Base, UTCDateTime
from vejviser.models._types import id_column

#: The plan is one row: the municipality has one winter emergency plan.
PLAN_ID = 1


class WinterPlan(Base):
    """When the plan is (or was last) in force: from ``starts_at`` until ``ends_at``.

    Ending early moves ``ends_at`` to that minute; the alternative hours then stop by
    themselves, with no job to run (``vejviser.hours.with_alternative``).
    """

    __tablename__ = "winter_plan"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=PLAN_ID,
                                    autoincrement=False)
    starts_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime(), default=None)
    ends_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime(), default=None)

    def active_at(self, moment: datetime) -> bool:
        """Whether the plan is in force at ``moment``."""
        return (self.starts_at is not None and self.ends_at is not None
                and self.starts_at <= moment < self.ends_at)


class WinterHours(Base):
    """One weekly row of an offer's alternative hours under the plan (extra nights, beds)."""

    __tablename__ = "winter_hours"

    id: Mapped[str] = id_column()
    offer_id: Mapped[str] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), index=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("winter_plan.id", ondelete="CASCADE"),
                                         default=PLAN_ID, index=True)
    #: HSDS ``byday`` codes, comma-separated ("MO,TU").
    byday: Mapped[str] = mapped_column(String(32))
    opens_at: Mapped[Optional[time]] = mapped_column(Time, default=None)
    closes_at: Mapped[Optional[time]] = mapped_column(Time, default=None)
    all_day: Mapped[bool] = mapped_column(Boolean, default=False)
    description: Mapped[str] = mapped_column(String(255), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    plan: Mapped[WinterPlan] = relationship(lazy="joined")
