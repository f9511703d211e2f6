"""The one reading of opening-hour rows: times, dates, days, flags, and whole rows.

The catalogue's validation (seed files, HSDS import), the form rows (:mod:`.rows`) and the edit
forms all read rows here, so "22.00", "9:30", "man,ons" and "24:00" mean the same everywhere.
"24:00" is the end of the day: a row closing then never runs into the next morning.

A closing time at or before the opening time means the hours run past midnight — but only where
the row says so (``past_midnight``) or the night is plausible (at most :data:`MAX_NIGHT` long).
"16:00–10:00" is far more likely a typo for 10–16, so it is an :class:`ImplausibleHours` error: a
form refuses the row, an import drops it with a warning. Messages are Danish, for volunteers.

Times from other systems may carry a UTC offset ("09:00Z", "09:00-05:00") or come with a time
zone; :func:`local_clock` reads them as Copenhagen wall-clock time (see its docstring).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .model import DAY_CODES, DatedException, WeeklyRule

dt_time = time  # the type, under a name a dataclass field called ``time`` does not hide

_TIME = re.compile(r"^\s*(\d{1,2})(?:[:.](\d{2})(?::(00))?)?\s*$")
#: A clock time with a UTC offset: "09:00Z", "09:00:00+02:00", "9:00-0500".
_OFFSET = re.compile(r"^\s*(?P<clock>[0-9:.]+?)\s*(?P<zone>[zZ]|[+-]\d{2}(?::?\d{2})?)\s*$")
_CPH = ZoneInfo("Europe/Copenhagen")
#: Copenhagen's own offsets: normal time (winter) and summer time.
_CPH_OFFSETS = (timedelta(hours=1), timedelta(hours=2))
#: The days a weekly time without a date is converted on: normal time, and summer time (only to
#: say what the time is in summer when that differs).
_WINTER, _SUMMER = date(2026, 1, 15), date(2026, 7, 15)
_DANISH_DAYS = {"man": "MO", "tir": "TU", "tirs": "TU", "ons": "WE", "tor": "TH", "tors": "TH",
                "fre": "FR", "lør": "SA", "lor": "SA", "søn": "SU", "son": "SU"}
_TRUE = {"1", "true", "on", "yes", "ja", "y"}
_FALSE = {"", "0", "false", "off", "no", "nej", "n"}
#: The longest span a row may run past midnight without saying so (22:00–08:00 is 10 hours).
MAX_NIGHT = timedelta(hours=16)


class RowError(ValueError):
    """A row that cannot be read; ``problems`` maps each bad field to a Danish message."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__("; ".join(self.problems.values()))


class ImplausibleHours(RowError):
    """A row closes before it opens, beyond a plausible night, without saying it runs past
    midnight (the problem is on ``closes_at``)."""


def parse_time(text: str) -> time:
    """"22:00", "22.00", "9", "9:30", "10:00:00" -> time. "24:00" means midnight at the end of
    the day (00:00)."""
    m = _TIME.match(text or "")
    if m:
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        if hour == 24 and minute == 0:
            return time(0, 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise ValueError(f"Ugyldigt klokkeslæt: {text!r} – skriv fx 09:30 eller 22:00")


def is_end_of_day(text: Any) -> bool:
    """True for "24:00" (and "24", "24.00", "24:00:00"): the end of the day."""
    m = _TIME.match(text_of(text))
    return m is not None and int(m.group(1)) == 24


@dataclass(frozen=True)
class LocalClock:
    """A time read as Copenhagen wall-clock time (see :func:`local_clock`)."""

    time: dt_time
    #: -1 or +1 when the converted time falls on the day before or after the source's day.
    day_shift: int = 0
    #: What it was converted from ("UTC", "+03:00", "America/New_York"); None: already local.
    converted_from: str | None = None
    #: Without a date: the local time in summer, when it differs from the one in ``time``.
    summer: dt_time | None = None


def _offset_name(offset: timedelta) -> str:
    if not offset:
        return "UTC"
    sign, minutes = ("+" if offset > timedelta(0) else "-"), abs(offset) // timedelta(minutes=1)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def _zone(zone: str | float | int | None) -> tuple[tzinfo | None, str | None]:
    """A ``timezone`` value (a UTC offset in hours, "+01:00", "UTC" or an IANA name)."""
    if zone is None or zone == "":
        return None, None
    if isinstance(zone, (int, float)) and not isinstance(zone, bool):
        offset = timedelta(hours=float(zone))
        return timezone(offset), _offset_name(offset)
    text = str(zone).strip()
    m = re.fullmatch(r"(?:UTC|GMT)?\s*([+-]\d{1,2})(?::?(\d{2}))?", text)
    if m:
        hours, minutes = int(m.group(1)), int(m.group(2) or 0)
        offset = timedelta(hours=hours, minutes=minutes if hours >= 0 else -minutes)
        return timezone(offset), _offset_name(offset)
    if text.upper() in ("Z", "UTC", "GMT"):
        return timezone.utc, "UTC"
    try:
        return ZoneInfo(text), text
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"Ukendt tidszone: {text!r}") from None


def local_clock(text: str, on: date | None = None,
                zone: str | float | int | None = None) -> LocalClock:
    """``text`` ("09:00", "09:00Z", "09:00-05:00") as Copenhagen wall-clock time.

    * No offset and no ``zone``: already Copenhagen time (what our own export writes).
    * An offset (or ``zone``) equal to Copenhagen's own on ``on`` (+01:00 in winter, +02:00 in
      summer) is local wall-clock time too; without a date either of the two is.
    * Any other offset or zone is converted. Without a date it is converted as on a winter day
      (normal time), and ``summer`` says what it is in summer when that differs.

    An offset in ``text`` wins over ``zone``. Raises ValueError for an unreadable time or zone.
    """
    clock_text, zone_text = text, None
    m = _OFFSET.match(text or "")
    if m:
        clock_text, zone_text = m.group("clock"), m.group("zone")
    clock = parse_time(clock_text)
    source, name = _zone("UTC" if zone_text in ("z", "Z") else zone_text or zone)
    if source is None or source is _CPH:
        return LocalClock(clock)
    day = on or _WINTER
    if isinstance(source, timezone):  # a fixed offset: is it Copenhagen's own?
        own = [_CPH.utcoffset(datetime.combine(day, clock))] if on else list(_CPH_OFFSETS)
        if source.utcoffset(None) in own:
            return LocalClock(clock)
    there = datetime.combine(day, clock, tzinfo=source).astimezone(_CPH)
    summer = None
    if on is None:
        in_summer = datetime.combine(_SUMMER, clock, tzinfo=source).astimezone(_CPH).time()
        summer = in_summer if in_summer != there.time() else None
    local = LocalClock(there.time(), (there.date() - day).days, name, summer)
    if (local.time, local.day_shift, local.summer) == (clock, 0, None):
        return LocalClock(clock)  # a zone that keeps Copenhagen's clock (Europe/Berlin)
    return local


def parse_date(text: str) -> date:
    """"2026-12-04" (or Danish "4.12.2026" / "4/12-2026") -> date."""
    s = (text or "").strip()
    try:
        return date.fromisoformat(s)
    except ValueError:
        pass
    m = re.match(r"^(\d{1,2})[./](\d{1,2})[.\-/](\d{4})$", s)
    if m:
        try:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            pass
    raise ValueError(f"Ugyldig dato: {text!r} – skriv fx 2026-12-04")


def parse_byday(text: str) -> tuple[str, ...]:
    """"MO,WE,FR" (or "man, ons, fre") -> ("MO", "WE", "FR"), in the order written."""
    out = []
    for part in (text or "").split(","):
        p = part.strip().rstrip(".")
        if not p:
            continue
        code = p.upper() if p.upper() in DAY_CODES else _DANISH_DAYS.get(p.lower())
        if code is None:
            raise ValueError(
                f"Ukendt ugedag: {part.strip()!r} – brug fx MO,WE,FR eller man,ons,fre"
            )
        if code in out:
            raise ValueError(f"Ugedagen {part.strip()!r} står to gange")
        out.append(code)
    return tuple(out)


def parse_flag(value: Any) -> bool:
    """A checkbox value: "1", "on", "ja", True -> True; "", "0", None, False -> False."""
    if isinstance(value, bool) or value is None:
        return bool(value)
    s = str(value).strip().lower()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise ValueError(f"{value!r} skal være ja eller nej")


def check_night(opens_at: time | None, closes_at: time | None, past_midnight: bool) -> None:
    """Raise :class:`ImplausibleHours` for a closing time before the opening time that is neither
    marked ``past_midnight`` nor a plausible night (at most :data:`MAX_NIGHT`)."""
    if opens_at is None or closes_at is None or closes_at > opens_at or past_midnight:
        return
    if opens_at == closes_at == time(0, 0):
        return  # 00:00–24:00: the whole day
    day = date(2000, 1, 1)
    span = datetime.combine(day + timedelta(days=1), closes_at) - datetime.combine(day, opens_at)
    if span > MAX_NIGHT:
        raise ImplausibleHours({"closes_at": (
            f"lukker kl. {closes_at:%H:%M}, før den åbner kl. {opens_at:%H:%M}; er det rigtigt, "
            "at det er efter midnat, så marker rækken 'efter midnat'")})


def text_of(value: Any) -> str:
    """A cell as stripped text (None: ""; a list of day codes: "MO,WE")."""
    if isinstance(value, (list, tuple)):
        return ",".join(str(item) for item in value)
    return "" if value is None else str(value).strip()


class _Fields:
    """Reads a row's fields one by one, collecting a problem per bad field."""

    def __init__(self, row: Mapping[str, Any]) -> None:
        self.row = row
        self.problems: dict[str, str] = {}

    def get(self, key: str, parse: Callable[[str], Any]) -> Any:
        value = self.row.get(key)
        if isinstance(value, (time, date)) and not isinstance(value, datetime):
            return value.replace(tzinfo=None) if isinstance(value, time) else value
        text = text_of(value)
        if not text:
            return None
        try:
            return parse(text)
        except ValueError as error:
            self.problems[key] = str(error)
            return None

    def flag(self, key: str) -> bool:
        try:
            return parse_flag(self.row.get(key))
        except ValueError as error:
            self.problems[key] = str(error)
            return False

    def done(self) -> None:
        if self.problems:
            raise RowError(self.problems)


def _hours(fields: _Fields) -> tuple[time | None, time | None]:
    opens_at, closes_at = fields.get("opens_at", parse_time), fields.get("closes_at", parse_time)
    # "24:00" is the end of the day, never a long night into the next one.
    past_midnight = fields.flag("past_midnight") or is_end_of_day(fields.row.get("closes_at"))
    if not fields.problems:
        if opens_at is None or closes_at is None:
            fields.problems["opens_at"] = "åbner og lukker skal begge udfyldes"
        else:
            check_night(opens_at, closes_at, past_midnight)
    return opens_at, closes_at


def read_weekly_row(row: Mapping[str, Any]) -> WeeklyRule:
    """One weekly row (strings as a form posts them, or typed values from TOML/JSON) as a
    :class:`WeeklyRule`; raises :class:`RowError` naming every bad field."""
    fields = _Fields(row)
    byday = fields.get("byday", parse_byday) or ()
    all_day, by_appointment = fields.flag("all_day"), fields.flag("by_appointment")
    on_holidays, in_words = fields.flag("on_holidays"), fields.flag("see_description")
    valid_from, valid_to = fields.get("valid_from", parse_date), fields.get("valid_to", parse_date)
    opens_at = closes_at = None
    if all_day and by_appointment:
        fields.problems["by_appointment"] = "en række kan ikke både være døgnåben og efter aftale"
    elif in_words and (all_day or by_appointment):
        fields.problems["see_description"] = ("en række med 'se beskrivelse' kan ikke også være "
                                              "døgnåben eller efter aftale")
    elif in_words and not text_of(row.get("description")):
        fields.problems["description"] = "skriv åbningstiderne i beskrivelsen"
    elif not (all_day or by_appointment or in_words):
        opens_at, closes_at = _hours(fields)
    if not byday and not on_holidays and "byday" not in fields.problems:
        fields.problems["byday"] = "vælg mindst én ugedag"
    if valid_from and valid_to and valid_to < valid_from:
        fields.problems["valid_to"] = "slutdatoen ligger før startdatoen"
    fields.done()
    try:
        return WeeklyRule(byday=byday, opens_at=opens_at, closes_at=closes_at,
                          valid_from=valid_from, valid_to=valid_to, all_day=all_day,
                          by_appointment=by_appointment, on_holidays=on_holidays,
                          description=text_of(row.get("description")),
                          see_description=in_words)
    except ValueError as error:  # what the model checks beyond the fields above
        raise RowError({"opens_at": str(error)}) from None


def read_exception_row(row: Mapping[str, Any]) -> DatedException:
    """One dated exception row as a :class:`DatedException`; raises :class:`RowError` like
    :func:`read_weekly_row`. A row that does not say ``closed`` is closed unless it gives hours.
    """
    fields = _Fields(row)
    date_from, date_to = fields.get("date_from", parse_date), fields.get("date_to", parse_date)
    if date_from is None and "date_from" not in fields.problems:
        fields.problems["date_from"] = "startdatoen mangler"
    if "closed" in row:
        closed = fields.flag("closed")
    else:
        closed = not (text_of(row.get("opens_at")) or text_of(row.get("closes_at")))
    opens_at, closes_at = (None, None) if closed else _hours(fields)
    if date_from and date_to and date_to < date_from:
        fields.problems["date_to"] = "slutdatoen ligger før startdatoen"
    fields.done()
    try:
        return DatedException(date_from=date_from, date_to=date_to, closed=closed,
                              opens_at=opens_at, closes_at=closes_at,
                              description=text_of(row.get("description")))
    except ValueError as error:
        raise RowError({"opens_at": str(error)}) from None
