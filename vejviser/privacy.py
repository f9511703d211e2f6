"""Keeping personal data about citizens out of what we store and log.

Professionals type with a citizen beside them; a CPR number pasted into a search box or a
correction must never end up in the database or a log file.
"""
from __future__ import annotations

import logging
import re

#: A Danish CPR number: DDMMYY-SSSS, with or without the dash (or a space).
CPR_PATTERN = re.compile(r"(?<!\d)(0[1-9]|[12]\d|3[01])(0[1-9]|1[0-2])\d{2}[-\s]?\d{4}(?!\d)")
_QUERY_IN_REQUEST_LINE = re.compile(r'("[A-Z]+ [^"?\s]*)\?[^"\s]*')


def looks_like_cpr(text: str) -> bool:
    """True when ``text`` holds something shaped like a CPR number."""
    return CPR_PATTERN.search(text) is not None


def without_query_string(message: str) -> str:
    """A request log line with every ``?query`` removed (``"GET /?q=… HTTP/1.1"`` → ``"GET /"``)."""
    return _QUERY_IN_REQUEST_LINE.sub(r"\1", message)


class DropQueryStrings(logging.Filter):
    """A logging filter for access logs: what people searched for is never written down."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = without_query_string(record.getMessage())
        record.args = ()
        return True


def quiet_request_logs(logger_name: str = "werkzeug") -> None:
    """Install :class:`DropQueryStrings` on the development server's request log."""
    logger = logging.getLogger(logger_name)
    if not any(isinstance(existing, DropQueryStrings) for existing in logger.filters):
        logger.addFilter(DropQueryStrings())
