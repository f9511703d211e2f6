"""Two apps in one process, each on its own copy of the seed (database and index), stay apart.

The browser tests serve two such apps in one pytest process, and so may a host that runs two
sites. Their indexes are copies, so their segments have the same Whoosh ids: an edit in one
(the offer deleted from the seed segment and written to a new one) once hid that offer from
the other's search, because the per-segment arrays were kept under the segment id alone and
read with the first reader's deletions (``vejviser.search.segments``). The consultant's
synonym groups are kept per app too: two copies can reach the same stamp with other words.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import own_database
from tests.template import DatabaseTemplate
from vejviser import create_app
from vejviser.catalogue.loading import load_offer
from vejviser.db import db
from vejviser.models import OfferStatus, SynonymGroup

BOLBRO = "kirkens-korshaer-varmestue-bolbro"
REDEN = "reden-odense"


@pytest.fixture
def two_apps(seed_template: DatabaseTemplate, tmp_path: Path) -> Iterator[tuple[Flask, Flask]]:
    """Two apps, each on a copy of its own of the seeded database and index."""
    with own_database(tmp_path / "a") as (first, _), own_database(tmp_path / "b") as (second, _):
        apps = (create_app(first), create_app(second))
        for app in apps:
            seed_template.copy_into(app)
        yield apps
        for app in apps:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()


def _slugs(client: FlaskClient, **query: str) -> list[str]:
    response = client.get("/api/v1/search", query_string={"per_page": "50", **query})
    assert response.status_code == 200
    return [item["slug"] for item in response.get_json()["results"]]


def _edit(app: Flask, slug: str, **fields: object) -> None:
    with app.app_context():
        offer = load_offer(db.session, slug)
        assert offer is not None
        for name, value in fields.items():
            setattr(offer, name, value)
        db.session.commit()


def test_an_edit_in_one_app_leaves_the_other_apps_search_and_cards_alone(
        two_apps: tuple[Flask, Flask]) -> None:
    first, second = two_apps
    one, other = first.test_client(), second.test_client()
    _edit(first, BOLBRO, summary="Varmestue i Bolbro, nu også med zebrakursus.")
    # The first app reads the seed segment's postings after the edit deleted Bolbro there.
    assert _slugs(one, q="zebrakursus") == [BOLBRO]
    assert BOLBRO in _slugs(one, q="bolbro")
    assert BOLBRO in _slugs(one, category="varmestue")

    assert _slugs(other, q="zebrakursus") == []
    assert BOLBRO in _slugs(other, q="bolbro")
    assert BOLBRO in _slugs(other, category="varmestue")
    page = other.get("/", query_string={"q": "bolbro"}).get_data(as_text=True)
    assert "et varmt sted at være" in page and "zebrakursus" not in page


def test_an_offer_removed_in_one_app_stays_in_the_other(two_apps: tuple[Flask, Flask]) -> None:
    first, second = two_apps
    one, other = first.test_client(), second.test_client()
    _edit(second, REDEN, status=OfferStatus.INACTIVE)
    assert REDEN not in _slugs(other, q="reden")
    assert REDEN not in _slugs(other, target_group="kvinder")

    assert REDEN in _slugs(one, q="reden")
    assert REDEN in _slugs(one, target_group="kvinder")
    assert one.get(f"/tilbud/{REDEN}").status_code == 200


def test_synonym_groups_of_the_same_stamp_stay_in_their_own_app(
        two_apps: tuple[Flask, Flask]) -> None:
    first, second = two_apps
    # The same count, id and moment in both databases (a clock the test controls): only the
    # words differ.
    moment = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)
    for app, words in ((first, "zebrastue, varmestue"), (second, "zebrastue, herberg")):
        with app.app_context():
            db.session.add(SynonymGroup(words=words, updated_at=moment))
            db.session.commit()
    assert BOLBRO in _slugs(first.test_client(), q="zebrastue")
    found = _slugs(second.test_client(), q="zebrastue")
    assert "st-dannesbo" in found and BOLBRO not in found
