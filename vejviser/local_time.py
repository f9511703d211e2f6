"""Parsing the moments people ask about (``?at=``, ``open_at=``) in Copenhagen local time."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

from vejviser.messages import Message

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


class MomentError(ValueError):
    """A moment that could not be understood; the message (a Danish ``Message``) says what is
    expected."""


#: Moments we answer questions about. Outside this range Python's dates overflow at the edges
#: (year 1 or 9999 plus a week), and nobody plans a shelter bed for the year 3000.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


def parse_local_moment(text: str, field: str) -> datetime:
    """``YYYY-MM-DDTHH:MM`` (Copenhagen local time) -> an aware datetime.

    A value with an explicit offset (``+01:00`` or ``Z``) is honoured as given. Years outside
    ``EARLIEST_YEAR``..``LATEST_YEAR`` are refused with a message, like any other bad value.
    """
    text = text.strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as error:
        raise MomentError(Message(
            "'%(field)s' skal være en dato og et klokkeslæt som 2026-12-04T14:30 "
            "(dansk tid), fik %(value)s", field=field, value=repr(text[:40]),
        )) from error
    if "T" not in text and " " not in text:
        raise MomentError(Message("'%(field)s' mangler klokkeslæt, fx 2026-12-04T14:30",
                                  field=field))
    check_year(moment.date(), field)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=COPENHAGEN)
    return moment.astimezone(COPENHAGEN)


def check_year(day: date, field: str) -> date:
    """``day`` itself, or a ``MomentError`` when it lies outside the years we answer for."""
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise MomentError(Message(
            "'%(field)s' skal ligge mellem år %(low)d og %(high)d, fik %(year)d",
            field=field, low=EARLIEST_YEAR, high=LATEST_YEAR, year=day.year))
    return day


def now_local() -> datetime:
    """The current moment in Copenhagen.

    The app's ``CLOCK`` setting (a callable returning an aware datetime) replaces the wall
    clock: tests drive a clock they control ("Bytteordningen at 03:00 on a Wednesday").
    """
    if has_app_context():
        clock = current_app.config.get("CLOCK")
        if clock is not None:
            return clock().astimezone(COPENHAGEN)
    return datetime.now(COPENHAGEN)
