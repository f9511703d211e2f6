"""Taxonomies as data: categories, target groups, attributes, legal basis.

Each term has a ``code`` (our slug, used in URLs and the JSON contract) and labels in Danish and
English. Which vocabulary a term belongs to is the ``taxonomy`` row, so a new vocabulary is data,
not code.
"""
from __future__ import annotations

from typing import Optional

from sqlalchemy import Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vejviser.db import Base
from vejviser.models._types import id_column

#: The vocabularies the application knows how to filter by.
CATEGORY = "category"
TARGET_GROUP = "target_group"
ATTRIBUTE = "attribute"
LEGAL_BASIS = "legal_basis"
VOCABULARIES = (CATEGORY, TARGET_GROUP, ATTRIBUTE, LEGAL_BASIS)
#: The offer data field that lists an offer's terms of each vocabulary (seed, import, forms).
VOCABULARY_OF_FIELD = {"categories": CATEGORY, "target_groups": TARGET_GROUP,
                       "attributes": ATTRIBUTE, "legal_basis": LEGAL_BASIS}

offer_term = Table(
    "offer_term",
    Base.metadata,
    Column("offer_id", ForeignKey("offer.id", ondelete="CASCADE"), primary_key=True),
    Column("term_id", ForeignKey("taxonomy_term.id", ondelete="CASCADE"), primary_key=True),
)


class Taxonomy(Base):
    """A vocabulary, e.g. ``category`` or ``target_group`` (HSDS ``taxonomy``)."""

    __tablename__ = "taxonomy"

    id: Mapped[str] = id_column()
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str] = mapped_column(Text, default="")

    terms: Mapped[list[TaxonomyTerm]] = relationship(
        back_populates="taxonomy", cascade="all, delete-orphan", order_by="TaxonomyTerm.position"
    )


class TaxonomyTerm(Base):
    """One term of a vocabulary (HSDS ``taxonomy_term``); ``code`` is its slug."""

    __tablename__ = "taxonomy_term"
    __table_args__ = (UniqueConstraint("taxonomy_id", "code", name="uq_taxonomy_term_code"),)

    id: Mapped[str] = id_column()
    taxonomy_id: Mapped[str] = mapped_column(ForeignKey("taxonomy.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(255))
    name_en: Mapped[str] = mapped_column(String(255), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    parent_id: Mapped[Optional[str]] = mapped_column(
        ForeignKey("taxonomy_term.id", ondelete="SET NULL"), default=None
    )
    position: Mapped[int] = mapped_column(default=0)

    taxonomy: Mapped[Taxonomy] = relationship(back_populates="terms")

    @property
    def vocabulary(self) -> str:
        """The code of the vocabulary this term belongs to."""
        return self.taxonomy.code

    def label(self, locale: str = "da") -> str:
        """The term's label in ``locale`` (Danish when no English label exists)."""
        if locale == "en" and self.name_en:
            return self.name_en
        return self.name

    def __repr__(self) -> str:
        return f"<TaxonomyTerm {self.code!r}>"
