"""Load the seed catalogue (TOML files in ``seed/``): taxonomies first, then organisations and
offers. Ids in the files are stable, so loading twice changes nothing."""
from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from vejviser.catalogue.errors import CatalogueDataError
from vejviser.catalogue.offers import upsert_offer, upsert_organization
from vejviser.catalogue.taxonomy import TermLookup, upsert_terms
from vejviser.catalogue.validation import normalise_offer
from vejviser.models import VOCABULARIES

SEED_ACTOR = "seed"
CATALOGUE_FILE = "odense.toml"
#: Fictional offers for tests and demonstrations; never loaded into a live catalogue by default.
EXAMPLES_FILE = "examples.toml"


@dataclass
class SeedReport:
    """Counts of what a seed load did."""

    terms_changed: int = 0
    organizations: int = 0
    offers: dict[str, int] = field(default_factory=lambda: {"created": 0, "updated": 0,
                                                            "unchanged": 0})


def read_toml(path: Path) -> dict[str, Any]:
    """Parse one TOML file, naming the file in the error."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ValueError(f"{path.name}: {error}") from error


def load_seed(
    session: Session,
    seed_dir: Path,
    progress: Callable[[str], None] | None = None,
    with_examples: bool = False,
) -> SeedReport:
    """Load ``taxonomies.toml`` and ``odense.toml`` from ``seed_dir`` (and ``examples.toml``,
    fictional offers for tests and demonstrations, when ``with_examples``); flush, never commit."""
    report = SeedReport()
    taxonomies = read_toml(seed_dir / "taxonomies.toml")
    for vocabulary in VOCABULARIES:
        report.terms_changed += upsert_terms(session, vocabulary, taxonomies.get(vocabulary, []))
    known = {vocabulary: {str(term["slug"]) for term in taxonomies.get(vocabulary, [])}
             for vocabulary in VOCABULARIES}
    files = [CATALOGUE_FILE, EXAMPLES_FILE] if with_examples else [CATALOGUE_FILE]
    for name in files:
        _load_catalogue(session, read_toml(seed_dir / name), known, report, progress)
    return report


def _load_catalogue(session: Session, catalogue: dict[str, Any], known: dict[str, set[str]],
                    report: SeedReport, progress: Callable[[str], None] | None) -> None:
    for organization in catalogue.get("organization", []):
        upsert_organization(session, organization)
        report.organizations += 1
    problems = []
    terms = TermLookup(session)
    offers = catalogue.get("offer", [])
    for number, raw in enumerate(offers, start=1):
        data, found = normalise_offer(raw, raw.get("slug") or f"offer #{number}", known)
        if found:
            problems.extend(found)
            continue
        result = upsert_offer(session, data, actor=SEED_ACTOR, terms=terms)
        report.offers[result.action] += 1
        if progress:
            progress(f"{number}/{len(offers)} {data['slug']}: {result.action}")
    if problems:
        raise CatalogueDataError(problems)
