"""No CPR number in what we store: one detector that holds however the number is written."""
from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from tests.factories import Catalogue
from vejviser.db import db
from vejviser.models import CorrectionSuggestion
from vejviser.privacy import REDACTED, looks_like_cpr, redact_cpr

FAST = settings(max_examples=300, deadline=None, database=None)

#: Digits as keyboards, input methods and copied pages produce them (all Unicode decimals).
DIGIT_SETS = {
    "ascii": "0123456789",
    "fullwidth": "０１２３４５６７８９",
    "arabic-indic": "٠١٢٣٤٥٦٧٨٩",
    "devanagari": "०१२३४५६७८९",
    "mathematical bold": "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗",
}
#: What people put between the groups: nothing, spaces (double, no-break, narrow, thin,
#: ideographic), dots, dashes (hyphen, non-breaking hyphen, en, em, minus, fullwidth), slashes,
#: zero-width characters, and a dash with spaces around it.
SEPARATORS = ["", " ", "  ", "\u00a0", "\u202f", "\u2009", "\u3000", ".", "-", "\u2011", "\u2013",
              "\u2014", "\u2212", "\uff0d", "/", "\u200b", "\u00ad", " - ", " \u2013 ", ". "]


@st.composite
def cpr_variants(draw: st.DrawFn) -> tuple[str, str]:
    """(the number written some way, its plain ten digits)."""
    day = draw(st.integers(1, 31))
    month = draw(st.integers(1, 12))
    year = draw(st.integers(0, 99))
    serial = draw(st.integers(0, 9999))
    plain = f"{day:02d}{month:02d}{year:02d}{serial:04d}"
    digits = DIGIT_SETS[draw(st.sampled_from(sorted(DIGIT_SETS)))]
    groups = [plain[0:2], plain[2:4], plain[4:6], plain[6:10]]
    written = ""
    for index, group in enumerate(groups):
        written += "".join(digits[int(ch)] for ch in group)
        if index < 3:
            written += draw(st.sampled_from(SEPARATORS))
    return written, plain


@FAST
@given(variant=cpr_variants(), before=st.sampled_from(["", "Borgeren ", "cpr: ", "(", "nr.\n"]),
       after=st.sampled_from(["", " blev afvist", ")", ", ring", ".\n"]))
def test_every_way_of_writing_a_cpr_number_is_recognised_and_redacted(
        variant: tuple[str, str], before: str, after: str) -> None:
    written, _plain = variant
    text = before + written + after
    assert looks_like_cpr(text), repr(text)
    assert redact_cpr(text) == before + REDACTED + after


@pytest.mark.parametrize("text", ["01 01 90 1234", "01.01.90-1234", "010190\u20131234",
                                  "０１０１９０－１２３４", "01  01  90  1234", "010190\u00a01234"])
def test_the_probes_variants_are_recognised(text: str) -> None:
    assert looks_like_cpr(text)


@pytest.mark.parametrize("text", [
    "Ring 66 13 48 00", "Åbent 10-16", "2026-12-04", "5000 Odense C", "321290-1234",
    "12345678901", "Lukket 24.12.25 10-14", "Tlf. +45 66 13 13 72", "CVR 29 18 97 29",
    "Åbent 01.12–31.03 kl. 18–22", "kontonr. 1234 5678901234", "010190-12345"])
def test_ordinary_numbers_are_not_cpr(text: str) -> None:
    assert not looks_like_cpr(text)
    assert redact_cpr(text) == text


def _csrf_token(client: FlaskClient, url: str) -> str:
    page = client.get(url).get_data(as_text=True)
    return page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]


def test_a_correction_with_a_cpr_number_is_refused_and_kept_for_editing(
    catalogue: Catalogue, app: Flask, client: FlaskClient
) -> None:
    url = f"/tilbud/{catalogue.offer()}/rapporter"
    for number in ("010190-1234", "01.01.90\u20131234", "０１０１９０１２３４", "01  01  90  1234"):
        message = f"Borgeren {number} blev afvist ved døren"
        response = client.post(url, data={"message": message,
                                          "csrf_token": _csrf_token(client, url)})
        page = response.get_data(as_text=True)
        assert response.status_code == 400, number
        assert "CPR-nummer" in page and number in page  # shown back, so it can be removed
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CorrectionSuggestion)) == 0
    fixed = client.post(url, data={"message": "Borgeren blev afvist ved døren",
                                   "csrf_token": _csrf_token(client, url)})
    assert fixed.status_code == 303  # the same message without the number is taken
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CorrectionSuggestion)) == 1
