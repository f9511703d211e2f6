"""Cleaning text from outside: no control characters, one kind of line break, surrogates named."""
from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from vejviser.catalogue.cleantext import clean_text, surrogate_problem

#: No deadline (a timing assertion would fail on a busy machine), no example database.
PROPERTY = settings(deadline=None, database=None)
#: Any text, with plenty of control characters and line breaks of every kind mixed in.
NOISY = st.text(st.one_of(st.characters(), st.sampled_from(
    ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b", "\t", "\n", "\r", "\u2028", " "])))


def _controls(text: str) -> set[str]:
    return {char for char in text if unicodedata.category(char) == "Cc"}


@PROPERTY
@given(NOISY)
def test_only_tab_and_newline_survive_among_control_characters(text: str) -> None:
    assert _controls(clean_text(text)) <= {"\t", "\n"}
    assert _controls(clean_text(text, single_line=True)) == set()


@PROPERTY
@given(NOISY, st.booleans())
def test_cleaning_twice_changes_nothing_more(text: str, single_line: bool) -> None:
    once = clean_text(text, single_line=single_line)
    assert clean_text(once, single_line=single_line) == once


@PROPERTY
@given(st.text(st.characters(exclude_categories=("Cc", "Zl", "Zp"))))
def test_text_without_control_characters_is_kept_as_it_is(text: str) -> None:
    assert clean_text(text) == text == clean_text(text, single_line=True)


def test_line_breaks_of_every_kind_become_one() -> None:
    assert clean_text("a\r\nb\rc\x85d\u2028e\u2029f\ng") == "a\nb\nc\nd\ne\nf\ng"
    assert clean_text("Navn\r\n\t på\nto linjer", single_line=True) == "Navn på to linjer"


@PROPERTY
@given(st.text(), st.text(), st.integers(0xD800, 0xDFFF))
def test_a_lone_surrogate_anywhere_is_named_with_its_position(before: str, after: str,
                                                              code: int) -> None:
    text = before + chr(code) + after
    message = surrogate_problem(text)
    if message is None:  # only when it pairs up with a neighbour into one real character
        assert 0xD800 <= code <= 0xDBFF and after[:1] and 0xDC00 <= ord(after[0]) <= 0xDFFF
    else:
        assert "ugyldigt tegn" in message
        message.encode("utf-8")


def test_real_text_has_no_surrogate_problem() -> None:
    assert surrogate_problem("Kirkens Korshær \U0001F600") is None
    assert surrogate_problem("ab\ud800c") is not None and "tegn nr. 3 (U+D800" in (
        surrogate_problem("ab\ud800c") or "")
