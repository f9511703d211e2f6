"""HSDS in and out: ``vejviser import FILE`` and ``vejviser export``.

Thin wrappers: call ``vejviser.hsds``, commit once, print the report. The import's report is
worded by ``vejviser.hsds`` itself, in the command's one language (``--lang`` or the locale).
Exit codes: 0 imported (or a clean dry run), 1 refused (nothing written), 2 wrong use, 3 not set
up.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from vejviser.cli import CommandError, database_error, needs_database
from vejviser.cli.language import _, current_language, lang_option, ngettext
from vejviser.cli.progress import progress_bar
from vejviser.db import db
from vejviser.hsds.export import all_offers, iter_documents, list_page
from vejviser.hsds.importer import ImportOptions, Progress, import_file, paused_gc
from vejviser.hsds.report import ImportReport
from vejviser.hsds.tabular import write_tabular

#: Files with at least this many services get a progress bar.
PROGRESS_FROM = 20
STAGES = {"da": {"check": "Kontrollerer", "store": "Gemmer"},
          "en": {"check": "Checking", "store": "Storing"}}
INDEXING = {"da": "Opdaterer søgeindekset …", "en": "Updating the search index …"}


def _progress(lang: str) -> Progress:
    """Progress bars on stderr, one per stage, for files with many services."""
    bars: dict[str, Callable[[int, int], None]] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage == "store" and total < PROGRESS_FROM:
            return
        if stage not in bars:
            bars[stage] = progress_bar(STAGES[lang][stage])
        bars[stage](done, total)

    return update


def _write_report(report: ImportReport, path: str, lang: str) -> None:
    try:
        Path(path).write_text(json.dumps(report.as_json(lang), ensure_ascii=False, indent=2)
                              + "\n", encoding="utf-8")
    except OSError as error:
        raise click.UsageError(f"--report {path}: {error.strerror or error}") from None


@click.command("import")
@click.argument("file", type=click.Path(allow_dash=True))
@click.option("--dry-run", is_flag=True, help="Check and count, but write nothing.")
@click.option("--source", default="",
              help="Name of the source (an organisation, a system): the namespace of --mint-ids.")
@click.option("--mint-ids", is_flag=True,
              help="Turn ids that are not UUIDs into stable UUIDs (UUIDv5 in --source's "
                   "namespace): the same file gives the same ids, two sources never collide.")
@click.option("--organisation", "--organization", "organisation", default=None,
              help="Id or name of the organisation for services that name none (else one is "
                   "made for the source).")
@click.option("--report", "report_path", default=None, type=click.Path(dir_okay=False),
              help="Also write the full report (every finding) as JSON to this file.")
@lang_option
@with_appcontext
@needs_database
def import_command(file: str, dry_run: bool, source: str, mint_ids: bool,
                   organisation: str | None, report_path: str | None) -> None:
    """Import HSDS: a JSON file (one service, an array or a list page {"contents": [...]}), or
    the tabular CSV layout (a folder, a .zip or its datapackage.json).

    All or nothing: any problem and nothing is written; the report groups the problems by kind.
    """
    lang = current_language()  # one language per command: --lang, or the locale
    if mint_ids and not source.strip():
        raise click.UsageError(_("--mint-ids kræver --source NAVN (navnerummet for de nye id'er)"))
    name = "stdin" if file == "-" else Path(file).name
    options = ImportOptions(dry_run=dry_run, actor=f"import {name}", source=source.strip(),
                            mint_ids=mint_ids, organisation=organisation,
                            progress=_progress(lang))
    try:
        report = import_file(db.session(), file, options)
    except SQLAlchemyError as error:  # one line, no traceback
        db.session.rollback()
        raise database_error(error) from None
    if report_path:
        _write_report(report, report_path, lang)
    lines = report.lines(lang)
    if not report.ok:
        db.session.rollback()
        click.echo("\n".join(lines), err=True)
        sys.exit(1)
    if not dry_run:
        if sum(report.counts[key] for key in ("created", "updated")) >= PROGRESS_FROM:
            click.echo(INDEXING[lang], err=True)
        with paused_gc():  # the search index catches up here, from the change sequence
            db.session.commit()
    click.echo("\n".join(lines))


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
