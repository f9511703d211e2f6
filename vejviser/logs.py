"""What our logs may hold: paths and status codes, never what people searched for.

The rule for every server we ship (the development server now, gunicorn later):

- no query strings in request logs (``/?q=…`` is what a professional typed, perhaps about a
  citizen), and no ``Referer`` (it carries the previous page's query);
- no CPR-shaped number anywhere in a log line, a path or a traceback (``privacy.redact_cpr``).

Two logging filters do it, so any server's logger can use them:

- :class:`RequestLogFilter` for access logs. It rewrites the finished line, so it does not care
  how the server built it: werkzeug's request line (with its ANSI colours on 4xx/5xx lines),
  werkzeug's "Bad request syntax ('GET /?q=…')", or gunicorn's ``access_log_format`` atoms
  (``%(q)s``, ``%(f)s`` and the ``{referer}i`` header are blanked first).
- :class:`RedactCprFilter` for application and error logs, tracebacks included.

``init_app`` installs them for the development server and the app's own logger. For gunicorn,
call ``protect_loggers("gunicorn.access", "gunicorn.error")`` from a server hook (e.g.
``post_fork`` in ``gunicorn.conf.py``) and use ``GUNICORN_ACCESS_LOG_FORMAT``.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote_plus

from vejviser.privacy import REDACTED, looks_like_cpr, redact_cpr

#: An access-log format for gunicorn without query string, referer or user agent: method, path
#: (``%(U)s`` is the path alone), protocol, status, size and duration in microseconds.
GUNICORN_ACCESS_LOG_FORMAT = '%(h)s - - %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(D)s'

#: gunicorn atoms that hold a query string or the referring page: blanked before formatting.
_BLANKED_ATOMS = ("q", "f", "{referer}i", "{http_referer}e", "{query_string}e")
#: A query string: from "?" to the next space, quote or ANSI colour code.
_QUERY = re.compile(r"\?[^\s\"\x1b]*")
#: A path (to the next space, quote, query or colour code), to check segment by segment.
_PATH = re.compile(r"/[^\s\"?\x1b]*")


def _redact_encoded_segments(path_match: re.Match[str]) -> str:
    # "/tilbud/01%2001%2090%201234": percent-encoded separators hide the number from a plain
    # search, so each encoded segment is also checked decoded (and replaced whole).
    segments = path_match.group(0).split("/")
    return "/".join(REDACTED if ("%" in segment or "+" in segment)
                    and looks_like_cpr(unquote_plus(segment)) else segment
                    for segment in segments)


def scrub_request_line(text: str) -> str:
    """An access-log line without query strings and CPR numbers (paths and codes stay)."""
    text = _QUERY.sub("", text)
    text = _PATH.sub(_redact_encoded_segments, text)
    return redact_cpr(text)


def _formatted(record: logging.LogRecord) -> str:
    args = record.args
    if isinstance(args, Mapping):  # gunicorn passes its atoms as one mapping
        blanked: dict[str, Any] = dict(args)
        for atom in _BLANKED_ATOMS:
            if atom in blanked:
                blanked[atom] = "-"
        record.args = blanked
    try:
        return record.getMessage()
    except (TypeError, ValueError):  # arguments that do not fit: keep the raw text
        return str(record.msg)


class RequestLogFilter(logging.Filter):
    """For access logs: the line keeps method, path and status, never query, referer or CPR."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = scrub_request_line(_formatted(record))
        record.args = ()
        return True


class RedactCprFilter(logging.Filter):
    """For application and error logs: CPR numbers out of the message and any traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact_cpr(_formatted(record))
        record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact_cpr(record.exc_text)
        if record.stack_info:
            record.stack_info = redact_cpr(record.stack_info)
        return True


def _add_once(target: logging.Logger | logging.Handler, kind: type[logging.Filter]) -> None:
    if not any(isinstance(existing, kind) for existing in target.filters):
        target.addFilter(kind())


def protect_loggers(access: str | None = None, error: str | None = None) -> None:
    """Install the filters on the named loggers (e.g. ``"gunicorn.access"``, ``"gunicorn.error"``)
    and on their handlers, so records propagated from child loggers are covered too."""
    for name, kind in ((access, RequestLogFilter), (error, RedactCprFilter)):
        if name is None:
            continue
        logger = logging.getLogger(name)
        _add_once(logger, kind)
        for handler in logger.handlers:
            _add_once(handler, kind)


def init_app(app: Any) -> None:
    """Protect the development server's request log ("werkzeug") and the app's own log."""
    from flask.logging import default_handler

    protect_loggers(access="werkzeug", error=app.logger.name)
    # Records from "vejviser.search" and friends reach the app logger's handler without
    # passing the app logger's filters: the handler filters them.
    _add_once(default_handler, RedactCprFilter)
