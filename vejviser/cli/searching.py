"""Search commands: ``search`` (try a query) and ``search-eval`` (recall@5 and MRR)."""
from __future__ import annotations

from pathlib import Path

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
from vejviser.search.evaluation import evaluate, load_cases

DEFAULT_CASES = Path("tests/search/relevance.toml")


def _slugs_of(result: search.SearchResult) -> list[str]:
    """The slugs of ``result``'s hits, in rank order (only those offers are read)."""
    ids = [hit.offer_id for hit in result.hits]
    slugs = dict(db.session.execute(select(Offer.id, Offer.slug).where(Offer.id.in_(ids))).all())
    return [slugs.get(offer_id, offer_id) for offer_id in ids]


def _search(q: str, per_page: int) -> search.SearchResult:
    return search.search(search.parse_args(MultiDict({"q": q, "per_page": str(per_page)})))


def ranked_slugs(q: str, per_page: int = 10) -> list[str]:
    """The slugs of the first results for ``q``."""
    return _slugs_of(_search(q, per_page))


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


@click.command("search-eval")
@click.argument("cases_file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--verbose", "-v", is_flag=True, help="Print every case, not only the misses.")
@lang_option
@with_appcontext
@needs_database
def search_eval_command(cases_file: Path | None, verbose: bool) -> None:
    """Print recall@5 and MRR of the relevance set (default: tests/search/relevance.toml, run
    from the repository root against an instance made with ``vejviser init --with-examples``:
    a few cases expect the fictional example offers)."""
    path = cases_file or DEFAULT_CASES
    if not path.exists():
        raise CommandError(_("ingen relevansfil i %(path)s", path=str(path)))
    results, recall, mrr = evaluate(load_cases(path), ranked_slugs)
    for item in results:
        if verbose or item.recall < 1:
            mark = "ok  " if item.recall == 1 else "MISS"
            click.echo(f"{mark} {item.case.q!r:40} recall@5={item.recall:.2f} "
                       f"rr={item.reciprocal_rank:.2f} [{item.case.kind}] "
                       f"top: {', '.join(item.found)}")
    click.echo(_("tilfælde: %(cases)d  recall@5: %(recall).3f  MRR: %(mrr).3f",
                 cases=len(results), recall=recall, mrr=mrr))


COMMANDS = (search_command, search_eval_command)
