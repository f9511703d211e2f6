"""Signing in and out, the second factor, password resets and accepting an invitation.

``login`` holds ``/login``, ``/login/kode`` and ``/logout`` (POST); ``links`` the pages a mailed
link opens (``/invitation/<token>``, ``/nulstil-adgangskode``).
"""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError

blueprint = Blueprint("auth", __name__)


@blueprint.errorhandler(CSRFError)
def csrf_failed(error: CSRFError) -> ResponseReturnValue:
    """A missing or stale form token: nothing was done; say so and offer the form again."""
    return render_template("errors/form_expired.html", back=request.path), 400


from vejviser.web.auth import links, login  # noqa: E402,F401  (routes register themselves)
