"""SQL statements per request: a fixed handful, however many offers a page shows.

Offers are read with ``vejviser.catalogue.loading`` (one query per list-valued part of an offer),
so a search with 16 hits costs what a search with one hit costs. Before that, the API search ran
58 statements for the 16 seed offers, one lazy load per offer and part.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, select

from vejviser.db import db
from vejviser.models import Offer

#: The offer row plus one query each for terms, places, schedules, exceptions, languages, phones
#: and contacts; organisation, vocabulary and location are joined in, the organisation's phones
#: and register identifiers one query each; and, for places that keep another offer's hours,
#: that offer's places, schedules and exceptions (the offer joined in).
OFFER_QUERIES = 13
ONE_HIT, ALL_HITS = "krisecenter", "odense"  # 1 and all 16 seed offers
SLUG = "kirkens-korshaer-varmestue-bolbro"


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


@pytest.fixture
def counter(seeded_app: Flask, seeded_client: FlaskClient) -> StatementCounter:
    """A counter on a warmed-up app: index opened and verified, filter vocabularies cached, and
    the search index's freshness poll (its own query) not due again during the test."""
    seeded_client.get("/api/v1/search?q=varmestue")
    seeded_client.get("/?q=varmestue")
    seeded_app.config["SEARCH_POLL_SECONDS"] = 3600
    return StatementCounter(seeded_app)


def _hits(client: FlaskClient, q: str) -> int:
    return len(client.get(f"/api/v1/search?per_page=50&q={q}").get_json()["results"])


def test_the_two_searches_differ_in_size(seeded_app: Flask, seeded_client: FlaskClient) -> None:
    with seeded_app.app_context():
        offers = len(db.session.scalars(select(Offer.id)).all())
    assert _hits(seeded_client, ONE_HIT) == 1
    assert _hits(seeded_client, ALL_HITS) == offers > 10


def test_api_search_runs_the_same_few_queries_for_one_hit_and_for_all(
        counter: StatementCounter, seeded_client: FlaskClient) -> None:
    one = counter.get(seeded_client, f"/api/v1/search?per_page=50&q={ONE_HIT}")
    many = counter.get(seeded_client, f"/api/v1/search?per_page=50&q={ALL_HITS}")
    # The followed offers' rows are read only when a hit follows one: never more than the bound.
    assert one <= many <= OFFER_QUERIES


def test_api_offer_runs_a_fixed_few_queries(counter: StatementCounter,
                                            seeded_client: FlaskClient) -> None:
    assert counter.get(seeded_client, f"/api/v1/offers/{SLUG}") <= OFFER_QUERIES
    offer_id = seeded_client.get(f"/api/v1/offers/{SLUG}").get_json()["id"]
    # By HSDS id: one more statement, the slug look-up that found nothing.
    assert counter.get(seeded_client, f"/api/v1/offers/{offer_id}") <= OFFER_QUERIES + 1


def test_search_page_runs_the_same_few_queries_for_one_hit_and_for_all(
        counter: StatementCounter, seeded_client: FlaskClient) -> None:
    one = counter.get(seeded_client, f"/?per_page=50&q={ONE_HIT}")
    many = counter.get(seeded_client, f"/?per_page=50&q={ALL_HITS}")
    assert one <= many <= OFFER_QUERIES


def test_detail_page_runs_a_fixed_few_queries(counter: StatementCounter,
                                              seeded_client: FlaskClient) -> None:
    assert counter.get(seeded_client, f"/tilbud/{SLUG}") <= OFFER_QUERIES
    assert counter.get(seeded_client, f"/tilbud/{SLUG}?at=2026-12-24T10:00&lang=en") \
        <= OFFER_QUERIES


def test_my_list_runs_the_same_few_queries_for_one_offer_and_for_ten(
        counter: StatementCounter, seeded_app: Flask, seeded_client: FlaskClient) -> None:
    with seeded_app.app_context():
        slugs = sorted(db.session.scalars(select(Offer.slug)))[:10]
    one = counter.get(seeded_client, f"/liste?liste={slugs[0]}")
    ten = counter.get(seeded_client, "/liste?liste=" + ",".join(slugs))
    assert one == ten <= OFFER_QUERIES
    assert counter.get(seeded_client, "/liste/print?liste=" + ",".join(slugs)) == ten
