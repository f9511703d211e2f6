"""Search insights: zero-result and top searches per week, without storing anyone's secrets.

Stored per week: the totals, and per normalised query a count under a keyed hash. A query's
text is stored only once ``min_count`` searches (default 3) typed it that week, so a citizen's
name typed once or twice never lands on a list; the hashes of rarer queries are deleted when
their week is over (the week's totals keep them counted). Text that looks like a CPR number (in
any writing, ``vejviser.privacy``), an e-mail address or a phone number is counted in the totals
only: no text, no hash. Nothing about who searched is stored. Weeks older than 13 months are
deleted. Functions flush; the view or command commits.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from vejviser.local_time import COPENHAGEN
from vejviser.models import SearchQueryWeek, SearchWeek
from vejviser.privacy import looks_like_cpr, normalise

#: Searches of one query in one week before its text is kept (and shown).
DEFAULT_MIN_COUNT = 3
#: How long weeks are kept.
KEEP_MONTHS = 13
#: Longer queries are cut before they are counted.
MAX_QUERY = 100
_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
#: Eight digits however spaced or dashed, with or without +45 / 0045: a Danish phone number.
_PHONE = re.compile(r"(?<!\d)(?:(?:\+|00)\s?45[\s\-.]*)?(?:\d[\s\-.]*){7}\d(?!\d)")
_EDGES = " \t\"'.,;:!?()[]{}«»“”"


def week_of(moment: datetime) -> date:
    """The Monday of ``moment``'s week, in Copenhagen."""
    day = moment.astimezone(COPENHAGEN).date()
    return day - timedelta(days=day.weekday())


def normalise_query(text: str) -> str:
    """Lower case, one space between words, no quotes or punctuation around it, at most 100
    characters: "Fodplejeklinik " and "fodplejeklinik?" are one query."""
    text = " ".join(unicodedata.normalize("NFC", text).lower().split())
    return text.strip(_EDGES)[:MAX_QUERY].strip()


def is_personal(text: str) -> bool:
    """True when ``text`` holds something that may identify a person by number or address: a
    CPR number, an e-mail address or a phone number (any spacing, dashes or digit forms)."""
    plain = normalise(text)
    return looks_like_cpr(plain) or bool(_EMAIL.search(plain)) or bool(_PHONE.search(plain))


def _digest(secret: str, week: date, query: str) -> str:
    return hmac.new(secret.encode(), f"{week.isoformat()}|{query}".encode(),
                    hashlib.sha256).hexdigest()


@dataclass
class PendingSearches:
    """Searches counted in memory, not yet written: per week its totals, and per week and
    normalised query its searches and zero results. A personal query (``is_personal``) is
    counted in the totals only: its text is dropped here, before anything is kept."""

    totals: dict[date, list[int]] = field(default_factory=dict)
    queries: dict[tuple[date, str], list[int]] = field(default_factory=dict)
    searches: int = 0

    def add(self, text: str, found: int, now: datetime) -> None:
        """Count one search for ``text`` that found ``found`` offers (an empty query is none)."""
        query = normalise_query(text)
        if not query:
            return
        week, zero = week_of(now), int(found == 0)
        counts = [self.totals.setdefault(week, [0, 0])]
        if not is_personal(query):
            counts.append(self.queries.setdefault((week, query), [0, 0]))
        for count in counts:
            count[0] += 1
            count[1] += zero
        self.searches += 1


def write_searches(session: Session, pending: PendingSearches, now: datetime, secret: str,
                   min_count: int = DEFAULT_MIN_COUNT) -> None:
    """Add ``pending``'s counts to the stored weeks; a query's text is kept from its
    ``min_count``-th search of a week. Flushes."""
    for week, (searches, zero) in sorted(pending.totals.items()):
        totals = session.get(SearchWeek, week)
        if totals is None:  # the first search of a week: tidy the weeks before it once
            prune(session, now)
            totals = SearchWeek(week=week, searches=0, zero_results=0)
            session.add(totals)
        totals.searches += searches
        totals.zero_results += zero
    for (week, query), (searches, zero) in pending.queries.items():
        digest = _digest(secret, week, query)
        row = session.scalar(select(SearchQueryWeek).where(SearchQueryWeek.week == week,
                                                           SearchQueryWeek.digest == digest))
        if row is None:
            row = SearchQueryWeek(week=week, digest=digest, searches=0, zero_results=0)
            session.add(row)
        row.searches += searches
        row.zero_results += zero
        if row.query is None and row.searches >= min_count:
            row.query = query
    session.flush()


def record_search(session: Session, text: str, found: int, now: datetime, secret: str,
                  min_count: int = DEFAULT_MIN_COUNT) -> None:
    """Count one search for ``text`` that found ``found`` offers (an empty query is no search)."""
    pending = PendingSearches()
    pending.add(text, found, now)
    write_searches(session, pending, now, secret, min_count)


def _months_back(day: date, months: int) -> date:
    month = day.month - 1 - months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, 28))


def prune(session: Session, now: datetime) -> None:
    """Delete the hashes of past weeks' rare queries, and every week older than 13 months."""
    week = week_of(now)
    session.execute(delete(SearchQueryWeek).where(SearchQueryWeek.week < week,
                                                  SearchQueryWeek.query.is_(None)))
    oldest = _months_back(now.astimezone(COPENHAGEN).date(), KEEP_MONTHS)
    session.execute(delete(SearchQueryWeek).where(SearchQueryWeek.week < oldest))
    session.execute(delete(SearchWeek).where(SearchWeek.week < oldest))
    session.flush()


@dataclass
class WeekInsight:
    """One week: totals, the most searched queries and those that found nothing (text kept)."""

    week: date
    searches: int
    zero_results: int
    top: list[tuple[str, int]] = field(default_factory=list)
    not_found: list[tuple[str, int]] = field(default_factory=list)


def weekly_insights(session: Session, weeks: int = 12, top: int = 20) -> list[WeekInsight]:
    """The newest ``weeks`` weeks, newest first, with their top and zero-result queries."""
    found = session.scalars(select(SearchWeek).order_by(SearchWeek.week.desc())
                            .limit(weeks)).all()
    out = []
    for totals in found:
        kept = select(SearchQueryWeek).where(SearchQueryWeek.week == totals.week,
                                             SearchQueryWeek.query.is_not(None))
        rows = session.scalars(kept.order_by(SearchQueryWeek.searches.desc(),
                                             SearchQueryWeek.query).limit(top)).all()
        zero = session.scalars(kept.where(SearchQueryWeek.zero_results > 0)
                               .order_by(SearchQueryWeek.zero_results.desc(),
                                         SearchQueryWeek.query).limit(top)).all()
        out.append(WeekInsight(totals.week, totals.searches, totals.zero_results,
                               [(str(r.query), r.searches) for r in rows],
                               [(str(r.query), r.zero_results) for r in zero]))
    return out


def stored_texts(session: Session) -> list[str]:
    """Every query text stored (what an audit of "nothing personal is kept" reads)."""
    return [str(text) for text in session.scalars(
        select(SearchQueryWeek.query).where(SearchQueryWeek.query.is_not(None))
        .order_by(func.lower(SearchQueryWeek.query)))]


def is_listed(session: Session, text: str) -> bool:
    """True when ``text`` is a query text the insights keep (one the consultant was shown)."""
    return bool(text) and session.scalar(
        select(SearchQueryWeek.id).where(SearchQueryWeek.query == text).limit(1)) is not None
