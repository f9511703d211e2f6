"""Mail goes out after commit, through a real SMTP client; never for a change rolled back."""
from __future__ import annotations

import logging

import pytest
from flask import Flask

from vejviser.db import db
from vejviser.mail import failed_mails, queue_mail


def test_a_mail_is_sent_only_when_the_change_is_committed(
        app: Flask, smtp_server) -> None:  # noqa: ANN001
    with app.app_context():
        queue_mail("a@example.dk", "Kladde", "rulles tilbage")
        db.session.rollback()
        db.session.commit()
        assert smtp_server.messages == []
        queue_mail("b@example.dk", "Hej æøå", "Teksten med æøå.")
        assert smtp_server.messages == []  # not before the commit
        db.session.commit()
    [mail] = smtp_server.messages
    assert mail["To"] == "b@example.dk" and mail["Subject"] == "Hej æøå"
    assert mail["From"] == "vejviser@odense.example"
    assert mail.get_content().strip() == "Teksten med æøå."


def test_without_a_mail_host_mails_go_to_the_log(app: Flask,
                                                 caplog: pytest.LogCaptureFixture) -> None:
    app.config["MAIL_HOST"] = ""
    with caplog.at_level(logging.INFO, logger="vejviser.mail"), app.app_context():
        queue_mail("c@example.dk", "Invitation", "linket er her")
        db.session.commit()
        assert failed_mails() == []
    assert "c@example.dk" in caplog.text and "linket er her" in caplog.text


def test_a_command_learns_which_mails_failed(app: Flask, smtp_server) -> None:  # noqa: ANN001
    smtp_server.mailbox.refuse = True
    with app.app_context():
        queue_mail("d@example.dk", "Emne", "Tekst")
        db.session.commit()
        assert [mail.to for mail in failed_mails()] == ["d@example.dk"]
