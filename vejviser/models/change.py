"""The change sequence for machines: what search indexes on every node catch up from."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from vejviser.db import Base, UTCDateTime, utcnow


class OfferChange(Base):
    """The catalogue's change sequence: one row each time an offer (or its parts) changes.

    Search indexes on every app node record the highest ``seq`` they applied and catch up from
    here, so the database stays the single source of truth. No foreign key: a deleted offer
    still needs its change row so the index drops it.
    """

    __tablename__ = "offer_change"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    offer_id: Mapped[str] = mapped_column(String(64), index=True)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
