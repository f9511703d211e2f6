"""New offers, organisations merged, retired or trusted, and the public's error reports.

A volunteer's new offer is stored inactive (never public) with a "create" proposal holding
everything they wrote; the consultant approves it field by field like any edit, and the offer
becomes public when its status ("active") is approved. Nothing here deletes anything.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vejviser.catalogue.errors import CatalogueDataError
from vejviser.catalogue.offers import upsert_offer
from vejviser.catalogue.validation import normalise_offer
from vejviser.db import utcnow
from vejviser.editing.document import document_of
from vejviser.editing.merging import typed
from vejviser.editing.proposals import EditRefused, propose, publishes_directly
from vejviser.editing.publish import Editor, check_document, retire, store_document
from vejviser.hsds.mapping import slugify
from vejviser.messages import Message
from vejviser.models import CorrectionSuggestion, Offer, OfferStatus, Organization, Revision
from vejviser.models.editing import Proposal


def free_slug(session: Session, name: str) -> str:
    """A slug for a new offer called ``name`` that no offer has."""
    base = slugify(name) or "tilbud"
    taken = set(session.scalars(select(Offer.slug).where(Offer.slug.startswith(base))))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def create_offer(session: Session, organization: Organization, document: Mapping[str, Any],
                 editor: Editor) -> tuple[Offer, Proposal | None]:
    """A new offer of ``organization`` from ``document``: published by staff and trusted
    organisations, else stored inactive with a "create" proposal. Raises ``EditRefused`` for
    a volunteer of another organisation, ``CatalogueDataError`` for bad fields."""
    if not editor.is_staff and organization.id not in editor.organization_ids:
        raise EditRefused(Message("Du kan kun oprette tilbud for dine egne organisationer."))
    name = str(document.get("name") or "").strip()
    if not name:
        raise EditRefused(Message("Skriv tilbuddets navn."))
    slug = free_slug(session, name)
    data, problems = normalise_offer({"name": name, "slug": slug, "status": "inactive",
                                      "organization": organization.id}, slug)
    if problems:
        raise CatalogueDataError(problems)
    offer = upsert_offer(session, data, actor=editor.name).offer
    empty = document_of(offer)
    wanted = {**empty, "status": OfferStatus.ACTIVE.value, **document, "name": name}
    check_document(offer, wanted)
    if publishes_directly(session, editor, offer):
        store_document(session, offer, wanted, editor, action="create",
                       summary=f"Oprettet: {name}")
        return offer, None
    fields = {field: wanted[field] for field in typed(empty, wanted)}
    return offer, propose(session, offer, fields, editor, kind="create")


def set_trusted(organization: Organization, trusted: bool) -> None:
    """Trusted: the organisation's volunteers publish directly (still in history)."""
    organization.trusted = trusted


def merge_organizations(session: Session, source: Organization, target: Organization,
                        editor: Editor) -> None:
    """Move every offer of ``source`` to ``target`` and retire ``source``."""
    if source.id == target.id:
        raise EditRefused(Message("En organisation kan ikke slås sammen med sig selv."))
    for offer in list(source.offers):
        offer.organization = target
    source.retired_at, source.merged_into_id = utcnow(), target.id
    session.add(Revision(entity_type="organization", entity_id=source.id, action="merge",
                         actor=editor.name, account_id=editor.id,
                         summary=f"Slået sammen med {target.name}: {source.name}",
                         changes={"merged_into": {"before": None, "after": target.id}}))
    session.flush()


def retire_organization(session: Session, organization: Organization, editor: Editor) -> None:
    """Retire ``organization`` and every offer it still has."""
    for offer in organization.offers:
        if offer.retired_at is None:
            retire(session, offer, editor)
    organization.retired_at = utcnow()
    session.add(Revision(entity_type="organization", entity_id=organization.id,
                         action="retire", actor=editor.name, account_id=editor.id,
                         summary=f"Nedlagt: {organization.name}", changes={}))
    session.flush()


def open_reports(session: Session, resolved: bool = False) -> list[CorrectionSuggestion]:
    """The public's error reports ("Rapportér en fejl"), newest first: open ones, or
    (``resolved``) those already dealt with."""
    query = select(CorrectionSuggestion).order_by(CorrectionSuggestion.created_at.desc(),
                                                  CorrectionSuggestion.id.desc())
    if resolved:
        query = query.where(CorrectionSuggestion.status == "resolved")
    else:
        query = query.where(CorrectionSuggestion.status != "resolved")
    return list(session.scalars(query))


def resolve_report(report: CorrectionSuggestion, editor: Editor) -> None:
    """Mark an error report as dealt with."""
    report.status, report.resolved_at, report.resolved_by = "resolved", utcnow(), editor.name
