"""The audit trail for people: who changed which offer's fields, when, before and after."""
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
    #: The back office's account that made the change (None: the seed, an import, a command).
    account_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL"), default=None, index=True)
    #: The proposal this change published, when it came through review.
    proposal_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("proposal.id", ondelete="SET NULL"), default=None)
    #: The offer's whole edit document before and after (``vejviser.editing.document``):
    #: ``{"before": ..., "after": ..., "fields": [...]}``; None for changes made outside it.
    document: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON, default=None)
