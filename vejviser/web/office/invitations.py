"""Inviting people: the consultant invites anyone, a volunteer colleagues to their organisation.

The invitation mail goes out after commit; a mail server that fails leaves the account created
and says so (the invitation can be resent from the users page).
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy import func, select

from vejviser.accounts.invitations import invite as invite_account
from vejviser.accounts.invitations import send_invitation
from vejviser.accounts.roles import CONSULTANT, ROLES, VOLUNTEER, has_rank
from vejviser.accounts.service import AccountError
from vejviser.db import db
from vejviser.mail import failed_mails
from vejviser.messages import message_of
from vejviser.models.account import Account
from vejviser.models.organization import Organization
from vejviser.web.access import current_account, requires
from vejviser.web.messages import translate
from vejviser.web.office import blueprint
from vejviser.web.passwords import link_to


def _organisation_choices(account: Account) -> list[Organization]:
    if has_rank(account, CONSULTANT):
        return list(db.session.scalars(select(Organization)
                                       .order_by(func.lower(Organization.name))))
    return list(account.organisations)


@blueprint.route("/inviter", methods=["GET", "POST"])
@requires("volunteer")
def invite() -> ResponseReturnValue:
    """The invitation form (e-mail, name, role for the consultant, organisation)."""
    me = current_account()
    assert me is not None
    organisations = _organisation_choices(me)
    roles = ROLES if has_rank(me, CONSULTANT) else (VOLUNTEER,)
    form = {"email": "", "name": "", "role": VOLUNTEER,
            "organisation": organisations[0].id if len(organisations) == 1 else ""}
    problem = None
    if request.method == "POST":
        form = {key: request.form.get(key, "")[:255].strip() for key in form}
        chosen = next((o for o in organisations if o.id == form["organisation"]), None)
        if form["role"] not in roles:
            problem = _("Vælg en af rollerne i listen.")
        elif form["organisation"] and chosen is None:
            problem = _("Vælg en af organisationerne i listen.")
        else:
            try:
                invite_account(db.session(), me, form["email"], form["role"], chosen,
                               link_to("auth.accept_invitation"),
                               name=form["name"])
            except AccountError as error:
                db.session.rollback()
                problem = translate(message_of(error))
            else:
                db.session.commit()
                if not failed_mails():
                    flash(_("Invitationen er sendt til %(email)s.",
                            email=form["email"].lower()), "info")
                target = "office.users" if has_rank(me, CONSULTANT) else "office.index"
                return redirect(url_for(target), code=303)
    return render_template("office/invite.html", form=form, roles=roles,
                           organisations=organisations,
                           problem=problem), 200 if not problem else 400


@blueprint.route("/brugere/<int:account_id>/gensend", methods=["POST"])
@requires("consultant")
def resend_invitation(account_id: int) -> ResponseReturnValue:
    """A new invitation link by mail; the old one stops working."""
    account = db.session.get(Account, account_id) or abort(404)
    try:
        send_invitation(db.session(), account, link_to("auth.accept_invitation"),
                        current_account())
    except AccountError as error:
        db.session.rollback()
        flash(translate(message_of(error)), "error")
    else:
        db.session.commit()
        if not failed_mails():
            flash(_("En ny invitation er sendt til %(email)s.", email=account.email), "info")
    return redirect(url_for("office.users"), code=303)
