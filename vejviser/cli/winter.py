"""``winter-plan on --until …|off`` and ``winter-hours SLUG --row …``: the winter emergency plan
from the command line (the consultant's back-office buttons do the same)."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from vejviser.catalogue import winter
from vejviser.cli import CommandError, needs_database
from vejviser.cli.freshness import offer_or_fail
from vejviser.cli.language import _, lang_option, ngettext, say
from vejviser.db import db
from vejviser.local_time import MomentError, now_local, parse_local_moment
from vejviser.messages import message_of

ACTOR = "command line"


@click.command("winter-plan")
@click.argument("state", type=click.Choice(["on", "off"]))
@click.option("--until", "until_text", metavar="YYYY-MM-DDTHH:MM",
              help="When the plan ends by itself (Copenhagen time); required with 'on'.")
@lang_option
@with_appcontext
@needs_database
def winter_plan(state: str, until_text: str | None) -> None:
    """Switch the winter emergency plan on until a moment, or end it now."""
    now = now_local()
    try:
        if state == "on":
            if not until_text:
                raise CommandError(_("'on' kræver --until, fx --until 2026-12-13T12:00"))
            until = parse_local_moment(until_text, "until")
            ids = winter.activate(db.session(), until, now, ACTOR)
        else:
            ids = winter.end_plan(db.session(), now, ACTOR)
    except (MomentError, winter.WinterPlanError) as error:
        db.session.rollback()
        raise CommandError(say(message_of(error))) from None
    db.session.commit()
    if state == "on":
        click.echo(_("Kuldeberedskab aktiveret til %(until)s.",
                     until=until.strftime("%d.%m.%Y %H.%M")))
    else:
        click.echo(_("Kuldeberedskabet er afsluttet."))
    click.echo(ngettext("%(num)d tilbud har vinteråbningstider.",
                        "%(num)d tilbud har vinteråbningstider.", len(ids)))


def _row(text: str) -> dict[str, str]:
    """"MO,TU 22:00-08:00" or "SA,SU døgnåbent" as a winter row."""
    days, _space, when = text.strip().rpartition(" ")
    if when.lower() in ("døgnåbent", "doegnaabent", "24h"):
        return {"byday": days, "all_day": "1"}
    opens, _dash, closes = when.partition("-")
    return {"byday": days, "opens_at": opens, "closes_at": closes}


@click.command("winter-hours")
@click.argument("offer_key", metavar="SLUG")
@click.option("--row", "rows", multiple=True, metavar="'DAYS HH:MM-HH:MM'",
              help="A weekly row, e.g. 'MO,TU,WE,TH,FR,SA,SU 22:00-08:00' or 'SA,SU døgnåbent'.")
@click.option("--clear", is_flag=True, help="Remove the offer's winter hours.")
@lang_option
@with_appcontext
@needs_database
def winter_hours(offer_key: str, rows: tuple[str, ...], clear: bool) -> None:
    """Prepare an offer's alternative hours under the winter emergency plan."""
    if not rows and not clear:
        raise CommandError(_("giv mindst én --row eller --clear"))
    offer = offer_or_fail(offer_key)
    try:
        winter.set_winter_hours(db.session(), offer, [] if clear else [_row(r) for r in rows])
    except winter.WinterPlanError as error:
        db.session.rollback()
        raise CommandError(say(message_of(error))) from None
    db.session.commit()
    click.echo(ngettext("%(num)d vinteråbningstid gemt for %(name)s.",
                        "%(num)d vinteråbningstider gemt for %(name)s.",
                        0 if clear else len(rows), name=offer.name))


COMMANDS = (winter_plan, winter_hours)
