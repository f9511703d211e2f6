"""The search on partner sites: ``/widget.js`` (script, Shadow DOM), ``/embed`` (an iframe for
sites that allow no third-party scripts), ``/widget-resize.js`` (the optional height script) and
``/indlejr`` ("Indlejr søgningen": pick filters, see a preview, copy a snippet).

``/embed`` is the only page other sites may frame (``frame-ancestors *``); every other page keeps
``frame-ancestors 'self'`` (``vejviser.security``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, render_template, request
from flask.typing import ResponseReturnValue

from vejviser.catalogue.taxonomy import vocabulary_terms
from vejviser.db import db
from vejviser.security import CONTENT_SECURITY_POLICY
from vejviser.web.access import declare

blueprint = declare(Blueprint("embed", __name__), "public")  # for partner sites: open to all

_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
#: A colour a partner may give: #rgb, #rrggbb (what <input type=color> gives) or a plain name.
_COLOUR = re.compile(r"^(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|[a-z]{3,20})$")
#: Scripts are served at fixed addresses partners paste; they may change, so cached an hour.
SCRIPT_MAX_AGE = 3600
SCRIPTS = {"widget.js": "widget.js", "widget-resize.js": "resize.js"}


@dataclass
class EmbedOptions:
    """What a partner chose; read leniently from a query string (bad values fall back)."""

    categories: list[str] = field(default_factory=list)
    target_groups: list[str] = field(default_factory=list)
    open_now: bool = True
    postcode: str = ""
    lang: str = "da"
    max: int = 5
    accent: str = ""
    layout: str = "compact"
    height: int = 600

    @classmethod
    def from_args(cls, args: Any, checkbox_form: bool = False, lang_key: str = "lang"
                  ) -> EmbedOptions:
        """Options from ``args``; ``checkbox_form``: an absent ``open_now`` means unticked;
        ``lang_key``: the parameter naming the widget's language (the builder page's own
        language is ``lang``, so its form calls the widget's ``sprog``)."""
        def codes(name: str) -> list[str]:
            values = [v.strip() for raw in args.getlist(name) for v in raw.split(",")]
            return [v for v in dict.fromkeys(values) if _CODE.match(v)][:20]

        def number(name: str, default: int, low: int, high: int) -> int:
            raw = str(args.get(name, "")).strip()
            return min(max(int(raw), low), high) if raw.isdigit() else default

        raw_open = args.get("open_now")
        open_now = raw_open in ("1", "true", "on") if (raw_open is not None or checkbox_form) \
            else True
        postcode = str(args.get("postcode", "")).strip()
        accent = str(args.get("accent", "")).strip()
        return cls(categories=codes("category"), target_groups=codes("target_group"),
                   open_now=open_now, postcode=postcode if re.fullmatch(r"\d{4}", postcode) else "",
                   lang="en" if args.get(lang_key) == "en" else "da",
                   max=number("max", 5, 1, 20), accent=accent if _COLOUR.match(accent) else "",
                   layout="full" if args.get("layout") == "full" else "compact",
                   height=number("height", 600, 200, 2000))

    def data_attributes(self) -> dict[str, str]:
        """The widget's ``data-`` attributes (empty ones left out)."""
        values = {"data-categories": ",".join(self.categories),
                  "data-target-groups": ",".join(self.target_groups),
                  "data-open-now": "true" if self.open_now else "false",
                  "data-postcode": self.postcode, "data-lang": self.lang,
                  "data-max": str(self.max), "data-accent": self.accent,
                  "data-layout": self.layout}
        return {key: value for key, value in values.items() if value}

    def query(self) -> str:
        """The ``/embed`` query string for these options."""
        pairs = [("category", code) for code in self.categories]
        pairs += [("target_group", code) for code in self.target_groups]
        pairs += [("open_now", "1" if self.open_now else "0"), ("postcode", self.postcode),
                  ("lang", self.lang), ("max", str(self.max)), ("accent", self.accent),
                  ("layout", self.layout)]
        return urlencode([(key, value) for key, value in pairs if value])


@blueprint.get("/<any('widget.js', 'widget-resize.js'):name>")
def script(name: str) -> ResponseReturnValue:
    """The widget's scripts at the fixed addresses partners paste."""
    path = Path(current_app.static_folder or "") / "widget" / SCRIPTS[name]
    response = Response(path.read_bytes(), mimetype="text/javascript")
    response.cache_control.public = True
    response.cache_control.max_age = SCRIPT_MAX_AGE
    response.add_etag()
    response.make_conditional(request)
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


@blueprint.get("/embed")
def frame() -> ResponseReturnValue:
    """The search alone on a page, for an ``<iframe>`` on any site."""
    options = EmbedOptions.from_args(request.args)
    response = Response(render_template("embed/frame.html", options=options))
    # The one page any site may frame; nothing else about the policy changes.
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY.replace(
        "frame-ancestors 'self'", "frame-ancestors *")
    return response


@blueprint.get("/indlejr")
def builder() -> ResponseReturnValue:
    """"Indlejr søgningen": choose filters, see the search as it will look, copy a snippet."""
    chosen = any(key not in ("lang", "liste") for key in request.args)
    options = EmbedOptions.from_args(request.args, checkbox_form=chosen, lang_key="sprog")
    session = db.session()
    return render_template("embed/builder.html", options=options,
                           categories=vocabulary_terms(session, "category"),
                           target_groups=vocabulary_terms(session, "target_group"),
                           origin=request.host_url.rstrip("/"))
