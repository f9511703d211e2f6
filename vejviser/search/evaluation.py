"""Measuring relevance: recall@k and MRR of a set of queries with the offers they should find."""
from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Case:
    """A query and the slugs that should be in its top results."""

    q: str
    expect: tuple[str, ...]
    kind: str = ""


@dataclass(frozen=True)
class CaseResult:
    """How one case went: the slugs returned, recall@k and reciprocal rank."""

    case: Case
    found: tuple[str, ...]
    recall: float
    reciprocal_rank: float


def load_cases(path: Path) -> list[Case]:
    """The ``[[case]]`` entries of a relevance file."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    return [Case(str(c["q"]), tuple(c["expect"]), str(c.get("kind", ""))) for c in data["case"]]


def evaluate(cases: list[Case], ranked_slugs: Callable[[str], list[str]],
             k: int = 5) -> tuple[list[CaseResult], float, float]:
    """Run every case through ``ranked_slugs``; returns per-case results, recall@k and MRR."""
    results = []
    for case in cases:
        ranked = ranked_slugs(case.q)
        top = ranked[:k]
        recall = sum(1 for slug in case.expect if slug in top) / len(case.expect)
        rank = next((i for i, slug in enumerate(ranked, 1) if slug in case.expect), None)
        results.append(CaseResult(case, tuple(top), recall, 1.0 / rank if rank else 0.0))
    count = len(results) or 1
    return (results, sum(r.recall for r in results) / count,
            sum(r.reciprocal_rank for r in results) / count)
