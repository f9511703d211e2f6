"""``/login`` (e-mail and password), ``/login/kode`` (the second factor) and ``/logout`` (POST).

Failed attempts count per address and per account (``vejviser.limits``): after
``RATE_LIMIT_LOGIN`` failures a 429 in Danish. Success is always a 303, failure never is.
"""
from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import logout_user

from vejviser import limits
from vejviser.accounts.passwords import hash_password, needs_rehash, verify_password
from vejviser.accounts.service import end_sessions, find_account
from vejviser.accounts.twofactor import verify_second_factor
from vejviser.db import db
from vejviser.web.access import current_account, load_session_account, public, requires
from vejviser.web.auth import blueprint
from vejviser.web.signing import PENDING, safe_next, sign_in


@blueprint.route("/login", methods=["GET", "POST"])
@public
@limits.login
@limits.login_account
def login() -> ResponseReturnValue:
    """The login form; a right password signs in (or asks for the second factor)."""
    next_path = request.values.get("next", "")
    if request.method == "GET" and current_account() is not None:
        return redirect(safe_next(next_path), code=303)
    email, problem = "", None
    if request.method == "POST":
        email = request.form.get("email", "")[:255]
        password = request.form.get("password", "")[:1000]
        account = find_account(db.session(), email)
        stored = account.password_hash if account is not None else None
        if verify_password(stored, password) and account is not None and account.active:
            if stored and needs_rehash(stored):
                account.password_hash = hash_password(password)
                db.session.commit()
            if account.totp_secret:
                session.clear()
                session[PENDING] = account.get_id()
                return redirect(url_for("auth.second_factor", next=next_path or None), code=303)
            sign_in(account)
            return redirect(safe_next(next_path), code=303)
        problem = _("E-mailadressen eller adgangskoden er forkert.")
    return render_template("auth/login.html", email=email, problem=problem,
                           next_path=next_path), 200


@blueprint.route("/login/kode", methods=["GET", "POST"])
@public
@limits.login
@limits.login_account
def second_factor() -> ResponseReturnValue:
    """The code from the authenticator app (or a recovery code) after a right password."""
    next_path = request.values.get("next", "")
    pending = session.get(PENDING)
    account = load_session_account(pending) if isinstance(pending, str) else None
    if account is None:
        return redirect(url_for("auth.login", next=next_path or None), code=303)
    problem = None
    if request.method == "POST":
        if verify_second_factor(account, request.form.get("code", "")):
            db.session.commit()  # a used recovery code is gone
            sign_in(account)
            return redirect(safe_next(next_path), code=303)
        problem = _("Koden er forkert eller for gammel. Skriv den kode, appen viser nu.")
    return render_template("auth/second_factor.html", problem=problem, next_path=next_path)


@blueprint.route("/logout", methods=["POST"])
@requires("volunteer")
def logout() -> ResponseReturnValue:
    """End this session and every other session of the account (a copied cookie too)."""
    account = current_account()
    if account is not None:
        end_sessions(account)
        db.session.commit()
    logout_user()
    session.clear()
    flash(_("Du er logget ud."), "info")
    return redirect(url_for("auth.login"), code=303)
