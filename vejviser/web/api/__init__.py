"""The open JSON API, version 1 (``/api/v1``). Later issues extend it, never break it."""
from flask import Blueprint

blueprint = Blueprint("api", __name__)

from vejviser.web.api import offers, searching  # noqa: E402,F401  (routes register themselves)
