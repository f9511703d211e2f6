"""Danish analysis: folding, stemming, compounds, synonyms (pure functions, no app)."""
from __future__ import annotations

import pytest

from vejviser.search import analysis, synonyms


@pytest.mark.parametrize("typed, indexed", [
    ("korshaer", "Korshærs"), ("aagaarden", "Ågården"), ("hjemloese", "hjemløse"),
    ("hjemløs", "hjemløse"), ("natcafe", "natcafé"), ("varmestuer", "varmestue"),
    ("krisecentre", "krisecenter"), ("groenlaendere", "Grønlændere"),
])
def test_typed_forms_share_a_variant_with_indexed_forms(typed: str, indexed: str) -> None:
    assert set(analysis.variants(typed.lower())) & set(analysis.variants(indexed.lower()))


def test_fold_transliterates_the_danish_way() -> None:
    assert analysis.fold("Ærø Øster Å é") == "aeroe oester aa e"


def test_compound_heads_let_the_head_find_the_compound() -> None:
    query = analysis.variants("krisecenter")[0]
    assert query in analysis.compound_parts("kvindekrisecenter")
    assert analysis.variants("varmestue")[0] in analysis.compound_parts("natvarmestue")
    assert analysis.compound_parts("bad") == ()


def test_stop_words_and_syntax_vanish() -> None:
    assert analysis.query_terms('i og på * AND ( "') == [("and", analysis.variants("and"))]


def test_synonym_phrases_match_longest_first() -> None:
    table = synonyms.parse({"group": [{"words": ["rene sprøjter", "sprøjter", "kanyler"]},
                                      {"words": ["only-one"]}]})
    assert len(table.groups) == 1
    keys = [v[0] for _, v in analysis.query_terms("rene sprøjter")]
    size, others = table.longest_match(keys, 0)
    assert size == 2 and synonyms.entry_of("kanyler") in others


def test_seed_synonym_file_loads(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from vejviser.resources import resource_dir

    assert len(synonyms.load(resource_dir("seed") / "synonyms.toml").groups) >= 10
    assert synonyms.load(tmp_path / "missing.toml").groups == ()
