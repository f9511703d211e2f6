"""Search facade (placeholder until the Whoosh package lands): the only door to the engine."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from collections.abc import Mapping

from flask import Flask
from werkzeug.datastructures import MultiDict


@dataclass(frozen=True)
class SearchParams:
    """A parsed search request."""

    q: str = ""
    categories: tuple[str, ...] = ()
    target_groups: tuple[str, ...] = ()
    attributes: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    open_at: datetime | None = None
    page: int = 1
    per_page: int = 20


@dataclass
class Hit:
    offer_id: str
    score: float = 0.0
    distance_km: float | None = None


@dataclass
class SearchResult:
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestion: str | None = None
    notices: list[str] = field(default_factory=list)


def init_app(app: Flask) -> None:
    """Nothing to wire yet."""


def rebuild(progress: Callable[[int, int], None] | None = None) -> int:
    """Placeholder: nothing to build."""
    return 0


def search(params: SearchParams) -> SearchResult:
    """Placeholder: every public offer whose name contains the query."""
    from sqlalchemy import select

    from vejviser.db import db
    from vejviser.models import Offer, OfferStatus

    statement = select(Offer).where(Offer.status != OfferStatus.INACTIVE).order_by(Offer.name)
    offers = [o for o in db.session.scalars(statement) if params.q.lower() in o.name.lower()]
    return SearchResult(total=len(offers), hits=[Hit(o.id) for o in offers])


class SearchParamError(ValueError):
    """A malformed search parameter; the message says what is expected."""


def parse_args(args: "Mapping[str, str] | MultiDict[str, str]") -> SearchParams:
    """Placeholder parser for ``q``, filters, ``open_at``, ``page`` and ``per_page``."""
    from vejviser.web.moments import MomentError, parse_local_moment

    getlist = getattr(args, "getlist", lambda key: [args[key]] if key in args else [])
    open_at = None
    if args.get("open_at"):
        try:
            open_at = parse_local_moment(args["open_at"], "open_at")
        except MomentError as error:
            raise SearchParamError(str(error)) from error
    try:
        page = max(1, int(args.get("page") or 1))
        per_page = min(100, max(1, int(args.get("per_page") or 20)))
    except ValueError as error:
        raise SearchParamError("'page' og 'per_page' skal være hele tal") from error
    return SearchParams(
        q=(args.get("q") or "")[:200], categories=tuple(getlist("category")),
        target_groups=tuple(getlist("target_group")), attributes=tuple(getlist("attribute")),
        languages=tuple(getlist("language")), open_at=open_at, page=page, per_page=per_page,
    )
