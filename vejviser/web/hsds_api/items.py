"""HSDS list items (one-to-one fields) kept per process between requests.

A page of 100 services costs about half a millisecond of ORM loading and projection per offer,
for an item that depends only on the service's own one-to-one fields and its organisation's.
Items are kept by offer id together with when the offer and its organisation last changed
(``listing.offer_stamps``, one small query), so a changed offer or organisation is projected
again; only missing or changed offers are loaded (the offer and its organisation, no parts), through
the public projection's own-fields part (``public.project_own_fields``).
Each app has its own store, bounded in size (least recently used out).
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from vejviser.catalogue import listing
from vejviser.catalogue.public import project_own_fields
from vejviser.models import Offer
from vejviser.web.hsds_api.documents import service_item

_KEY = "vejviser.hsds_items"
#: More than a national catalogue's offers in both forms (list and minimal).
LIMIT = 60_000


def _store() -> OrderedDict[tuple[str, bool], tuple[tuple[Any, ...], dict[str, Any]]]:
    store: OrderedDict[tuple[str, bool], tuple[tuple[Any, ...], dict[str, Any]]] = \
        current_app.extensions.setdefault(_KEY, OrderedDict())
    return store


def service_list_items(session: Session, ids: list[str], minimal: bool) -> list[dict[str, Any]]:
    """The list items of the public offers ``ids``, in that order."""
    store = _store()
    stamps = listing.offer_stamps(session, ids)
    items: dict[str, dict[str, Any]] = {}
    for offer_id in ids:
        kept = store.get((offer_id, minimal))
        if kept is not None and kept[0] == stamps.get(offer_id):
            store.move_to_end((offer_id, minimal))
            items[offer_id] = kept[1]
    missing = [offer_id for offer_id in ids if offer_id not in items]
    # A list item shows the offer's own fields and its organisation's: the offer and its
    # organisation are read in one statement, none of its parts (load_offers read ~13).
    light = select(Offer).options(joinedload(Offer.organization)).where(Offer.id.in_(missing))
    for offer in session.scalars(light) if missing else ():
        item = service_item(project_own_fields(offer), minimal=minimal)
        items[offer.id] = item
        store[(offer.id, minimal)] = (stamps[offer.id], item)
    while len(store) > LIMIT:
        store.popitem(last=False)
    return [items[offer_id] for offer_id in ids if offer_id in items]
