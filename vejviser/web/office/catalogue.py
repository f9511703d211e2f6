"""New offers, and the consultant's catalogue care: retire or merge offers, and organisations
merged, retired or trusted (their volunteers' edits then publish directly)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy import func, select

from vejviser.catalogue.errors import CatalogueDataError
from vejviser.db import db
from vejviser.editing.lifecycle import (
    create_offer,
    merge_organizations,
    retire_organization,
    set_trusted,
)
from vejviser.editing.proposals import EditRefused
from vejviser.editing.publish import retire
from vejviser.models import Offer, Organization
from vejviser.web.access import requires
from vejviser.web.messages import translate
from vejviser.web.office import blueprint
from vejviser.web.office.acting import acting_editor, problems_of
from vejviser.web.office.offers import organisations_for_new


@blueprint.route("/tilbud/nyt", methods=["GET", "POST"])
@requires("volunteer")
def new_offer() -> ResponseReturnValue:
    """A new offer: published by staff and trusted organisations, otherwise waiting."""
    choices = organisations_for_new()
    problems: list[str] = []
    form = request.form
    if request.method == "POST":
        organization = next((org for org in choices if org.id == form.get("organization")), None)
        document = {key: form.get(key, "").replace("\r\n", "\n").strip()
                    for key in ("name", "summary", "description")}
        if organization is None:
            problems.append(_("Vælg en af organisationerne i listen."))
        else:
            try:
                offer, proposal = create_offer(db.session(), organization, document,
                                               acting_editor())
            except EditRefused as error:
                db.session.rollback()
                problems.append(translate(error.message))
            except CatalogueDataError as error:
                db.session.rollback()
                problems += problems_of(error)
            else:
                db.session.commit()
                flash(_("Tilbuddet er oprettet. Udfyld resten, fx steder og åbningstider.")
                      if proposal is None else
                      _("Tilbuddet er sendt til godkendelse. Det bliver offentligt, når "
                        "frivillighedskonsulenten har godkendt det."), "info")
                return redirect(url_for("office.edit_offer", offer_id=offer.id), code=303)
    return render_template("office/new_offer.html", choices=choices, problems=problems,
                           form=form), 400 if problems else 200


@blueprint.route("/tilbud/<offer_id>/nedlaeg", methods=["POST"])
@requires("consultant")
def retire_offer(offer_id: str) -> ResponseReturnValue:
    """Retire an offer, or merge it into another (``into``: the other's slug)."""
    offer = db.session.get(Offer, offer_id)
    if offer is None:
        abort(404)
    into = None
    if request.form.get("into"):
        into = db.session.scalar(select(Offer).where(Offer.slug == request.form["into"].strip()))
        if into is None or into.id == offer.id:
            flash(_("Vi kender ikke det tilbud, der skal slås sammen med."), "error")
            return redirect(url_for("office.organisations"), code=303)
    retire(db.session(), offer, acting_editor(), into)
    db.session.commit()
    flash(_("%(name)s er nedlagt.", name=offer.name), "info")
    return redirect(url_for("office.organisations"), code=303)


@blueprint.route("/organisationer")
@requires("consultant")
def organisations() -> ResponseReturnValue:
    """Every organisation with its offers: trust, merge, retire."""
    found = db.session.scalars(select(Organization).order_by(
        Organization.retired_at.is_not(None), func.lower(Organization.name))).all()
    return render_template("office/organisations.html", organisations=found)


def _organisation(organisation_id: str) -> Organization:
    found = db.session.get(Organization, organisation_id)
    if found is None:
        abort(404)
    return found


@blueprint.route("/organisationer/<organisation_id>/betroet", methods=["POST"])
@requires("consultant")
def trust_organisation(organisation_id: str) -> ResponseReturnValue:
    """Trusted or not: its volunteers' edits publish directly."""
    found = _organisation(organisation_id)
    set_trusted(found, request.form.get("trusted") == "1")
    db.session.commit()
    flash(_("%(name)s er nu betroet.", name=found.name) if found.trusted
          else _("%(name)s er ikke længere betroet.", name=found.name), "info")
    return redirect(url_for("office.organisations"), code=303)


@blueprint.route("/organisationer/<organisation_id>/nedlaeg", methods=["POST"])
@requires("consultant")
def retire_organisation(organisation_id: str) -> ResponseReturnValue:
    """Retire an organisation and its offers, or merge it into another (``into``)."""
    found = _organisation(organisation_id)
    target_id = request.form.get("into", "")
    try:
        if target_id:
            merge_organizations(db.session(), found, _organisation(target_id), acting_editor())
        else:
            retire_organization(db.session(), found, acting_editor())
    except EditRefused as error:
        db.session.rollback()
        flash(translate(error.message), "error")
    else:
        db.session.commit()
        flash(_("%(name)s er nedlagt.", name=found.name), "info")
    return redirect(url_for("office.organisations"), code=303)
