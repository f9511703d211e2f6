"""Names the back office shows for roles and link states, in the page language."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _

from vejviser.local_time import COPENHAGEN


def role_name(role: str) -> str:
    """The role as people say it."""
    names = {"consultant": _("frivillighedskonsulent"), "editor": _("redaktør"),
             "volunteer": _("frivillig")}
    return names.get(role, role)


def local_when(moment: datetime | None) -> str:
    """A stored moment as Copenhagen wall-clock time ("07.12.2026 19.40"); "–" for none."""
    return "–" if moment is None else moment.astimezone(COPENHAGEN).strftime("%d.%m.%Y %H.%M")
