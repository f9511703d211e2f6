"""A real SMTP server (aiosmtpd) on a free loopback port that keeps what arrives."""
from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from tests.conftest import free_port


class Mailbox:
    """Handler for aiosmtpd: ``messages`` are the parsed mails, oldest first."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refuse = False

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.refuse:
            return "554 Transaction failed (refused by the test)"
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 OK"

    def bodies(self) -> list[str]:
        """Each mail's text."""
        return [str(message.get_content()) for message in self.messages]


class SmtpServer:
    """A running aiosmtpd server: ``host``, ``port``, ``messages``, ``config`` for the app."""

    def __init__(self) -> None:
        self.mailbox = Mailbox()
        self.host = "127.0.0.1"
        self.port = free_port()
        self.controller = Controller(self.mailbox, hostname=self.host, port=self.port)

    @property
    def messages(self) -> list[EmailMessage]:
        return self.mailbox.messages

    @property
    def config(self) -> dict[str, Any]:
        return {"MAIL_HOST": self.host, "MAIL_PORT": self.port,
                "MAIL_FROM": "vejviser@odense.example"}


def running_server() -> Iterator[SmtpServer]:
    """Start a server, hand it over, stop it."""
    server = SmtpServer()
    server.controller.start()
    try:
        yield server
    finally:
        server.controller.stop()
