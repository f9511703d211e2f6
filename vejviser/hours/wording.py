"""Opening hours as words, in Danish (default) and English.

The Danish follows how Danish offers write their hours ("Man., ons. og fre. 10–16",
"Fra 4. december: man.–fre. 10–16") and is regular enough to parse back
(``tests/hours/textparse.py``), which the tests use to prove the text says what the
rows say.
"""
from __future__ import annotations

from datetime import date, time

from .engine import CPH, HoursLike, _compiled
from .model import DAY_CODES, DatedException, HolidayRule, OpeningHours, WeeklyRule

DAY_ABBR = {
    "da": ("man.", "tirs.", "ons.", "tors.", "fre.", "lør.", "søn."),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
DAY_NAMES = {
    "da": ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
MONTHS = {
    "da": ("januar", "februar", "marts", "april", "maj", "juni", "juli", "august",
           "september", "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}
W = {
    "da": {
        "and": " og ", "every": "alle dage", "24h": "døgnåbent", "appt": "efter aftale",
        "see": "se beskrivelse",
        "from": "Fra {}: ", "until": "Til og med {}: ", "closed_dates": "Lukket {}",
        "holidays": "helligdage", "holidays_on": "helligdage på {}",
        "unknown": "Åbningstider ukendte",
        HolidayRule.CLOSED: "Lukket på helligdage", HolidayRule.AS_SUNDAY: "Helligdage som søndag",
        HolidayRule.OWN_HOURS: "Egne åbningstider på helligdage", "extra": " samt {}",
    },
    "en": {
        "and": " and ", "every": "every day", "24h": "24 hours", "appt": "by appointment",
        "see": "see the description",
        "from": "From {}: ", "until": "Until {}: ", "closed_dates": "Closed {}",
        "holidays": "public holidays", "holidays_on": "public holidays on {}",
        "unknown": "Opening hours unknown",
        HolidayRule.CLOSED: "Closed on public holidays",
        HolidayRule.AS_SUNDAY: "Public holidays as Sunday",
        HolidayRule.OWN_HOURS: "Own hours on public holidays", "extra": " and on {}",
    },
}


def _lang(lang: str) -> str:
    return lang if lang in W else "da"


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def fmt_time(t: time, lang: str = "da") -> str:
    """"10", "10.30" (Danish) or "10:30" (English): whole hours without minutes."""
    if t.minute == 0:
        return str(t.hour)
    return f"{t.hour}{'.' if _lang(lang) == 'da' else ':'}{t.minute:02d}"


def fmt_clock(t: time, lang: str = "da") -> str:
    """A clock time for status lines: "16" in Danish ("kl. 16"), "16:00" in English."""
    return fmt_time(t, lang) if _lang(lang) == "da" else f"{t.hour:02d}:{t.minute:02d}"


def fmt_date(d: date, lang: str = "da", year: bool = True) -> str:
    """"4. december 2026" / "4 December 2026" (year left out when ``year`` is False)."""
    lang = _lang(lang)
    text = f"{d.day}{'.' if lang == 'da' else ''} {MONTHS[lang][d.month - 1]}"
    return f"{text} {d.year}" if year else text


def fmt_days(codes: tuple[str, ...] | list[str], lang: str = "da") -> str:
    """Weekday codes as runs: ("MO","WE","FR") -> "man., ons. og fre."; MO–FR -> "man.–fre."."""
    lang = _lang(lang)
    idx = sorted(DAY_CODES.index(c) for c in set(codes))
    if len(idx) == 7:
        return W[lang]["every"]
    runs: list[list[int]] = []
    for i in idx:
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    names = DAY_ABBR[lang]
    items: list[str] = []
    for run in runs:
        if len(run) >= 3:  # two days read better as "lør. og søn." than "lør.–søn."
            items.append(f"{names[run[0]]}–{names[run[-1]]}")
        else:
            items.extend(names[i] for i in run)
    return _join(items, lang)


def _join(items: list[str], lang: str) -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + W[_lang(lang)]["and"] + items[-1]


def _range(opens: time | None, closes: time | None, lang: str) -> str:
    assert opens is not None and closes is not None  # guaranteed by the model's checks
    return f"{fmt_time(opens, lang)}–{fmt_time(closes, lang)}"


def _line(rule: WeeklyRule, days: tuple[str, ...], lang: str) -> str:
    w = W[lang]
    if rule.on_holidays:
        who = w["holidays_on"].format(fmt_days(days, lang)) if days else w["holidays"]
    else:
        who = fmt_days(days, lang)
    if rule.is_24h:
        what = w["24h"]
    elif rule.by_appointment:
        what = w["appt"]
    elif rule.see_description:
        what = w["see"]
    else:
        what = _range(rule.opens_at, rule.closes_at, lang)
    if len(days) == 7 and not rule.on_holidays and (rule.is_24h or rule.untimed):
        text = what  # "Døgnåbent", "Efter aftale": the days go without saying
    else:
        text = f"{who} {what}"
    return _cap(text)


def _note(description: str | None, *lines: str) -> str:
    # " (description)", unless it only repeats the line: "Døgnåbent (Døgnåbent.)" says nothing.
    def plain(text: str) -> str:
        return "".join(ch for ch in text.casefold() if ch.isalnum())

    if not description or plain(description) in {plain(line) for line in lines}:
        return ""
    return f" ({description})"


def _body(rule: WeeklyRule, days: tuple[str, ...], lang: str) -> str:
    # The description is Danish free text: it repeats the line if it says the Danish line.
    line = _line(rule, days, lang)
    return line + _note(rule.description, line, _line(rule, days, "da"))


def _period(rule: WeeklyRule, lang: str, today: date | None) -> str:
    w = W[lang]

    def d(x: date) -> str:
        return fmt_date(x, lang, year=today is None or x.year != today.year)

    if rule.valid_from and rule.valid_to:
        return f"{d(rule.valid_from)}–{d(rule.valid_to)}: "
    if rule.valid_from:
        return w["from"].format(d(rule.valid_from))
    if rule.valid_to:
        return w["until"].format(d(rule.valid_to))
    return ""


def _group(rules: list[WeeklyRule]) -> list[tuple[WeeklyRule, tuple[str, ...]]]:
    # Rows that differ only in their days become one line with the days joined.
    groups: dict[tuple, tuple[WeeklyRule, set[str]]] = {}
    for r in rules:
        key = (r.valid_from, r.valid_to, r.is_24h, r.by_appointment, r.see_description,
               r.on_holidays, None if r.is_24h else r.opens_at,
               None if r.is_24h else r.closes_at, r.description)
        if key in groups:
            groups[key][1].update(r.byday)
        else:
            groups[key] = (r, set(r.byday))
    out = [(r, tuple(c for c in DAY_CODES if c in days)) for r, days in groups.values()]

    def order(item: tuple[WeeklyRule, tuple[str, ...]]) -> tuple:
        r, days = item
        first = DAY_CODES.index(days[0]) if days else -1
        return (r.on_holidays, r.valid_from or date.min, r.valid_to or date.max, first,
                r.opens_at or time(0))

    return sorted(out, key=order)


def fmt_md_list(mds: frozenset[str], lang: str = "da") -> str:
    """MM-DD days grouped by month: "5. juni, 24. og 31. december"."""
    lang = _lang(lang)
    by_month: dict[int, list[int]] = {}
    for md in sorted(mds):
        by_month.setdefault(int(md[:2]), []).append(int(md[3:]))
    dot = "." if lang == "da" else ""
    parts = [f"{_join([f'{x}{dot}' for x in days], lang)} {MONTHS[lang][m - 1]}"
             for m, days in by_month.items()]
    return ", ".join(parts)  # "5. juni, 24. og 31. december": one "og" per month only


def _exception_line(e: DatedException, lang: str, today: date | None) -> str:
    def d(x: date) -> str:
        return fmt_date(x, lang, year=today is None or x.year != today.year)

    when = d(e.date_from) + (f"–{d(e.date_to)}" if e.date_to else "")
    if e.closed:
        text = W[lang]["closed_dates"].format(when)
    else:
        text = f"{when}: {_range(e.opens_at, e.closes_at, lang)}"
    return text


def _exception(e: DatedException, lang: str, today: date | None) -> str:
    line = _exception_line(e, lang, today)
    return line + _note(e.description, line, _exception_line(e, "da", today))


def _holiday_line(hours: OpeningHours, lang: str) -> str:
    line = W[lang][hours.holiday_rule]
    if hours.extra_holidays:
        line += W[lang]["extra"].format(fmt_md_list(hours.extra_holidays, lang))
    return line


def describe(h: HoursLike, lang: str = "da", today: date | None = None) -> list[str]:
    """The hours as lines of text, most general first.

    With ``today`` given, periods and exceptions already over are left out and years equal
    to today's are not written. Holiday-hours rows are shown only with OWN_HOURS, the only
    rule under which they apply.
    """
    lang = _lang(lang)
    hours: OpeningHours = _compiled(h).hours
    if not hours.rules:
        return [W[lang]["unknown"]]
    own = hours.holiday_rule is HolidayRule.OWN_HOURS
    rules = [r for r in hours.rules if (own or not r.on_holidays)
             and (today is None or r.valid_to is None or r.valid_to >= today)]
    lines = []
    header_done = hours.holiday_rule is HolidayRule.AS_NORMAL
    for r, days in _group(rules):
        if r.on_holidays and not header_done:
            lines.append(_holiday_line(hours, lang))
            header_done = True
        lines.append(_period(r, lang, today) + _body(r, days, lang))
    if not header_done:
        lines.append(_holiday_line(hours, lang))
    for e in sorted(hours.exceptions, key=lambda e: (e.date_from, e.last_day)):
        if today is None or e.last_day >= today:
            lines.append(_exception(e, lang, today))
    return lines


__all__ = ["describe", "fmt_days", "fmt_time", "fmt_date", "fmt_md_list", "CPH"]
