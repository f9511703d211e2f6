"""Offers (HSDS ``service``, Danish *tilbud*) and where they are given."""
from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Optional

from sqlalchemy import Date, Enum, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vejviser.db import Base, UTCDateTime
from vejviser.hours.model import HolidayRule
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
    from vejviser.models.free_places import FreePlaces
    from vejviser.models.location import Location
    from vejviser.models.organization import Organization
    from vejviser.models.schedule import Schedule, ScheduleException
    from vejviser.models.winter import WinterHours


class OfferStatus(str, enum.Enum):
    """HSDS service status values we use (the stored text is HSDS's own)."""

    ACTIVE = "active"
    TEMPORARILY_CLOSED = "temporarily closed"
    INACTIVE = "inactive"


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
    #: When each kind of information was last confirmed or changed (None: only ``verified_at``
    #: says): the opening hours (weekly rows, special days), and everything else.
    hours_checked_at: Mapped[Optional[date]] = mapped_column(Date, default=None)
    details_checked_at: Mapped[Optional[date]] = mapped_column(Date, default=None)
    holiday_rule: Mapped[HolidayRule] = mapped_column(
        Enum(HolidayRule, native_enum=False, length=16, values_callable=_enum_values),
        default=HolidayRule.AS_NORMAL,
    )
    #: Comma-separated MM-DD days this offer treats like public holidays (24 and 31 December...).
    extra_holidays: Mapped[str] = mapped_column(String(100), default="12-24,12-31")
    version: Mapped[int] = mapped_column(Integer, default=1)
    #: Retired by the consultant: gone from search, its page answers 410 (or, merged, points
    #: to ``merged_into_id``). Never deleted, so its history stays.
    retired_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime(), default=None)
    merged_into_id: Mapped[Optional[str]] = mapped_column(
        ForeignKey("offer.id", ondelete="SET NULL"), default=None)

    __mapper_args__ = {"version_id_col": version}

    organization: Mapped[Organization] = relationship(back_populates="offers",
                                                      foreign_keys=[organization_id])
    terms: Mapped[list[TaxonomyTerm]] = relationship(
        secondary=offer_term, order_by=TaxonomyTerm.position
    )
    locations_at: Mapped[list[OfferAtLocation]] = relationship(
        back_populates="offer", cascade="all, delete-orphan", order_by="OfferAtLocation.position",
        foreign_keys="OfferAtLocation.offer_id",
    )
    #: Every schedule row of the offer: those of the offer as a whole (``offer_at_location_id``
    #: None) and those of one place (see ``OfferAtLocation.schedules``).
    schedules: Mapped[list[Schedule]] = relationship(
        back_populates="offer", cascade="all, delete-orphan", order_by="Schedule.position"
    )
    exceptions: Mapped[list[ScheduleException]] = relationship(
        back_populates="offer",
        cascade="all, delete-orphan",
        order_by="ScheduleException.date_from",
    )
    #: Every phone of the offer: the offer's own (``offer_at_location_id`` None) and those of
    #: one place (HSDS phones of a service_at_location or its location).
    phones: Mapped[list[Phone]] = relationship(back_populates="offer", cascade="all, delete-orphan")
    contacts: Mapped[list[Contact]] = relationship(
        back_populates="offer", cascade="all, delete-orphan"
    )
    languages: Mapped[list[Language]] = relationship(
        back_populates="offer", cascade="all, delete-orphan"
    )
    #: Tonight's free places, when the offer publishes them (not part of the offer's revisions).
    free_places: Mapped[Optional[FreePlaces]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True
    )
    #: Alternative hours under the winter emergency plan (in force only while it is).
    winter_hours: Mapped[list[WinterHours]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="WinterHours.position"
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
    def own_schedules(self) -> list[Schedule]:
        """The weekly rows of the offer as a whole (not of one place)."""
        return [row for row in self.schedules if row.offer_at_location_id is None]

    @property
    def own_phones(self) -> list[Phone]:
        """The phones of the offer as a whole (not of one place)."""
        return [row for row in self.phones if row.offer_at_location_id is None]

    @property
    def own_exceptions(self) -> list[ScheduleException]:
        """The dated exceptions of the offer as a whole (they apply at every place)."""
        return [row for row in self.exceptions if row.offer_at_location_id is None]

    @property
    def is_temporarily_closed(self) -> bool:
        """Closed whatever its hours say (its alert says why); the one place this is decided."""
        return self.status == OfferStatus.TEMPORARILY_CLOSED

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
    """HSDS ``service_at_location``: an offer given at one location (a *place* of the offer).

    A place keeps the offer's own hours (the schedule rows without a place), has hours of its own
    (rows whose ``offer_at_location_id`` is this place), or follows another offer given at the
    same location (``follows_offer_id``: the needle exchange at the warming room keeps the warming
    room's hours, so one edit updates both). ``catalogue.opening`` decides which applies.
    """

    __tablename__ = "offer_at_location"
    __table_args__ = (UniqueConstraint("offer_id", "location_id", name="uq_offer_at_location"),)

    id: Mapped[str] = id_column()
    offer_id: Mapped[str] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), index=True)
    location_id: Mapped[str] = mapped_column(
        ForeignKey("location.id", ondelete="RESTRICT"), index=True
    )
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    #: "Same hours as <this offer> here": the followed offer's hours at this location apply.
    #: SET NULL when that offer is deleted: the place then shows its hours as unknown.
    follows_offer_id: Mapped[Optional[str]] = mapped_column(
        ForeignKey("offer.id", ondelete="SET NULL"), default=None, index=True
    )

    offer: Mapped[Offer] = relationship(back_populates="locations_at", foreign_keys=[offer_id])
    location: Mapped[Location] = relationship(back_populates="offers_at")
    follows: Mapped[Optional[Offer]] = relationship(foreign_keys=[follows_offer_id])
