"""Reminders without a login: one mail per organisation listing its overdue offers, each with a
signed link to a page where its contact confirms the offer in one click.

The link is an itsdangerous signature (salted, timed by the app's clock, 30 days) of a random
id stored as a ``ReminderLink``: the row makes it single-use (marked used in the same
statement that checks it) and revocable (a newer reminder for the offer revokes the older
link). Opening a link changes nothing; only the page's POST confirms, through
``editing.publish.confirm`` (a history entry, never an edit conflict). The mail goes out after
commit (``vejviser.mail``).
"""
from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from vejviser.catalogue.freshness import Limits
from vejviser.editing.publish import Editor, confirm
from vejviser.editing.stale import StaleGroup
from vejviser.hours.wording import fmt_date
from vejviser.local_time import now_local
from vejviser.mail import queue_mail
from vejviser.messages import Message
from vejviser.models import Offer, ReminderLink, Revision, StaleReminder

LINK_DAYS = 30
_SALT = "vejviser.stale-reminder"
NOT_SENT = Message("Påmindelserne er registreret, men mailen kunne ikke sendes. Prøv igen om "
                   "lidt.")
#: States of a link that cannot be used, and the HTTP status each answers with.
REFUSED_STATUS = {"forged": 400, "unknown": 404, "expired": 410, "used": 410, "revoked": 410,
                  "gone": 410}


class _ClockSigner(TimestampSigner):
    """Timestamps from the app's clock (``local_time.now_local``), so tests control expiry."""

    def get_timestamp(self) -> int:
        return int(now_local().timestamp())


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT,
                                  signer=_ClockSigner)


def sign(link_id: str) -> str:
    """The token in a reminder link for the stored link ``link_id``."""
    return str(_serializer().dumps(link_id))


@dataclass(frozen=True)
class CheckedLink:
    """What a token turned out to be: ``state`` "ok" (with the link and its offer) or one of
    ``REFUSED_STATUS``."""

    state: str
    link: ReminderLink | None = None
    offer: Offer | None = None


def check_link(session: Session, token: str) -> CheckedLink:
    """Read ``token`` (changes nothing)."""
    try:
        link_id = _serializer().loads(token[:500], max_age=LINK_DAYS * 24 * 3600)
    except SignatureExpired:
        return CheckedLink("expired")
    except BadSignature:
        return CheckedLink("forged")
    link = session.get(ReminderLink, str(link_id)[:32])
    if link is None:
        return CheckedLink("unknown")
    if link.used_at is not None:
        return CheckedLink("used", link)
    if link.revoked_at is not None:
        return CheckedLink("revoked", link)
    if link.expires_at <= now_local():
        return CheckedLink("expired", link)
    offer = session.get(Offer, link.offer_id)
    if offer is None or offer.retired_at is not None or not offer.is_public:
        return CheckedLink("gone", link)
    return CheckedLink("ok", link, offer)


def confirm_by_link(session: Session, link: ReminderLink, offer: Offer) -> Revision | None:
    """"Alt er stadig korrekt": mark the link used and confirm ``offer`` today (a history entry
    "Bekræftet via påmindelse"); None when the link was used or revoked meanwhile. Flushes."""
    now = now_local()
    marked = session.execute(update(ReminderLink).where(
        ReminderLink.id == link.id, ReminderLink.used_at.is_(None),
        ReminderLink.revoked_at.is_(None)).values(used_at=now)
        .execution_options(synchronize_session=False))
    if getattr(marked, "rowcount", 0) != 1:
        return None
    # Who clicked is not known (no login): the history says it came through the reminder.
    editor = Editor(None, f"Påmindelse til {offer.organization.name}", "volunteer")
    return confirm(session, offer, editor,
                   summary=f"Bekræftet via påmindelse: {offer.name}")


@dataclass
class Sent:
    """What a round of reminders did: organisations mailed, left without an address, and left
    because they were reminded within the interval."""

    mailed: list[str] = field(default_factory=list)
    no_address: list[str] = field(default_factory=list)
    recently: list[str] = field(default_factory=list)
    offers: int = 0
    reminder_ids: list[int] = field(default_factory=list)


def _mail_body(group: StaleGroup, links: list[tuple[str, str]]) -> str:
    lines = [f"Kære {group.name}", "",
             "I Den sociale vejviser (Odense Kommune) har disse af jeres tilbud ikke været "
             "bekræftet i et stykke tid. Fagfolk og borgere bruger oplysningerne, så vi beder "
             "jer se dem igennem. I skal ikke logge ind:", ""]
    for (name, url), offer in zip(links, group.offers):
        since = offer.stale.since
        when = (f"ikke bekræftet siden {fmt_date(since)}" if since
                else "aldrig bekræftet")
        lines += [f"- {name} ({when})", f"  {url}", ""]
    lines += ["På siden ser I tilbuddets oplysninger, som de står nu. Tryk \"Alt er stadig "
              "korrekt\", hvis de passer, eller \"Noget skal rettes\".",
              f"Hvert link virker én gang og i {LINK_DAYS} dage.", "",
              "Venlig hilsen",
              "Frivillighedskonsulenten, Beskæftigelses- og Socialforvaltningen",
              "— Den sociale vejviser, Odense Kommune", ""]
    return "\n".join(lines)


def send_reminder(session: Session, group: StaleGroup, sent_by: str,
                  link_url: Callable[[str], str]) -> StaleReminder | None:
    """Mail ``group``'s organisation one reminder listing its overdue offers (None, and nothing
    sent, when it has no address). Older unused links of those offers are revoked. Flushes; the
    mail goes out when the session commits."""
    if not group.addresses or not group.offers:
        return None
    now = now_local()
    reminder = StaleReminder(organization_id=group.organization_id, sent_at=now,
                             sent_by=sent_by, offers=len(group.offers))
    session.add(reminder)
    offer_ids = [offer.id for offer in group.offers]
    session.execute(update(ReminderLink).where(
        ReminderLink.offer_id.in_(offer_ids), ReminderLink.used_at.is_(None),
        ReminderLink.revoked_at.is_(None)).values(revoked_at=now)
        .execution_options(synchronize_session=False))
    session.flush()
    links = []
    for offer in group.offers:
        link = ReminderLink(id=secrets.token_hex(16), reminder_id=reminder.id, offer_id=offer.id,
                            created_at=now, expires_at=now + timedelta(days=LINK_DAYS))
        session.add(link)
        links.append((offer.name, link_url(sign(link.id))))
    session.flush()
    queue_mail(", ".join(group.addresses), "Er jeres tilbud i Den sociale vejviser stadig "
               "korrekte?", _mail_body(group, links), failure_message=NOT_SENT)
    return reminder


def send_reminders(session: Session, groups: Iterable[StaleGroup], sent_by: str,
                   link_url: Callable[[str], str], limits: Limits | None = None,
                   interval_days: int | None = None) -> Sent:
    """``send_reminder`` for each group. With ``limits`` (the scheduled command) an organisation
    reminded within the interval (``interval_days``, else the consultant's) is left alone."""
    sent = Sent()
    since: datetime | None = None
    if limits is not None:
        since = now_local() - timedelta(days=interval_days or limits.interval_days)
    for group in groups:
        if since is not None and _reminded_since(session, group.organization_id, since):
            sent.recently.append(group.name)
        elif (reminder := send_reminder(session, group, sent_by, link_url)) is None:
            sent.no_address.append(group.name)
        else:
            sent.mailed.append(group.name)
            sent.offers += len(group.offers)
            sent.reminder_ids.append(reminder.id)
    return sent


def forget_reminders(session: Session, reminder_ids: list[int]) -> None:
    """Delete reminders whose mail could not be sent (their links with them), so the next
    scheduled round tries again instead of waiting out the interval. Flushes."""
    if reminder_ids:
        session.execute(delete(ReminderLink).where(ReminderLink.reminder_id.in_(reminder_ids)))
        session.execute(delete(StaleReminder).where(StaleReminder.id.in_(reminder_ids)))
        session.flush()


def _reminded_since(session: Session, organization_id: str, since: datetime) -> bool:
    return session.scalar(select(StaleReminder.id).where(
        StaleReminder.organization_id == organization_id,
        StaleReminder.sent_at > since).limit(1)) is not None
