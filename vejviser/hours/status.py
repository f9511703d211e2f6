"""Status badges: whether an offer is open at a moment and when that changes, in words.

"Åben nu – lukker kl. 16" for the present; for a moment someone chose (``now=False``) the line
names that moment instead ("Åben tors. 10. dec. kl. 12 – lukker kl. 16"), because "nu" about
next Thursday misleads. Danish (default) and English.
"""
from __future__ import annotations

from datetime import datetime

from .engine import CompiledHours, HoursLike, _compiled, local, season_closed, to_timestamp
from .wording import DAY_ABBR, DAY_NAMES, _lang, fmt_clock, fmt_date

MONTH_ABBR = {
    "da": ("jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.",
           "nov.", "dec."),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
S = {
    "da": {
        "open_now": "Åben nu{p} – lukker {}", "open_always": "Åben nu{p} – døgnåbent",
        "open_plain": "Åben nu{p}", "closed_plain": "Lukket{p}",
        "closed_opens": "Lukket{p} – åbner {}",
        "season": "Sæsonlukket{p}", "season_opens": "Sæsonlukket{p} – åbner {}",
        "at": "kl. {}", "tomorrow": "i morgen kl. {}", "day_at": "{} kl. {}",
        "open_then": "Åben{p} {} – lukker {}", "open_then_always": "Åben{p} {} – døgnåbent",
        "open_then_plain": "Åben{p} {}", "closed_then": "Lukket{p} {} – åbner {}",
        "closed_then_plain": "Lukket{p} {}", "short_date": "{}. {}",
        "unknown": "Åbningstider ukendte{p}", "appt": "Efter aftale{p}",
        "see": "Se åbningstiderne i beskrivelsen{p}",
    },
    "en": {
        "open_now": "Open now{p} – closes {}", "open_always": "Open now{p} – 24 hours",
        "open_plain": "Open now{p}", "closed_plain": "Closed{p}",
        "closed_opens": "Closed{p} – opens {}",
        "season": "Closed for the season{p}", "season_opens": "Closed for the season{p} – opens {}",
        "at": "at {}", "tomorrow": "tomorrow at {}", "day_at": "{} at {}",
        "open_then": "Open{p} {} – closes {}", "open_then_always": "Open{p} {} – 24 hours",
        "open_then_plain": "Open{p} {}", "closed_then": "Closed{p} {} – opens {}",
        "closed_then_plain": "Closed{p} {}", "short_date": "{} {}",
        "unknown": "Opening hours unknown{p}", "appt": "By appointment{p}",
        "see": "See the description for opening hours{p}",
    },
}


def _when(moment: datetime, now: datetime, lang: str) -> str:
    # Today: "kl. 22"; tomorrow: "i morgen kl. 10"; this week: "fredag kl. 22"; later a date.
    w = S[lang]
    clock = fmt_clock(moment.timetz().replace(tzinfo=None), lang)
    days = (moment.date() - now.date()).days
    if days == 0:
        return w["at"].format(clock)
    if days == 1:
        return w["tomorrow"].format(clock)
    if days < 7:
        return w["day_at"].format(DAY_NAMES[lang][moment.weekday()], clock)
    return w["day_at"].format(fmt_date(moment.date(), lang, moment.year != now.year), clock)


def _then(moment: datetime, lang: str, day: bool = True, when: bool = True) -> str:
    # A chosen moment, not relative to today: "tors. 10. dec. kl. 12" / "Thu 10 Dec at 12:00".
    w = S[lang]
    clock = fmt_clock(moment.timetz().replace(tzinfo=None), lang)
    label = DAY_ABBR[lang][moment.weekday()]
    if when:
        label += " " + w["short_date"].format(moment.day, MONTH_ABBR[lang][moment.month - 1])
    return w["day_at"].format(label, clock) if day else w["at"].format(clock)


def _next_after(moment: datetime, chosen: datetime, lang: str) -> str:
    # The next change after a chosen moment: "kl. 16", "fre. kl. 10", "fre. 4. dec. kl. 10".
    days = (moment.date() - chosen.date()).days
    return _then(moment, lang, day=days != 0, when=days >= 7)


def place_phrase(name: str, preposition: str = "i", lang: str = "da") -> str:
    """How a status line names a place: "i Reden", "på St. Dannesbo" (English: "at Reden")."""
    if not name:
        return ""
    return f"at {name}" if _lang(lang) == "en" else f"{preposition or 'i'} {name}"


def status_text(h: HoursLike, at: datetime, lang: str = "da", now: bool = True,
                place: str = "") -> str:
    """A one-line badge: "Åben nu – lukker kl. 16", "Lukket – åbner fredag kl. 22", ...

    ``now=False`` means ``at`` is a moment someone chose, not the present: the line names it
    instead of saying "nu" ("Åben tors. 10. dec. kl. 12 – lukker kl. 16"), and the next change
    is told relative to it ("Lukket tors. 26. nov. kl. 12 – åbner fre. kl. 10").

    ``place`` (a :func:`place_phrase`) says where, for an offer whose places keep different
    hours: "Åben nu i Reden – lukker kl. 23", "Lukket i Bolbro – åbner i morgen kl. 10".
    """
    lang = _lang(lang)
    w = {key: text.replace("{p}", " " + place if place else "") for key, text in S[lang].items()}
    c = _compiled(h)
    if not c.hours.rules:
        return w["unknown"]
    ts = to_timestamp(at)
    here = local(ts)
    state = c.state_at(ts)
    if state is None:
        return w["see"] if _told_in_words(c) else w["appt"]
    found = c.next_change_ts(ts)
    then = "" if now else _then(here, lang)
    if state:
        if found is None:
            always = _always_open(c)
            if now:
                return w["open_always"] if always else w["open_plain"]
            return (w["open_then_always"] if always else w["open_then_plain"]).format(then)
        if now:
            return w["open_now"].format(_when(local(found[0]), here, lang))
        return w["open_then"].format(then, _next_after(local(found[0]), here, lang))
    if season_closed(c, here.date()):
        if found is None:
            return w["season"]
        when = local(found[0])
        return w["season_opens"].format(fmt_date(when.date(), lang, when.year != here.year))
    if found is None:
        return w["closed_plain"] if now else w["closed_then_plain"].format(then)
    if now:
        return w["closed_opens"].format(_when(local(found[0]), here, lang))
    return w["closed_then"].format(then, _next_after(local(found[0]), here, lang))


def _told_in_words(c: CompiledHours) -> bool:
    # "Se beskrivelse" rather than "efter aftale" when the untimed rows are words, not
    # appointments.
    untimed = [r for r in c.hours.rules if r.untimed]
    return bool(untimed) and all(r.see_description for r in untimed)


def _always_open(c: CompiledHours) -> bool:
    # "Døgnåbent" only when the open spell really has no end in sight (not merely far off).
    return all(r.is_24h and len(r.byday) == 7 for r in c.hours.rules if not r.on_holidays)


__all__ = ["place_phrase", "status_text"]
