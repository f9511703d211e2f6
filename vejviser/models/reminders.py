"""How long confirmed information stays trusted, and the reminders that ask for a new confirmation.

``FreshnessSettings`` is one row the consultant edits (days per kind of information, days between
reminders to one organisation). ``StaleReminder`` records each reminder mail (so the scheduled
command sends none twice within the interval); ``ReminderLink`` is one offer's link in that mail:
its id is signed into the link, and the row makes the link single-use and revocable.
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from vejviser.db import Base, UTCDateTime, utcnow

#: The defaults until the consultant changes them (days).
DEFAULT_HOURS_DAYS, DEFAULT_DETAILS_DAYS, DEFAULT_INTERVAL_DAYS = 90, 180, 30


class FreshnessSettings(Base):
    """The consultant's limits (a single row, id 1; none stored means the defaults)."""

    __tablename__ = "freshness_settings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hours_days: Mapped[int] = mapped_column(Integer, default=DEFAULT_HOURS_DAYS)
    details_days: Mapped[int] = mapped_column(Integer, default=DEFAULT_DETAILS_DAYS)
    reminder_interval_days: Mapped[int] = mapped_column(Integer, default=DEFAULT_INTERVAL_DAYS)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    changed_by: Mapped[str] = mapped_column(String(255), default="")


class StaleReminder(Base):
    """One reminder mail to one organisation: when, by whom (an account or the command), how
    many offers it listed. The addresses are not kept."""

    __tablename__ = "stale_reminder"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    organization_id: Mapped[str] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    sent_by: Mapped[str] = mapped_column(String(255), default="")
    offers: Mapped[int] = mapped_column(Integer, default=0)


class ReminderLink(Base):
    """One offer's "still correct?" link in a reminder: used once, revoked by a newer reminder
    for the same offer, refused after ``expires_at`` (the signature expires then too)."""

    __tablename__ = "reminder_link"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    reminder_id: Mapped[int] = mapped_column(
        ForeignKey("stale_reminder.id", ondelete="CASCADE"), index=True)
    offer_id: Mapped[str] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime(), default=None)
    revoked_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime(), default=None)
