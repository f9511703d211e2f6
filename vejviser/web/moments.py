"""Parsing the moments people ask about (``?at=``, ``open_at=``) in Copenhagen local time."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


class MomentError(ValueError):
    """A moment that could not be understood; the message says what is expected."""


def parse_local_moment(text: str, field: str) -> datetime:
    """``YYYY-MM-DDTHH:MM`` (Copenhagen local time) -> an aware datetime.

    A value with an explicit offset (``+01:00`` or ``Z``) is honoured as given.
    """
    text = text.strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as error:
        raise MomentError(
            f"'{field}' skal være en dato og et klokkeslæt som 2026-12-04T14:30 "
            f"(dansk tid), fik {text[:40]!r}"
        ) from error
    if "T" not in text and " " not in text:
        raise MomentError(f"'{field}' mangler klokkeslæt, fx 2026-12-04T14:30")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=COPENHAGEN)
    return moment.astimezone(COPENHAGEN)


def now_local() -> datetime:
    """The current moment in Copenhagen."""
    return datetime.now(COPENHAGEN)
