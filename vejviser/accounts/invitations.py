"""Invitations and password resets: a single-use link by mail that sets a password.

The link is made by the caller (``link(token) -> absolute URL``), so this stays free of Flask's
routing; the mail goes out after commit (``vejviser.mail``).
"""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from vejviser.accounts.roles import may_invite
from vejviser.accounts.service import AccountError, create_account
from vejviser.accounts.tokens import INVITATION, LIFETIME, RESET, issue_token
from vejviser.mail import queue_mail
from vejviser.messages import Message
from vejviser.models.account import Account
from vejviser.models.organization import Organization

RESET_NOT_SENT = Message("Vi kunne ikke sende mailen lige nu. Prøv igen om lidt, eller kontakt "
                         "frivillighedskonsulenten.")
ROLE_NAMES = {"consultant": "frivillighedskonsulent", "editor": "redaktør",
              "volunteer": "frivillig"}


def invite(session: Session, inviter: Account | None, email: str, role: str,
           organisation: Organization | None, link: Callable[[str], str],
           name: str = "") -> Account:
    """Create the account and mail it a link to set its password (``inviter`` None: the
    command line's ``create-admin``)."""
    if inviter is not None and not may_invite(inviter, role,
                                              organisation.id if organisation else None):
        raise AccountError(Message("Du kan kun invitere frivillige til din egen organisation."))
    account = create_account(session, email, role, name=name,
                             organisations=[organisation] if organisation else [],
                             invited_by=inviter)
    send_invitation(session, account, link, inviter)
    return account


def send_invitation(session: Session, account: Account, link: Callable[[str], str],
                    inviter: Account | None = None) -> str:
    """(Re)send ``account``'s invitation: a new link, and the old one stops working."""
    if account.password_hash is not None:
        raise AccountError(Message("%(email)s har allerede sat en adgangskode. Send en "
                                   "nulstilling i stedet.", email=account.email))
    token = issue_token(session, account, INVITATION)
    days = LIFETIME[INVITATION].days
    where = (f" for {', '.join(o.name for o in account.organisations)}"
             if account.organisations else "")
    who = f"{inviter.name or inviter.email} har" if inviter is not None else "Du er blevet"
    opening = (f"{who} inviteret dig" if inviter is not None else who + " inviteret")
    body = (f"Hej{(' ' + account.name) if account.name else ''}\n\n"
            f"{opening} til Den sociale vejviser som {ROLE_NAMES[account.role]}{where}.\n\n"
            f"Vælg din adgangskode her (linket virker én gang og i {days} dage):\n"
            f"{link(token)}\n\n"
            "Har du ikke ventet denne mail, kan du se bort fra den.\n\n"
            "— Den sociale vejviser, Odense Kommune\n")
    queue_mail(account.email, "Invitation til Den sociale vejviser", body)
    return token


def send_reset(session: Session, account: Account, link: Callable[[str], str]) -> str:
    """Mail ``account`` a link to choose a new password."""
    token = issue_token(session, account, RESET)
    hours = int(LIFETIME[RESET].total_seconds() // 3600)
    body = ("Hej\n\nNogen (forhåbentlig dig) har bedt om en ny adgangskode til Den sociale "
            "vejviser.\n\n"
            f"Vælg en ny adgangskode her (linket virker én gang og i {hours} timer):\n"
            f"{link(token)}\n\n"
            "Har du ikke bedt om det, kan du se bort fra mailen: din adgangskode er uændret.\n\n"
            "— Den sociale vejviser, Odense Kommune\n")
    queue_mail(account.email, "Ny adgangskode til Den sociale vejviser", body,
               failure_message=RESET_NOT_SENT)
    return token
