"""Another process on a test's database and index, as a second web worker would be.

    python -m tests.search.index_worker CONFIG_JSON STEP...

Steps, in order: ``search:WORDS`` prints one JSON line (the slugs found, or ``unavailable``),
``truncate:BYTES`` cuts every segment file of the index to that size (``truncate -s``),
``wait-for:FILE`` prints ``ready`` and waits until FILE exists (to start processes together),
``stalled-rebuild`` starts a rebuild that prints ``rebuilding`` after its first batch and then
hangs (to be killed). Log records go to stderr, one per line.
"""
from __future__ import annotations

import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any


def _search(words: str) -> dict[str, Any]:
    from tests.search.helpers import slugs_for
    from vejviser import search

    try:
        return {"slugs": slugs_for(q=words)}
    except search.SearchUnavailable as error:
        return {"unavailable": error.retry_after}


def _stall(done: int, total: int) -> None:
    print("rebuilding", flush=True)
    time.sleep(600)


def main(argv: list[str]) -> None:
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="%(name)s: %(message)s")
    from vejviser import create_app, search

    config = json.loads(argv[0])
    app = create_app(config)
    with app.test_request_context():
        for step in argv[1:]:
            verb, _, argument = step.partition(":")
            if verb == "search":
                print(json.dumps(_search(argument)), flush=True)
            elif verb == "truncate":
                for segment in Path(config["INDEX_DIR"]).rglob("*.seg"):
                    os.truncate(segment, int(argument))
            elif verb == "wait-for":
                print("ready", flush=True)
                while not Path(argument).exists():
                    time.sleep(0.01)
            elif verb == "stalled-rebuild":
                search.rebuild(progress=_stall)
            else:
                raise SystemExit(f"unknown step {step!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
