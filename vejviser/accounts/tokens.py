"""Single-use links sent by mail (invitations, password resets): only a hash is stored.

The link carries 32 random bytes; the database keeps their SHA-256, when they expire and when
they were used. A link is refused when unknown, used, expired, or superseded by a newer one of
the same purpose for the same account (a resent invitation voids the old one).
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from vejviser.db import utcnow
from vejviser.models.account import Account, AccountToken

INVITATION = "invitation"
RESET = "reset"
#: How long a link works: an invitation waits for someone to read their mail; a reset is asked
#: for by the person who is about to use it.
LIFETIME = {INVITATION: timedelta(days=7), RESET: timedelta(hours=2)}


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session: Session, account: Account, purpose: str) -> str:
    """A new link token for ``account``; earlier unused ones of ``purpose`` stop working."""
    now = utcnow()
    session.execute(update(AccountToken)
                    .where(AccountToken.account_id == account.id,
                           AccountToken.purpose == purpose, AccountToken.used_at.is_(None))
                    .values(used_at=now))
    token = secrets.token_urlsafe(32)
    session.add(AccountToken(account_id=account.id, purpose=purpose, token_hash=_digest(token),
                             created_at=now, expires_at=now + LIFETIME[purpose]))
    session.flush()
    return token


@dataclass(frozen=True)
class TokenCheck:
    """What a link turned out to be: ``state`` is ok | expired | used | unknown."""

    state: str
    row: AccountToken | None = None

    @property
    def account(self) -> Account | None:
        return self.row.account if self.row is not None else None


def check_token(session: Session, token: str, purpose: str) -> TokenCheck:
    """Look ``token`` up without using it."""
    if not token or len(token) > 100:
        return TokenCheck("unknown")
    row = session.scalars(select(AccountToken).where(
        AccountToken.token_hash == _digest(token), AccountToken.purpose == purpose)).first()
    if row is None:
        return TokenCheck("unknown")
    if row.used_at is not None:
        return TokenCheck("used", row)
    if row.expires_at <= utcnow():
        return TokenCheck("expired", row)
    if not row.account.active:
        return TokenCheck("unknown")
    return TokenCheck("ok", row)


def use_token(row: AccountToken) -> None:
    """Mark ``row`` used (the caller flushes with the change it allowed)."""
    row.used_at = utcnow()
