"""No personal data about citizens in what we store or log."""
from __future__ import annotations

import logging

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from tests.factories import Catalogue
from vejviser.db import db
from vejviser.models import CorrectionSuggestion
from vejviser.privacy import DropQueryStrings, looks_like_cpr, without_query_string


@pytest.mark.parametrize("text", ["010190-1234", "Borgeren 0101901234 blev afvist", "311299 1234"])
def test_cpr_shapes_are_recognised(text: str) -> None:
    assert looks_like_cpr(text)


@pytest.mark.parametrize("text", ["Ring 66 13 48 00", "Åbent 10-16", "2026-12-04", "5000 Odense C",
                                  "321290-1234", "12345678901"])
def test_ordinary_numbers_are_not_cpr(text: str) -> None:
    assert not looks_like_cpr(text)


def _csrf_token(client: FlaskClient, url: str) -> str:
    page = client.get(url).get_data(as_text=True)
    return page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]


def test_a_correction_with_a_cpr_number_is_refused_and_kept_for_editing(
    catalogue: Catalogue, app: Flask, client: FlaskClient
) -> None:
    url = f"/tilbud/{catalogue.offer()}/rapporter"
    message = "Borgeren 010190-1234 blev afvist ved døren"
    response = client.post(url, data={"message": message, "csrf_token": _csrf_token(client, url)})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "CPR-nummer" in page and "010190-1234" in page  # shown back, so it can be removed
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CorrectionSuggestion)) == 0
    fixed = client.post(url, data={"message": "Borgeren blev afvist ved døren",
                                   "csrf_token": _csrf_token(client, url)})
    assert fixed.status_code == 303  # the same message without the number is taken
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CorrectionSuggestion)) == 1


def test_request_logs_keep_the_path_but_not_the_query() -> None:
    line = '127.0.0.1 - - [25/Nov/2026] "GET /?q=010190-1234&open_now=1 HTTP/1.1" 200 -'
    assert without_query_string(line) == '127.0.0.1 - - [25/Nov/2026] "GET / HTTP/1.1" 200 -'
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, '"%s" %s',
                               ("GET /api/v1/search?q=x HTTP/1.1", 200), None)
    DropQueryStrings().filter(record)
    assert record.getMessage() == '"GET /api/v1/search HTTP/1.1" 200'
