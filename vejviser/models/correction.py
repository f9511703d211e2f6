""""Rapportér en fejl": corrections sent by the public, for the volunteer consultant."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from vejviser.db import Base, UTCDateTime, utcnow


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
    #: "resolved": when and by whom (the consultant's name).
    resolved_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime(), default=None)
    resolved_by: Mapped[str] = mapped_column(String(255), default="")
