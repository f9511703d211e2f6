"""While the winter emergency plan is on: the banner on every public page, and ``/aabent-i-nat``,
the list of what is open tonight, nearest first when a place is given."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from vejviser.catalogue.winter import active_plan
from vejviser.db import db
from vejviser.local_time import COPENHAGEN, now_local
from vejviser.readiness import READY_KEY
from vejviser.web.public import blueprint

#: "Tonight" is this hour of the evening, or now when the night has begun.
EVENING_HOUR, MORNING_HOUR = 22, 7


def tonight(now: datetime) -> datetime:
    """The moment "open tonight" asks about: 22:00 this evening, or now during the night."""
    if now.hour >= EVENING_HOUR or now.hour < MORNING_HOUR:
        return now.replace(second=0, microsecond=0)
    return now.replace(hour=EVENING_HOUR, minute=0, second=0, microsecond=0)


def winter_banner() -> str | None:
    """The banner's text while the plan is in force ("Kuldeberedskab aktiveret til søndag
    13. december kl. 12.00"), else None. Pages of an instance not yet set up show none."""
    if not current_app.extensions.get(READY_KEY):  # no database yet: a 503 page asks nothing
        return None
    try:
        plan = active_plan(db.session(), now_local())
    except SQLAlchemyError:  # no tables yet: the page says so itself (readiness)
        db.session.rollback()
        return None
    if plan is None or plan.ends_at is None:
        return None
    until = plan.ends_at.astimezone(COPENHAGEN)
    return _("Kuldeberedskab aktiveret til %(day)s kl. %(time)s",
             day=format_date(until.date(), "EEEE d. MMMM"), time=until.strftime("%H.%M"))


@blueprint.app_context_processor
def _banner() -> dict[str, object]:
    return {"winter_banner": winter_banner}


@blueprint.get("/aabent-i-nat")
def open_tonight() -> ResponseReturnValue:
    """The search for what is open tonight; nearest first with ``postcode`` or ``near``."""
    moment = tonight(now_local())
    args: dict[str, Any] = {"open_at": moment.strftime("%Y-%m-%dT%H:%M")}
    for key in ("postcode", "near", "lang"):
        value = request.args.get(key, "").strip()
        if value:
            args[key] = value
    if "postcode" in args or "near" in args:
        args["sort"] = "distance"
    return redirect(url_for("public.index", **args))
