"""Counting searches for the insights (``vejviser.insights``), from the search page and the API.

Counts are gathered in memory per app and written together at most every
``SEARCH_INSIGHTS_FLUSH_SECONDS`` (default 10; 0 writes each search), by the search that finds
them due: a database write per search cost half the throughput of the search page, and with
SQLite it queued every search behind an editor's save. What a stopped worker had not written
yet (at most those seconds) is lost: these are statistics, not records. A personal query's text
is dropped when it is counted (``PendingSearches.add``), so memory holds no more than the disk
may. A search is answered whether or not it could be counted: a failed write is rolled back and
logged, never shown. Only the first page of a search counts (turning pages is not searching).
"""
from __future__ import annotations

import logging
import threading
from datetime import datetime

from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from vejviser import insights
from vejviser.db import db
from vejviser.local_time import now_local
from vejviser.search import SearchParams

log = logging.getLogger(__name__)

#: Searches gathered before they are written, however recent.
MAX_PENDING = 500
_KEY = "vejviser.search_counts"


class _Gathered:
    """One app's counts not yet written (the development server answers in threads)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pending = insights.PendingSearches()
        self.since: datetime | None = None

    def add(self, text: str, found: int, now: datetime,
            flush_seconds: float) -> insights.PendingSearches | None:
        """Count a search; the counts to write now when they are due, else None."""
        with self.lock:
            self.pending.add(text, found, now)
            self.since = self.since or now
            if ((now - self.since).total_seconds() < flush_seconds
                    and self.pending.searches < MAX_PENDING):
                return None
            due, self.pending, self.since = self.pending, insights.PendingSearches(), None
            return due


def count_search(params: SearchParams, found: int) -> None:
    """Count ``params``' query (found ``found`` offers) for this week's insights; write the
    gathered counts, and commit, when they are due."""
    config = current_app.config
    if not config.get("SEARCH_INSIGHTS_ENABLED", True) or not params.q or params.page != 1:
        return
    gathered = current_app.extensions.get(_KEY)
    if gathered is None:  # the app's first search (setdefault: two threads may get here)
        gathered = current_app.extensions.setdefault(_KEY, _Gathered())
    now = now_local()
    due = gathered.add(params.q, found, now,
                       float(config.get("SEARCH_INSIGHTS_FLUSH_SECONDS", 10)))
    if due is None or not due.searches:
        return
    try:
        insights.write_searches(
            db.session(), due, now, str(config["SECRET_KEY"]),
            int(config.get("SEARCH_INSIGHTS_MIN_COUNT", insights.DEFAULT_MIN_COUNT)))
        db.session.commit()
    except SQLAlchemyError:  # two first searches of a week at once, a locked database ...
        db.session.rollback()
        log.warning("%d searches could not be counted for the insights", due.searches,
                    exc_info=True)
