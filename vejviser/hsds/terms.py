"""Which vocabulary an imported HSDS taxonomy term belongs to, and creating the missing ones.

The decision for terms an import does not know:

* A term whose taxonomy is one of ours - matched by the taxonomy's id, or by its name or code
  (``category``/"Tilbudstype"/"Type of offer", ...) - joins that vocabulary; the term is matched
  by ``code`` (or the slug of its name).
* A term from any other taxonomy joins a vocabulary named after that taxonomy (code = slug of the
  taxonomy's name; "hsds" when the file names none), created on import. Offers link to it like
  any other term, and exports carry it back out under the same taxonomy name.
* Missing terms are created with the file's ids where those are free. Existing terms and
  vocabularies are never renamed by an import: the taxonomy belongs to the volunteer consultant.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vejviser.catalogue.taxonomy import VOCABULARY_NAMES
from vejviser.hsds.mapping import TermRef, slugify
from vejviser.models import Taxonomy, TaxonomyTerm

FALLBACK_VOCABULARY = ("hsds", "HSDS-termer (importeret)")


@dataclass
class _NewTaxonomy:
    id: str | None
    code: str
    name: str
    description: str


class TermPlanner:
    """Resolves term references without writing; ``create_missing`` then writes what is new."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.taxonomies: dict[str, Taxonomy] = {}
        self.new_taxonomies: dict[str, _NewTaxonomy] = {}
        self.new_terms: dict[tuple[str, str], TermRef] = {}
        self.used_ids: set[str] = set()
        self.by_id: dict[str, tuple[str, str]] = {}
        self.known: set[tuple[str, str]] = set()
        self.loaded = False

    def _load(self) -> None:
        """Read the taxonomy once, when first needed (a file refused for its shape never asks
        the database): an import of 10,000 services resolves tens of thousands of terms."""
        if self.loaded:
            return
        self.loaded = True
        self.taxonomies = {t.id: t for t in self.session.scalars(select(Taxonomy))}
        rows = self.session.execute(select(TaxonomyTerm.id, Taxonomy.code, TaxonomyTerm.code)
                                    .join(Taxonomy)).all()
        self.by_id = {term_id: (vocabulary, code) for term_id, vocabulary, code in rows}
        self.known = set(self.by_id.values())

    def _vocabulary(self, ref: TermRef) -> str:
        if ref.taxonomy_id in self.taxonomies:
            return self.taxonomies[ref.taxonomy_id].code
        for name in ref.taxonomy_names:
            key = name.casefold()
            for taxonomy in self.taxonomies.values():
                if key in (taxonomy.code.casefold(), taxonomy.name.casefold()):
                    return taxonomy.code
            for code, labels in VOCABULARY_NAMES.items():
                if key in (code, *(label.casefold() for label in labels)):
                    return self._plan_taxonomy(ref, code, labels[0])
        if not ref.taxonomy_names:
            return self._plan_taxonomy(ref, *FALLBACK_VOCABULARY)
        name = ref.taxonomy_names[0]
        return self._plan_taxonomy(ref, slugify(name) or FALLBACK_VOCABULARY[0], name)

    def _plan_taxonomy(self, ref: TermRef, code: str, name: str) -> str:
        known = [t for t in self.taxonomies.values() if t.code == code]
        if not known and code not in self.new_taxonomies:
            self.new_taxonomies[code] = _NewTaxonomy(self._free_id(Taxonomy, ref.taxonomy_id),
                                                     code, name, ref.taxonomy_description)
        return code

    def _free_id(self, model: Any, wanted: str | None) -> str | None:
        if not wanted or wanted in self.used_ids or self.session.get(model, wanted) is not None:
            return None
        self.used_ids.add(wanted)
        return wanted

    def resolve(self, ref: TermRef) -> tuple[str, str] | None:
        """``(vocabulary, code)`` for ``ref``; None for an id-only reference to an unknown
        term."""
        self._load()
        if not ref.code:  # given by id only: must exist already (or be planned by id)
            found = self.by_id.get(ref.term_id or "")
            if found is None:
                planned = [key for key, new in self.new_terms.items() if new.term_id == ref.term_id]
                return planned[0] if planned else None
            return found
        vocabulary = self._vocabulary(ref)
        if (vocabulary, ref.code) not in self.known and (vocabulary, ref.code) not in \
                self.new_terms:
            self.new_terms[(vocabulary, ref.code)] = ref
        return vocabulary, ref.code

    def create_missing(self) -> list[str]:
        """Create the planned vocabularies and terms; return ``vocabulary:code`` of new terms."""
        self._load()
        by_code = {t.code: t for t in self.session.scalars(select(Taxonomy))}
        for plan in self.new_taxonomies.values():
            taxonomy = Taxonomy(id=plan.id, code=plan.code, name=plan.name,
                                description=plan.description)
            self.session.add(taxonomy)
            by_code[plan.code] = taxonomy
        self.session.flush()
        created = []
        for (vocabulary, code), ref in self.new_terms.items():
            taxonomy = by_code[vocabulary]
            position = self.session.scalar(select(func.max(TaxonomyTerm.position)).where(
                TaxonomyTerm.taxonomy_id == taxonomy.id))
            parent = ref.parent_id if ref.parent_id and self.session.get(
                TaxonomyTerm, ref.parent_id) is not None else None
            self.session.add(TaxonomyTerm(
                id=self._free_id(TaxonomyTerm, ref.term_id), taxonomy_id=taxonomy.id, code=code,
                name=ref.name, description=ref.description, parent_id=parent,
                position=(position if position is not None else -1) + 1))
            self.session.flush()
            created.append(f"{vocabulary}:{code}")
        return created
