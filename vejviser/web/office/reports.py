"""Fejlrapporter: what the public sent with "Rapportér en fejl", linked to the offer, resolved
by the consultant."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy import select

from vejviser.db import db
from vejviser.editing.lifecycle import open_reports, resolve_report
from vejviser.models import CorrectionSuggestion, Offer
from vejviser.web.access import requires
from vejviser.web.office import blueprint
from vejviser.web.office.acting import acting_editor


@blueprint.route("/fejlrapporter")
@requires("consultant")
def reports() -> ResponseReturnValue:
    """Open reports, newest first (``?loeste=1``: the resolved ones)."""
    resolved = request.args.get("loeste") == "1"
    found = open_reports(db.session(), resolved=resolved)
    offers = {offer.id: offer for offer in db.session.scalars(
        select(Offer).where(Offer.id.in_({report.offer_id for report in found})))}
    return render_template("office/reports.html", reports=found, offers=offers,
                           resolved=resolved)


@blueprint.route("/fejlrapporter/<int:report_id>/loest", methods=["POST"])
@requires("consultant")
def resolve(report_id: int) -> ResponseReturnValue:
    """Mark a report as dealt with."""
    report = db.session.get(CorrectionSuggestion, report_id)
    if report is None:
        abort(404)
    resolve_report(report, acting_editor())
    db.session.commit()
    flash(_("Fejlrapporten er markeret som løst."), "info")
    return redirect(url_for("office.reports"), code=303)
