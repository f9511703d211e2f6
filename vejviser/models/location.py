"""Locations: where an offer is given, with how exactly we may show it."""
from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Optional

from sqlalchemy import Enum, Float, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vejviser.db import Base
from vejviser.models._types import Timestamped, id_column

if TYPE_CHECKING:
    from vejviser.models.offer import OfferAtLocation


class Precision(str, enum.Enum):
    """How precise the coordinates are: a crisis centre may show only its district."""

    EXACT = "exact"
    STREET = "street"
    DISTRICT = "district"
    NONE = "none"


class Location(Timestamped, Base):
    """HSDS ``location`` with a physical address (Danish: street, postcode, city)."""

    __tablename__ = "location"

    id: Mapped[str] = id_column()
    name: Mapped[str] = mapped_column(String(255), default="")
    alternate_name: Mapped[str] = mapped_column(String(255), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    address_1: Mapped[str] = mapped_column(String(255), default="")
    #: A second address line (HSDS ``address_2``: c/o, building, floor): part of the street
    #: address, so hidden with it.
    address_2: Mapped[str] = mapped_column(String(255), default="")
    postal_code: Mapped[str] = mapped_column(String(16), default="", index=True)
    city: Mapped[str] = mapped_column(String(120), default="")
    #: HSDS ``region`` and ``state_province`` (a Danish address rarely has them; a foreign or
    #: converted file may): area-level, shown like the city.
    region: Mapped[str] = mapped_column(String(120), default="")
    state_province: Mapped[str] = mapped_column(String(120), default="")
    country: Mapped[str] = mapped_column(String(2), default="DK")
    latitude: Mapped[Optional[float]] = mapped_column(Float, default=None)
    longitude: Mapped[Optional[float]] = mapped_column(Float, default=None)
    precision: Mapped[Precision] = mapped_column(
        Enum(
            Precision,
            native_enum=False,
            length=16,
            values_callable=lambda members: [member.value for member in members],
        ),
        default=Precision.NONE,
    )
    transportation: Mapped[str] = mapped_column(Text, default="")
    #: How a status line names the place: "Åben nu *i* *Reden*", "Lukket *på* *St. Dannesbo*".
    short_name: Mapped[str] = mapped_column(String(80), default="")
    preposition: Mapped[str] = mapped_column(String(8), default="i")
    accessibility: Mapped[str] = mapped_column(Text, default="")
    #: HSDS accessibility ``details`` (how to use a facility: "switch the hearing aid to T") and
    #: ``url`` (a page with more), beside the ``description`` held in ``accessibility``.
    accessibility_details: Mapped[str] = mapped_column(Text, default="")
    accessibility_url: Mapped[str] = mapped_column(String(500), default="")

    offers_at: Mapped[list[OfferAtLocation]] = relationship(back_populates="location")

    def __repr__(self) -> str:
        return f"<Location {self.name or self.postal_code!r}>"
