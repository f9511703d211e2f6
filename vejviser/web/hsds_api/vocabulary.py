"""``/organizations``, ``/taxonomies`` and ``/taxonomy_terms`` (lists and one by id).

Organisations are those with at least one public offer. ``search`` matches names (case does
not matter); filters combine with AND.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from vejviser.catalogue import listing
from vejviser.db import db
from vejviser.messages import Message
from vejviser.models import Organization, Taxonomy, TaxonomyTerm
from vejviser.web import api_args as args
from vejviser.web.api_http import conditional
from vejviser.web.hsds_api import blueprint
from vejviser.web.hsds_api.answers import ndjson_answer, page_answer, wants_ndjson
from vejviser.web.hsds_api.documents import organization_item, taxonomy_item, term_item


def _listed(items: list[Any], render: Callable[[Any], dict[str, Any]]) -> ResponseReturnValue:
    """A list held in memory (taxonomies and terms are few) as a page or NDJSON."""
    def fetch(number: int, size: int) -> listing.Page:
        return listing.Page(items[(number - 1) * size: number * size], len(items), number, size)

    if wants_ndjson():
        return ndjson_answer(fetch, render)
    number, per_page = args.paging()
    page = fetch(number, per_page)
    return page_answer([render(item) for item in page.items], page)


def _name_matches(name: str) -> bool:
    text = args.text("search")
    return text is None or text.casefold() in name.casefold()


def _organizations_named() -> list[str] | None:
    text = args.text("search")
    if text is None:
        return None
    return list(db.session().scalars(select(Organization.id).where(
        func.lower(Organization.name).contains(text.lower(), autoescape=True))))


def _organization(organization: Organization, full: bool, full_service: bool
                  ) -> dict[str, Any]:
    services = []
    if full or full_service:
        ids = listing.public_offer_ids_of(db.session(), organization.id)
        wanted = listing.OfferFilter(ids=tuple(ids))
        services = listing.offer_page(db.session(), wanted, 1, max(len(ids), 1)).items
    return organization_item(organization, services, full or full_service, full_service)


@blueprint.get("/organizations")
@conditional()
def organizations() -> ResponseReturnValue:
    """Organisations with a public offer, by name; ``full``/``full_service`` nest services."""
    full, full_service = args.flag("full"), args.flag("full_service")
    named = _organizations_named()
    session = db.session()

    def fetch(number: int, size: int) -> listing.Page:
        return listing.organization_page(session, number, size, named)

    def render(organization: Organization) -> dict[str, Any]:
        return _organization(organization, full, full_service)

    if wants_ndjson():
        return ndjson_answer(fetch, render)
    number, per_page = args.paging()
    page = fetch(number, per_page)
    return page_answer([render(item) for item in page.items], page)


@blueprint.get("/organizations/<organization_id>")
@conditional()
def organization(organization_id: str) -> ResponseReturnValue:
    """One organisation with its public services (complete with ``full_service``)."""
    page = listing.organization_page(db.session(), 1, 1, [organization_id])
    if not page.items:
        abort(404, description=Message("Ingen organisation med id'et %(key)s.",
                                       key=repr(organization_id[:80])))
    return jsonify(_organization(page.items[0], True, args.flag("full_service")))


def _taxonomies() -> list[Taxonomy]:
    return list(db.session().scalars(select(Taxonomy).options(
        selectinload(Taxonomy.terms).joinedload(TaxonomyTerm.taxonomy)).order_by(Taxonomy.code)))


@blueprint.get("/taxonomies")
@conditional()
def taxonomies() -> ResponseReturnValue:
    """Our vocabularies (category, target_group, attribute, legal_basis)."""
    return _listed([item for item in _taxonomies() if _name_matches(item.name)], taxonomy_item)


@blueprint.get("/taxonomies/<taxonomy_id>")
@conditional()
def taxonomy(taxonomy_id: str) -> ResponseReturnValue:
    """One vocabulary."""
    found = db.session().get(Taxonomy, taxonomy_id)
    if found is None:
        abort(404, description=Message("Ingen taksonomi med id'et %(key)s.",
                                       key=repr(taxonomy_id[:80])))
    return jsonify(taxonomy_item(found))


@blueprint.get("/taxonomy_terms")
@conditional()
def taxonomy_terms() -> ResponseReturnValue:
    """Terms, in each vocabulary's order; ``taxonomy_id``, ``parent_id`` and ``top_only``
    narrow them (AND)."""
    taxonomy_ids = args.identifiers("taxonomy_id")
    parent = args.identifiers("parent_id", limit=1)
    top_only = args.flag("top_only")
    terms = [term for item in _taxonomies() for term in item.terms
             if (not taxonomy_ids or term.taxonomy_id in taxonomy_ids)
             and (not parent or term.parent_id == parent[0])
             and not (top_only and term.parent_id) and _name_matches(term.name)]
    return _listed(terms, term_item)


@blueprint.get("/taxonomy_terms/<term_id>")
@conditional()
def taxonomy_term(term_id: str) -> ResponseReturnValue:
    """One term, with its taxonomy."""
    found = db.session().scalar(select(TaxonomyTerm).options(joinedload(TaxonomyTerm.taxonomy))
                                .where(TaxonomyTerm.id == term_id))
    if found is None:
        abort(404, description=Message("Intet begreb med id'et %(key)s.",
                                       key=repr(term_id[:80])))
    return jsonify(term_item(found))
