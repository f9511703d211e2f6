"""An offer as an edit document: storing its own document changes nothing, for every offer of
the seed; a change of one field is a revision of that field with the whole before and after."""
from __future__ import annotations

import json

from flask import Flask
from sqlalchemy import select

from vejviser.db import db
from vejviser.editing.document import FIELDS, document_of
from vejviser.editing.publish import Editor, store_document
from vejviser.models import Offer

EDITOR = Editor(None, "Eva Redaktør", "editor")


def test_every_seed_offer_survives_its_own_document(seeded_app: Flask) -> None:
    with seeded_app.app_context():
        offers = db.session.scalars(select(Offer)).all()
        assert offers
        for offer in offers:
            document = document_of(offer)
            assert set(document) == set(FIELDS)
            # JSON-ready: a form's hidden field, a proposal and a revision carry it.
            assert json.loads(json.dumps(document)) == document
            assert store_document(db.session, offer, document, EDITOR) is None, offer.slug


def test_one_changed_field_is_one_revision_field(seeded_app: Flask) -> None:
    with seeded_app.app_context():
        offer = db.session.scalars(select(Offer).where(
            Offer.slug == "eksempel-natvarmestue-odense")).one()
        before = document_of(offer)
        weekly = before["hours"]["weekly"]
        key = next(iter(weekly))
        changed = json.loads(json.dumps(before))
        changed["hours"]["weekly"][key][0]["description"] = "Husk kaffe"
        revision = store_document(db.session, offer, changed, EDITOR)
        assert revision is not None
        assert revision.document is not None
        assert revision.document["fields"] == ["hours"]
        assert revision.document["before"] == before
        assert revision.document["after"]["hours"]["weekly"][key][0]["description"] == \
            "Husk kaffe"
        # The row kept its id: the edit changed the row, not the set of rows.
        assert revision.document["after"]["hours"]["weekly"][key][0]["id"] == \
            before["hours"]["weekly"][key][0]["id"]
