"""Counting searches for the insights (``vejviser.insights``), from the search page and the API.

A search is answered whether or not it could be counted: a failed count is rolled back and
logged, never shown. Only the first page of a search counts (turning pages is not searching).
"""
from __future__ import annotations

import logging

from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from vejviser import insights
from vejviser.db import db
from vejviser.local_time import now_local
from vejviser.search import SearchParams

log = logging.getLogger(__name__)


def count_search(params: SearchParams, found: int) -> None:
    """Count ``params``' query (found ``found`` offers) in this week's insights, and commit."""
    config = current_app.config
    if not config.get("SEARCH_INSIGHTS_ENABLED", True) or not params.q or params.page != 1:
        return
    try:
        insights.record_search(
            db.session(), params.q, found, now_local(), str(config["SECRET_KEY"]),
            int(config.get("SEARCH_INSIGHTS_MIN_COUNT", insights.DEFAULT_MIN_COUNT)))
        db.session.commit()
    except SQLAlchemyError:  # two first searches of a week at once, a locked database ...
        db.session.rollback()
        log.warning("a search could not be counted for the insights", exc_info=True)
