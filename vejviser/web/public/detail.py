"""One offer: description, how to get help, hours, places, contacts — and "Rapportér en fejl".

The report form lives on its own page so the detail page sets no cookie: only someone who opens
the form gets the session cookie that carries its CSRF token.
"""
from __future__ import annotations

from datetime import date

from flask import abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy import select

from vejviser import limits
from vejviser.catalogue.corrections import (
    MAX_LENGTH,
    MIN_LENGTH,
    CorrectionError,
    suggest_correction,
)
from vejviser.catalogue.public import PublicOffer
from vejviser.db import db
from vejviser.local_time import MomentError, check_year, now_local, parse_local_moment
from vejviser.messages import message_of
from vejviser.models import Offer
from vejviser.web.messages import current_lang
from vejviser.web.public import blueprint
from vejviser.web.public.cards import make_card, needs_quick_exit, public_offers
from vejviser.web.public.hours_view import place_weeks
from vejviser.web.public.jsonld import offer_jsonld


def _offer_or_404(slug: str) -> PublicOffer:
    found = public_offers(slugs=[slug])
    if not found:
        _gone(slug)
        abort(404, description=_("Vi kender ikke dette tilbud. Det kan være flyttet eller lukket."))
    return found[0]


def _gone(slug: str) -> None:
    # A retired offer answers 410 (Gone); a merged one sends the visitor on to the other.
    retired = db.session.scalar(select(Offer).where(Offer.slug == slug,
                                                    Offer.retired_at.is_not(None)))
    if retired is None:
        return
    target = db.session.get(Offer, retired.merged_into_id) if retired.merged_into_id else None
    if target is not None and target.is_public:
        abort(redirect(url_for(".offer", slug=target.slug), 301))
    abort(410, description=_("Dette tilbud findes ikke længere."))


def _week_start() -> date | None:
    # A week we cannot show (malformed, or year 1 / 9999) falls back to this week.
    try:
        if request.args.get("fra"):
            return check_year(date.fromisoformat(request.args["fra"]), "fra")
    except ValueError:
        pass
    return None


@blueprint.get("/tilbud/<slug>")
def offer(slug: str) -> ResponseReturnValue:
    """The detail page; ``?at=`` evaluates the status at a moment, ``?fra=`` picks the week."""
    lang = current_lang()
    found = _offer_or_404(slug)
    at_problem = None
    try:
        chosen = parse_local_moment(request.args["at"], "at") if request.args.get("at") else None
    except MomentError as error:  # say so, and show the status right now instead
        chosen, at_problem = None, message_of(error)
    at = chosen or now_local()
    card = make_card(found, at, lang, with_hours=True, now=chosen is None)
    return render_template(
        "public/offer.html", card=card, offer=found, at=at,
        weeks=place_weeks(found, card.per_place, _week_start() or at.date(), lang),
        jsonld=offer_jsonld(found, at.date()),
        quick_exit=needs_quick_exit([found]),
        reported=request.args.get("rapporteret") == "1",
        confirmed=request.args.get("bekraeftet") == "1",
        at_problem=at_problem,
    )


@blueprint.route("/tilbud/<slug>/rapporter", methods=["GET", "POST"])
@limits.correction_reports
def report(slug: str) -> ResponseReturnValue:
    """A free-text correction; no name or e-mail asked for, none stored."""
    found = _offer_or_404(slug)
    message, problem, status = "", None, 200
    if request.method == "POST":
        message = request.form.get("message", "")
        try:
            suggest_correction(db.session(), found.id, message)
        except CorrectionError as error:
            db.session.rollback()
            problem, status = _correction_problem(error), 400
        else:
            db.session.commit()
            return redirect(url_for("public.offer", slug=found.slug, rapporteret=1,
                                    lang=request.args.get("lang")), code=303)
    return render_template("public/report.html", offer=found, message=message, problem=problem,
                           min_length=MIN_LENGTH, max_length=MAX_LENGTH,
                           quick_exit=needs_quick_exit([found])), status


def _correction_problem(error: CorrectionError) -> str:
    if error.reason == "too_long":
        return _("Beskeden er for lang: %(length)d tegn. Der er plads til %(limit)d tegn – "
                 "skriv det vigtigste.", length=error.length, limit=error.limit)
    if error.reason == "personal_data":
        return _("Beskeden ser ud til at indeholde et CPR-nummer. Vi gemmer ingen oplysninger "
                 "om borgere – fjern nummeret, og send igen.")
    return _("Skriv mindst %(limit)d tegn om, hvad der er forkert.", limit=error.limit)


@blueprint.errorhandler(CSRFError)
def csrf_failed(error: CSRFError) -> ResponseReturnValue:
    """A missing or stale form token: explain and offer the way back, never a bare 400."""
    slug = (request.view_args or {}).get("slug")
    back = url_for("public.report", slug=slug) if slug else url_for("public.index")
    if request.endpoint == "public.free_places":  # the shelter's page: tap again there
        back = url_for("public.free_places", token=(request.view_args or {})["token"])
    if request.endpoint == "public.reminder":  # the reminder's page: confirm again there
        back = url_for("public.reminder", token=(request.view_args or {})["token"])
    return render_template("errors/form_expired.html", back=back), 400
