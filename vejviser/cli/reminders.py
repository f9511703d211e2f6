"""``vejviser remind-stale``: the scheduled reminder round (run it daily from cron or a timer).

One mail per organisation listing its offers past the consultant's limits, each with a no-login
"still correct?" link. Idempotent: an organisation reminded within the interval (the
consultant's setting, default 30 days; ``--interval`` overrides it) gets nothing, so running it
again sends nothing new. Thin: the work is in ``vejviser.editing.reminders``.
"""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from vejviser.catalogue import freshness
from vejviser.cli import CommandError, needs_database
from vejviser.cli.language import _, lang_option, ngettext
from vejviser.db import db
from vejviser.editing.reminders import forget_reminders, send_reminders
from vejviser.editing.stale import overview
from vejviser.mail import failed_mails


def _link(token: str) -> str:
    base = str(current_app.config.get("BASE_URL", "")).rstrip("/")
    return f"{base}/bekraeft/{token}"


@click.command("remind-stale")
@click.option("--interval", type=click.IntRange(1, 3650), default=None,
              help="Days between two reminders to one organisation (default: the setting).")
@lang_option
@with_appcontext
@needs_database
def remind_stale(interval: int | None) -> None:
    """Mail each organisation with overdue offers one reminder (none twice within the interval)."""
    limits = freshness.current_limits(db.session())
    groups = overview(db.session(), freshness.today(), limits)
    sent = send_reminders(db.session(), groups, "remind-stale", _link, limits=limits,
                          interval_days=interval)
    db.session.commit()
    click.echo(ngettext("%(num)d organisation fik en påmindelse.",
                        "%(num)d organisationer fik en påmindelse.", len(sent.mailed)))
    if sent.recently:
        click.echo(_("Påmindet for nylig (intet sendt): %(names)s",
                     names=", ".join(sent.recently)))
    if sent.no_address:
        click.echo(_("Ingen e-mailadresse (intet sendt): %(names)s",
                     names=", ".join(sent.no_address)))
    if failed_mails():
        forget_reminders(db.session(), sent.reminder_ids)  # the next round tries again
        db.session.commit()
        raise CommandError(_("Mailen kunne ikke sendes. Prøv igen senere."))


COMMANDS = (remind_stale,)
