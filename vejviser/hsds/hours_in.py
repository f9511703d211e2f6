"""HSDS schedule rows as our weekly rows: lenient about the shape, strict about the truth.

* A weekly row (or a daily one, which is a weekly row on every day) is kept as it is. Its times
  are read by the hours package's one reader (``vejviser.hours.local_clock``): no offset means
  Copenhagen time, Copenhagen's own offset is local wall-clock time, any other offset or a
  ``timezone`` is converted to Copenhagen time with a note (a time that lands on the day before
  or after moves its weekdays with it).
* A recurrence we cannot store as weekly rows (MONTHLY, "every second week", "the first Monday",
  certain weeks or days of the month or year, a count) and a row with no times become
  "se beskrivelse" rows: no times, the open state unknown on their days, and a description that
  says what the source said (its own words, plus the times and the rule). Never a refused file.
* ``dtstart``/``until`` stand in for ``valid_from``/``valid_to`` when those are empty.

Closing before opening beyond a plausible night is left to ``normalise_offer``, which drops that
row with a warning naming it.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from vejviser.hours import DAY_CODES, local_clock, parse_date
from vejviser.hsds import extension
from vejviser.hsds.report import Finding, finding

ALL_DAY = ({"00:00", "00:00:00"}, {"23:59", "23:59:00", "23:59:59", "24:00", "24:00:00"})
RESTRICTIONS = ("byweekno", "bymonthday", "byyearday", "count")


def _text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ",".join(str(item) for item in value)
    return "" if value is None else str(value).strip()


def _day(value: Any) -> date | None:
    try:
        return parse_date(_text(value)[:10]) if _text(value) else None
    except ValueError:
        return None


def _days(byday: str) -> tuple[list[str], bool]:
    """Day codes, and whether any had an ordinal ("1MO", "-1FR": not every week)."""
    codes, ordinal = [], False
    for part in byday.replace(" ", "").upper().split(","):
        if not part:
            continue
        code = part[-2:]
        ordinal |= len(part) > 2
        if code in DAY_CODES and code not in codes:
            codes.append(code)
        elif code not in DAY_CODES:
            return [part], False  # not a day: normalise_offer names it
    return codes, ordinal


def _shift(codes: list[str], by: int) -> list[str]:
    return [DAY_CODES[(DAY_CODES.index(code) + by) % 7] for code in codes]


class ScheduleReader:
    """Reads the schedule rows of one record, collecting notes."""

    def __init__(self, record: int) -> None:
        self.record = record
        self.notes: list[Finding] = []

    def note(self, kind: str, path: str, detail: Any = "", **args: Any) -> None:
        self.notes.append(finding(kind, self.record, path, detail, **args))

    def row(self, row: Mapping[str, Any], path: str) -> dict[str, Any] | None:
        """One HSDS schedule row as our row (None: nothing to keep, with a note)."""
        values, _, _ = extension.split(row.get("attributes") or [])
        out: dict[str, Any] = {
            "id": row.get("id"), "description": _text(row.get("description")),
            "notes": _text(row.get("notes")), "attending_type": _text(row.get("attending_type")),
            "valid_from": row.get("valid_from") or _day(row.get("dtstart")),
            "valid_to": row.get("valid_to") or _day(row.get("until")),
            "by_appointment": extension.flag(values, "by_appointment"),
            "on_holidays": extension.flag(values, "on_holidays"),
            "see_description": extension.flag(values, "see_description"),
        }
        opens, closes = _text(row.get("opens_at")), _text(row.get("closes_at"))
        freq = _text(row.get("freq")).upper() or "WEEKLY"
        codes, ordinal = _days(_text(row.get("byday")))
        if not codes and row.get("dtstart") and _day(row.get("dtstart")):
            codes = [DAY_CODES[_day(row.get("dtstart")).weekday()]]  # type: ignore[union-attr]
        if freq == "DAILY" and not codes:
            codes = list(DAY_CODES)
        interval = row.get("interval")
        restricted = [key for key in RESTRICTIONS if row.get(key) not in (None, "")]
        if interval not in (None, "", 1, "1", 1.0):
            restricted.append(f"interval={interval}")
        if ordinal:
            restricted.append(f"byday={_text(row.get('byday'))}")
        timed = bool(opens or closes)
        if out["see_description"] or out["by_appointment"]:
            return self._finish(out, codes, "", "")
        if freq not in ("WEEKLY", "DAILY"):
            self.note("hours.words", path, freq=freq)
        elif restricted:
            self.note("hours.restricted", path, ", ".join(restricted), what=(
                "begrænsninger", "restrictions"))
        elif not timed or not (codes or out["on_holidays"]):  # holiday hours may name no day
            if not (out["description"] or out["notes"] or timed):
                self.note("hours.no_text", path)
                return None
            self.note("hours.no_times" if not timed else "hours.no_days", path)
        else:
            return self._timed(out, codes, opens, closes, row.get("timezone"), path)
        out["see_description"] = True
        out["description"] = self._words(out["description"], row, freq, opens, closes)
        return self._finish(out, codes or list(DAY_CODES), "", "")

    def _timed(self, out: dict[str, Any], codes: list[str], opens: str, closes: str,
               zone: Any, path: str) -> dict[str, Any]:
        if opens in ALL_DAY[0] and closes in ALL_DAY[1]:
            out["all_day"] = True
            return self._finish(out, codes, "", "")
        on = _day(out["valid_from"])
        try:
            start, end = local_clock(opens, on, zone), local_clock(closes, on, zone)
        except ValueError as error:
            if "tidszone" not in str(error):
                return self._finish(out, codes, opens, closes)  # normalise_offer names it
            self.note("hours.zone_unknown", path, zone)
            start, end = local_clock(opens), local_clock(closes)
        for key, clock, text in (("opens_at", start, opens), ("closes_at", end, closes)):
            if clock.converted_from:
                kind = "hours.converted_winter" if clock.summer else "hours.converted"
                self.note(kind, f"{path}.{key}", f"{text} → {clock.time:%H:%M}",
                          zone=clock.converted_from)
        if start.day_shift:
            codes = _shift(codes, start.day_shift)
        closing = "24:00" if closes.startswith("24") and not end.converted_from \
            else f"{end.time:%H:%M}"
        return self._finish(out, codes, f"{start.time:%H:%M}", closing)

    @staticmethod
    def _words(description: str, row: Mapping[str, Any], freq: str, opens: str,
               closes: str) -> str:
        """The description of a row kept in words: the source's own, plus the rule and times."""
        rule = [f"FREQ={freq}"] + [f"{key.upper()}={_text(row.get(key))}" for key in (
            "interval", "byday", "bymonthday", "byweekno", "byyearday", "count")
            if row.get(key) not in (None, "")]
        times = f"kl. {opens[:5]}–{closes[:5]}" if opens and closes else ""
        extra = "; ".join(part for part in (times, ";".join(rule)) if part)
        return f"{description} ({extra})" if description else extra

    @staticmethod
    def _finish(out: dict[str, Any], codes: list[str], opens: str, closes: str
                ) -> dict[str, Any]:
        out.update(byday=",".join(codes), opens_at=opens or None, closes_at=closes or None)
        return out
