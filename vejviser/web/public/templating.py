"""What every public template can use: the locale, URLs that keep the query, versioned assets.

Assets get a content hash in their URL (``site.css?v=3f2a…``) and a year-long immutable cache
header, so a deploy never serves stale CSS or JS and repeat visits cost no requests.
"""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, g, request, url_for
from flask_babel import format_decimal
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from vejviser.web.messages import current_lang

#: Min liste holds slugs (lowercase ascii and hyphens); more than this is not a list for a citizen.
MAX_LIST = 30
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,119}$")
#: The query arguments our pages understand: the only ones links carry on. Anything else in the
#: address (a tracking tag, or 60 KB of junk) would otherwise be copied into every link.
LINK_ARGS = frozenset({
    "q", "category", "target_group", "attribute", "language", "open_now", "open_at", "near",
    "postcode", "radius_km", "sort", "page", "per_page", "lang", "liste", "fra", "at",
    "free_tonight"})
#: More values, or longer ones, than any page of ours makes: cut, so a link stays a link (Min
#: liste is carried on in its cleaned form: at most 30 valid slugs).
MAX_LINK_VALUES = 20
MAX_LINK_VALUE_LENGTH = 500


def route_path() -> str:
    """This page's path, built from its route and never from the raw request path.

    A browser reads ``/\\`` (and ``/<tab>/``) as ``//``, the start of another host, so the 404
    for ``/%5Cevil.example`` must not link to ``/\\evil.example?lang=en``. A request that
    matched no route (a 404) gets the search page's path.
    """
    if "vejviser_route_path" not in g:
        if request.url_rule is None or not request.endpoint:
            g.vejviser_route_path = url_for("public.index")
        else:
            g.vejviser_route_path = url_for(request.endpoint, **(request.view_args or {}))
    return str(g.vejviser_route_path)


def url_with(**changes: Any) -> str:
    """The current page's URL with some query arguments replaced (``None`` removes one).

    Pagination, the language switch and facet links use this, so they keep the query, the
    filters and Min liste. ``page`` is dropped whenever anything else changes. The path comes
    from the route (``route_path``); a page no route matched keeps only Min liste.
    """
    if request.url_rule is not None:
        args = _link_args()
    else:
        args = MultiDict([("liste", value) for value in request.args.getlist("liste")])
    if "page" not in changes and any(key != "lang" for key in changes):
        args.pop("page", None)
    for key, value in changes.items():
        args.pop(key, None)
        if value is None:
            continue
        for item in value if isinstance(value, (list, tuple)) else [value]:
            args.add(key, str(item))
    query = urlencode(list(args.items(multi=True)))
    return route_path() + (f"?{query}" if query else "")


def _link_args() -> MultiDict[str, str]:
    """The current query arguments a link may carry on: known keys, bounded in number and size."""
    kept: MultiDict[str, str] = MultiDict()
    for key, value in request.args.items(multi=True):
        if key == "liste":
            value = list_param(list_slugs(value)) or ""
        if key in LINK_ARGS and value and len(kept.getlist(key)) < MAX_LINK_VALUES:
            kept.add(key, value[:MAX_LINK_VALUE_LENGTH])
    return kept


def list_slugs(raw: str | None = None) -> list[str]:
    """Min liste from ``?liste=a,b,c``: valid, unique slugs in the order they were added."""
    raw = request.args.get("liste", "") if raw is None else raw
    out: list[str] = []
    for slug in raw.split(","):
        slug = slug.strip().lower()
        if _SLUG.match(slug) and slug not in out:
            out.append(slug)
    return out[:MAX_LIST]


def list_param(slugs: list[str]) -> str | None:
    """The ``liste`` query value for ``slugs`` (``None`` for an empty list)."""
    return ",".join(slugs) or None


@lru_cache(maxsize=64)
def _digest(path: str, mtime: float) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def asset_url(filename: str) -> str:
    """``url_for('static')`` with a content hash, so changed files get new URLs."""
    path = Path(current_app.static_folder or "") / filename
    version = _digest(str(path), path.stat().st_mtime)
    return url_for("static", filename=filename, v=version)


def _cache_static(response: Response) -> Response:
    # Hashed URLs never change content: let browsers keep them for a year.
    if request.endpoint == "static" and request.args.get("v") and response.status_code == 200:
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def init_blueprint(blueprint: Blueprint) -> None:
    """Register the template helpers and the static cache header."""

    @blueprint.app_context_processor
    def _helpers() -> dict[str, Any]:
        lang = current_lang()
        return {
            "lang": lang,
            # The catalogue is written in Danish: on an English page its texts say so, so a
            # screen reader reads them with a Danish voice (WCAG 3.1.2).
            "in_danish": Markup(' lang="da"') if lang != "da" else "",
            "url_with": url_with,
            "asset_url": asset_url,
            "my_list": list_slugs(),
            "list_param": list_param,
        }

    blueprint.after_app_request(_cache_static)

    from vejviser.hours import fmt_date
    from vejviser.web.messages import translate
    from vejviser.web.public.cards import keep_html
    from vejviser.web.public.filters import language_name
    from vejviser.web.richtext import rich_text

    blueprint.add_app_template_global(keep_html, "keep_html")
    blueprint.add_app_template_filter(rich_text, "rich_text")
    blueprint.add_app_template_filter(translate, "translated")
    blueprint.add_app_template_filter(lambda code: language_name(code, current_lang()),
                                      "language_name")
    blueprint.add_app_template_filter(lambda day: fmt_date(day, current_lang()), "long_date")
    blueprint.add_app_template_filter(
        lambda km: format_decimal(km, "0.0" if km < 10 else "0"), "km")
