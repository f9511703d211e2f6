"""Taxonomy upkeep: create or update vocabularies and terms from plain data."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vejviser.models import Language, Taxonomy, TaxonomyTerm

#: Vocabulary code -> (Danish, English) name.
VOCABULARY_NAMES = {
    "category": ("Tilbudstype", "Type of offer"),
    "target_group": ("Målgruppe", "Target group"),
    "attribute": ("Egenskab", "Attribute"),
    "legal_basis": ("Lovgrundlag", "Legal basis"),
}


def ensure_taxonomy(session: Session, code: str) -> Taxonomy:
    """The vocabulary ``code``, created if missing."""
    taxonomy = session.scalar(select(Taxonomy).where(Taxonomy.code == code))
    if taxonomy is None:
        name = VOCABULARY_NAMES.get(code, (code, code))[0]
        taxonomy = Taxonomy(code=code, name=name)
        session.add(taxonomy)
        session.flush()
    return taxonomy


def upsert_terms(session: Session, code: str, terms: Iterable[Mapping[str, Any]]) -> int:
    """Create or update the terms of vocabulary ``code``; returns how many rows changed.

    Each term is a mapping with ``slug`` (or ``code``), ``da`` (or ``name``), optional ``en`` and
    ``description_da``. Terms are matched by slug, so loading the same data twice changes nothing.
    """
    taxonomy = ensure_taxonomy(session, code)
    existing = {term.code: term for term in taxonomy.terms}
    changed = 0
    for position, data in enumerate(terms):
        slug = str(data.get("slug") or data.get("code"))
        values = {
            "name": str(data.get("da") or data.get("name") or slug),
            "name_en": str(data.get("en") or data.get("name_en") or ""),
            "description": str(data.get("description_da") or data.get("description") or ""),
            "position": position,
        }
        term = existing.get(slug)
        if term is None:
            kwargs: dict[str, Any] = {"id": data["id"]} if data.get("id") else {}
            taxonomy.terms.append(TaxonomyTerm(code=slug, **values, **kwargs))
            changed += 1
        elif any(getattr(term, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(term, key, value)
            changed += 1
    session.flush()
    return changed


def terms_by_code(session: Session, code: str) -> dict[str, TaxonomyTerm]:
    """All terms of vocabulary ``code`` keyed by slug."""
    rows = session.scalars(
        select(TaxonomyTerm).join(Taxonomy).where(Taxonomy.code == code)
    ).all()
    return {term.code: term for term in rows}


def vocabulary_terms(session: Session, code: str) -> list[TaxonomyTerm]:
    """The terms of vocabulary ``code`` in the vocabulary's own order (empty when unknown)."""
    return list(session.scalars(
        select(TaxonomyTerm).join(Taxonomy).where(Taxonomy.code == code)
        .order_by(TaxonomyTerm.position)
    ))


def languages_in_use(session: Session) -> list[str]:
    """The language codes at least one offer is given in, sorted."""
    return sorted(session.scalars(select(Language.code).distinct()))


class TermLookup:
    """Terms by vocabulary and code, each vocabulary read once: storing a thousand offers must
    not read the taxonomy a thousand times. Make a new one after creating terms."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._loaded: dict[str, dict[str, TaxonomyTerm]] = {}

    def get(self, vocabulary: str, code: str) -> TaxonomyTerm | None:
        """The term, or None when the vocabulary has no such code."""
        if vocabulary not in self._loaded:
            self._loaded[vocabulary] = terms_by_code(self.session, vocabulary)
        return self._loaded[vocabulary].get(code)
