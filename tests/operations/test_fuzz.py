"""A short run of ``benchmarks/fuzz.py`` (the benchmark runs 100,000 cases): random search
parameters never give a 500, random hours data never crashes the reading or the engine."""
from __future__ import annotations

from pathlib import Path

from benchmarks.fuzz import fuzz_hours, fuzz_search, search_app


def test_random_search_parameters_are_answered_200_or_400(tmp_path: Path) -> None:
    app = search_app(tmp_path)
    assert fuzz_search(app, 300) > 0  # some were refused, each with a message


def test_random_hours_rows_are_read_or_refused_and_never_crash_the_engine() -> None:
    assert fuzz_hours(600) > 0
