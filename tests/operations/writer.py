"""A process that writes the catalogue while tests back it up, kill it or read it elsewhere.

``python -m tests.operations.writer CONFIG_JSON FOLDER COUNT``: COUNT transactions (or until
``FOLDER/stop`` exists), alternately adding an offer and renaming one; after each commit it
writes ``FOLDER/<seq>.json``, every table as of that change sequence number (it is the only
writer, so nothing else changed in between).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests.factories import make_offer
from vejviser import create_app
from vejviser.db import Base, db
from vejviser.models import Offer, OfferChange


def dump_tables(session: Session) -> dict[str, list[list[str]]]:
    """Every table's rows, ordered by primary key, values as ``repr`` (JSON-comparable)."""
    tables: dict[str, list[list[str]]] = {}
    for table in Base.metadata.sorted_tables:
        order = list(table.primary_key.columns) or list(table.columns)
        rows = session.execute(select(table).order_by(*order)).all()
        tables[table.name] = [[repr(value) for value in row] for row in rows]
    return json.loads(json.dumps(tables))


def write_once(session: Session, number: int) -> None:
    """One transaction's worth of change: a new offer, or (every third time) a renamed one."""
    if number % 3 == 2:
        offer = session.scalars(select(Offer).order_by(Offer.id).limit(1)).one()
        offer.name = f"Omdøbt tilbud {number}"
    else:
        make_offer(session, name=f"Skrivetilbud {number}")


def main(config: dict[str, Any], folder: Path, count: int) -> None:
    app = create_app(config)
    with app.app_context():
        for number in range(count):
            if (folder / "stop").exists():
                break
            write_once(db.session, number)
            db.session.commit()
            seq = db.session.scalar(select(func.max(OfferChange.seq)))
            partial = folder / f".{seq}.partial"
            partial.write_text(json.dumps(dump_tables(db.session)), "utf-8")
            partial.rename(folder / f"{seq}.json")
        db.session.remove()
        db.engine.dispose()


if __name__ == "__main__":
    main(json.loads(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]))
