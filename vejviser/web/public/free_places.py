"""``/ledige-pladser/<token>``: the shelter's one-tap page for tonight's free places (no login).

The link is bookmarked on the shelter's phone. Opening it changes nothing (mail and chat
scanners fetch links); one tap POSTs the number with the form's CSRF token. A revoked or unknown
link is a Danish 404. The figure is logged with the link, never as an offer revision.
"""
from __future__ import annotations

from datetime import time

from flask import current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from vejviser.catalogue import free_places
from vejviser.db import db
from vejviser.local_time import now_local
from vejviser.messages import message_of
from vejviser.models import Offer
from vejviser.web.messages import translate
from vejviser.web.public import blueprint

#: The numbers offered as buttons (0 is "Fuldt"); other numbers go in the field below them.
CHOICES = tuple(range(0, 11))


def _expire_at() -> time:
    return current_app.config.get("FREE_PLACES_EXPIRE_AT") or free_places.DEFAULT_EXPIRE_AT


def _places() -> int | None:
    raw = (request.form.get("other") or request.form.get("places") or "").strip()
    return int(raw) if raw.isdigit() and len(raw) <= 4 else None


@blueprint.route("/ledige-pladser/<token>", methods=["GET", "POST"], endpoint="free_places")
def free_places_page(token: str) -> ResponseReturnValue:
    """Show tonight's figure and the buttons; a POST stores the tapped number."""
    link = free_places.link_for(db.session(), token)
    if link is None:  # revoked, made up, or its offer retired
        return render_template("public/free_places_gone.html"), 404, {"Cache-Control": "no-store"}
    offer = db.session.get(Offer, link.offer_id)
    assert offer is not None  # link_for answers only for an existing, public offer
    problem, status = None, 200
    if request.method == "POST":
        places = _places()
        try:
            if places is None:
                raise free_places.FreePlacesError(_("Tryk på et tal, eller skriv et."))
            free_places.set_free_places(db.session(), offer, places, free_places.link_actor(link),
                                        now_local(), _expire_at())
        except free_places.FreePlacesError as error:
            db.session.rollback()
            problem, status = translate(message_of(error)), 400
        else:
            db.session.commit()
            return redirect(url_for("public.free_places", token=token, gemt=1), code=303)
    tonight = free_places.current(offer.free_places, now_local())
    response = render_template(
        "public/free_places.html", offer=offer, token=token, choices=CHOICES,
        tonight=translate(tonight.message) if tonight else None, problem=problem,
        saved=request.args.get("gemt") == "1", max_places=free_places.MAX_PLACES)
    return response, status, {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
