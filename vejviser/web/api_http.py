"""HTTP manners shared by the open APIs (``/api/v1`` and ``/api/hsds``).

- Conditional GET: the validator is known before the answer is built (the catalogue's change
  sequence, the request and, for answers that say whether something is open now, the current
  minute), so a matching ``If-None-Match`` costs three small queries and no page. ``max-age``
  is 60 s at most: an "open now" answer must not outlive its minute by much.
- Pagination: ``Link`` (first, prev, next, last) and ``X-Total-Count`` headers.
- CORS: ``*`` for every answer under ``/api/`` (GET needs no credentials; we set no cookies).
"""
from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any, TypeVar, cast
from urllib.parse import urlencode

from flask import Flask, Response, make_response, request
from flask.typing import ResponseReturnValue

from vejviser.catalogue import listing
from vejviser.db import db
from vejviser.local_time import now_local

MAX_AGE = 60
#: Headers a page on another origin may read from our answers.
EXPOSED = "ETag, Last-Modified, Link, X-Total-Count, Retry-After"
View = TypeVar("View", bound=Callable[..., ResponseReturnValue])


def _validator(clock: bool) -> tuple[str, datetime | None]:
    seq, organizations, terms, changed_at = listing.version(db.session())
    parts = [str(seq), str(organizations), str(terms), request.path,
             request.query_string.decode("latin-1")]
    if clock:
        minute = now_local().astimezone(timezone.utc).replace(second=0, microsecond=0)
        parts.append(minute.isoformat())
        changed_at = max(filter(None, (changed_at and _aware(changed_at), minute)))
    tag = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
    return tag, changed_at and _aware(changed_at)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def conditional(clock: bool = False) -> Callable[[View], View]:
    """Give a GET view an ``ETag``, ``Last-Modified`` and ``Cache-Control``, and answer 304 when
    the client already holds this answer. ``clock``: the answer changes with the minute."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> ResponseReturnValue:
            tag, modified = _validator(clock)
            if request.if_none_match.contains(tag):
                response = Response(status=304)
            else:
                response = make_response(view(*args, **kwargs))
                if response.status_code != 200:
                    return response
            response.set_etag(tag)
            if modified is not None:
                response.last_modified = modified
            response.cache_control.public = True
            response.cache_control.max_age = MAX_AGE
            if response.status_code == 200 and "If-None-Match" not in request.headers:
                response.make_conditional(request)  # If-Modified-Since
            return response

        return cast(View, wrapper)

    return decorate


def paginate(response: Response, page: int, per_page: int, total: int) -> Response:
    """``Link`` to the first, previous, next and last page, and ``X-Total-Count``."""
    last = max(1, -(-total // per_page))
    links = [("first", 1)]
    if page > 1:
        links.append(("prev", min(page - 1, last)))
    if page < last:
        links.append(("next", page + 1))
    links.append(("last", last))
    args = [(key, value) for key, value in request.args.items(multi=True) if key != "page"]
    response.headers["Link"] = ", ".join(
        f'<{request.base_url}?{urlencode(args + [("page", str(number))])}>; rel="{rel}"'
        for rel, number in links)
    response.headers["X-Total-Count"] = str(total)
    return response


def _cors(response: Response) -> Response:
    if request.path.startswith("/api/") or request.path == "/api":
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = EXPOSED
        if request.method == "OPTIONS":
            response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response.headers["Access-Control-Allow-Headers"] = (
                "Accept, Accept-Language, If-None-Match, If-Modified-Since")
            response.headers["Access-Control-Max-Age"] = str(24 * 3600)
    return response


def init_app(app: Flask) -> None:
    """CORS headers on every answer under ``/api/`` (errors included)."""
    app.after_request(_cors)
