"""The open JSON API, version 1 (``/api/v1``). Later issues extend it, never break it."""
from flask import Blueprint

from vejviser import limits

blueprint = limits.api(Blueprint("api", __name__))  # RATE_LIMIT_API per client address

# The route modules register themselves on ``blueprint`` when imported.
from vejviser.web.api import changes, offers, searching  # noqa: E402,F401
