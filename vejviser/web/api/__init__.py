"""The open JSON API, version 1 (``/api/v1``). Later issues extend it, never break it."""
from flask import Blueprint

from vejviser import limits
from vejviser.web.access import declare

# Open to all (read-only); RATE_LIMIT_API per client address.
blueprint = declare(limits.api(Blueprint("api", __name__)), "public")

# The route modules register themselves on ``blueprint`` when imported.
from vejviser.web.api import changes, directory, offers, searching  # noqa: E402,F401
