"""The public pages professionals and citizens use: search, detail, Min liste, print, help pages.

Every page is server-rendered and works without JavaScript; ``static/js/site.js`` only enhances
(live results, geolocation on request, the list in localStorage). The blueprint is split by page:
``searching`` (home and results), ``detail`` (one offer and "Rapportér en fejl"), ``mylist`` (the
list and its print view) and ``pages`` (accessibility statement, privacy).
"""
from __future__ import annotations

from flask import Blueprint

from vejviser.web.access import declare

blueprint = declare(Blueprint("public", __name__), "public")  # every page here is open to all

# The view modules register their routes on ``blueprint`` when imported.
from vejviser.web.public import (  # noqa: E402,F401
    detail,
    feed,
    free_places,
    mylist,
    pages,
    reminder,
    searching,
    templating,
    tonight,
)

templating.init_blueprint(blueprint)
