"""Search relevance: recall@5 and MRR of a set of queries with the offers they should find.

    .venv/bin/python benchmarks/search_eval.py                        # tests/search/relevance.toml
    .venv/bin/python benchmarks/search_eval.py -v path/to/cases.toml  # every case, not only misses

Builds a throw-away SQLite catalogue from the shipped seed plus the fictional examples (as
``vejviser init --with-examples`` does: a few cases expect the examples), runs every query
through ``search.search`` and prints recall@5 and MRR beside their goals. Exits 1 when a goal is
missed. ``tests/search/test_relevance.py`` holds the same set to the same goals with
:func:`load_cases` and :func:`evaluate`.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select  # noqa: E402
from werkzeug.datastructures import MultiDict  # noqa: E402

from vejviser import create_app, search  # noqa: E402
from vejviser.catalogue.seed import load_seed  # noqa: E402
from vejviser.db import Base, db  # noqa: E402
from vejviser.models import Offer  # noqa: E402
from vejviser.resources import seed_dir  # noqa: E402

DEFAULT_CASES = Path(__file__).resolve().parents[1] / "tests" / "search" / "relevance.toml"
RECALL_GOAL = 0.95
MRR_GOAL = 0.8


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


def ranked_slugs(q: str, per_page: int = 10) -> list[str]:
    """The slugs of the first results for ``q`` (inside an app context)."""
    result = search.search(search.parse_args(MultiDict({"q": q, "per_page": str(per_page)})))
    ids = [hit.offer_id for hit in result.hits]
    slugs = dict(db.session.execute(select(Offer.id, Offer.slug).where(Offer.id.in_(ids))).all())
    return [slugs.get(offer_id, offer_id) for offer_id in ids]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("cases", nargs="?", type=Path, default=DEFAULT_CASES,
                        help="relevance file ([[case]] q, expect, kind)")
    parser.add_argument("--verbose", "-v", action="store_true",
                        help="print every case, not only the misses")
    options = parser.parse_args(argv)
    cases = load_cases(options.cases)
    with tempfile.TemporaryDirectory(prefix="vejviser-eval-") as name:
        folder = Path(name)
        app = create_app({"SECRET_KEY": "bench", "INSTANCE_DIR": str(folder),
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'eval.sqlite3'}",
                          "INDEX_DIR": str(folder / "index")})
        with app.app_context():
            Base.metadata.create_all(db.engine)
            load_seed(db.session, seed_dir(), with_examples=True)
            db.session.commit()
            search.rebuild()
            results, recall, mrr = evaluate(cases, ranked_slugs)
            db.session.remove()
            db.engine.dispose()
    for item in results:
        if options.verbose or item.recall < 1:
            mark = "ok  " if item.recall == 1 else "MISS"
            print(f"{mark} {item.case.q!r:40} recall@5={item.recall:.2f} "
                  f"rr={item.reciprocal_rank:.2f} [{item.case.kind}] top: {', '.join(item.found)}")
    print(f"cases: {len(results)}")
    print(f"recall@5: {recall:.3f} (goal ≥ {RECALL_GOAL})")
    print(f"MRR: {mrr:.3f} (goal ≥ {MRR_GOAL})")
    ok = recall >= RECALL_GOAL and mrr >= MRR_GOAL
    print("goals met" if ok else "GOAL MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
