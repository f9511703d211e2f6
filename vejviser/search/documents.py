"""Pure mapping from an offer to the index document (no Whoosh, no session, no I/O).

Inactive offers have no document at all: what is not in the index can never be shown.
"""
from __future__ import annotations

import json
from typing import Any

from vejviser import hours
from vejviser.catalogue.opening import opening_hours_for
from vejviser.models import CATEGORY, TARGET_GROUP, Offer, OfferStatus
from vejviser.search.analysis import fold, weighted
from vejviser.search.schema import FIELD_WEIGHTS, PARTS_FACTOR

#: The SQL condition for offers the index holds: the query form of :func:`is_indexed`.
INDEXED = Offer.status != OfferStatus.INACTIVE


def is_indexed(offer: Offer) -> bool:
    """Whether ``offer`` belongs in the index: only public offers (inactive ones never do)."""
    return offer.is_public


def status_keyword(status: OfferStatus) -> str:
    """The ``status`` keyword the index holds for an offer with ``status``."""
    return status.value.replace(" ", "_")


def encode_points(offer: Offer) -> bytes:
    """The offer's measurable points as ``lat,lon;lat,lon`` (locations without a point skipped)."""
    points = sorted({(loc.latitude, loc.longitude) for loc in offer.locations if loc.has_point})
    return ";".join(f"{lat:.6f},{lon:.6f}" for lat, lon in points).encode()


def decode_points(raw: bytes) -> tuple[tuple[float, float], ...]:
    """The inverse of :func:`encode_points`."""
    if not raw:
        return ()
    pairs = (item.split(",") for item in raw.decode().split(";"))
    return tuple((float(lat), float(lon)) for lat, lon in pairs)


def encode_hours(offer: Offer) -> bytes:
    """The offer's opening hours as the hours engine's JSON rows."""
    return json.dumps(hours.rules_to_rows(opening_hours_for(offer)), ensure_ascii=False).encode()


def decode_hours(raw: bytes) -> hours.OpeningHours:
    """The inverse of :func:`encode_hours`."""
    return hours.rows_to_rules(json.loads(raw.decode()) if raw else [])


def offer_document(offer: Offer) -> dict[str, Any]:
    """The fields Whoosh indexes for ``offer`` (see ``schema.build_schema``)."""
    labels = [term.label("da") for term in offer.terms
              if term.vocabulary in (CATEGORY, TARGET_GROUP)]
    places = [" ".join(filter(None, (loc.name, loc.city, loc.postal_code)))
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
    }
