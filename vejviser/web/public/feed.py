"""``/aendringer.atom``: the changes feed (Atom) partner sites and professionals subscribe to.

The entries come from ``catalogue.changes_feed`` and show offers through the public projection
only; the same entries as JSON are ``/api/v1/changes``. Titles and texts are in the page
language (Danish unless ``?lang=en``).
"""
from __future__ import annotations

from datetime import datetime, timezone
from xml.etree import ElementTree

from flask import Response, current_app, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from vejviser import hours
from vejviser.catalogue.changes_feed import FeedEntry, recent_changes
from vejviser.db import db
from vejviser.local_time import now_local
from vejviser.web.messages import current_lang, translate
from vejviser.web.public import blueprint

ATOM = "http://www.w3.org/2005/Atom"
#: Entries one feed document holds.
FEED_LIMIT = 50


def _absolute(path: str) -> str:
    return current_app.config.get("BASE_URL", "").rstrip("/") + path


def entry_lines(entry: FeedEntry, lang: str) -> list[str]:
    """The text of an entry: the offer's summary and, when its hours or state changed, the hours
    now in force (from the public projection: no hidden address is ever part of it)."""
    offer = entry.offer
    if offer is None:
        return [_("Se hvad der har åbent i nat på forsiden.")] if entry.kind == "winter_on" else []
    lines = [offer.summary] if offer.summary else []
    if entry.kind == "closed" and offer.alert:
        lines.append(offer.alert)
    if entry.kind in ("new", "hours", "reopened") and offer.places:
        lines += hours.describe(offer.places[0].hours.opening, lang,
                                today=now_local().date())
    return lines


def _element(parent: ElementTree.Element, tag: str, text: str | None = None,
             **attributes: str) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def atom_document(entries: list[FeedEntry], lang: str) -> bytes:
    """The Atom 1.0 document for ``entries`` (newest first)."""
    ElementTree.register_namespace("", ATOM)
    feed = ElementTree.Element(f"{{{ATOM}}}feed", {"xml:lang": lang})
    self_url = _absolute(url_for("public.changes_feed"))
    _element(feed, f"{{{ATOM}}}id", self_url)
    _element(feed, f"{{{ATOM}}}title", _("Den sociale vejviser: ændringer i tilbuddene"))
    newest = entries[0].at if entries else datetime(2026, 1, 1, tzinfo=timezone.utc)
    _element(feed, f"{{{ATOM}}}updated", newest.isoformat())
    _element(feed, f"{{{ATOM}}}link", rel="self", href=self_url)
    _element(feed, f"{{{ATOM}}}link", rel="alternate", href=_absolute(url_for("public.index")))
    author = _element(feed, f"{{{ATOM}}}author")
    _element(author, f"{{{ATOM}}}name", _("Odense Kommune"))
    for entry in entries:
        item = _element(feed, f"{{{ATOM}}}entry")
        _element(item, f"{{{ATOM}}}id", f"{self_url}#aendring-{entry.id}")
        _element(item, f"{{{ATOM}}}title", translate(entry.title))
        _element(item, f"{{{ATOM}}}updated", entry.at.isoformat())
        _element(item, f"{{{ATOM}}}category", term=entry.kind)
        if entry.offer is not None and entry.kind != "retired":
            _element(item, f"{{{ATOM}}}link", rel="alternate",
                     href=_absolute(url_for("public.offer", slug=entry.offer.slug)))
        lines = entry_lines(entry, lang)
        if lines:
            _element(item, f"{{{ATOM}}}summary", "\n".join(lines))
    return bytes(ElementTree.tostring(feed, encoding="utf-8", xml_declaration=True))


@blueprint.get("/aendringer.atom")
def changes_feed() -> ResponseReturnValue:
    """The newest published changes to offers, as an Atom feed."""
    entries = recent_changes(db.session(), limit=FEED_LIMIT)
    return Response(atom_document(entries, current_lang()),
                    mimetype="application/atom+xml")
