"""The relevance set: realistic Danish queries must find the right seed offers in the top five."""
from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from benchmarks import search_eval
from benchmarks.search_eval import evaluate, load_cases
from tests.search.helpers import slugs_for

CASES = Path(__file__).with_name("relevance.toml")


def test_relevance_set_has_enough_cases() -> None:
    assert len(load_cases(CASES)) >= 25


def test_recall_at_5_is_at_least_0_9(seeded_app: Flask) -> None:
    with seeded_app.test_request_context():
        results, recall, mrr = evaluate(load_cases(CASES), lambda q: slugs_for(q=q, per_page=10))
    misses = [(r.case.q, r.found) for r in results if r.recall < 1]
    assert recall >= 0.9, misses
    assert mrr >= 0.8, misses


def test_search_eval_script_reports_recall_and_mrr_beside_goals(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert search_eval.main([str(CASES)]) == 0  # builds its own catalogue from the shipped seed
    out = capsys.readouterr().out
    assert f"cases: {len(load_cases(CASES))}" in out
    assert "recall@5:" in out and "MRR:" in out and "goals met" in out
