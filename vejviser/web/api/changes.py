"""``GET /api/v1/changes``: the changes feed as JSON (the Atom feed is ``/aendringer.atom``)."""
from __future__ import annotations

from typing import Any

from flask import abort, jsonify, request
from flask.typing import ResponseReturnValue

from vejviser.catalogue.changes_feed import FeedEntry, recent_changes
from vejviser.db import db
from vejviser.web.api import blueprint
from vejviser.web.api_http import conditional

MAX_LIMIT = 200


def change_json(entry: FeedEntry) -> dict[str, Any]:
    """One change: kind, when, Danish title and the offer's public identity (no address)."""
    offer = entry.offer
    return {
        "id": entry.id,
        "kind": entry.kind,
        "at": entry.at.isoformat(),
        "title": str(entry.title),
        "offer": None if offer is None else {
            "id": offer.id, "slug": offer.slug, "name": offer.name,
            "organization": offer.organization.name, "status": offer.status.value,
        },
        "until": entry.until.isoformat() if entry.until else None,
    }


@blueprint.get("/changes")
@conditional()
def changes() -> ResponseReturnValue:
    """The newest published changes, newest first (``?limit=``, at most 200)."""
    raw = request.args.get("limit", "50").strip()
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        abort(400, description=f"'limit' skal være et helt tal fra 1 til {MAX_LIMIT}.")
    return jsonify({"changes": [change_json(entry)
                                for entry in recent_changes(db.session(), int(raw))]})
