"""How far each app node's search index has applied the change sequence."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from vejviser.db import Base, UTCDateTime, utcnow


class IndexNode(Base):
    """One app node's search index: the highest ``OfferChange.seq`` it has applied, and when it
    last said so. ``vejviser prune-changes`` keeps what the slowest live node still needs."""

    __tablename__ = "index_node"

    #: ``VEJVISER_NODE_NAME``, else the host name and the index folder.
    name: Mapped[str] = mapped_column(String(255), primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
