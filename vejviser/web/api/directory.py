"""API v1's directory: organisations, taxonomies and their terms, places.

``GET /api/v1/organizations``, ``/organizations/{id}``, ``/taxonomies``, ``/taxonomies/{code}``,
``/terms``, ``/places``, ``/places/{id}``. Lists are paged (``page``, ``per_page``) with ``Link``
and ``X-Total-Count`` headers; every answer has an ``ETag`` (places also say whether they are
open, so theirs changes with the minute).
"""
from __future__ import annotations

from flask import abort, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from vejviser.catalogue import listing
from vejviser.db import db
from vejviser.local_time import now_local
from vejviser.messages import Message
from vejviser.models import Organization, Taxonomy, TaxonomyTerm
from vejviser.web import api_args as args
from vejviser.web.api import blueprint
from vejviser.web.api.directory_json import (
    organization_shape,
    place_shape,
    taxonomy_shape,
    term_shape,
)
from vejviser.web.api_http import conditional, paginate


def _listed(items: list, page: listing.Page) -> ResponseReturnValue:
    response = jsonify({"total": page.total, "page": page.page, "per_page": page.per_page,
                        "results": items})
    return paginate(response, page.page, page.per_page, page.total)


@blueprint.get("/organizations")
@conditional()
def organizations() -> ResponseReturnValue:
    """Organisations with at least one public offer, by name."""
    number, per_page = args.paging()
    page = listing.organization_page(db.session(), number, per_page)
    return _listed([organization_shape(item) for item in page.items], page)


@blueprint.get("/organizations/<organization_id>")
@conditional()
def organization(organization_id: str) -> ResponseReturnValue:
    """One organisation and the ids of its public offers."""
    session = db.session()
    found = session.get(Organization, organization_id)
    offers = listing.public_offer_ids_of(session, organization_id) if found else []
    if found is None or not offers:
        abort(404, description=Message("Ingen organisation med id'et %(key)s.",
                                       key=repr(organization_id[:80])))
    return jsonify(organization_shape(found, offers))


def _taxonomies() -> list[Taxonomy]:
    return list(db.session().scalars(
        select(Taxonomy).options(selectinload(Taxonomy.terms).joinedload(TaxonomyTerm.taxonomy))
        .order_by(Taxonomy.code)))


@blueprint.get("/taxonomies")
@conditional()
def taxonomies() -> ResponseReturnValue:
    """Every vocabulary with its terms (what the search filters take)."""
    return jsonify({"results": [taxonomy_shape(item) for item in _taxonomies()]})


@blueprint.get("/taxonomies/<code>")
@conditional()
def taxonomy(code: str) -> ResponseReturnValue:
    """One vocabulary, by code (``category``) or id, with its terms."""
    for item in _taxonomies():
        if code in (item.code, item.id):
            return jsonify(taxonomy_shape(item))
    abort(404, description=Message("Ingen taksonomi med koden %(key)s.", key=repr(code[:80])))


@blueprint.get("/terms")
@conditional()
def terms() -> ResponseReturnValue:
    """Every term of every vocabulary (``taxonomy=category`` for one vocabulary's)."""
    wanted = args.text("taxonomy", 64)
    found = [term for item in _taxonomies() for term in item.terms
             if wanted in (None, item.code, item.id)]
    return jsonify({"total": len(found), "results": [term_shape(term) for term in found]})


@blueprint.get("/places")
@conditional(clock=True)
def places() -> ResponseReturnValue:
    """Places of public offers (``postcode`` narrows to a public postcode), open state now."""
    number, per_page = args.paging()
    postcode = args.text("postcode", 4)
    if postcode is not None and not (postcode.isdigit() and len(postcode) == 4):
        args.bad(Message("'postcode' skal være et dansk postnummer med fire cifre, fx 5000"))
    page = listing.place_page(db.session(), listing.OfferFilter(), number, per_page,
                              postcode=postcode)
    at = now_local()
    return _listed([place_shape(offer, place, at) for offer, place in page.items], page)


@blueprint.get("/places/<place_id>")
@conditional(clock=True)
def place(place_id: str) -> ResponseReturnValue:
    """One place of a public offer (HSDS service_at_location id)."""
    found = listing.public_place(db.session(), place_id)
    if found is None:
        abort(404, description=Message("Intet sted med id'et %(key)s.", key=repr(place_id[:80])))
    return jsonify(place_shape(*found, now_local()))
