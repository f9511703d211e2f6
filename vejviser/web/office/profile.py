"""Min profil: the signed-in person's own account, and the second factor (TOTP).

Set-up: a new secret is kept in the session (not on the account) until a code from the app
proves it was scanned; then the recovery codes are shown once. With ``REQUIRE_TOTP_FOR_STAFF``
editors and the consultant are sent here until they have set it up (``vejviser.web.access``).
"""
from __future__ import annotations

import segno
from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from markupsafe import Markup

from vejviser import limits
from vejviser.accounts import twofactor
from vejviser.accounts.passwords import verify_password
from vejviser.accounts.roles import EDITOR
from vejviser.accounts.service import end_sessions
from vejviser.db import db
from vejviser.web.access import current_account, requires
from vejviser.web.office import blueprint
from vejviser.web.passwords import set_password_from_form, typed
from vejviser.web.signing import sign_in

PENDING_SECRET = "totp_pending_secret"


@blueprint.route("/profil")
@requires("volunteer")
def profile() -> ResponseReturnValue:
    """Who am I, my organisations, and two-factor set-up (consultant and editor)."""
    return render_template("office/profile.html", account=current_account(),
                           required=current_app.config.get("REQUIRE_TOTP_FOR_STAFF"))


def _qr(uri: str) -> Markup:
    code = segno.make(uri, error="m", micro=False)
    return Markup(code.svg_inline(scale=4, border=2, omitsize=True,
                                  title=_("QR-kode til din godkendelsesapp"), svgclass="qr",
                                  lineclass=None))


@blueprint.route("/profil/adgangskode", methods=["POST"])
@requires("volunteer")
@limits.login
def change_password() -> ResponseReturnValue:
    """A new password (the current one asked for): every other session of the account ends."""
    account = current_account()
    assert account is not None
    if not verify_password(account.password_hash, typed("current_password")):
        problem: str | None = _("Din nuværende adgangskode er forkert.")
    else:
        problem = set_password_from_form(account)
    if problem:
        return render_template("office/profile.html", account=account, password_problem=problem,
                               required=current_app.config.get("REQUIRE_TOTP_FOR_STAFF")), 400
    db.session.commit()
    sign_in(account)  # this session goes on with the new token; the others have ended
    flash(_("Din adgangskode er skiftet. Du er logget ud alle andre steder."), "info")
    return redirect(url_for("office.profile"), code=303)


@blueprint.route("/profil/totrin", methods=["GET", "POST"])
@requires(EDITOR)
def two_factor_setup() -> ResponseReturnValue:
    """Scan the QR code, type the code the app shows; then the recovery codes, once."""
    account = current_account()
    assert account is not None
    if account.totp_secret:
        flash(_("Totrinsbekræftelse er allerede slået til."), "info")
        return redirect(url_for("office.profile"), code=303)
    secret = session.get(PENDING_SECRET)
    if not isinstance(secret, str) or request.method == "GET":
        secret = session[PENDING_SECRET] = twofactor.new_secret()
    problem = None
    if request.method == "POST":
        if twofactor.totp_ok(secret, request.form.get("code", "")):
            codes = twofactor.new_recovery_codes()
            twofactor.enable(account, secret, codes)
            end_sessions(account)  # other sessions were signed in with one factor only
            db.session.commit()
            session.pop(PENDING_SECRET, None)
            sign_in(account)  # this session goes on, with the new token
            return render_template("office/recovery_codes.html", codes=codes)
        problem = _("Koden passer ikke. Skriv den kode, appen viser lige nu, og prøv igen.")
    uri = twofactor.provisioning_uri(secret, account.email)
    return render_template("office/two_factor_setup.html", qr=_qr(uri), secret=secret,
                           problem=problem), 200 if problem is None else 400


@blueprint.route("/profil/totrin/fra", methods=["POST"])
@requires(EDITOR)
def two_factor_off() -> ResponseReturnValue:
    """Turn one's own second factor off (not while the setting requires it)."""
    account = current_account()
    assert account is not None
    if current_app.config.get("REQUIRE_TOTP_FOR_STAFF"):
        flash(_("Totrinsbekræftelse er påkrævet for din rolle og kan ikke slås fra."), "error")
    else:
        twofactor.disable(account)
        db.session.commit()
        flash(_("Totrinsbekræftelse er slået fra."), "info")
    return redirect(url_for("office.profile"), code=303)
