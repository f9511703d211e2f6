"""The back office's records: proposals waiting for review, and search synonyms as data."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Optional

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from vejviser.db import Base, UTCDateTime, utcnow

#: Proposal states: waiting, or decided (every field approved, every field rejected, or some).
PENDING, APPROVED, REJECTED, PARTLY = "pending", "approved", "rejected", "partly"


class Proposal(Base):
    """A volunteer's change to one offer, waiting for the consultant, field by field.

    ``base`` is the offer's whole edit document when the change was made (version
    ``base_version``); ``proposed`` holds the new value of each changed field only. The
    decision is per field (``decisions``: field -> "approved" | "rejected"); ``edited`` keeps a
    value the reviewer changed before approving. A decided proposal is never deleted: a
    rejected one stays readable.
    """

    __tablename__ = "proposal"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    offer_id: Mapped[str] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), index=True)
    #: "edit", or "create" for a new offer (stored inactive until approved).
    kind: Mapped[str] = mapped_column(String(16), default="edit")
    status: Mapped[str] = mapped_column(String(16), default=PENDING, index=True)
    base_version: Mapped[int] = mapped_column(Integer, default=1)
    base: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    proposed: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    decisions: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    edited: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    submitter_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL"), default=None, index=True)
    submitter_name: Mapped[str] = mapped_column(String(255), default="")
    reviewer_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL"), default=None)
    reviewer_name: Mapped[str] = mapped_column(String(255), default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    decided_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime(), default=None)

    @property
    def fields(self) -> list[str]:
        """The fields this proposal changes, in form order."""
        from vejviser.editing.document import FIELDS

        return [field for field in FIELDS if field in self.proposed]


class SynonymGroup(Base):
    """Words that mean the same to a searcher (seeded from ``seed/synonyms.toml``)."""

    __tablename__ = "synonym_group"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    #: Danish words and phrases, one per line.
    words: Mapped[str] = mapped_column(Text, default="")
    #: English words leading to the same Danish ones, one per line.
    english: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
