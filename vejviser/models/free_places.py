"""Tonight's free places at shelters, night cafés and winter beds: the figure, its log, its links.

The figure is not part of the offer: setting it never makes a revision, never bumps the offer's
version (so it never conflicts with an edit) and keeps its own log of who set what, when.
"""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from vejviser.db import Base, UTCDateTime, utcnow


class FreePlaces(Base):
    """The current figure of one offer: how many places are free tonight, until when."""

    __tablename__ = "free_places"

    offer_id: Mapped[str] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"),
                                          primary_key=True)
    places: Mapped[int] = mapped_column(Integer)
    set_at: Mapped[datetime] = mapped_column(UTCDateTime())
    #: After this moment the figure is no longer shown (08:00 after the evening it belongs to).
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class FreePlacesLog(Base):
    """Every figure ever set: who (a link's label or an account), when, how many."""

    __tablename__ = "free_places_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    offer_id: Mapped[str] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), index=True)
    places: Mapped[int] = mapped_column(Integer)
    set_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    set_by: Mapped[str] = mapped_column(String(255), default="")


class FreePlacesLink(Base):
    """A no-login link the staff of one offer set the figure with (bookmarked on their phone).

    Only a hash of the link's secret is stored: the database alone cannot make a working link.
    """

    __tablename__ = "free_places_link"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    offer_id: Mapped[str] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(255), default="")
    revoked_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime(), default=None)
