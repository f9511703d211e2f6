"""Back-office accounts: the consultant, municipal editors and organisations' volunteers.

``session_token`` is part of every signed-in session; rotating it (logout, a new password, a
reset, the consultant disabling the account) makes every cookie issued before useless. Invitation
and reset links are single-use: ``AccountToken`` keeps only a hash of each, with its expiry and the
moment it was used.
"""
from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from vejviser.db import Base, UTCDateTime, utcnow

if TYPE_CHECKING:
    from vejviser.models.organization import Organization

#: Which organisations an account speaks for (volunteers edit only their offers).
account_organisation = Table(
    "account_organisation",
    Base.metadata,
    Column("account_id", Integer, ForeignKey("account.id", ondelete="CASCADE"),
           primary_key=True),
    Column("organisation_id", String(64), ForeignKey("organization.id", ondelete="CASCADE"),
           primary_key=True, index=True),
)


def new_session_token() -> str:
    """A fresh random token; a session carrying an older one is no longer signed in."""
    return secrets.token_urlsafe(32)


class Account(Base):
    """A person who signs in to the back office."""

    __tablename__ = "account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(255), unique=True)  # always lower-case
    name: Mapped[str] = mapped_column(String(255), default="")
    role: Mapped[str] = mapped_column(String(20))  # consultant | editor | volunteer
    active: Mapped[bool] = mapped_column(default=True)
    password_hash: Mapped[str | None] = mapped_column(String(255), default=None)
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    totp_secret: Mapped[str | None] = mapped_column(String(64), default=None)
    #: Hashes of the unused recovery codes, one per line.
    recovery_codes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("account.id", ondelete="SET NULL"), default=None)

    organisations: Mapped[list[Organization]] = relationship(
        secondary=account_organisation, order_by="Organization.name")

    # Flask-Login's user protocol (kept here so the model needs no Flask import).
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        """The session's user id: the account and its current session token together."""
        return f"{self.id}:{self.session_token}"

    def __repr__(self) -> str:
        return f"<Account {self.email!r} {self.role}>"


class AccountToken(Base):
    """A single-use link sent by mail: an invitation or a password reset (only its hash)."""

    __tablename__ = "account_token"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"),
                                            index=True)
    purpose: Mapped[str] = mapped_column(String(20))  # invitation | reset
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), default=None)

    account: Mapped[Account] = relationship()
