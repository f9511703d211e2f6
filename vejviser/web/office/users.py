"""Brugere: the consultant's list of accounts — invite, change role, disable, reset a second
factor — and the organisations nobody of their own keeps current."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy import func, select

from vejviser.accounts import twofactor
from vejviser.accounts.roles import ROLES
from vejviser.accounts.service import (
    AccountError,
    change_role,
    organisations_without_editor,
    set_active,
)
from vejviser.db import db
from vejviser.messages import message_of
from vejviser.models.account import Account
from vejviser.web.access import current_account, requires
from vejviser.web.messages import translate
from vejviser.web.office import blueprint


@blueprint.route("/brugere")
@requires("consultant")
def users() -> ResponseReturnValue:
    """Every account, and the organisations with no active account of their own."""
    accounts = db.session.scalars(select(Account).order_by(func.lower(Account.email))).all()
    return render_template("office/users.html", accounts=accounts, roles=ROLES,
                           orphans=organisations_without_editor(db.session()))


def _other_account(account_id: int) -> Account:
    account = db.session.get(Account, account_id)
    if account is None:
        abort(404)
    if account.id == (current_account() or account).id:
        # The consultant cannot lock themself out (another consultant can).
        flash(_("Du kan ikke ændre din egen rolle eller deaktivere dig selv."), "error")
        abort(redirect(url_for("office.users"), code=303))
    return account


@blueprint.route("/brugere/<int:account_id>/rolle", methods=["POST"])
@requires("consultant")
def set_role(account_id: int) -> ResponseReturnValue:
    """Give an account another role (its sessions end)."""
    account = _other_account(account_id)
    try:
        change_role(account, request.form.get("role", ""))
    except AccountError as error:
        db.session.rollback()
        flash(translate(message_of(error)), "error")
    else:
        db.session.commit()
        flash(_("%(email)s er nu %(role)s.", email=account.email,
                role=_role(account.role)), "info")
    return redirect(url_for("office.users"), code=303)


@blueprint.route("/brugere/<int:account_id>/aktiv", methods=["POST"])
@requires("consultant")
def set_enabled(account_id: int) -> ResponseReturnValue:
    """Disable an account (every session of it ends at once) or enable it again."""
    account = _other_account(account_id)
    active = request.form.get("active") == "1"
    set_active(account, active)
    db.session.commit()
    flash(_("%(email)s kan logge ind igen.", email=account.email) if active else
          _("%(email)s er deaktiveret og logget ud overalt.", email=account.email), "info")
    return redirect(url_for("office.users"), code=303)


@blueprint.route("/brugere/<int:account_id>/totrin", methods=["POST"])
@requires("consultant")
def reset_two_factor(account_id: int) -> ResponseReturnValue:
    """Turn off a user's second factor (a lost phone); they set it up again."""
    account = db.session.get(Account, account_id) or abort(404)
    twofactor.disable(account)
    db.session.commit()
    flash(_("Totrinsbekræftelsen for %(email)s er nulstillet.", email=account.email), "info")
    return redirect(url_for("office.users"), code=303)


def _role(role: str) -> str:
    from vejviser.web.office.naming import role_name

    return role_name(role)
