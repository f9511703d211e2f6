"""The back office at ``/kontor``: volunteers, editors and the consultant keep the catalogue.

Every view declares who may use it (``vejviser.web.access``). One module per page group; each
registers its routes on ``blueprint`` when imported (one import line per module below).
"""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError

blueprint = Blueprint("office", __name__)


@blueprint.errorhandler(CSRFError)
def csrf_failed(error: CSRFError) -> ResponseReturnValue:
    """A missing or stale form token: nothing was changed; say so and offer the page again."""
    return render_template("errors/form_expired.html", back=request.path), 400


@blueprint.app_context_processor
def _office_helpers() -> dict[str, object]:
    from flask import current_app

    from vejviser.web.access import current_account
    from vejviser.web.office.naming import role_name

    return {"current_account": current_account, "role_name": role_name,
            "office_endpoints": lambda: current_app.view_functions.keys()}


from vejviser.web.office import catalogue  # noqa: E402,F401
from vejviser.web.office import free_places  # noqa: E402,F401
from vejviser.web.office import history  # noqa: E402,F401
from vejviser.web.office import home  # noqa: E402,F401
from vejviser.web.office import insights  # noqa: E402,F401
from vejviser.web.office import invitations  # noqa: E402,F401
from vejviser.web.office import offers  # noqa: E402,F401
from vejviser.web.office import profile  # noqa: E402,F401
from vejviser.web.office import reports  # noqa: E402,F401
from vejviser.web.office import review  # noqa: E402,F401
from vejviser.web.office import stale  # noqa: E402,F401
from vejviser.web.office import taxonomy  # noqa: E402,F401
from vejviser.web.office import users  # noqa: E402,F401
from vejviser.web.office import winter  # noqa: E402,F401
