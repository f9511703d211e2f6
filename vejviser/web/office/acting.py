"""What the editing pages share: who acts, the offer they may touch, labels for terms and
fields, and the problems of a refused document in the page language."""
from __future__ import annotations

from collections.abc import Mapping

from flask import abort
from flask_babel import gettext as _

from vejviser.accounts.roles import may_edit_offer, organisation_ids
from vejviser.catalogue.errors import CatalogueDataError
from vejviser.catalogue.taxonomy import vocabulary_terms
from vejviser.db import db
from vejviser.editing.publish import Editor
from vejviser.models import VOCABULARY_OF_FIELD, Offer, TaxonomyTerm
from vejviser.web.access import current_account
from vejviser.web.messages import current_lang


def acting_editor() -> Editor:
    """The signed-in account as the domain's ``Editor``."""
    account = current_account()
    if account is None:
        abort(403)
    return Editor(account.id, account.name or account.email, account.role,
                  frozenset(organisation_ids(account)))


def editable_offer(offer_id: str) -> Offer:
    """The offer the signed-in account may edit; 404 for none, 403 for another's."""
    offer = db.session.get(Offer, offer_id)
    if offer is None:
        abort(404, description=_("Vi kender ikke dette tilbud."))
    if not may_edit_offer(current_account(), offer):
        abort(403)
    return offer


def vocabularies() -> dict[str, list[TaxonomyTerm]]:
    """Document term field -> its vocabulary's terms, in order."""
    return {name: vocabulary_terms(db.session(), vocabulary)
            for name, vocabulary in VOCABULARY_OF_FIELD.items()}


def term_labels() -> dict[str, str]:
    """``"<field>:<code>"`` -> the term's label in the page language."""
    lang = current_lang()
    return {f"{name}:{term.code}": term.label(lang)
            for name, terms in vocabularies().items() for term in terms}


def field_labels() -> dict[str, str]:
    """Each document field as the form names it."""
    return {
        "name": _("Navn"), "alternate_name": _("Andet navn"), "summary": _("Kort beskrivelse"),
        "description": _("Beskrivelse"), "url": _("Hjemmeside"), "email": _("E-mail"),
        "application_process": _("Sådan får man hjælp"), "fees_description": _("Pris"),
        "eligibility_description": _("Hvem kan bruge tilbuddet"),
        "interpretation_services": _("Tolkning"), "accessibility": _("Tilgængelighed"),
        "notes": _("Interne noter"), "minimum_age": _("Mindste alder"),
        "maximum_age": _("Højeste alder"), "status": _("Status"),
        "alert": _("Besked til offentligheden"),
        "categories": _("Tilbudstyper"), "target_groups": _("Målgrupper"),
        "attributes": _("Egenskaber"), "legal_basis": _("Lovgrundlag"), "languages": _("Sprog"),
        "locations": _("Steder"), "hours": _("Åbningstider"),
        "exceptions": _("Særlige dage (fx lukket i julen)"), "phones": _("Telefoner"),
        "contacts": _("Kontaktpersoner"),
    }


def problems_of(error: CatalogueDataError) -> list[str]:
    """The refused document's problems as lines ("Åbningstider: ...")."""
    labels = field_labels()
    out = []
    for problem in error.problems:
        head = problem.field.split("[")[0].split(".")[0]
        name = {"schedules": "hours", "holiday_rule": "hours",
                "extra_holidays": "hours"}.get(head, head)
        out.append(f"{labels.get(name, problem.field)}: {problem.message}")
    return out


def statuses() -> Mapping[str, str]:
    """Offer statuses as the form names them."""
    return {"active": _("Aktivt"), "temporarily closed": _("Midlertidigt lukket"),
            "inactive": _("Ikke offentligt")}
