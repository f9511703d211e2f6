"""Keeping the catalogue true from the command line: ``free-places-link`` and
``search-insights`` (the winter plan's commands are in ``cli.winter``).

Thin wrappers over ``vejviser.catalogue``: they parse, call one domain function, commit.
"""
from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from vejviser import insights
from vejviser.catalogue import free_places
from vejviser.catalogue.loading import load_offer
from vejviser.cli import CommandError, needs_database
from vejviser.cli.language import _, lang_option, ngettext
from vejviser.db import db
from vejviser.local_time import now_local
from vejviser.models import Offer


def offer_or_fail(key: str) -> Offer:
    """The public offer with slug or id ``key``, or a one-line error."""
    offer = load_offer(db.session(), key)
    if offer is None or not offer.is_public:
        raise CommandError(_("intet offentligt tilbud med nøglen %(key)s", key=key))
    return offer


@click.command("free-places-link")
@click.argument("offer_key", metavar="SLUG")
@click.option("--label", default="", help="Who the link is for, e.g. 'Nattevagten'.")
@click.option("--revoke", is_flag=True, help="Revoke every link of the offer instead.")
@lang_option
@with_appcontext
@needs_database
def free_places_link(offer_key: str, label: str, revoke: bool) -> None:
    """Make (or revoke) the no-login link a shelter sets tonight's free places with."""
    offer = offer_or_fail(offer_key)
    if revoke:
        count = free_places.revoke_links(db.session(), offer, now_local())
        db.session.commit()
        click.echo(ngettext("%(num)d link er spærret.", "%(num)d links er spærret.", count))
        return
    token = free_places.make_link(db.session(), offer, "command line", now_local(), label)
    db.session.commit()
    base = str(current_app.config.get("BASE_URL", "")).rstrip("/")
    click.echo(_("Link til ledige pladser for %(name)s (vises kun nu; gem det):",
                 name=offer.name))
    click.echo(f"{base}/ledige-pladser/{token}")


@click.command("search-insights")
@click.option("--weeks", default=4, show_default=True, type=click.IntRange(1, 60))
@lang_option
@with_appcontext
@needs_database
def search_insights(weeks: int) -> None:
    """Print what people searched for, and what found nothing, per week (newest first)."""
    insights.prune(db.session(), now_local())  # past weeks' rare queries, weeks past 13 months
    db.session.commit()
    found = insights.weekly_insights(db.session(), weeks)
    if not found:
        click.echo(_("Ingen søgninger talt endnu."))
    for week in found:
        click.echo(_("Uge %(week)s: %(searches)d søgninger, %(zero)d uden resultater",
                     week=week.week.strftime("%G-%V"), searches=week.searches,
                     zero=week.zero_results))
        for title, rows in ((_("Mest søgt"), week.top), (_("Fandt intet"), week.not_found)):
            if rows:
                click.echo(f"  {title}:")
                for text, count in rows:
                    click.echo(f"    {count:4d}  {text}")


COMMANDS = (free_places_link, search_insights)
