"""Pure mapping from an offer to the index document (no Whoosh, no session, no I/O).

Inactive offers have no document at all: what is not in the index can never be shown.
"""
from __future__ import annotations

import json
from datetime import timezone
from typing import Any

from vejviser import hours
from vejviser.catalogue.public import PublicOffer, project
from vejviser.models import CATEGORY, TARGET_GROUP, Offer, OfferStatus
from vejviser.search.analysis import fold, weighted
from vejviser.search.schema import FIELD_WEIGHTS, FREE_UNTIL_FORMAT, PARTS_FACTOR

#: The SQL condition for offers the index holds: the query form of :func:`is_indexed`.
INDEXED = Offer.status != OfferStatus.INACTIVE


def is_indexed(offer: Offer) -> bool:
    """Whether ``offer`` belongs in the index: only public offers (inactive ones never do)."""
    return offer.is_public


def status_keyword(status: OfferStatus) -> str:
    """The ``status`` keyword the index holds for an offer with ``status``."""
    return status.value.replace(" ", "_")


def encode_points(offer: PublicOffer) -> bytes:
    """The public points of the offer's places, in place order, as ``lat,lon;;lat,lon`` (an
    empty item for a place without a public point: a hidden address is never measured)."""
    items = []
    for place in offer.places:
        point = place.location.point if place.location is not None else None
        items.append(f"{point[0]:.6f},{point[1]:.6f}" if point else "")
    return ";".join(items).encode() if any(items) else b""


def decode_points(raw: bytes) -> tuple[tuple[int, tuple[float, float]], ...]:
    """The inverse of :func:`encode_points`: (place index, point) for places with a point."""
    if not raw:
        return ()
    out = []
    for index, item in enumerate(raw.decode().split(";")):
        if item:
            lat, lon = item.split(",")
            out.append((index, (float(lat), float(lon))))
    return tuple(out)


def encode_hours(offer: PublicOffer) -> bytes:
    """The hours in force at each place, in place order: ``[{"id", "closed", "rows"}]`` with
    the hours engine's own rows (a temporarily closed place is closed whatever its rows say)."""
    # Empty row fields are left out (the row reader takes a missing key as empty): they were
    # over half of the column, which every search worker keeps in memory.
    return json.dumps([
        {"id": place.id, "closed": place.hours.closed,
         "rows": [{key: value for key, value in row.items() if value != ""}
                  for row in hours.rules_to_rows(place.hours.opening)]}
        for place in offer.places
    ], ensure_ascii=False, separators=(",", ":")).encode()


def decode_hours(raw: bytes) -> list[tuple[str | None, bool, hours.OpeningHours]]:
    """The inverse of :func:`encode_hours`: (place id, closed, hours) per place."""
    return [(entry.get("id"), bool(entry.get("closed")), hours.rows_to_rules(entry["rows"]))
            for entry in (json.loads(raw.decode()) if raw else [])]


def offer_document(stored: Offer) -> dict[str, Any]:
    """The fields Whoosh indexes for ``stored``'s public projection (see ``schema.build_schema``):
    a hidden street, postcode or point is not in the projection, so it is not in the index."""
    offer = project(stored)
    labels = [term.label("da") for term in offer.terms
              if term.vocabulary in (CATEGORY, TARGET_GROUP)]
    places = [" ".join(filter(None, (loc.name, loc.address_1, loc.city, loc.postal_code)))
              for loc in offer.locations]
    description = "\n".join(filter(None, (offer.description, offer.eligibility_description)))
    # The typo lexicon leaves descriptions out: the words people misspell in a search are the
    # ones names, labels and summaries use, and descriptions held a third of all postings.
    lexicon = "\n".join((offer.name, offer.alternate_name, *labels, offer.summary,
                         offer.organization.name, *places))
    sections = {
        "name": offer.name, "alternate_name": offer.alternate_name, "labels": "\n".join(labels),
        "summary": offer.summary, "description": description,
        "organization": offer.organization.name, "place": "\n".join(places),
    }
    return {
        "id": offer.id,
        "text": weighted([(FIELD_WEIGHTS[key], value) for key, value in sections.items()]),
        "parts": weighted([(FIELD_WEIGHTS[key] * PARTS_FACTOR, value)
                           for key, value in sections.items()
                           if key not in ("organization", "place")]),
        "words": lexicon,
        "name_exact": "\n".join(filter(None, (offer.name, offer.alternate_name))),
        "sort_name": fold(offer.name).encode(),
        "geo": encode_points(offer),
        "hours": encode_hours(offer),
        "status": status_keyword(offer.status),
        **{vocabulary: " ".join(term.code for term in offer.terms if term.vocabulary == vocabulary)
           for vocabulary in ("category", "target_group", "attribute", "legal_basis")},
        "language": " ".join(sorted({language.code for language in offer.languages})),
        "free_until": free_until(offer),
    }


def free_until(offer: PublicOffer) -> str:
    """Until when the offer has free places tonight (``FREE_UNTIL_FORMAT``), or "" when it
    publishes no figure or is full. The search compares it with the moment it is asked."""
    figure = offer.free_places
    if figure is None or figure.places <= 0:
        return ""
    return figure.expires_at.astimezone(timezone.utc).strftime(FREE_UNTIL_FORMAT)
