"""A clock the test controls: ``app.config["CLOCK"]`` reads it (never the wall clock)."""
from __future__ import annotations

from datetime import datetime

from flask import Flask

from vejviser.local_time import COPENHAGEN


class Clock:
    """The moment the app believes it is; ``set("2026-12-07 19:40")`` moves it (Copenhagen)."""

    def __init__(self, app: Flask, moment: str) -> None:
        self.moment = datetime.fromisoformat(moment).replace(tzinfo=COPENHAGEN)
        app.config["CLOCK"] = lambda: self.moment

    def set(self, moment: str) -> None:
        self.moment = datetime.fromisoformat(moment).replace(tzinfo=COPENHAGEN)
