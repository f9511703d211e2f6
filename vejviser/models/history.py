"""What happened to the catalogue: revisions for people, a change sequence for machines."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from vejviser.db import Base, UTCDateTime, utcnow


class Revision(Base):
    """Who changed what, when: one row per published change (the back office fills more)."""

    __tablename__ = "revision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    offer_id: Mapped[Optional[str]] = mapped_column(
        ForeignKey("offer.id", ondelete="SET NULL"), default=None, index=True
    )
    entity_type: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(255), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


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


class CorrectionSuggestion(Base):
    """"Rapportér en fejl": a member of the public's correction to an offer, for the consultant.

    Holds no personal data by design: only the offer, the text and when it came in.
    """

    __tablename__ = "correction_suggestion"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    offer_id: Mapped[str] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), index=True)
    message: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="new")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
