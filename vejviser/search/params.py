"""Search parameters: the dataclass and the query-string parser (no Whoosh, no database)."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from vejviser.local_time import MomentError, parse_local_moment
from vejviser.messages import Message, message_of

SORTS = ("relevance", "distance")
DEFAULT_MAX_QUERY = 200
MAX_FILTER_VALUES = 20
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_POSTCODE = re.compile(r"^\d{4}$")


class SearchParamError(ValueError):
    """A malformed search parameter; the message (a Danish ``Message``, translated by the web
    layer) says what is expected, and ``param`` names the parameter (the search page names the
    field a person sees instead)."""

    def __init__(self, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.param = param


@dataclass(frozen=True)
class SearchParams:
    """A parsed search request."""

    q: str = ""
    categories: tuple[str, ...] = ()
    target_groups: tuple[str, ...] = ()
    attributes: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    open_at: datetime | None = None
    open_now: bool = False
    near: tuple[float, float] | None = None
    postcode: str | None = None
    radius_km: float | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    #: Only offers with free places tonight ("Ledig plads i nat").
    free_tonight: bool = False
    #: The moment ``free_tonight`` is asked at (the search fills it in from the app's clock).
    free_at: datetime | None = None
    #: Whether to count facets (``facets=0`` skips them, e.g. for a widget without a sidebar).
    facets: bool = True
    #: Things the parser did that the person should know (e.g. a query that was cut).
    notices: tuple[Message, ...] = ()


def clean_query(text: str, limit: int) -> tuple[str, list[Message]]:
    """Control characters out, whitespace collapsed, cut at ``limit`` characters (with a notice)."""
    # Whitespace separates words; other control and format characters become U+FFFD, which is
    # no word: "\x08" alone is then a query without words (no results), never an empty query
    # (which would list the whole catalogue).
    text = "".join(" " if ch.isspace() or unicodedata.category(ch)[0] == "Z"
                   else "\ufffd" if unicodedata.category(ch)[0] == "C" else ch for ch in text)
    text = " ".join(text.split())
    notices = []
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
        notices.append(Message("Søgningen var for lang og er forkortet til de første "
                               "%(limit)d tegn.", limit=limit))
    return text, notices


def _getlist(args: Any, key: str) -> list[str]:
    if hasattr(args, "getlist"):
        return list(args.getlist(key))
    value = args.get(key)
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _codes(args: Any, key: str) -> tuple[str, ...]:
    values = []
    for raw in _getlist(args, key):
        for value in str(raw).split(","):
            value = value.strip().lower()
            if not value:
                continue
            if not _SLUG.match(value):
                raise SearchParamError(Message(
                    "'%(key)s' skal være en kode som 'varmestue' (små bogstaver, tal og "
                    "bindestreger), fik %(value)s", key=key, value=repr(value[:40])), key)
            if value not in values:
                values.append(value)
    if len(values) > MAX_FILTER_VALUES:
        raise SearchParamError(Message("Højst %(count)d værdier i '%(key)s'",
                                       count=MAX_FILTER_VALUES, key=key), key)
    return tuple(values)


def _number(args: Any, key: str, kind: type, low: float, high: float) -> Any:
    raw = str(args.get(key) or "").strip()
    if not raw:
        return None
    try:
        value = kind(raw.replace(",", ".") if kind is float else raw)
    except ValueError:
        raise SearchParamError(Message("'%(key)s' skal være et tal, fik %(value)s",
                                       key=key, value=repr(raw[:40])), key) from None
    if value != value or not low <= value <= high:  # NaN or out of range
        raise SearchParamError(Message("'%(key)s' skal ligge mellem %(low)s og %(high)s",
                                       key=key, low=f"{low:g}", high=f"{high:g}"), key)
    return value


def _near(args: Any) -> tuple[float, float] | None:
    raw = str(args.get("near") or "").strip()
    if not raw:
        return None
    pieces = raw.split(",")
    try:
        lat, lon = (float(piece) for piece in pieces)
    except ValueError:
        raise SearchParamError(Message(
            "'near' skal være breddegrad,længdegrad som 55.396,10.388"), "near") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise SearchParamError(Message(
            "'near' ligger uden for jorden: breddegrad -90..90, længdegrad -180..180"), "near")
    return lat, lon


_TRUE, _FALSE = ("1", "true", "ja", "on", "yes"), ("", "0", "false", "nej", "off", "no")


def _flag(args: Mapping[str, Any], name: str) -> bool:
    """A yes/no parameter; anything else is an error, not a silent "no"."""
    value = str(args.get(name) or "").strip().lower()
    if value in _TRUE or value in _FALSE:
        return value in _TRUE
    raise SearchParamError(Message("'%(name)s' skal være 1 (ja) eller 0 (nej)", name=name), name)


def parse_args(args: Mapping[str, Any], max_query: int = DEFAULT_MAX_QUERY,
               default_per_page: int = 20, max_per_page: int = 100) -> SearchParams:
    """Parse a query string (a ``MultiDict`` or a plain mapping) into ``SearchParams``."""
    q, notices = clean_query(str(args.get("q") or ""), max_query)
    open_at = None
    if str(args.get("open_at") or "").strip():
        try:
            open_at = parse_local_moment(str(args["open_at"]), "open_at")
        except MomentError as error:
            raise SearchParamError(message_of(error), "open_at") from error
    open_now = _flag(args, "open_now")
    postcode = str(args.get("postcode") or "").strip() or None
    if postcode is not None and not _POSTCODE.match(postcode):
        raise SearchParamError(Message(
            "'postcode' skal være et dansk postnummer med fire cifre, fx 5000"), "postcode")
    near = _near(args)
    radius = _number(args, "radius_km", float, 0.1, 500)
    sort = str(args.get("sort") or "relevance").strip().lower()
    if sort not in SORTS:
        raise SearchParamError(Message("'sort' skal være 'relevance' eller 'distance'"), "sort")
    if (radius is not None or sort == "distance") and near is None and postcode is None:
        raise SearchParamError(Message(
            "'radius_km' og sort=distance kræver 'near' eller 'postcode'"), "radius_km")
    page = _number(args, "page", int, 1, 10_000) or 1
    per_page = _number(args, "per_page", int, 1, max_per_page) or default_per_page
    return SearchParams(
        q=q, categories=_codes(args, "category"), target_groups=_codes(args, "target_group"),
        attributes=_codes(args, "attribute"), languages=_codes(args, "language"),
        open_at=open_at, open_now=open_now and open_at is None, near=near, postcode=postcode,
        radius_km=radius, sort=sort, page=page, per_page=per_page,
        free_tonight=_flag(args, "free_tonight"),
        facets=str(args.get("facets") or "1").strip().lower() not in ("0", "false", "nej", "no"),
        notices=tuple(notices),
    )
