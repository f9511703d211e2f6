"""Ways to reach an offer: phones, function contacts, languages spoken."""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vejviser.db import Base
from vejviser.models._types import id_column

if TYPE_CHECKING:
    from vejviser.models.offer import Offer, OfferAtLocation
    from vejviser.models.organization import Organization


class Phone(Base):
    """HSDS ``phone``, belonging to an offer (as a whole, or one of its places) or an
    organisation."""

    __tablename__ = "phone"

    id: Mapped[str] = id_column()
    offer_id: Mapped[Optional[str]] = mapped_column(
        ForeignKey("offer.id", ondelete="CASCADE"), default=None, index=True
    )
    #: The place this number belongs to (HSDS phones of a service_at_location or its
    #: location); None: the offer as a whole (or an organisation's number).
    offer_at_location_id: Mapped[Optional[str]] = mapped_column(
        ForeignKey("offer_at_location.id", ondelete="CASCADE"), default=None, index=True
    )
    organization_id: Mapped[Optional[str]] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), default=None, index=True
    )
    number: Mapped[str] = mapped_column(String(64))
    extension: Mapped[str] = mapped_column(String(16), default="")
    type: Mapped[str] = mapped_column(String(32), default="")
    description: Mapped[str] = mapped_column(Text, default="")

    offer: Mapped[Optional[Offer]] = relationship(back_populates="phones")
    organization: Mapped[Optional[Organization]] = relationship(back_populates="phones")
    #: A relationship, so a flush writes a new place before its numbers (as for schedules).
    place: Mapped[Optional[OfferAtLocation]] = relationship(foreign_keys=[offer_at_location_id])


class Contact(Base):
    """HSDS ``contact``: a function such as "Vagttelefonen", not a private person (by policy)."""

    __tablename__ = "contact"

    id: Mapped[str] = id_column()
    offer_id: Mapped[Optional[str]] = mapped_column(
        ForeignKey("offer.id", ondelete="CASCADE"), default=None, index=True
    )
    organization_id: Mapped[Optional[str]] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), default=None, index=True
    )
    name: Mapped[str] = mapped_column(String(255), default="")
    title: Mapped[str] = mapped_column(String(255), default="")
    department: Mapped[str] = mapped_column(String(255), default="")
    email: Mapped[str] = mapped_column(String(255), default="")

    offer: Mapped[Optional[Offer]] = relationship(back_populates="contacts")
    organization: Mapped[Optional[Organization]] = relationship(back_populates="contacts")


class Language(Base):
    """HSDS ``language``: a language the offer can be used in (ISO 639-1 ``code``)."""

    __tablename__ = "language"

    id: Mapped[str] = id_column()
    offer_id: Mapped[str] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(64), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    offer: Mapped[Offer] = relationship(back_populates="languages")
