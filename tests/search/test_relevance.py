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


def test_relevance_set_has_english_queries() -> None:
    english = [case for case in load_cases(CASES) if case.kind.startswith("English")]
    assert len(english) >= 15


def test_recall_at_5_and_mrr_meet_their_goals(seeded_app: Flask) -> None:
    with seeded_app.test_request_context():
        results, recall, mrr = evaluate(load_cases(CASES), lambda q: slugs_for(q=q, per_page=10))
    misses = [(r.case.q, r.found) for r in results if r.recall < 1]
    assert recall >= search_eval.RECALL_GOAL, misses
    assert mrr >= search_eval.MRR_GOAL, misses
    english_misses = [miss for miss in misses if miss[0] in _english_queries()]
    assert not english_misses, "every English query finds what its Danish words find"


def _english_queries() -> set[str]:
    return {case.q for case in load_cases(CASES) if case.kind.startswith("English")}


def test_a_synonym_phrase_with_a_word_we_do_not_index_widens_nothing(seeded_app: Flask) -> None:
    # "day centre" and "crisis centre" sit in the warming-room and violence groups; their
    # "centre" alone (folded to "cent") must not pull every "...center" into a Danish search.
    with seeded_app.test_request_context():
        assert slugs_for(q="krisecenter") == ["redernes-krisecenter"]
        assert slugs_for(q="crisis centre") == ["redernes-krisecenter"]


def test_search_eval_script_reports_recall_and_mrr_beside_goals(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert search_eval.main([str(CASES)]) == 0  # builds its own catalogue from the shipped seed
    out = capsys.readouterr().out
    assert f"cases: {len(load_cases(CASES))}" in out
    assert "recall@5:" in out and "MRR:" in out and "goals met" in out
