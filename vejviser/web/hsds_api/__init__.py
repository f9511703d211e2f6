"""The HSDS 3.0 API (``/api/hsds/``): Open Referral's standard reading of our public catalogue.

Endpoints and parameters follow HSDS's ``openapi.json``: ``/``, ``/services``, ``/services/{id}``,
``/service_at_locations``, ``/service_at_locations/{id}``, ``/organizations``,
``/organizations/{id}``, ``/taxonomies``, ``/taxonomies/{id}``, ``/taxonomy_terms``,
``/taxonomy_terms/{id}``. Filters combine with AND. Only public offers, through the public
projection. Same manners as API v1 (``vejviser.web.api_http``): ETag, Link, CORS, problem+json
errors, the shared rate limit.
"""
from flask import Blueprint

from vejviser import limits
from vejviser.web.access import declare

# Open to all (read-only); RATE_LIMIT_API per client address, shared with API v1.
blueprint = declare(limits.api(Blueprint("hsds_api", __name__)), "public")

# The routes register themselves on ``blueprint`` when imported.
from vejviser.web.hsds_api import services, vocabulary  # noqa: E402,F401
