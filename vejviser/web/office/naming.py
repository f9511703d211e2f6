"""Names the back office shows for roles and link states, in the page language."""
from __future__ import annotations

from flask_babel import gettext as _


def role_name(role: str) -> str:
    """The role as people say it."""
    names = {"consultant": _("frivillighedskonsulent"), "editor": _("redaktør"),
             "volunteer": _("frivillig")}
    return names.get(role, role)
