"""One of our apps served by werkzeug in a thread on a free port of 127.0.0.1, for the browser."""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask


@contextmanager
def served(app: Flask) -> Iterator[str]:
    """Serve ``app`` until the block ends; yields its base URL. Afterwards the server is shut
    down and the app's database connections are closed (a test's database can be dropped)."""
    from werkzeug.serving import make_server

    from vejviser.db import db

    server = make_server("127.0.0.1", 0, _closing(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
        with app.app_context():
            db.engine.dispose()


def _closing(app: Any) -> Callable[[dict[str, Any], Any], Iterable[bytes]]:
    """``app``, whose response is closed even when the browser drops the connection mid-way
    (werkzeug's server then skips ``close()``, and a static file left open surfaced later as a
    ResourceWarning in whichever test was running)."""
    def wrapped(environ: dict[str, Any], start_response: Any) -> Iterator[bytes]:
        inner = app(environ, start_response)
        try:
            yield from inner
        finally:
            close = getattr(inner, "close", None)
            if close is not None:
                close()

    return wrapped
