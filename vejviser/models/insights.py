"""What people searched for, per week: counts, and query text only when many searched it."""
from __future__ import annotations

from datetime import date
from typing import Optional

from sqlalchemy import Date, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from vejviser.db import Base


class SearchWeek(Base):
    """One week's totals: every search counted, including those never kept as text."""

    __tablename__ = "search_week"

    #: The Monday the week begins (Copenhagen).
    week: Mapped[date] = mapped_column(Date, primary_key=True)
    searches: Mapped[int] = mapped_column(Integer, default=0)
    zero_results: Mapped[int] = mapped_column(Integer, default=0)


class SearchQueryWeek(Base):
    """One normalised query in one week. ``digest`` (a keyed hash, never the text) counts it;
    ``query`` holds its text only once it was searched ``SEARCH_INSIGHTS_MIN_COUNT`` times that
    week. Rows still without text are deleted when their week is over."""

    __tablename__ = "search_query_week"
    __table_args__ = (UniqueConstraint("week", "digest", name="uq_search_query_week_digest"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    week: Mapped[date] = mapped_column(Date, index=True)
    digest: Mapped[str] = mapped_column(String(64))
    query: Mapped[Optional[str]] = mapped_column(String(100), default=None)
    searches: Mapped[int] = mapped_column(Integer, default=0)
    zero_results: Mapped[int] = mapped_column(Integer, default=0)
