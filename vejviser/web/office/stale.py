"""Ikke bekræftet: the consultant's overview of offers never confirmed or past their limit, by
organisation and sortable; the limits themselves; and reminder mails sent from here."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext

from vejviser.catalogue import freshness
from vejviser.db import db
from vejviser.editing.reminders import forget_reminders, send_reminders
from vejviser.editing.stale import SORTS, overview
from vejviser.mail import failed_mails
from vejviser.messages import message_of
from vejviser.web.access import requires
from vejviser.web.messages import translate
from vejviser.web.office import blueprint
from vejviser.web.office.acting import acting_editor


def reminder_url(token: str) -> str:
    """The absolute address of a reminder link (for the mails)."""
    return url_for("public.reminder", token=token, _external=True)


def _page(sort: str, problem: str | None = None, values: dict[str, str] | None = None
          ) -> str:
    limits = freshness.current_limits(db.session())
    return render_template(
        "office/stale.html", limits=limits, sort=sort, problem=problem, values=values or {},
        groups=overview(db.session(), freshness.today(), limits, sort),
        sorts={"date": _("Dato"), "organisation": _("Organisation"), "name": _("Navn")},
        kinds={freshness.HOURS: _("åbningstider"), freshness.DETAILS: _("øvrige oplysninger")})


@blueprint.route("/ikke-bekraeftet")
@requires("consultant")
def stale() -> ResponseReturnValue:
    """The overdue offers by organisation (``?sort=date|organisation|name``) and the limits."""
    sort = request.args.get("sort", "date")
    return _page(sort if sort in SORTS else "date")


@blueprint.route("/ikke-bekraeftet/paamind", methods=["POST"])
@requires("consultant")
def send_stale_reminders() -> ResponseReturnValue:
    """One reminder mail to each chosen organisation, listing its overdue offers."""
    chosen = [value[:64] for value in request.form.getlist("organisation")][:500]
    if not chosen:
        flash(_("Vælg mindst én organisation."), "error")
        return redirect(url_for("office.stale"), code=303)
    limits = freshness.current_limits(db.session())
    groups = overview(db.session(), freshness.today(), limits, organization_ids=chosen)
    editor = acting_editor()
    sent = send_reminders(db.session(), groups, editor.name, reminder_url)
    db.session.commit()
    if failed_mails():  # said by a flash already; nothing counts as reminded
        forget_reminders(db.session(), sent.reminder_ids)
        db.session.commit()
        return redirect(url_for("office.stale"), code=303)
    if sent.mailed:
        flash(ngettext("Påmindelse sendt til %(num)d organisation: %(names)s.",
                       "Påmindelser sendt til %(num)d organisationer: %(names)s.",
                       len(sent.mailed), names=", ".join(sent.mailed)), "info")
    if sent.no_address:
        flash(_("Intet sendt til %(names)s: ingen e-mailadresse.",
                names=", ".join(sent.no_address)), "error")
    return redirect(url_for("office.stale"), code=303)


@blueprint.route("/ikke-bekraeftet/graenser", methods=["POST"])
@requires("consultant")
def freshness_limits() -> ResponseReturnValue:
    """How many days opening hours and other information stay trusted, and between reminders."""
    form = request.form
    try:
        freshness.save_limits(db.session(), form.get("hours_days", ""),
                              form.get("details_days", ""), form.get("interval_days", ""),
                              acting_editor().name)
    except freshness.FreshnessError as error:
        db.session.rollback()
        typed = {name: str(form.get(name, ""))[:20]
                 for name in ("hours_days", "details_days", "interval_days")}
        return _page("date", translate(message_of(error)), typed), 422
    db.session.commit()
    flash(_("Grænserne er gemt. Siderne viser det med det samme."), "info")
    return redirect(url_for("office.stale"), code=303)
