"""Small helpers for the search tests."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from vejviser import search
from vejviser.db import db
from vejviser.models import Offer


def slugs_for(**args: Any) -> list[str]:
    """Run a search from query-string style arguments; the slugs of the hits in order."""
    result = run(**args)
    by_id = dict(db.session.execute(select(Offer.id, Offer.slug)).all())
    return [by_id[hit.offer_id] for hit in result.hits]


def run(**args: Any) -> search.SearchResult:
    """``search.search`` on parsed arguments (lists become repeated parameters)."""
    multi = MultiDict()
    for key, value in args.items():
        for item in value if isinstance(value, (list, tuple)) else [value]:
            multi.add(key, str(item))
    return search.search(search.parse_args(multi))
