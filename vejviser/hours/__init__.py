"""Opening hours professionals can trust: a pure engine (no Flask, no database, no I/O).

Build an :class:`OpeningHours` from schedule rows (or with :func:`rows_to_rules` from a
form), then ask :func:`is_open`, :func:`next_change`, :func:`effective_week` ... For many
offers, :func:`compile_hours` once and ask the compiled objects: search's open-now filter calls
``state_at`` on each offer's cached :class:`CompiledHours` (``search.facets.compiled_hours``).
:func:`open_states` does the same for a list of offers; ``benchmarks/hours_open_now.py`` uses it.
"""
from .alternative import with_alternative
from .engine import (
    CPH,
    CompiledHours,
    active_rules,
    compile_hours,
    effective_week,
    intervals_on,
    is_open,
    local,
    next_change,
    open_states,
    season_closed,
    to_timestamp,
    upcoming_changes,
)
from .holidays import holiday_name
from .jsonld import opening_hours_specification
from .model import (
    DAY_CODES,
    DEFAULT_EXTRA_HOLIDAYS,
    Change,
    DatedException,
    DayHours,
    HolidayRule,
    OpeningHours,
    PatternChange,
    WeeklyRule,
)
from .reading import (
    ImplausibleHours,
    LocalClock,
    RowError,
    is_end_of_day,
    local_clock,
    parse_byday,
    parse_date,
    parse_flag,
    parse_time,
    read_exception_row,
    read_weekly_row,
)
from .rows import rows_to_rules, rules_to_rows
from .status import place_phrase, status_text
from .wording import describe, fmt_date, fmt_days, fmt_time

__all__ = [
    "CPH", "DAY_CODES", "DEFAULT_EXTRA_HOLIDAYS", "Change", "CompiledHours", "DatedException",
    "DayHours", "HolidayRule", "ImplausibleHours", "LocalClock",
    "OpeningHours", "PatternChange", "WeeklyRule",
    "active_rules",
    "compile_hours", "describe", "effective_week", "fmt_date", "fmt_days", "fmt_time",
    "holiday_name", "intervals_on", "is_end_of_day", "is_open", "local", "local_clock",
    "next_change", "open_states",
    "opening_hours_specification", "parse_byday", "parse_date",
    "parse_flag", "parse_time", "place_phrase", "read_exception_row", "read_weekly_row",
    "rows_to_rules", "RowError", "rules_to_rows",
    "season_closed", "status_text", "to_timestamp", "upcoming_changes", "with_alternative",
]
