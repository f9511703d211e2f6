"""The winter emergency plan: prepare alternative hours per offer, switch them on for all at once
until an end date, end the plan early.

Switching only moves the plan's start and end; ``catalogue.opening`` puts each prepared offer's
winter hours in force between them, to the minute, everywhere hours are read. So the end needs
no job: after it the normal hours apply by themselves. Each switch writes an entry in the
history of every offer it changes, one entry for the changes feed, and a change row per offer
(and per place that keeps such an offer's hours) so every search index re-reads them.
Functions flush; the view or command commits.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, time, timedelta
from typing import Any, cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.orm import Session

from vejviser import changes, hours
from vejviser.catalogue.changes_feed import WINTER_ENTITY
from vejviser.local_time import COPENHAGEN
from vejviser.messages import Message
from vejviser.models import Offer, OfferAtLocation, OfferChange, Revision, WinterHours, WinterPlan
from vejviser.models.winter import PLAN_ID

#: The longest a plan may be switched on at once (it can be switched on again).
MAX_DAYS = 31
#: What a winter row may say (no dates, holidays or appointments: the plan's window is the date).
_WINTER_KEYS = ("byday", "opens_at", "closes_at", "past_midnight", "all_day", "description")


class WinterPlanError(ValueError):
    """A switch we refuse; the message (a Danish ``Message``) says why."""


def plan_of(session: Session) -> WinterPlan:
    """The plan row (made on first use)."""
    plan = session.get(WinterPlan, PLAN_ID)
    if plan is None:
        plan = WinterPlan(id=PLAN_ID)
        session.add(plan)
        session.flush()
    return plan


def read_rows(rows: Sequence[Mapping[str, Any]]) -> list[hours.WeeklyRule]:
    """Winter rows ({"byday", "opens_at", "closes_at", "past_midnight"} or {"byday",
    "all_day"}) as weekly rules, read like every other hour row (``hours.reading``); raises
    ``WinterPlanError`` for a row that is not real opening hours."""
    rules = []
    for number, row in enumerate(rows, 1):
        try:
            rule = hours.read_weekly_row({key: row.get(key) for key in _WINTER_KEYS})
        except ValueError as error:
            raise WinterPlanError(Message("Vinteråbningstid nr. %(number)d: %(problem)s",
                                          number=number, problem=str(error))) from None
        rules.append(rule)
    return rules


def set_winter_hours(session: Session, offer: Offer, rows: Sequence[Mapping[str, Any]]) -> None:
    """Replace ``offer``'s prepared winter hours with ``rows`` (none: it has no winter hours)."""
    rules = read_rows(rows)
    plan_of(session)
    offer.winter_hours.clear()
    session.flush()
    for position, rule in enumerate(rules):
        offer.winter_hours.append(WinterHours(
            offer_id=offer.id, plan_id=PLAN_ID, byday=",".join(rule.byday),
            opens_at=rule.opens_at, closes_at=rule.closes_at, all_day=rule.all_day,
            description=rule.description, position=position))
    session.flush()


def _minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def activate(session: Session, until: datetime, now: datetime, actor: str) -> list[str]:
    """Switch the plan on from ``now`` until ``until``; the ids of the offers it changes."""
    start, end = _minute(now), _minute(until)
    if end <= start:
        raise WinterPlanError(Message("Sluttidspunktet skal ligge efter nu."))
    if end - start > timedelta(days=MAX_DAYS):
        raise WinterPlanError(Message("Kuldeberedskabet kan højst aktiveres %(days)d dage ad "
                                      "gangen.", days=MAX_DAYS))
    plan = plan_of(session)
    plan.starts_at, plan.ends_at = start, end
    local = end.astimezone(COPENHAGEN)
    summary = Message("Kuldeberedskab aktiveret til %(day)s kl. %(time)s",
                      day=local.strftime("%d.%m.%Y"), time=local.strftime("%H.%M"))
    return _record(session, "activate", str(summary), now, actor, {"until": end.isoformat()})


def end_plan(session: Session, now: datetime, actor: str) -> list[str]:
    """End the plan now (before its end date); the ids of the offers it changes."""
    plan = plan_of(session)
    if not plan.active_at(now):
        raise WinterPlanError(Message("Kuldeberedskabet er ikke aktiveret."))
    plan.ends_at = max(_minute(now), plan.starts_at or _minute(now))
    return _record(session, "end", "Kuldeberedskabet er afsluttet", now, actor,
                   {"ended": plan.ends_at.isoformat()})


def _record(session: Session, action: str, summary: str, now: datetime, actor: str,
            details: dict[str, Any]) -> list[str]:
    ids = sorted(set(session.scalars(select(WinterHours.offer_id))))
    for offer_id in ids:  # an entry in each offer's history (not an edit: no version bump)
        session.add(Revision(offer_id=offer_id, entity_type="offer", entity_id=offer_id,
                             action="winter_plan", actor=actor, summary=summary,
                             changes={"winter_plan": details}, created_at=now))
    session.add(Revision(entity_type=WINTER_ENTITY, entity_id=str(PLAN_ID), action=action,
                         actor=actor, summary=summary, changes=details, created_at=now))
    marked = set(ids)
    if ids:  # places that keep these offers' hours change with them
        marked |= set(session.scalars(select(OfferAtLocation.offer_id)
                                      .where(OfferAtLocation.follows_offer_id.in_(ids))))
        table = cast(Table, OfferChange.__table__)
        session.execute(insert(table), [{"offer_id": offer_id, "changed_at": now}
                                        for offer_id in sorted(marked)])
        changes.mark_changed(session)
    session.flush()
    return ids


def active_plan(session: Session, now: datetime) -> WinterPlan | None:
    """The plan while it is in force at ``now`` (for the banner), else None."""
    plan = session.get(WinterPlan, PLAN_ID)
    return plan if plan is not None and plan.active_at(now) else None


def rows_of(offer: Offer) -> list[dict[str, str]]:
    """``offer``'s prepared winter hours as form rows (strings, as ``read_rows`` reads them)."""
    return [{"byday": row.byday, "opens_at": _clock(row.opens_at),
             "closes_at": _clock(row.closes_at),
             "past_midnight": "1" if (row.opens_at and row.closes_at
                                      and row.closes_at <= row.opens_at) else "",
             "all_day": "1" if row.all_day else "", "description": row.description}
            for row in sorted(offer.winter_hours, key=lambda row: row.position)]


def _clock(moment: time | None) -> str:
    return "" if moment is None else moment.strftime("%H:%M")


def prepared_offers(session: Session) -> list[Offer]:
    """The offers that have winter hours, by name."""
    ids = select(WinterHours.offer_id).distinct()
    return list(session.scalars(select(Offer).where(Offer.id.in_(ids))
                                .order_by(func.lower(Offer.name))))
