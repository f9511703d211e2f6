"""Pages a mailed link opens: accept an invitation, ask for and use a password reset.

An expired or used link says so and how to get a new one. Asking for a reset always answers the
same, so the form does not tell whether an address has an account.
"""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from vejviser import limits
from vejviser.accounts.invitations import send_reset
from vejviser.accounts.service import find_account
from vejviser.accounts.tokens import INVITATION, RESET, check_token, use_token
from vejviser.db import db
from vejviser.web.access import public
from vejviser.web.auth import blueprint
from vejviser.web.passwords import link_to, set_password_from_form


@blueprint.route("/nulstil-adgangskode", methods=["GET", "POST"])
@public
@limits.login
def reset_request() -> ResponseReturnValue:
    """Ask for a reset link by mail (the answer is the same whether the address is known)."""
    sent = False
    if request.method == "POST":
        account = find_account(db.session(), request.form.get("email", "")[:255])
        if account is not None and account.active:
            send_reset(db.session(), account, link_to("auth.reset"))
            db.session.commit()
        sent = True
    return render_template("auth/reset_request.html", sent=sent)


@blueprint.route("/nulstil-adgangskode/<token>", methods=["GET", "POST"])
@public
@limits.login
def reset(token: str) -> ResponseReturnValue:
    """Choose a new password with a reset link."""
    return _set_password_page(token, RESET)


@blueprint.route("/invitation/<token>", methods=["GET", "POST"])
@public
@limits.login
def accept_invitation(token: str) -> ResponseReturnValue:
    """Choose a password with an invitation link (the account becomes usable)."""
    return _set_password_page(token, INVITATION)


def _set_password_page(token: str, purpose: str) -> ResponseReturnValue:
    checked = check_token(db.session(), token, purpose)
    if checked.state != "ok" or checked.row is None or checked.account is None:
        return render_template("auth/link_problem.html", state=checked.state,
                               purpose=purpose), 410 if checked.state != "unknown" else 404
    account = checked.account
    problem = None
    if request.method == "POST":
        problem = set_password_from_form(account)
        if problem is None:
            use_token(checked.row)
            db.session.commit()
            flash(_("Din adgangskode er gemt. Log ind med den."), "info")
            return redirect(url_for("auth.login"), code=303)
    return render_template("auth/set_password.html", account=account, purpose=purpose,
                           problem=problem), 200 if problem is None else 400
