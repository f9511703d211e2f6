"""Operating an instance: ``backup``, ``restore`` (thin wrappers over ``vejviser.backup``)."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError

from vejviser import search
from vejviser.backup import BackupError, backup, restore
from vejviser.cli import CommandError, database_error, needs_database
from vejviser.cli.language import _, lang_option, ngettext, say
from vejviser.cli.progress import progress_bar
from vejviser.db import db


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@lang_option
@with_appcontext
@needs_database
def backup_command(path: Path) -> None:
    """Write a consistent backup of the database to PATH (and PATH.json saying what it holds)
    while the site keeps running: SQLite's online backup, or pg_dump on PostgreSQL."""
    try:
        manifest = backup(db.engine, path)
    except BackupError as error:
        raise CommandError(say(error.args[0])) from None
    except SQLAlchemyError as error:
        raise database_error(error) from None
    except OSError as error:
        raise CommandError(_("%(output)s: kan ikke skrive (%(problem)s)", output=str(path),
                             problem=error.strerror or error)) from None
    click.echo(_("Sikkerhedskopi: %(path)s (til og med ændring %(seq)d).", path=str(path),
                 seq=manifest.change_seq))


@click.command("restore")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True,
              help="Overwrite a database that already holds offers or organisations.")
@lang_option
@with_appcontext
def restore_command(path: Path, force: bool) -> None:
    """Restore the backup at PATH into the configured database, then rebuild the search index.

    Refuses a database that holds data unless --force. Other nodes must run `vejviser reindex`
    afterwards (see docs/deploy.md).
    """
    Path(current_app.instance_path).mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        manifest = restore(db.engine, path, force=force)
    except BackupError as error:
        raise CommandError(say(error.args[0])) from None
    except SQLAlchemyError as error:
        raise database_error(error) from None
    click.echo(_("Gendannet: %(path)s (til og med ændring %(seq)d).", path=str(path),
                 seq=manifest.change_seq))
    count = search.rebuild(progress=progress_bar(_("Bygger søgeindekset")))
    click.echo(ngettext("Søgeindeks: %(num)d tilbud indekseret.",
                        "Søgeindeks: %(num)d tilbud indekseret.", count))


COMMANDS = (backup_command, restore_command)
