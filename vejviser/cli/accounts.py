"""``vejviser create-admin EMAIL``: the first consultant, with a one-time link to set a password.

There is no default administrator. The command creates a consultant account (or, for an account
that exists, issues a new link) and prints the link instead of mailing it: whoever runs the
command on the server is trusted to hand it over.
"""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from vejviser.accounts.roles import CONSULTANT
from vejviser.accounts.service import AccountError, create_account, find_account, set_active
from vejviser.accounts.tokens import INVITATION, LIFETIME, RESET, issue_token
from vejviser.cli import CommandError, needs_database
from vejviser.cli.language import _, lang_option, say
from vejviser.db import db
from vejviser.messages import message_of


@click.command("create-admin")
@click.argument("email")
@lang_option
@with_appcontext
@needs_database
def create_admin_command(email: str) -> None:
    """Create a consultant account (or give an existing one a new link) and print a one-time
    link to set its password."""
    account = find_account(db.session(), email)
    if account is None:
        try:
            account = create_account(db.session(), email, CONSULTANT)
        except AccountError as error:
            raise CommandError(say(message_of(error))) from None
    else:
        account.role = CONSULTANT
        set_active(account, True)
    purpose = INVITATION if account.password_hash is None else RESET
    token = issue_token(db.session(), account, purpose)
    db.session.commit()
    path = "invitation" if purpose == INVITATION else "nulstil-adgangskode"
    base = str(current_app.config["BASE_URL"]).rstrip("/")
    days = LIFETIME[purpose].days or 1
    click.echo(_("Frivillighedskonsulent: %(email)s", email=account.email))
    click.echo(_("Åbn linket for at vælge en adgangskode (virker én gang, i højst %(days)d "
                 "dage):", days=days))
    click.echo(f"{base}/{path}/{token}")


COMMANDS = (create_admin_command,)
