"""The ``search`` command (try a query); relevance is measured by benchmarks/search_eval.py."""
from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from vejviser import search
from vejviser.cli import CommandError, needs_database
from vejviser.cli.language import _, lang_option, ngettext, say
from vejviser.db import db
from vejviser.messages import message_of
from vejviser.models import Offer


def _slugs_of(result: search.SearchResult) -> list[str]:
    """The slugs of ``result``'s hits, in rank order (only those offers are read)."""
    ids = [hit.offer_id for hit in result.hits]
    slugs = dict(db.session.execute(select(Offer.id, Offer.slug).where(Offer.id.in_(ids))).all())
    return [slugs.get(offer_id, offer_id) for offer_id in ids]


def _search(q: str, per_page: int) -> search.SearchResult:
    try:
        return search.search(search.parse_args(MultiDict({"q": q, "per_page": str(per_page)})))
    except search.SearchUnavailable as error:  # a big catalogue's index is not rebuilt in seconds
        raise click.ClickException(f"{error} (eller kør 'vejviser reindex')") from None


@click.command("search")
@click.argument("words", nargs=-1, required=True)
@click.option("--limit", default=10, show_default=True)
@lang_option
@with_appcontext
@needs_database
def search_command(words: tuple[str, ...], limit: int) -> None:
    """Search the catalogue from the command line and print ranked slugs."""
    try:
        result = _search(" ".join(words), limit)
    except search.SearchParamError as error:
        raise CommandError(say(message_of(error))) from None
    click.echo(ngettext("%(num)d resultat", "%(num)d resultater", result.total))
    for rank, (hit, slug) in enumerate(zip(result.hits, _slugs_of(result)), 1):
        click.echo(f"{rank:3d}. {slug}  ({hit.score:.1f})")
    if result.suggestion:
        click.echo(_("Mente du: %(suggestion)s?", suggestion=result.suggestion))
    for notice in result.notices:
        click.echo(say(notice))


COMMANDS = (search_command,)
