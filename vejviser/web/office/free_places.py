"""Ledige pladser i nat, from the back office: set tonight's figure for an offer, read its log
(who, when, how many), make a no-login link for the shelter's phone (shown once) and revoke
its links. Everything goes through ``vejviser.catalogue.free_places``, as the one-tap page and
the command line do. Volunteers may do it for their own organisations' offers."""
from __future__ import annotations

from datetime import time

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from vejviser.catalogue import free_places
from vejviser.db import db
from vejviser.local_time import now_local
from vejviser.messages import message_of
from vejviser.models import FreePlacesLink, FreePlacesLog, Offer
from vejviser.web.access import current_account, requires
from vejviser.web.messages import translate
from vejviser.web.office import blueprint
from vejviser.web.office.acting import editable_offer
from vejviser.web.office.naming import local_when

#: Log rows the page shows (newest first).
LOG_ROWS = 30
_NO_STORE = {"Cache-Control": "no-store"}


def _expire_at() -> time:
    return current_app.config.get("FREE_PLACES_EXPIRE_AT") or free_places.DEFAULT_EXPIRE_AT


def _actor() -> str:
    account = current_account()
    assert account is not None  # the route requires a signed-in account
    return account.name or account.email


def _page(offer: Offer, problem: str | None = None, status: int = 200,
          new_link: str | None = None) -> ResponseReturnValue:
    session = db.session()
    tonight = free_places.current(offer.free_places, now_local())
    log = session.scalars(select(FreePlacesLog).where(FreePlacesLog.offer_id == offer.id)
                          .order_by(FreePlacesLog.set_at.desc(), FreePlacesLog.id.desc())
                          .limit(LOG_ROWS)).all()
    links = session.scalars(select(FreePlacesLink).where(FreePlacesLink.offer_id == offer.id,
                                                         FreePlacesLink.revoked_at.is_(None))
                            .order_by(FreePlacesLink.id)).all()
    return render_template(
        "office/free_places.html", offer=offer, log=log, links=links, problem=problem,
        tonight=translate(tonight.message) if tonight else None, new_link=new_link,
        max_places=free_places.MAX_PLACES, when=local_when), status, _NO_STORE


def _public_offer(offer_id: str) -> tuple[Offer, ResponseReturnValue | None]:
    """The offer (403/404 as ``editable_offer``), and a 409 page when it is not public."""
    offer = editable_offer(offer_id)
    if not offer.is_public:
        return offer, _page(offer, _("Tilbuddet er ikke offentligt, så der vises ingen ledige "
                                     "pladser for det."), 409)
    return offer, None


@blueprint.route("/tilbud/<offer_id>/ledige-pladser")
@requires("volunteer")
def free_places_page(offer_id: str) -> ResponseReturnValue:
    """Tonight's figure, its log and the offer's working links."""
    return _page(editable_offer(offer_id))


@blueprint.route("/tilbud/<offer_id>/ledige-pladser", methods=["POST"])
@requires("volunteer")
def set_free_places(offer_id: str) -> ResponseReturnValue:
    """Store tonight's figure ("full" is 0), logged under the signed-in account's name."""
    offer, refused = _public_offer(offer_id)
    if refused is not None:
        return refused
    raw = "0" if request.form.get("full") else request.form.get("places", "").strip()
    try:
        if not raw.isdigit() or len(raw) > 4:
            raise free_places.FreePlacesError(_("Skriv antallet af ledige pladser som et helt "
                                                "tal, eller vælg »Fuldt«."))
        tonight = free_places.set_free_places(db.session(), offer, int(raw), _actor(),
                                              now_local(), _expire_at())
    except free_places.FreePlacesError as error:
        db.session.rollback()
        return _page(offer, translate(message_of(error)), 400)
    db.session.commit()
    flash(translate(tonight.message), "info")
    return redirect(url_for("office.free_places_page", offer_id=offer.id), code=303)


@blueprint.route("/tilbud/<offer_id>/ledige-pladser/link", methods=["POST"])
@requires("volunteer")
def make_free_places_link(offer_id: str) -> ResponseReturnValue:
    """A new one-tap link for the offer's staff, shown on this answer only (never stored)."""
    offer, refused = _public_offer(offer_id)
    if refused is not None:
        return refused
    label = " ".join(request.form.get("label", "").split())
    if len(label) > 100:
        return _page(offer, _("Skriv en kortere beskrivelse af, hvem linket er til."), 400)
    token = free_places.make_link(db.session(), offer, _actor(), now_local(), label)
    db.session.commit()
    return _page(offer, new_link=url_for("public.free_places", token=token, _external=True))


@blueprint.route("/tilbud/<offer_id>/ledige-pladser/spaer", methods=["POST"])
@requires("volunteer")
def revoke_free_places_links(offer_id: str) -> ResponseReturnValue:
    """Revoke every working link of the offer (a lost phone, staff who left)."""
    offer = editable_offer(offer_id)
    count = free_places.revoke_links(db.session(), offer, now_local())
    db.session.commit()
    flash(ngettext("%(num)d link er spærret.", "%(num)d links er spærret.", count), "info")
    return redirect(url_for("office.free_places_page", offer_id=offer.id), code=303)
