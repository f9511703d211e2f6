"""``/bekraeft/<token>``: the page a reminder mail links each overdue offer to (no login).

Opening it shows the offer as the public sees it now and changes nothing (mail scanners fetch
every link). "Alt er stadig korrekt" POSTs the form (CSRF token, rate-limited) and confirms the
offer today; "Noget skal rettes" leads to the edit form (after login) or the public correction
form. A used, expired, revoked or made-up link gets a Danish page with its status, never a 500.
"""
from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from vejviser import limits
from vejviser.db import db
from vejviser.editing.reminders import REFUSED_STATUS, check_link, confirm_by_link
from vejviser.local_time import now_local
from vejviser.web.messages import current_lang
from vejviser.web.public import blueprint
from vejviser.web.public.cards import make_card, public_offers

#: The link is a secret: never cached, never sent on as a referrer.
PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


def _refused(state: str) -> ResponseReturnValue:
    return render_template("public/reminder_refused.html", state=state), \
        REFUSED_STATUS[state], PRIVATE


@blueprint.route("/bekraeft/<token>", methods=["GET", "POST"], endpoint="reminder")
@limits.reminder_confirmations
def reminder_page(token: str) -> ResponseReturnValue:
    """The offer's current details and the two buttons; a POST confirms it."""
    checked = check_link(db.session(), token)
    if checked.state != "ok" or checked.link is None or checked.offer is None:
        return _refused(checked.state)
    offer = checked.offer
    if request.method == "POST":
        if confirm_by_link(db.session(), checked.link, offer) is None:
            db.session.rollback()
            return _refused("used")
        db.session.commit()
        return redirect(url_for("public.offer", slug=offer.slug, bekraeftet=1,
                                lang=request.args.get("lang")), code=303)
    public = public_offers(ids=[offer.id])[0]
    card = make_card(public, now_local(), current_lang(), with_hours=True)
    return render_template("public/reminder.html", offer=public, card=card,
                           token=token), 200, PRIVATE
