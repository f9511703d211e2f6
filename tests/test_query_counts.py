"""SQL statements per request: a fixed handful, however many offers a page shows.

Offers are read with ``vejviser.catalogue.loading`` (one query per list-valued part of an offer),
so a search with six hits costs what a search with one hit costs. Before that, the API search ran
58 statements for the 16 seed offers, one lazy load per offer and part. The catalogue here gives
every offer every part (the seed has no phones or contacts), so any part loaded lazily shows.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from tests.factories import Catalogue, closed_on, make_location
from vejviser.db import db

#: The offer row plus one query each for terms, places, schedules, exceptions, languages, phones
#: and contacts; organisation, vocabulary and location are joined in, the organisation's phones
#: and register identifiers one query each; and, for places that keep another offer's hours,
#: that offer's places, schedules and exceptions (the offer joined in; read only when a place
#: follows one, as none does here); the winter plan's alternative hours, one query. An API
#: answer first works out its validator (change sequence, organisation and term counts: three
#: small statements; ``vejviser.web.api_http``).
#: The consultant's freshness limits ("Ikke bekræftet siden ..."), one small statement per
#: request whatever the number of offers (``catalogue.freshness.current_limits``).
OFFER_QUERIES = 14 + 1
#: Counting a search for the insights (``vejviser.insights``): the week's totals and the query's
#: row read, then both updated; the same for every search, whatever it found.
COUNTING_QUERIES = 4
#: A search also reads the stamp of the consultant's synonym list (count, highest id, last
#: change), so an edit applies to the next query: one statement, whatever the hits.
SEARCH_QUERIES = OFFER_QUERIES + 1 + COUNTING_QUERIES
OFFERS = 6
ONE_HIT, ALL_HITS = "lygten", "kaffe"  # one offer's name; every offer's summary


class StatementCounter:
    """Counts the SQL statements the app's engine sends while ``counting()`` is active."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.statements: list[str] = []

    def _record(self, conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        self.statements.append(statement)

    @contextmanager
    def counting(self) -> Iterator[list[str]]:
        with self.app.app_context():
            engine = db.engine
        self.statements = []
        event.listen(engine, "before_cursor_execute", self._record)
        try:
            yield self.statements
        finally:
            event.remove(engine, "before_cursor_execute", self._record)

    def get(self, client: FlaskClient, url: str) -> int:
        """The number of statements ``GET url`` ran (the response must be a 200)."""
        with self.counting() as statements:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        return len(statements)


def _offer_with_every_part(name: str) -> dict:
    return {"name": name, "summary": "Kaffe, samvær og et varmt måltid.",
            "target_groups": ["hjemloese", "ensomme"], "legal_basis": ["serviceloven-104"],
            "languages": ["da", "en"], "phones": [{"number": "+45 11 22 33 44"}],
            "contacts": [{"name": "Vagten", "title": "Vagthavende"}],
            "exceptions": [closed_on("2026-12-24")],
            "locations": [make_location(), make_location(name="Filialen", address_1="Andenvej 2")]}


@pytest.fixture
def slugs(catalogue: Catalogue) -> list[str]:
    """Six offers: the first named Lygten, all of them serving coffee."""
    names = ["Natcaféen Lygten"] + [f"Varmestue nummer {n}" for n in range(2, OFFERS + 1)]
    return catalogue.offers(*(_offer_with_every_part(name) for name in names))


@pytest.fixture
def counter(app: Flask, client: FlaskClient, slugs: list[str]) -> StatementCounter:
    """A counter on a warmed-up app: index opened and verified, filter vocabularies cached, and
    the search index's freshness poll (its own query) not due again during the test."""
    client.get("/api/v1/search?q=kaffe")
    client.get("/?q=kaffe")
    app.config["SEARCH_POLL_SECONDS"] = 3600
    return StatementCounter(app)


def _hits(client: FlaskClient, q: str) -> int:
    return len(client.get(f"/api/v1/search?per_page=50&q={q}").get_json()["results"])


def test_the_two_searches_differ_in_size(slugs: list[str], client: FlaskClient) -> None:
    assert _hits(client, ONE_HIT) == 1
    assert _hits(client, ALL_HITS) == len(slugs) == OFFERS


def test_api_search_runs_the_same_few_queries_for_one_hit_and_for_all(
        counter: StatementCounter, client: FlaskClient) -> None:
    one = counter.get(client, f"/api/v1/search?per_page=50&q={ONE_HIT}")
    many = counter.get(client, f"/api/v1/search?per_page=50&q={ALL_HITS}")
    assert one == many <= SEARCH_QUERIES


def test_api_offer_runs_a_fixed_few_queries(counter: StatementCounter, client: FlaskClient,
                                            slugs: list[str]) -> None:
    assert counter.get(client, f"/api/v1/offers/{slugs[0]}") <= OFFER_QUERIES
    offer_id = client.get(f"/api/v1/offers/{slugs[0]}").get_json()["id"]
    # By HSDS id: one more statement, the slug look-up that found nothing.
    assert counter.get(client, f"/api/v1/offers/{offer_id}") <= OFFER_QUERIES + 1


def test_search_page_runs_the_same_few_queries_for_one_hit_and_for_all(
        counter: StatementCounter, client: FlaskClient) -> None:
    one = counter.get(client, f"/?per_page=50&q={ONE_HIT}")
    many = counter.get(client, f"/?per_page=50&q={ALL_HITS}")
    assert one == many <= SEARCH_QUERIES


def test_detail_page_runs_a_fixed_few_queries(counter: StatementCounter, client: FlaskClient,
                                              slugs: list[str]) -> None:
    assert counter.get(client, f"/tilbud/{slugs[0]}") <= OFFER_QUERIES
    assert counter.get(client, f"/tilbud/{slugs[0]}?at=2026-12-24T10:00&lang=en") \
        <= OFFER_QUERIES


def test_my_list_runs_the_same_few_queries_for_one_offer_and_for_all(
        counter: StatementCounter, client: FlaskClient, slugs: list[str]) -> None:
    one = counter.get(client, f"/liste?liste={slugs[0]}")
    every = counter.get(client, "/liste?liste=" + ",".join(slugs))
    assert one == every <= OFFER_QUERIES
    assert counter.get(client, "/liste/print?liste=" + ",".join(slugs)) == every
