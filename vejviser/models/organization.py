"""Organisations: the NGO, association or municipal department that runs offers."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Optional

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vejviser.db import Base, UTCDateTime
from vejviser.models._types import Timestamped, id_column

if TYPE_CHECKING:
    from vejviser.models.contact import Contact, Phone
    from vejviser.models.offer import Offer


class Organization(Timestamped, Base):
    """HSDS ``organization``."""

    __tablename__ = "organization"

    id: Mapped[str] = id_column()
    name: Mapped[str] = mapped_column(String(255))
    alternate_name: Mapped[str] = mapped_column(String(255), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str] = mapped_column(String(255), default="")
    website: Mapped[str] = mapped_column(String(500), default="")
    #: Its volunteers' edits publish directly (still in history); set by the consultant.
    trusted: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Retired (or merged into ``merged_into_id``) by the consultant; never deleted.
    retired_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime(), default=None)
    merged_into_id: Mapped[Optional[str]] = mapped_column(
        ForeignKey("organization.id", ondelete="SET NULL"), default=None)

    offers: Mapped[list[Offer]] = relationship(back_populates="organization",
                                               foreign_keys="Offer.organization_id")
    phones: Mapped[list[Phone]] = relationship(
        back_populates="organization", cascade="all, delete-orphan"
    )
    contacts: Mapped[list[Contact]] = relationship(
        back_populates="organization", cascade="all, delete-orphan"
    )
    identifiers: Mapped[list[OrganizationIdentifier]] = relationship(
        back_populates="organization", cascade="all, delete-orphan",
        order_by="OrganizationIdentifier.position",
    )

    def __repr__(self) -> str:
        return f"<Organization {self.name!r}>"


class OrganizationIdentifier(Base):
    """HSDS ``organization_identifier``: the organisation's number in a register (CVR, a
    charity register, ...), as ``identifier_scheme`` (e.g. "DK-CVR"), ``identifier_type`` and
    ``identifier``."""

    __tablename__ = "organization_identifier"

    id: Mapped[str] = id_column()
    organization_id: Mapped[str] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True
    )
    identifier_scheme: Mapped[str] = mapped_column(String(64), default="")
    identifier_type: Mapped[str] = mapped_column(String(255), default="")
    identifier: Mapped[str] = mapped_column(String(255))
    position: Mapped[int] = mapped_column(default=0)

    organization: Mapped[Organization] = relationship(back_populates="identifiers")
