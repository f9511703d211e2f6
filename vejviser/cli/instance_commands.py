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

from vejviser import search
from vejviser.catalogue.errors import CatalogueDataError
from vejviser.catalogue.seed import load_seed
from vejviser.cli import CommandError, NotSetUp, database_error, needs_database
from vejviser.cli.language import _, lang_option, ngettext, say
from vejviser.cli.progress import progress_bar
from vejviser.db import db
from vejviser.instance import create_secret, missing_secret_message, read_secret, secret_path
from vejviser.readiness import app_database_problem
from vejviser.resources import seed_dir


def _ensure_secret() -> None:
    """Write a secret key to the instance folder unless one is configured or already there."""
    instance = Path(current_app.instance_path)
    configured = current_app.config.get("SECRET_KEY")
    if configured and configured != read_secret(instance):
        click.echo(_("Hemmelig nøgle: fra VEJVISER_SECRET_KEY."))
        return
    try:
        created = create_secret(instance)
    except OSError as error:
        raise CommandError(_("kan ikke skrive den hemmelige nøgle i %(path)s (%(problem)s)",
                             path=str(secret_path(instance)),
                             problem=error.strerror or error)) from None
    current_app.config["SECRET_KEY"] = read_secret(instance)
    if created:
        click.echo(_("Hemmelig nøgle: ny, gemt i %(path)s (kun læsbar for dig).",
                     path=str(secret_path(instance))))
    else:
        click.echo(_("Hemmelig nøgle: findes i %(path)s.", path=str(secret_path(instance))))


def _rebuild_index() -> int:
    return search.rebuild(progress=progress_bar(_("Bygger søgeindekset")))


def _indexed(count: int) -> str:
    return ngettext("Søgeindeks: %(num)d tilbud indekseret.",
                    "Søgeindeks: %(num)d tilbud indekseret.", count)


@click.command("init")
@click.option("--no-seed", is_flag=True, help="Create the schema only; load no Odense data.")
@click.option("--with-examples", is_flag=True,
              help="Also load seed/examples.toml: fictional offers for demonstrations and tests.")
@lang_option
@with_appcontext
def init_command(no_seed: bool, with_examples: bool) -> None:
    """Create or update the instance: secret key, database schema, Odense seed, search index.

    Safe to run again: it keeps the secret key and updates what changed.
    """
    Path(current_app.instance_path).mkdir(mode=0o700, parents=True, exist_ok=True)
    click.echo(_("Mappe: %(path)s", path=current_app.instance_path))
    _ensure_secret()
    try:
        from vejviser import migrate  # Alembic (11 MB) only in the command that migrates

        migrate.upgrade(db.engine)
    except SQLAlchemyError as error:
        raise database_error(error) from None
    click.echo(_("Database: skemaet er opdateret."))
    if not no_seed:
        try:
            report = load_seed(db.session(), seed_dir(current_app.config.get("SEED_DIR")),
                               with_examples=with_examples)
        except (CatalogueDataError, ValueError) as error:
            db.session.rollback()
            raise CommandError(_("startdata afvist:\n%(problem)s", problem=error)) from error
        db.session.commit()
        offers = report.offers
        click.echo(_("Startdata: %(created)d oprettet, %(updated)d opdateret, %(unchanged)d "
                     "uændret.", created=offers["created"], updated=offers["updated"],
                     unchanged=offers["unchanged"]))
    click.echo(_indexed(_rebuild_index()))


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--production", is_flag=True,
              help="Run gunicorn (needs VEJVISER_SECRET_KEY and VEJVISER_BASE_URL).")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="gunicorn worker processes (--production).")
@click.option("--threads", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Threads per worker (--production; more than 1 uses gthread workers).")
@click.option("--timeout", default=30, show_default=True, type=click.IntRange(1, 3600),
              help="Seconds before a silent worker is restarted (--production).")
@click.option("--no-control-socket", is_flag=True,
              help="Do not open gunicorn's control socket (--production).")
@lang_option
@with_appcontext
def serve_command(host: str, port: int, production: bool, workers: int, threads: int,
                  timeout: int, no_control_socket: bool) -> None:
    """Run the development server, or gunicorn with --production.

    Refuses to start (exit code 3) until `vejviser init` has made the database and secret key;
    --production also refuses without VEJVISER_SECRET_KEY and VEJVISER_BASE_URL.
    """
    # The real app, not the proxy: the server runs it outside this app context.
    app = cast("LocalProxy[Flask]", current_app)._get_current_object()
    if production:
        from vejviser import serving

        problems = serving.production_problems()
        if problems:
            raise NotSetUp("\n".join(say(problem) for problem in problems))
    if not app.config.get("SECRET_KEY"):
        raise NotSetUp(say(missing_secret_message(Path(app.instance_path))))
    try:
        problem = app_database_problem(app)
    except SQLAlchemyError as error:
        raise database_error(error) from None
    if problem is not None:
        raise NotSetUp(say(problem))
    if production:
        if not os.environ.get("VEJVISER_LOG_FORMAT"):  # production logs are JSON lines
            from vejviser import requestlog

            app.config["LOG_FORMAT"] = "json"
            requestlog.configure(app)
        click.echo(_("Den sociale vejviser: gunicorn på http://%(host)s:%(port)d/ med %(workers)d "
                     "arbejdere. Ctrl+C stopper.", host=host, port=port, workers=workers))
        serving.run(app, serving.ServeOptions(host, port, workers, threads, timeout,
                                              control_socket=not no_control_socket))
        return
    _serve_development(app, host, port)


def _serve_development(app: Flask, host: str, port: int) -> None:
    # Flask ignores app.run() inside its own CLI, so start werkzeug's server directly (without
    # run_simple's English banner: our own line says the same). Its request log is scrubbed by
    # vejviser.logs (wired in create_app).
    from werkzeug.serving import make_server

    if not os.environ.get("VEJVISER_BASE_URL"):
        # Share links and QR codes name the address being served, not the default port.
        app.config["BASE_URL"] = served_address(host, port)
    try:
        server = make_server(host, port, app, threaded=True)
    except OSError as error:  # the port is taken, or the address is not ours
        raise CommandError(_("kan ikke lytte på %(host)s:%(port)d (%(problem)s)", host=host,
                             port=port, problem=error.strerror or error)) from None
    click.echo(_("Den sociale vejviser: http://%(host)s:%(port)d/ – udviklingsserveren, brug "
                 "gunicorn i drift. Ctrl+C stopper.", host=host, port=port))
    server.serve_forever()  # returns on Ctrl+C


def served_address(host: str, port: int) -> str:
    """``http://host:port`` for links to a development server (a wildcard host becomes the
    loopback address; an IPv6 address gets its brackets)."""
    if host in ("", "0.0.0.0", "::"):
        host = "127.0.0.1"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


@click.command("reindex")
@lang_option
@with_appcontext
@needs_database
def reindex_command() -> None:
    """Rebuild the search index from the database."""
    try:
        count = _rebuild_index()
    except SQLAlchemyError as error:
        raise database_error(error) from None
    click.echo(_indexed(count))


COMMANDS = (init_command, serve_command, reindex_command)
