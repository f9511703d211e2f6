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
        raise click.ClickException(f"{name}: cannot read the file ({error.strerror})") from None
    except UnicodeDecodeError as error:
        raise click.ClickException(f"{name}: not UTF-8 text (byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise click.ClickException(f"{name}: not valid JSON: line {error.lineno}, column "
                                   f"{error.colno}: {error.msg}") from None
    except RecursionError:  # the parser recurses per level: [[[[...]]]] 100,000 deep ends here
        raise click.ClickException(f"{name}: JSON-filen er for dybt indlejret til at blive læst "
                                   "(et HSDS-dokument har omkring 10 niveauer); intet er "
                                   "importeret") from None


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--dry-run", is_flag=True, help="Check and count, but write nothing.")
@with_appcontext
def import_command(file: str, dry_run: bool) -> None:
    """Import HSDS 3.0 JSON: one service, an array of services or a list page {"contents": [...]}.

    All or nothing: any problem in any record and nothing is written; the report names each bad
    record and field.
    """
    payload = read_json(file)
    contents = payload.get("contents") if isinstance(payload, dict) else payload
    count = len(contents) if isinstance(contents, list) else 0  # the importer reports bad shapes
    progress = progress_bar("Importing") if count >= PROGRESS_FROM else None
    try:
        report = import_hsds(db.session(), payload, dry_run=dry_run, progress=progress)
    except SQLAlchemyError as error:  # e.g. no schema yet: say so, without a traceback
        db.session.rollback()
        raise click.ClickException(f"database: {str(error).splitlines()[0]} "
                                   "(has `vejviser init` run?)") from None
    for warning in report.warnings:
        click.echo(f"note: {warning}", err=True)
    if not report.ok:
        db.session.rollback()
        for problem in report.problems:
            click.echo(f"  {problem}", err=True)
        raise click.ClickException(f"{file}: refused, nothing was imported "
                                   f"({len(report.problems)} problems).")
    if not dry_run:
        db.session.commit()
    if report.created_terms:
        click.echo(f"New taxonomy terms: {', '.join(report.created_terms)}")
    click.echo(f"Import: {report.summary()}.")


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["hsds-json", "hsds-csv"]), default="hsds-json",
              show_default=True, help="HSDS 3.0 JSON list page, or the tabular CSV layout.")
@click.option("--output", "-o", required=True,
              help="File (json; '-' for stdout), or directory / .zip file (csv).")
@click.option("--internal", is_flag=True,
              help="Everything, inactive offers, internal notes and hidden addresses too: for "
                   "backups and our own instances only, never for publishing.")
@with_appcontext
def export_command(fmt: str, output: str, internal: bool) -> None:
    """Export the public catalogue as HSDS 3.0 (what the public may see: hidden addresses and
    internal notes left out); ``--internal`` exports everything."""
    try:
        offers = all_offers(db.session(), internal=internal)
    except SQLAlchemyError as error:
        raise click.ClickException(f"database: {str(error).splitlines()[0]} "
                                   "(has `vejviser init` run?)") from None
    long_run = len(offers) >= PROGRESS_FROM and output != "-"
    progress = progress_bar("Exporting") if long_run else None
    documents = list(iter_documents(offers, internal, progress))
    if fmt == "hsds-csv" and output == "-":
        raise click.UsageError("hsds-csv writes several files: give a directory or a .zip")
    try:
        if fmt == "hsds-csv":
            files = write_tabular(documents, Path(output))
            click.echo(f"Export: {len(documents)} services in {len(files)} CSV tables -> "
                       f"{output}", err=True)
            return
        text = json.dumps(list_page(documents), ensure_ascii=False, indent=2) + "\n"
        if output == "-":
            click.echo(text, nl=False)
            return
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(text, encoding="utf-8")
    except OSError as error:  # a full disk, a read-only folder, a path that cannot exist
        raise click.ClickException(f"{output}: cannot write ({error.strerror or error})") from None
    click.echo(f"Export: {len(documents)} services -> {output}", err=True)


COMMANDS = (import_command, export_command)
