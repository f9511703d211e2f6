"""Offers (HSDS ``service``, Danish *tilbud*) and where they are given."""
from __future__ import annotations

import enum
from datetime import date
from typing import TYPE_CHECKING, Optional

from sqlalchemy import Date, Enum, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vejviser.db import Base
from vejviser.models._types import Timestamped, id_column
from vejviser.models.taxonomy import (
    ATTRIBUTE,
    CATEGORY,
    LEGAL_BASIS,
    TARGET_GROUP,
    TaxonomyTerm,
    offer_term,
)

if TYPE_CHECKING:
    from vejviser.models.contact import Contact, Language, Phone
    from vejviser.models.location import Location
    from vejviser.models.organization import Organization
    from vejviser.models.schedule import Schedule, ScheduleException


class OfferStatus(str, enum.Enum):
    """HSDS service status values we use (the stored text is HSDS's own)."""

    ACTIVE = "active"
    TEMPORARILY_CLOSED = "temporarily closed"
    INACTIVE = "inactive"


class HolidayRule(str, enum.Enum):
    """What an offer does on Danish public holidays (HSDS leaves this to the application)."""

    CLOSED = "closed"
    AS_SUNDAY = "as_sunday"
    AS_NORMAL = "as_normal"
    OWN_HOURS = "own_hours"


def _enum_values(enum_class: type[enum.Enum]) -> list[str]:
    return [member.value for member in enum_class]


class Offer(Timestamped, Base):
    """One offer in the catalogue.

    ``version`` is SQLAlchemy's optimistic-locking counter: an update based on a stale read raises
    ``StaleDataError`` instead of silently overwriting someone else's edit.
    """

    __tablename__ = "offer"

    id: Mapped[str] = id_column()
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    organization_id: Mapped[str] = mapped_column(
        ForeignKey("organization.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(String(255))
    alternate_name: Mapped[str] = mapped_column(String(255), default="")
    summary: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(String(500), default="")
    email: Mapped[str] = mapped_column(String(255), default="")
    status: Mapped[OfferStatus] = mapped_column(
        Enum(OfferStatus, native_enum=False, length=32, values_callable=_enum_values),
        default=OfferStatus.ACTIVE,
        index=True,
    )
    alert: Mapped[str] = mapped_column(Text, default="")
    application_process: Mapped[str] = mapped_column(Text, default="")
    fees_description: Mapped[str] = mapped_column(Text, default="")
    eligibility_description: Mapped[str] = mapped_column(Text, default="")
    interpretation_services: Mapped[str] = mapped_column(Text, default="")
    accessibility: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    minimum_age: Mapped[Optional[int]] = mapped_column(Integer, default=None)
    maximum_age: Mapped[Optional[int]] = mapped_column(Integer, default=None)
    verified_at: Mapped[Optional[date]] = mapped_column(Date, default=None)
    verified_by: Mapped[str] = mapped_column(String(255), default="")
    holiday_rule: Mapped[HolidayRule] = mapped_column(
        Enum(HolidayRule, native_enum=False, length=16, values_callable=_enum_values),
        default=HolidayRule.AS_NORMAL,
    )
    #: Comma-separated MM-DD days this offer treats like public holidays (24 and 31 December...).
    extra_holidays: Mapped[str] = mapped_column(String(100), default="12-24,12-31")
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}

    organization: Mapped[Organization] = relationship(back_populates="offers")
    terms: Mapped[list[TaxonomyTerm]] = relationship(
        secondary=offer_term, order_by=TaxonomyTerm.position
    )
    locations_at: Mapped[list[OfferAtLocation]] = relationship(
        back_populates="offer", cascade="all, delete-orphan", order_by="OfferAtLocation.position"
    )
    schedules: Mapped[list[Schedule]] = relationship(
        back_populates="offer", cascade="all, delete-orphan", order_by="Schedule.position"
    )
    exceptions: Mapped[list[ScheduleException]] = relationship(
        back_populates="offer",
        cascade="all, delete-orphan",
        order_by="ScheduleException.date_from",
    )
    phones: Mapped[list[Phone]] = relationship(back_populates="offer", cascade="all, delete-orphan")
    contacts: Mapped[list[Contact]] = relationship(
        back_populates="offer", cascade="all, delete-orphan"
    )
    languages: Mapped[list[Language]] = relationship(
        back_populates="offer", cascade="all, delete-orphan"
    )

    def terms_in(self, vocabulary: str) -> list[TaxonomyTerm]:
        """This offer's terms from one vocabulary, in the vocabulary's order."""
        return [term for term in self.terms if term.vocabulary == vocabulary]

    @property
    def categories(self) -> list[TaxonomyTerm]:
        """Types of offer (*tilbudstype*)."""
        return self.terms_in(CATEGORY)

    @property
    def target_groups(self) -> list[TaxonomyTerm]:
        """Who the offer is for (*målgrupper*)."""
        return self.terms_in(TARGET_GROUP)

    @property
    def attributes(self) -> list[TaxonomyTerm]:
        """How to use it: gratis, anonym, uden visitation, ..."""
        return self.terms_in(ATTRIBUTE)

    @property
    def legal_basis(self) -> list[TaxonomyTerm]:
        """The law the offer is given under, e.g. Serviceloven § 110."""
        return self.terms_in(LEGAL_BASIS)

    @property
    def locations(self) -> list[Location]:
        """Where the offer is given, in the order the offer lists them."""
        return [link.location for link in self.locations_at]

    @property
    def extra_holiday_days(self) -> frozenset[str]:
        """``extra_holidays`` as a set of ``MM-DD`` strings."""
        return frozenset(day.strip() for day in self.extra_holidays.split(",") if day.strip())

    @property
    def is_public(self) -> bool:
        """Inactive offers are never shown to the public."""
        return self.status != OfferStatus.INACTIVE

    def __repr__(self) -> str:
        return f"<Offer {self.slug!r}>"


class OfferAtLocation(Base):
    """HSDS ``service_at_location``: an offer given at one location."""

    __tablename__ = "offer_at_location"
    __table_args__ = (UniqueConstraint("offer_id", "location_id", name="uq_offer_at_location"),)

    id: Mapped[str] = id_column()
    offer_id: Mapped[str] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), index=True)
    location_id: Mapped[str] = mapped_column(
        ForeignKey("location.id", ondelete="RESTRICT"), index=True
    )
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)

    offer: Mapped[Offer] = relationship(back_populates="locations_at")
    location: Mapped[Location] = relationship(back_populates="offers_at")
