"""Mail through a real SMTP client, sent only after the change it tells about is committed.

``queue_mail`` puts a mail in the database session's outbox; when that session commits, the
outbox is sent (a rollback throws it away), so nobody is told of a change that was not saved.
Settings: ``MAIL_HOST`` (none: mails are written to the log, as in development), ``MAIL_PORT``,
``MAIL_STARTTLS`` / ``MAIL_SSL``, ``MAIL_USER`` / ``MAIL_PASSWORD``, ``MAIL_FROM``.

A mail server that fails does not undo the change: the person gets a Danish flash saying the
mail did not go out (``MAIL_FAILED_MESSAGE``), the log the reason, and ``failed_mails()`` the
mails, so a command can say so too.
"""
from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app, flash, g, has_app_context, has_request_context
from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from vejviser.db import db
from vejviser.messages import Message

logger = logging.getLogger(__name__)
_OUTBOX = "vejviser.outbox"
MAIL_FAILED_MESSAGE = Message("Ændringen er gemt, men mailen kunne ikke sendes. Prøv at sende "
                              "den igen om lidt, eller kontakt modtageren på anden vis.")


class MailFailed(Exception):
    """The SMTP server could not be reached or refused the mail (the args say why)."""


@dataclass(frozen=True)
class Mail:
    """One plain-text mail, and what to tell the user if it cannot be sent."""

    to: str
    subject: str
    body: str
    failure_message: Message = MAIL_FAILED_MESSAGE


def queue_mail(to: str, subject: str, body: str,
               failure_message: Message | None = None) -> None:
    """Send this mail once the current database session commits (never if it rolls back).

    If it cannot be sent, the user is told ``failure_message`` (default: the change is saved,
    the mail did not go out)."""
    session = db.session()
    if not session.in_transaction():
        session.begin()  # so that a rollback before any query still drops the outbox
    session.info.setdefault(_OUTBOX, []).append(
        Mail(to, subject, body, failure_message or MAIL_FAILED_MESSAGE))


def failed_mails() -> list[Mail]:
    """The mails of this request or command that could not be sent."""
    failed: list[Mail] = g.setdefault("failed_mails", [])
    return failed


def compose(mail: Mail, sender: str) -> EmailMessage:
    """``mail`` as a MIME message from ``sender``."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message.set_content(mail.body)
    return message


def send_now(mails: list[Mail]) -> None:
    """Deliver ``mails`` in one SMTP connection (or log them without ``MAIL_HOST``); raises
    ``MailFailed``."""
    config = current_app.config
    host = config.get("MAIL_HOST")
    sender = config.get("MAIL_FROM") or "vejviser@localhost"
    if not host:
        for mail in mails:
            logger.info("Mail (no MAIL_HOST set) to %s: %s\n%s", mail.to, mail.subject, mail.body)
        return
    port = int(config.get("MAIL_PORT") or (465 if config.get("MAIL_SSL") else 25))
    timeout = float(config.get("MAIL_TIMEOUT") or 10)
    try:
        smtp: smtplib.SMTP
        if config.get("MAIL_SSL"):
            smtp = smtplib.SMTP_SSL(host, port, timeout=timeout,
                                    context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(host, port, timeout=timeout)
        with smtp:
            if config.get("MAIL_STARTTLS"):
                smtp.starttls(context=ssl.create_default_context())
            if config.get("MAIL_USER"):
                smtp.login(config["MAIL_USER"], config.get("MAIL_PASSWORD") or "")
            for mail in mails:
                smtp.send_message(compose(mail, sender))
    except (OSError, smtplib.SMTPException, ValueError) as error:  # ValueError: a bad header
        raise MailFailed(f"{host}:{port}: {error}") from error


@event.listens_for(Session, "after_commit")
def _send_outbox(session: Session) -> None:
    mails = session.info.pop(_OUTBOX, None)
    if not mails or not has_app_context():
        return
    try:
        send_now(mails)
    except MailFailed as error:
        logger.error("Could not send %d mail(s): %s", len(mails), error)
        failed_mails().extend(mails)
        if has_request_context():
            from vejviser.web.messages import translate

            for message in dict.fromkeys(mail.failure_message for mail in mails):
                flash(translate(message), "error")


@event.listens_for(Session, "after_soft_rollback")
def _drop_outbox(session: Session, previous_transaction: SessionTransaction) -> None:
    # Every rollback of the whole transaction (a savepoint's leaves the outbox alone), even one
    # with no database transaction begun yet.
    if previous_transaction.parent is None:
        session.info.pop(_OUTBOX, None)
