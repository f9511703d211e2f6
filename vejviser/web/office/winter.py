"""Kuldeberedskab: the consultant prepares each offer's winter hours in advance, switches the
plan on for all of them at once until a moment, and ends it early. Everything goes through
``vejviser.catalogue.winter``, the command line's path too (history entry per offer, a feed
entry, change rows for the search index). The hour rows use the offer form's own fields
(``w:_:<i>:<key>``, read by ``offer_form.weekly_rows``) and the hours package's reading."""
from __future__ import annotations

from datetime import datetime

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import func, select

from vejviser import hours
from vejviser.catalogue import winter
from vejviser.db import db
from vejviser.hours import DAY_CODES
from vejviser.hours.wording import DAY_ABBR
from vejviser.local_time import COPENHAGEN, MomentError, now_local, parse_local_moment
from vejviser.messages import message_of
from vejviser.models import Offer, WinterPlan
from vejviser.models.winter import PLAN_ID
from vejviser.web.access import current_account, requires
from vejviser.web.messages import current_lang, translate
from vejviser.web.office import blueprint
from vejviser.web.office.naming import local_when
from vejviser.web.office.offer_form import weekly_rows

#: Empty rows the winter-hours form offers below the prepared ones.
BLANK_ROWS = 2


def _actor() -> str:
    account = current_account()
    assert account is not None  # the routes require a signed-in consultant
    return account.name or account.email


def _until_text(moment: datetime) -> str:
    local = moment.astimezone(COPENHAGEN)
    return _("Kuldeberedskab aktiveret til %(day)s kl. %(time)s",
             day=format_date(local.date(), "EEEE d. MMMM"), time=local.strftime("%H.%M"))


def _described(offer: Offer) -> list[str]:
    rules = winter.read_rows(winter.rows_of(offer))
    return hours.describe(hours.OpeningHours(rules=tuple(rules), extra_holidays=frozenset()),
                          current_lang())


def _plan_page(problem: str | None = None, status: int = 200,
               until: str = "") -> ResponseReturnValue:
    now = now_local()
    plan = db.session.get(WinterPlan, PLAN_ID)
    active = plan is not None and plan.active_at(now)
    prepared = winter.prepared_offers(db.session())
    choices = db.session.scalars(select(Offer).where(Offer.retired_at.is_(None))
                                 .order_by(func.lower(Offer.name))).all()
    return render_template(
        "office/winter.html", plan=plan, active=active, problem=problem, until=until,
        state=_until_text(plan.ends_at) if active and plan and plan.ends_at else None,
        prepared=[(offer, _described(offer)) for offer in prepared], choices=choices,
        when=local_when), status


@blueprint.route("/vinterberedskab")
@requires("consultant")
def winter_plan() -> ResponseReturnValue:
    """The plan's state, the offers with winter hours, and the switch."""
    chosen = request.args.get("tilbud")
    if chosen:  # the "prepare an offer" chooser (a GET form: works without JavaScript)
        return redirect(url_for("office.winter_hours", offer_id=chosen), code=303)
    return _plan_page()


@blueprint.route("/vinterberedskab", methods=["POST"])
@requires("consultant")
def switch_winter_plan() -> ResponseReturnValue:
    """``action=on`` with ``until`` (YYYY-MM-DDTHH:MM, Copenhagen) or ``action=off``."""
    action, until_text = request.form.get("action"), request.form.get("until", "").strip()
    now = now_local()
    try:
        if action == "on":
            if not until_text:
                return _plan_page(_("Vælg, hvornår kuldeberedskabet skal slutte."), 400)
            until = parse_local_moment(until_text, _("Slutter"))
            ids = winter.activate(db.session(), until, now, _actor())
            done = _until_text(until)
        elif action == "off":
            ids = winter.end_plan(db.session(), now, _actor())
            done = _("Kuldeberedskabet er afsluttet.")
        else:
            return _plan_page(_("Formularen kunne ikke læses. Prøv igen."), 400)
    except MomentError as error:
        db.session.rollback()
        return _plan_page(translate(message_of(error)), 400, until_text)
    except winter.WinterPlanError as error:
        db.session.rollback()
        return _plan_page(translate(message_of(error)), 409 if action == "off" else 400,
                          until_text)
    db.session.commit()
    flash(done, "info")
    if not ids:
        flash(_("Ingen tilbud har vinteråbningstider endnu."), "error")
    return redirect(url_for("office.winter_plan"), code=303)


def _hours_page(offer: Offer, rows: list[dict[str, str]], problem: str | None = None,
                status: int = 200) -> ResponseReturnValue:
    days = list(zip(DAY_CODES, DAY_ABBR[current_lang()]))
    return render_template("office/winter_hours.html", offer=offer, problem=problem,
                           rows=[*rows, *([{}] * BLANK_ROWS)], days=days), status


def _offer(offer_id: str) -> Offer:
    offer = db.session.get(Offer, offer_id)
    if offer is None or offer.retired_at is not None:
        abort(404, description=_("Vi kender ikke dette tilbud."))
    return offer


@blueprint.route("/vinterberedskab/<offer_id>")
@requires("consultant")
def winter_hours(offer_id: str) -> ResponseReturnValue:
    """The offer's prepared winter hours as editable rows."""
    offer = _offer(offer_id)
    return _hours_page(offer, winter.rows_of(offer))


@blueprint.route("/vinterberedskab/<offer_id>", methods=["POST"])
@requires("consultant")
def save_winter_hours(offer_id: str) -> ResponseReturnValue:
    """Replace the offer's winter hours with the posted rows (none left: it has none)."""
    offer = _offer(offer_id)
    if "w_present" not in request.form:
        return _hours_page(offer, winter.rows_of(offer),
                           _("Formularen kunne ikke læses. Prøv igen."), 400)
    rows = weekly_rows(request.form)
    try:
        winter.set_winter_hours(db.session(), offer, rows)
    except winter.WinterPlanError as error:
        db.session.rollback()
        return _hours_page(offer, rows, translate(message_of(error)), 400)
    db.session.commit()
    flash(_("Vinteråbningstiderne for %(name)s er gemt.", name=offer.name) if rows
          else _("%(name)s har ingen vinteråbningstider nu.", name=offer.name), "info")
    return redirect(url_for("office.winter_plan"), code=303)
