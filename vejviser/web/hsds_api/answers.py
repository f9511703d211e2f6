"""How HSDS list answers are given: a ``Page`` object, or every item as NDJSON.

``format=ndjson`` streams all matching items, one JSON document a line, without pagination (as
HSDS's ``openapi.json`` says), read a batch at a time so memory stays flat however large the
catalogue.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from flask import Response, jsonify, request, stream_with_context
from flask.typing import ResponseReturnValue

from vejviser.catalogue.listing import Page
from vejviser.db import db
from vejviser.hsds.export import list_page
from vejviser.messages import Message
from vejviser.web import api_args as args
from vejviser.web.api_http import paginate

NDJSON = "application/x-ndjson"
BATCH = 200


def wants_ndjson() -> bool:
    """``format=ndjson`` (``json``, the default, gives pages); anything else is refused."""
    value = (request.args.get("format") or "json").strip().lower()
    if value not in ("json", "ndjson"):
        args.bad(Message("'format' skal være json eller ndjson, fik %(value)s",
                         value=repr(value[:40])))
    return value == "ndjson"


def page_answer(items: list[dict[str, Any]], page: Page) -> ResponseReturnValue:
    """A JSON ``Page`` (total_items, total_pages, page_number, ...) with ``Link`` headers."""
    body = list_page(items, total_items=page.total, page_number=page.page, size=page.per_page)
    return paginate(jsonify(body), page.page, page.per_page, page.total)


def ndjson_answer(fetch: Callable[[int, int], Page], render: Callable[[Any], dict[str, Any]]
                  ) -> ResponseReturnValue:
    """Every item, one a line: ``fetch(page, per_page)`` is called batch after batch."""

    def lines() -> Iterator[str]:
        number = 1
        while True:
            batch = fetch(number, BATCH)
            for item in batch.items:
                yield json.dumps(render(item), ensure_ascii=False, separators=(",", ":")) + "\n"
            if number >= batch.pages:
                break
            number += 1
            db.session().expunge_all()  # the previous batch is written: let it go

    first = fetch(1, 1)  # the total, for X-Total-Count, before streaming starts
    response = Response(stream_with_context(lines()), mimetype=NDJSON)
    response.headers["X-Total-Count"] = str(first.total)
    return response
