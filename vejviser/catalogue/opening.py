"""Opening hours per place: from stored rows to the pure hours engine's input, and open states.

An offer is given at one or more places. At each place the hours in force are, in this order:
the hours of the offer it follows there ("same hours as the warming room"), the place's own rows,
or the rows of the offer as whole. Dated exceptions of the offer as a whole apply at every place;
a place's own exceptions only there. A temporarily closed offer is closed at every place, and a
place that follows a temporarily closed offer is closed too: a professional must never send a
citizen to a door that is shut. A place that follows an offer that is retired, gone or no longer
given there has unknown hours ("Åbningstider ukendte"), never a guess. While the winter emergency
plan is on, an offer's winter hours (if it has any) replace its hours at every place, to the
minute of the plan's start and end (``hours.with_alternative``).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from vejviser import hours
from vejviser.models import Offer, OfferAtLocation, Schedule, ScheduleException, WinterHours

#: What a temporarily closed offer says instead of its hours (its alert says why).
TEMPORARILY_CLOSED = {"da": "Midlertidigt lukket", "en": "Temporarily closed"}
#: How many flips of single places ``_offer_next_change`` looks through for the offer's own.
_MAX_STEPS = 64


def _weekly(row: Schedule) -> hours.WeeklyRule:
    untimed = row.all_day or row.by_appointment or row.see_description
    return hours.WeeklyRule(
        byday=row.days,
        # 24-hour, by-appointment and told-in-words rows carry no times in the engine.
        opens_at=None if untimed else row.opens_at,
        closes_at=None if untimed else row.closes_at,
        valid_from=row.valid_from, valid_to=row.valid_to, all_day=row.all_day,
        by_appointment=row.by_appointment, on_holidays=row.on_holidays,
        description=row.description, see_description=row.see_description,
    )


def _dated(row: ScheduleException) -> hours.DatedException:
    return hours.DatedException(date_from=row.date_from, date_to=row.date_to, closed=row.closed,
                                opens_at=row.opens_at, closes_at=row.closes_at,
                                description=row.description)


def _opening(offer: Offer, link: OfferAtLocation | None) -> hours.OpeningHours:
    """``offer``'s hours at ``link`` (None: the offer as a whole): the place's own rows when it
    has any, else the offer's; the offer's exceptions plus the place's own."""
    place_id = link.id if link is not None else None
    own = [row for row in offer.schedules if place_id and row.offer_at_location_id == place_id]
    rows = own or offer.own_schedules
    exceptions = [row for row in offer.exceptions
                  if row.offer_at_location_id is None or row.offer_at_location_id == place_id]
    return _with_winter_plan(offer, hours.OpeningHours(
        rules=tuple(_weekly(row) for row in rows),
        exceptions=tuple(_dated(row) for row in exceptions),
        holiday_rule=hours.HolidayRule(offer.holiday_rule.value),
        extra_holidays=offer.extra_holiday_days,
    ))


def _winter_rule(row: WinterHours) -> hours.WeeklyRule:
    return hours.WeeklyRule(
        byday=tuple(day for day in row.byday.split(",") if day),
        opens_at=None if row.all_day else row.opens_at,
        closes_at=None if row.all_day else row.closes_at,
        all_day=row.all_day, description=row.description)


def _with_winter_plan(offer: Offer, opening: hours.OpeningHours) -> hours.OpeningHours:
    """``opening`` with the offer's winter hours in force while the winter emergency plan is
    (or was) on: from its start to its end, to the minute, holidays included."""
    rows = offer.winter_hours
    if not rows:
        return opening
    plan = rows[0].plan
    if plan.starts_at is None or plan.ends_at is None:
        return opening
    winter = hours.OpeningHours(rules=tuple(_winter_rule(row) for row in rows),
                                extra_holidays=frozenset())
    return hours.with_alternative(opening, winter, plan.starts_at, plan.ends_at)


def opening_hours_for(offer: Offer) -> hours.OpeningHours:
    """The hours of the offer as a whole (the rows no place has replaced)."""
    return _opening(offer, None)


@dataclass(frozen=True)
class PlaceHours:
    """The hours in force at one place of an offer (``link`` None: an offer without places)."""

    link: OfferAtLocation | None
    opening: hours.OpeningHours
    #: Temporarily closed here: the offer itself, or the offer whose hours it follows.
    closed: bool = False
    #: The offer whose hours apply here, when the place follows one.
    follows: Offer | None = None
    #: Follows an offer that is retired, gone or not given here (or itself follows): unknown.
    broken: bool = False

    @property
    def phrase_parts(self) -> tuple[str, str]:
        """(name, preposition) for a status line: "Reden", "i"."""
        if self.link is None:
            return "", "i"
        location = self.link.location
        return location.short_name or location.name, location.preposition or "i"


def _followed(offer: Offer, link: OfferAtLocation) -> PlaceHours:
    target = link.follows
    there = None
    if target is not None and target.is_public:
        there = next((own for own in target.locations_at
                      if own.location_id == link.location_id), None)
    if target is None or there is None or there.follows_offer_id:
        return PlaceHours(link, hours.OpeningHours(), offer.is_temporarily_closed, target, True)
    return PlaceHours(link, _opening(target, there),
                      offer.is_temporarily_closed or target.is_temporarily_closed, target)


def hours_by_place(offer: Offer) -> list[PlaceHours]:
    """The hours in force at each of ``offer``'s places, in the offer's order (one entry with
    ``link`` None for an offer without places)."""
    if not offer.locations_at:
        return [PlaceHours(None, opening_hours_for(offer), offer.is_temporarily_closed)]
    places = []
    for link in offer.locations_at:
        if link.follows_offer_id is not None:
            places.append(_followed(offer, link))
        else:
            places.append(PlaceHours(link, _opening(offer, link), offer.is_temporarily_closed))
    return places


def same_everywhere(places: Sequence[PlaceHours]) -> bool:
    """True when every place keeps the same hours: a status line then names no place."""
    first = places[0]
    return all((p.opening, p.closed) == (first.opening, first.closed) for p in places[1:])


@dataclass(frozen=True)
class PlaceState:
    """Whether one place is open at a moment, its next change, and its status line."""

    place: PlaceHours
    open: bool | None
    next_change: hours.Change | None
    text: str


@dataclass(frozen=True)
class OpenState:
    """An offer at a moment: open (at any place), when that changes, the status line to show
    (naming the place where hours differ), and each place's own state."""

    open: bool | None
    next_change: hours.Change | None
    text: str
    places: tuple[PlaceState, ...] = ()
    #: The place the status line is about (None when every place keeps the same hours).
    shown: PlaceState | None = None


def place_state(place: PlaceHours, at: datetime, lang: str = "da", now: bool = True,
                named: bool = True) -> PlaceState:
    """One place's state at ``at``; ``named``: the status line says where ("i Reden")."""
    name, preposition = place.phrase_parts
    phrase = hours.place_phrase(name, preposition, lang) if named else ""
    if place.closed:
        text = TEMPORARILY_CLOSED.get(lang, TEMPORARILY_CLOSED["da"])
        return PlaceState(place, False, None, f"{text} {phrase}" if phrase else text)
    compiled = hours.compile_hours(place.opening)
    return PlaceState(place, hours.is_open(compiled, at), hours.next_change(compiled, at),
                      hours.status_text(compiled, at, lang, now=now, place=phrase))


def any_open(states: Sequence[bool | None]) -> bool | None:
    """Open when any place is open; closed when none is and some is known to be closed."""
    if any(state is True for state in states):
        return True
    return False if any(state is False for state in states) else None


def _offer_next_change(places: Sequence[PlaceHours], at: datetime) -> hours.Change | None:
    # The offer's state is "open at any place", so it can only flip when some place flips: step
    # from flip to flip until the combined state differs.
    compiled = [hours.compile_hours(p.opening) for p in places if not p.closed]
    if not compiled:
        return None
    moment = hours.to_timestamp(at)
    state = any_open([c.state_at(moment) for c in compiled])
    if state is None:
        return None
    for _ in range(_MAX_STEPS):
        flips = [found[0] for c in compiled if (found := c.next_change_ts(moment)) is not None]
        if not flips:
            return None
        moment = min(flips)
        now_state = any_open([c.state_at(moment) for c in compiled])
        if now_state is None:
            return None
        if now_state != state:
            return hours.Change(hours.local(moment), now_state)
    return None


def open_state(places: Sequence[PlaceHours], at: datetime, lang: str = "da", now: bool = True,
               nearest: Sequence[str] = ()) -> OpenState:
    """The open state at ``at`` of an offer whose places keep ``places`` (``hours_by_place``,
    or a public projection's ``place_hours``); ``now=False``: a chosen moment, not the present,
    and the status line names it instead of saying "Åben nu".

    ``nearest`` holds the place (link) id a search measured its distance to: the line then
    tells about that place (see ``_headline``).
    """
    if same_everywhere(places):
        state = place_state(places[0], at, lang, now, named=False)
        every = tuple(PlaceState(p, state.open, state.next_change, state.text) for p in places)
        return OpenState(state.open, state.next_change, state.text, every, None)
    states = tuple(place_state(place, at, lang, now) for place in places)
    shown = _headline(states, nearest)
    return OpenState(any_open([s.open for s in states]), _offer_next_change(places, at),
                     shown.text, states, shown)


def _headline(states: Sequence[PlaceState], nearest: Sequence[str]) -> PlaceState:
    """The place a one-line status is about: the place a search measured (the nearest, or the
    nearest open one when it asked for a time); otherwise the first open place, else the one
    that opens first, else the first."""
    for link_id in nearest[:1]:
        for state in states:
            if state.place.link is not None and state.place.link.id == link_id:
                return state
    for state in states:
        if state.open:
            return state
    opening = [s for s in states if s.next_change is not None and s.next_change.opens]
    if opening:
        return min(opening, key=lambda s: s.next_change.at)  # type: ignore[union-attr]
    return states[0]
