"""Small shared column helpers for the models."""
from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from vejviser.db import UTCDateTime, utcnow


def new_id() -> str:
    """A fresh HSDS-style identifier (UUID4 as text)."""
    return str(uuid.uuid4())


def id_column() -> Mapped[str]:
    """Primary key holding an HSDS id: kept as given on import, a UUID4 when we create the row."""
    return mapped_column(String(64), primary_key=True, default=new_id)


class Timestamped:
    """``created_at`` and ``updated_at``, kept by the database layer."""

    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
