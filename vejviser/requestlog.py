"""One log line per request, and JSON logs for production.

Every answer carries ``X-Request-Id``: the caller's own (nginx's ``$request_id``) when it is a
plain token of at most 64 characters, else a new random one, so one id ties the proxy's log,
ours and a user's report together.

With ``LOG_FORMAT`` ``json`` (``VEJVISER_LOG_FORMAT``; ``serve --production`` defaults to it)
the app's loggers write one JSON object a line to stderr, and each request adds one line on the
``vejviser.requests`` logger: ``request_id``, ``method``, ``route`` (the URL rule such as
``/tilbud/<slug>``, never the path or query a person typed: no search words, no CPR number;
null when nothing matched), ``status`` and ``duration_ms``. The CPR filter of ``vejviser.logs``
stays on every handler. gunicorn's own loggers get the same formatter (``serving``).
"""
from __future__ import annotations

import logging
import re
import sys
import time
import uuid

from flask import Flask, Response, g, request
from pythonjsonlogger.json import JsonFormatter

from vejviser.logs import RedactCprFilter

REQUEST_ID_HEADER = "X-Request-Id"
#: A request id we accept from a proxy: letters, digits, ``.``, ``-``, ``_``; at most 64.
ACCEPTED_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
LOGGER = "vejviser.requests"
FORMATS = ("text", "json")
_HANDLER_MARK = "vejviser_json"
log = logging.getLogger(LOGGER)


def json_formatter() -> logging.Formatter:
    """One JSON object per record: time (ISO 8601, UTC), level, logger, message and extras."""
    return JsonFormatter("%(levelname)s %(name)s %(message)s", timestamp="time",
                         rename_fields={"levelname": "level", "name": "logger"},
                         json_ensure_ascii=False)


def json_handler(stream: object = None) -> logging.Handler:
    """A stderr handler writing JSON lines, with CPR numbers redacted."""
    handler = logging.StreamHandler(stream or sys.stderr)  # type: ignore[arg-type]
    handler.setFormatter(json_formatter())
    handler.addFilter(RedactCprFilter())
    setattr(handler, _HANDLER_MARK, True)
    return handler


def use_json(logger: logging.Logger, level: int | None = None) -> None:
    """Replace ``logger``'s handlers by one JSON handler (idempotent)."""
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.addHandler(json_handler())
    if level is not None:
        logger.setLevel(level)


def _start() -> None:
    given = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = given if ACCEPTED_ID.fullmatch(given) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def _finish(response: Response) -> Response:
    request_id = g.get("request_id") or uuid.uuid4().hex
    response.headers[REQUEST_ID_HEADER] = request_id
    started = g.get("request_started")
    duration = round((time.perf_counter() - started) * 1000, 2) if started else None
    rule = request.url_rule.rule if request.url_rule is not None else None
    log.info("request", extra={"request_id": request_id, "method": request.method,
                               "route": rule, "status": response.status_code,
                               "duration_ms": duration})
    return response


def configure(app: Flask) -> None:
    """JSON logs for the app's loggers when ``LOG_FORMAT`` is ``json`` (call again after
    changing it: ``serve --production`` does)."""
    if app.config.get("LOG_FORMAT", "text") == "json":
        package = logging.getLogger("vejviser")
        use_json(package, logging.INFO)
        package.propagate = False
        log.setLevel(logging.INFO)


def init_app(app: Flask) -> None:
    """Request ids on every answer (registered first, so every answer has one); JSON logs when
    ``LOG_FORMAT`` is ``json``."""
    app.before_request(_start)
    app.after_request(_finish)
    configure(app)
