"""Min profil: the signed-in person's own account (the second factor comes here)."""
from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue

from vejviser.web.access import current_account, requires
from vejviser.web.office import blueprint


@blueprint.route("/profil")
@requires("volunteer")
def profile() -> ResponseReturnValue:
    """Who am I, my organisations, and two-factor set-up (consultant and editor)."""
    return render_template("office/profile.html", account=current_account())
