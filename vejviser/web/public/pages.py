"""Pages with fixed content: the accessibility statement and the privacy notice."""
from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue

from vejviser.web.public import blueprint


@blueprint.get("/tilgaengelighed")
def accessibility() -> ResponseReturnValue:
    """Tilgængelighedserklæring: what we test, what we know is missing, whom to tell."""
    return render_template("public/accessibility.html")


@blueprint.get("/privatliv")
def privacy() -> ResponseReturnValue:
    """Privatlivspolitik: no personal data about citizens, one language cookie."""
    return render_template("public/privacy.html")
