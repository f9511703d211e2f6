"""Progress for long CLI runs, drawn on stderr so stdout stays clean for data (``export -o -``)."""
from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import click


def progress_bar(label: str) -> Callable[[int, int], None]:
    """A callback ``(done, total)`` that draws a progress bar on stderr, opened on first use."""
    state: dict[str, Any] = {}  # click's ProgressBar, whose class click keeps private

    def update(done: int, total: int) -> None:
        if "bar" not in state:
            state["bar"] = click.progressbar(length=total, label=label, file=sys.stderr)
            state["bar"].__enter__()
        bar = state["bar"]
        bar.update(done - bar.pos)
        if done >= total:
            bar.__exit__(None, None, None)

    return update
