"""Status badges: whether an offer is open at a moment and when that changes, in words.

"Åben nu – lukker kl. 16" for the present; for a moment someone chose (``now=False``) the line
names that moment instead ("Åben tors. 10. dec. kl. 12 – lukker kl. 16"), because "nu" about
next Thursday misleads. Danish (default) and English.
"""
from __future__ import annotations

from datetime import datetime

from .engine import CompiledHours, HoursLike, _compiled, local, season_closed, to_timestamp
from .wording import DAY_ABBR, DAY_NAMES, W, _cap, _lang, fmt_clock, fmt_date

MONTH_ABBR = {
    "da": ("jan.", "feb.", "mar.", "apr.", "maj", "jun.", "jul.", "aug.", "sep.", "okt.",
           "nov.", "dec."),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
S = {
    "da": {
        "open_now": "Åben nu – lukker {}", "open_always": "Åben nu – døgnåbent",
        "open_plain": "Åben nu", "closed_plain": "Lukket", "closed_opens": "Lukket – åbner {}",
        "season": "Sæsonlukket", "season_opens": "Sæsonlukket – åbner {}",
        "at": "kl. {}", "tomorrow": "i morgen kl. {}", "day_at": "{} kl. {}",
        "open_then": "Åben {} – lukker {}", "open_then_always": "Åben {} – døgnåbent",
        "open_then_plain": "Åben {}", "closed_then": "Lukket {} – åbner {}",
        "closed_then_plain": "Lukket {}", "short_date": "{}. {}",
    },
    "en": {
        "open_now": "Open now – closes {}", "open_always": "Open now – 24 hours",
        "open_plain": "Open now", "closed_plain": "Closed", "closed_opens": "Closed – opens {}",
        "season": "Closed for the season", "season_opens": "Closed for the season – opens {}",
        "at": "at {}", "tomorrow": "tomorrow at {}", "day_at": "{} at {}",
        "open_then": "Open {} – closes {}", "open_then_always": "Open {} – 24 hours",
        "open_then_plain": "Open {}", "closed_then": "Closed {} – opens {}",
        "closed_then_plain": "Closed {}", "short_date": "{} {}",
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


def status_text(h: HoursLike, at: datetime, lang: str = "da", now: bool = True) -> str:
    """A one-line badge: "Åben nu – lukker kl. 16", "Lukket – åbner fredag kl. 22", ...

    ``now=False`` means ``at`` is a moment someone chose, not the present: the line names it
    instead of saying "nu" ("Åben tors. 10. dec. kl. 12 – lukker kl. 16"), and the next change
    is told relative to it ("Lukket tors. 26. nov. kl. 12 – åbner fre. kl. 10").
    """
    lang = _lang(lang)
    w = S[lang]
    c = _compiled(h)
    if not c.hours.rules:
        return W[lang]["unknown"]
    ts = to_timestamp(at)
    here = local(ts)
    state = c.state_at(ts)
    if state is None:
        return _cap(W[lang]["appt"])
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


def _always_open(c: CompiledHours) -> bool:
    # "Døgnåbent" only when the open spell really has no end in sight (not merely far off).
    return all(r.is_24h and len(r.byday) == 7 for r in c.hours.rules if not r.on_holidays)


__all__ = ["status_text"]
