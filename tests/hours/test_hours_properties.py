"""Property tests: the engine's answers agree with each other, and the text with the rows."""
from datetime import date, datetime, time, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.hours.textparse import parse_description
from vejviser.hours import (
    CPH,
    DAY_CODES,
    DatedException,
    HolidayRule,
    OpeningHours,
    WeeklyRule,
    compile_hours,
    describe,
    effective_week,
    intervals_on,
    is_open,
    next_change,
    rows_to_rules,
    rules_to_rows,
)

FAST = settings(max_examples=150, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])

times = st.builds(time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))
days = st.lists(st.sampled_from(DAY_CODES), min_size=1, max_size=7, unique=True).map(tuple)
dates = st.dates(date(2026, 1, 1), date(2027, 12, 31))


@st.composite
def weekly_rules(draw, dated=True):
    kind = draw(st.sampled_from(["timed", "timed", "timed", "all_day", "appointment"]))
    valid_from = valid_to = None
    if dated and draw(st.booleans()):
        valid_from = draw(st.none() | dates)
        valid_to = draw(st.none() | dates)
        if valid_from and valid_to and valid_to < valid_from:
            valid_from, valid_to = valid_to, valid_from
    common = dict(valid_from=valid_from, valid_to=valid_to)
    if kind == "all_day":
        return WeeklyRule(draw(days), all_day=True, **common)
    if kind == "appointment":
        return WeeklyRule(draw(days), by_appointment=True, **common)
    return WeeklyRule(draw(days), draw(times), draw(times), **common)


@st.composite
def opening_hours(draw):
    rules = tuple(draw(st.lists(weekly_rules(), min_size=0, max_size=4)))
    holiday_rows = tuple(draw(st.lists(
        st.builds(WeeklyRule, st.just(()), times, times, on_holidays=st.just(True)), max_size=1)))
    exceptions = tuple(draw(st.lists(st.builds(
        lambda d, n, closed, o, c: DatedException(
            d, d + timedelta(days=n) if n else None, closed,
            None if closed else o, None if closed else c),
        dates, st.integers(0, 3), st.booleans(), times, times), max_size=3)))
    return OpeningHours(rules + holiday_rows, exceptions, draw(st.sampled_from(list(HolidayRule))),
                        draw(st.sampled_from([frozenset(), frozenset({"12-24", "12-31"}),
                                              frozenset({"06-05"})])))


# Moments around the interesting nights (DST, Christmas, New Year) as well as anywhere.
moments = st.one_of(
    st.datetimes(datetime(2026, 1, 1), datetime(2027, 12, 31)),
    st.builds(lambda d, m: datetime.combine(d, time()) + timedelta(minutes=m),
              st.sampled_from([date(2026, 3, 28), date(2026, 10, 24), date(2026, 12, 24)]),
              st.integers(0, 48 * 60)),
).map(lambda dt: dt.replace(tzinfo=CPH))


@FAST
@given(opening_hours(), moments, st.lists(st.floats(0, 1), min_size=1, max_size=6))
def test_open_is_constant_until_next_change(h, at, fractions):
    state = is_open(h, at)
    change = next_change(h, at)
    if state is None:
        assert change is None
        return
    if change is None:
        # No flip named: the state holds for 30 days, or up to the first "efter aftale" day.
        horizon = at + timedelta(days=30)
        for week_start in range(0, 35, 7):
            for d in effective_week(h, at.date() + timedelta(days=week_start)):
                if d.unknown:  # (today's own "efter aftale" part leaves nothing to check)
                    horizon = min(horizon, max(at, datetime.combine(d.date, time(), CPH)))
    else:
        assert change.at > at
        assert change.opens is (not state)
        horizon = change.at
        assert is_open(h, change.at) is change.opens  # the change really happens there
    span = horizon.timestamp() - at.timestamp()
    for f in sorted(fractions):
        probe = datetime.fromtimestamp(at.timestamp() + f * span * 0.999999, CPH)
        assert is_open(h, probe) is state


@FAST
@given(opening_hours(), dates)
def test_intervals_are_half_open_and_never_overlap(h, day):
    c = compile_hours(h)
    spans, week = [], []
    for i in range(-1, 9):
        found = intervals_on(c, day + timedelta(days=i))
        spans.extend(found)
        if 0 <= i < 7:
            week.extend(found)
    for start, end in week:
        assert end.timestamp() > start.timestamp()
        assert is_open(c, start) is True
        assert is_open(c, end) is not True or any(  # open at the end only if another one starts
            s.timestamp() <= end.timestamp() < e.timestamp()
            for s, e in spans if (s, e) != (start, end))
    # merge the week's intervals: after merging, none overlaps or touches the next
    merged = []
    for s, e in sorted((s.timestamp(), e.timestamp()) for s, e in spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    for (s1, e1), (s2, e2) in zip(merged, merged[1:]):
        assert e1 < s2
    # within a day the engine already merged: its own intervals are disjoint and sorted
    for i in range(7):
        own = [(s.timestamp(), e.timestamp()) for s, e in intervals_on(c, day + timedelta(days=i))]
        assert all(e1 < s2 for (_, e1), (s2, _) in zip(own, own[1:]))


def _normalised(h: OpeningHours):
    """The meaning of ``h`` as wording shows it: rows grouped by everything but their days."""
    groups = {}
    for r in h.rules:
        if r.on_holidays and h.holiday_rule is not HolidayRule.OWN_HOURS:
            continue
        key = (r.valid_from, r.valid_to, r.is_24h, r.by_appointment, r.on_holidays,
               None if r.is_24h else r.opens_at, None if r.is_24h else r.closes_at)
        groups.setdefault(key, set()).update(r.byday)
    extra = h.extra_holidays if h.holiday_rule is not HolidayRule.AS_NORMAL else frozenset()
    return groups, set(h.exceptions), h.holiday_rule, extra


@FAST
@given(opening_hours())
def test_danish_wording_round_trips_the_rows(h):
    lines = describe(h)
    if not h.rules:
        assert lines == ["Åbningstider ukendte"]
        return
    back = parse_description(lines)
    assert _normalised(back) == _normalised(h)
    if not back.rules:
        return  # only holiday rows under a rule that ignores them: nothing to show as rows
    # and the rows a form would show for the parsed text describe it identically
    assert describe(rows_to_rules(rules_to_rows(back))) == lines


@FAST
@given(opening_hours())
def test_form_rows_round_trip_exactly(h):
    rows = rules_to_rows(h)
    assert rows_to_rules(rows) == h
    assert rules_to_rows(rows_to_rules(rows)) == rows
