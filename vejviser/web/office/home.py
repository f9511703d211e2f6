"""The back office's front page: where to go from here."""
from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue

from vejviser.web.access import current_account, requires
from vejviser.web.office import blueprint


@blueprint.route("/")
@requires("volunteer")
def index() -> ResponseReturnValue:
    """Links to the pages this account may use."""
    return render_template("office/index.html", account=current_account())
