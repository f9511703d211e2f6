"""The relevance set: realistic Danish queries must find the right seed offers in the top five."""
from __future__ import annotations

from pathlib import Path

from flask import Flask

from tests.search.helpers import slugs_for
from vejviser.search.evaluation import evaluate, load_cases

CASES = Path(__file__).with_name("relevance.toml")


def test_relevance_set_has_enough_cases() -> None:
    assert len(load_cases(CASES)) >= 25


def test_recall_at_5_is_at_least_0_9(seeded_app: Flask) -> None:
    with seeded_app.test_request_context():
        results, recall, mrr = evaluate(load_cases(CASES), lambda q: slugs_for(q=q, per_page=10))
    misses = [(r.case.q, r.found) for r in results if r.recall < 1]
    assert recall >= 0.9, misses
    assert mrr >= 0.8, misses


def test_search_eval_command_prints_recall_and_mrr(seeded_app: Flask) -> None:
    result = seeded_app.test_cli_runner().invoke(args=["search-eval", str(CASES)])
    assert result.exit_code == 0, result.output
    assert "recall@5:" in result.output and "MRR:" in result.output
