"""Setting up and running an instance: ``init``, ``serve``, ``reindex``."""
from __future__ import annotations

import os
from pathlib import Path
from typing import cast

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.local import LocalProxy

from vejviser import migrate, search
from vejviser.catalogue.errors import CatalogueDataError
from vejviser.catalogue.seed import load_seed
from vejviser.cli.progress import progress_bar
from vejviser.db import db
from vejviser.resources import seed_dir


@click.command("init")
@click.option("--no-seed", is_flag=True, help="Create the schema only; load no Odense data.")
@click.option("--with-examples", is_flag=True,
              help="Also load seed/examples.toml: fictional offers for demonstrations and tests.")
@with_appcontext
def init_command(no_seed: bool, with_examples: bool) -> None:
    """Migrate the database, load the Odense seed data and build the search index."""
    Path(current_app.instance_path).mkdir(parents=True, exist_ok=True)
    migrate.upgrade(db.engine)
    click.echo("Database: schema up to date.")
    if not no_seed:
        try:
            report = load_seed(db.session(), seed_dir(current_app.config.get("SEED_DIR")),
                               with_examples=with_examples)
        except (CatalogueDataError, ValueError) as error:
            db.session.rollback()
            raise click.ClickException(f"seed data refused:\n{error}") from error
        db.session.commit()
        click.echo(f"Seed: {report.offers['created']} created, {report.offers['updated']} updated, "
                   f"{report.offers['unchanged']} unchanged.")
    count = search.rebuild(progress=progress_bar("Search index"))
    click.echo(f"Search index: {count} offers indexed.")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@with_appcontext
def serve_command(host: str, port: int) -> None:
    """Run the development server (use gunicorn in production)."""
    # Flask ignores app.run() inside its own CLI, so start werkzeug's server directly.
    from werkzeug.serving import run_simple

    from vejviser.privacy import quiet_request_logs

    quiet_request_logs()  # the request log keeps paths, never what was searched for
    if not os.environ.get("VEJVISER_BASE_URL"):
        # Share links and QR codes name the address being served, not the default port.
        current_app.config["BASE_URL"] = served_address(host, port)

    click.echo(f"Den sociale vejviser: http://{host}:{port}/  (Ctrl+C stops)")
    # The server outlives this app context: hand it the app object, not the ``current_app``
    # proxy (which Flask types as Flask, so the cast says what it really is).
    app = cast("LocalProxy[Flask]", current_app)._get_current_object()
    run_simple(host, port, app, threaded=True)


def served_address(host: str, port: int) -> str:
    """``http://host:port`` for links to a development server (a wildcard host becomes the
    loopback address; an IPv6 address gets its brackets)."""
    if host in ("", "0.0.0.0", "::"):
        host = "127.0.0.1"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


@click.command("reindex")
@with_appcontext
def reindex_command() -> None:
    """Rebuild the search index from the database."""
    try:
        count = search.rebuild(progress=progress_bar("Search index"))
    except SQLAlchemyError as error:  # e.g. no schema yet: say so, without a traceback
        raise click.ClickException(f"database: {str(error).splitlines()[0]} "
                                   "(has `vejviser init` run?)") from None
    click.echo(f"Search index: {count} offers indexed.")


COMMANDS = (init_command, serve_command, reindex_command)
