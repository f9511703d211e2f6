"""What happens to accounts: create, invite, set a password, change role, disable.

Every function flushes; the view or command commits. Anything that should end the account's
existing sessions rotates its ``session_token``.
"""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vejviser.accounts.passwords import hash_password, password_problem
from vejviser.accounts.roles import EDITOR, ROLES, VOLUNTEER
from vejviser.messages import Message
from vejviser.models.account import Account, account_organisation, new_session_token
from vejviser.models.organization import Organization

MAX_EMAIL = 255


class AccountError(ValueError):
    """A request about an account that cannot be carried out (the Danish ``Message`` says why)."""


def normalise_email(email: str) -> str:
    """The address as stored: trimmed and lower-case."""
    return (email or "").strip().lower()


def email_problem(email: str) -> Message | None:
    """Why ``email`` is no e-mail address we can use, or None."""
    local, at, domain = email.rpartition("@")
    if (not at or not local or "." not in domain.strip(".") or len(email) > MAX_EMAIL
            or email.count("@") != 1
            # One plain address: no lists, display names or quoting that would reach a second
            # recipient through the To header.
            or any(character.isspace() or character in ',;<>()[]"\\:' for character in email)
            or any(ord(character) < 32 for character in email)):
        return Message("Skriv en gyldig e-mailadresse, fx navn@eksempel.dk.")
    return None


def find_account(session: Session, email: str) -> Account | None:
    """The account with ``email`` (any case), or None."""
    return session.scalars(select(Account).where(
        Account.email == normalise_email(email))).first()


def create_account(session: Session, email: str, role: str, name: str = "",
                   organisations: tuple[Organization, ...] | list[Organization] = (),
                   invited_by: Account | None = None) -> Account:
    """A new active account without a password (it gets one through a mailed link)."""
    email = normalise_email(email)
    problem = email_problem(email)
    if problem:
        raise AccountError(problem)
    if role not in ROLES:
        raise AccountError(Message("Ukendt rolle: %(role)s.", role=role))
    if find_account(session, email) is not None:
        raise AccountError(Message("Der findes allerede en bruger med e-mailadressen "
                                   "%(email)s.", email=email))
    if role == VOLUNTEER and not organisations:
        raise AccountError(Message("En frivillig skal høre til en organisation."))
    account = Account(email=email, role=role, name=name.strip()[:255], active=True,
                      organisations=list(organisations),
                      invited_by_id=invited_by.id if invited_by else None)
    session.add(account)
    session.flush()
    return account


def set_password(account: Account, password: str) -> None:
    """Give ``account`` a new password and end its other sessions."""
    problem = password_problem(password, account.email)
    if problem:
        raise AccountError(problem)
    account.password_hash = hash_password(password)
    end_sessions(account)


def end_sessions(account: Account) -> None:
    """Every session of ``account`` issued before now stops working."""
    account.session_token = new_session_token()


def change_role(account: Account, role: str) -> None:
    """Give ``account`` another role (its sessions end: what they may do has changed)."""
    if role not in ROLES:
        raise AccountError(Message("Ukendt rolle: %(role)s.", role=role))
    if role == VOLUNTEER and not account.organisations:
        raise AccountError(Message("En frivillig skal høre til en organisation."))
    account.role = role
    end_sessions(account)


def set_active(account: Account, active: bool) -> None:
    """Disable (ending every session) or enable ``account``."""
    account.active = active
    if not active:
        end_sessions(account)


def organisations_without_editor(session: Session) -> list[Organization]:
    """Organisations with no active account that may edit their offers (a volunteer of theirs).

    Editors and the consultant may edit every offer, but an organisation's own people know it
    best: these are the ones nobody keeps current from the inside.
    """
    active_members = (select(account_organisation.c.organisation_id)
                      .join(Account, Account.id == account_organisation.c.account_id)
                      .where(Account.active.is_(True), Account.password_hash.is_not(None)))
    return list(session.scalars(select(Organization)
                                .where(Organization.id.not_in(active_members))
                                .order_by(func.lower(Organization.name))))


__all__ = ["EDITOR", "AccountError", "change_role", "create_account", "email_problem",
           "end_sessions", "find_account", "normalise_email", "organisations_without_editor",
           "set_active", "set_password"]
