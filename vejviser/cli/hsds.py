"""HSDS 3.0 in and out: ``vejviser import FILE [--dry-run]`` and ``vejviser export``.

Thin wrappers: parse the file, call ``vejviser.hsds``, commit once, print a summary.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from vejviser.cli import CommandError, database_error, needs_database
from vejviser.cli.language import _, lang_option, ngettext
from vejviser.cli.progress import progress_bar
from vejviser.db import db
from vejviser.hsds.export import all_offers, iter_documents, list_page
from vejviser.hsds.importer import import_hsds
from vejviser.hsds.tabular import write_tabular

#: Files with at least this many services get a progress bar.
PROGRESS_FROM = 20


def read_json(path: str) -> object:
    """Parse ``path`` (``-`` for stdin); a malformed file becomes a message with line and column,
    a file nested too deep for the parser a message saying so."""
    name = "stdin" if path == "-" else path
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8-sig")
        return json.loads(text)
    except OSError as error:
        raise CommandError(_("%(name)s: filen kan ikke læses (%(problem)s)", name=name,
                             problem=error.strerror)) from None
    except UnicodeDecodeError as error:
        raise CommandError(_("%(name)s: ikke UTF-8-tekst (byte %(byte)d)", name=name,
                             byte=error.start)) from None
    except json.JSONDecodeError as error:
        raise CommandError(_("%(name)s: ikke gyldig JSON: linje %(line)d, kolonne %(column)d: "
                             "%(problem)s", name=name, line=error.lineno, column=error.colno,
                             problem=error.msg)) from None
    except RecursionError:  # the parser recurses per level: [[[[...]]]] 100,000 deep ends here
        raise CommandError(_("%(name)s: JSON-filen er for dybt indlejret til at blive læst (et "
                             "HSDS-dokument har omkring 10 niveauer); intet er importeret",
                             name=name)) from None


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--dry-run", is_flag=True, help="Check and count, but write nothing.")
@lang_option
@with_appcontext
@needs_database
def import_command(file: str, dry_run: bool) -> None:
    """Import HSDS 3.0 JSON: one service, an array of services or a list page {"contents": [...]}.

    All or nothing: any problem in any record and nothing is written; the report names each bad
    record and field.
    """
    payload = read_json(file)
    contents = payload.get("contents") if isinstance(payload, dict) else payload
    count = len(contents) if isinstance(contents, list) else 0  # the importer reports bad shapes
    progress = progress_bar(_("Importerer")) if count >= PROGRESS_FROM else None
    try:
        report = import_hsds(db.session(), payload, dry_run=dry_run, progress=progress)
    except SQLAlchemyError as error:
        db.session.rollback()
        raise database_error(error) from None
    for warning in report.warnings:
        click.echo(_("bemærk: %(warning)s", warning=warning), err=True)
    if not report.ok:
        db.session.rollback()
        for problem in report.problems:
            click.echo(f"  {problem}", err=True)
        raise CommandError(ngettext("%(file)s: afvist, intet er importeret (%(num)d problem).",
                                    "%(file)s: afvist, intet er importeret (%(num)d problemer).",
                                    len(report.problems), file=file))
    if not dry_run:
        db.session.commit()
    if report.created_terms:
        click.echo(_("Nye termer i taksonomien: %(terms)s", terms=", ".join(report.created_terms)))
    click.echo(_import_summary(report.total, report.counts, report.dry_run))


def _import_summary(total: int, counts: dict[str, int], dry_run: bool) -> str:
    """"Import: 12 tilbud: 3 oprettet, 1 opdateret, 8 uændret." (or the dry-run wording)."""
    services = ngettext("%(num)d tilbud", "%(num)d tilbud", total)
    numbers = _("%(created)d oprettet, %(updated)d opdateret, %(unchanged)d uændret",
                created=counts["created"], updated=counts["updated"],
                unchanged=counts["unchanged"])
    if dry_run:
        return _("Import (prøvekørsel, intet skrevet): %(services)s: %(numbers)s.",
                 services=services, numbers=numbers)
    return _("Import: %(services)s: %(numbers)s.", services=services, numbers=numbers)


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["hsds-json", "hsds-csv"]), default="hsds-json",
              show_default=True, help="HSDS 3.0 JSON list page, or the tabular CSV layout.")
@click.option("--output", "-o", required=True,
              help="File (json; '-' for stdout), or directory / .zip file (csv).")
@click.option("--internal", is_flag=True,
              help="Everything, inactive offers, internal notes and hidden addresses too: for "
                   "backups and our own instances only, never for publishing.")
@lang_option
@with_appcontext
@needs_database
def export_command(fmt: str, output: str, internal: bool) -> None:
    """Export the public catalogue as HSDS 3.0 (what the public may see: hidden addresses and
    internal notes left out); ``--internal`` exports everything."""
    try:
        offers = all_offers(db.session(), internal=internal)
    except SQLAlchemyError as error:
        raise database_error(error) from None
    long_run = len(offers) >= PROGRESS_FROM and output != "-"
    progress = progress_bar(_("Eksporterer")) if long_run else None
    documents = list(iter_documents(offers, internal, progress))
    if fmt == "hsds-csv" and output == "-":
        raise click.UsageError(_("hsds-csv skriver flere filer: angiv en mappe eller en .zip"))
    try:
        if fmt == "hsds-csv":
            files = write_tabular(documents, Path(output))
            click.echo(_("Eksport: %(services)s i %(tables)d CSV-tabeller -> %(output)s",
                         services=ngettext("%(num)d tilbud", "%(num)d tilbud", len(documents)),
                         tables=len(files), output=output), err=True)
            return
        text = json.dumps(list_page(documents), ensure_ascii=False, indent=2) + "\n"
        if output == "-":
            click.echo(text, nl=False)
            return
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(text, encoding="utf-8")
    except OSError as error:  # a full disk, a read-only folder, a path that cannot exist
        raise CommandError(_("%(output)s: kan ikke skrive (%(problem)s)", output=output,
                             problem=error.strerror or error)) from None
    click.echo(_("Eksport: %(services)s -> %(output)s",
                 services=ngettext("%(num)d tilbud", "%(num)d tilbud", len(documents)),
                 output=output), err=True)


COMMANDS = (import_command, export_command)
