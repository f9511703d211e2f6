"""The ``vejviser`` command (also ``flask --app vejviser ...``): thin wrappers that commit.

Each command module (``instance_commands``, ``hsds``, ``searching``, ``accounts``,
``operations``) exposes ``COMMANDS``;
``init_app`` adds them to the Flask CLI. Messages are Danish, or English with ``--lang en``
(``cli.language``).

Exit codes (also in the README):

- 0: done;
- 1: the command failed and said why (a refused import, a path that cannot be written);
- 2: wrong use (an unknown option, a missing argument: click's own message);
- 3: the instance is not set up (no database, or no secret key for ``serve``): run ``init``.
"""
from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from typing import IO, Any, TypeVar

import click
from flask import Flask
from flask.cli import FlaskGroup
from sqlalchemy.exc import SQLAlchemyError

from vejviser.cli.language import _, say

COMMAND_MODULES = ("instance_commands", "hsds", "searching", "accounts", "operations", "freshness",
                   "winter", "reminders")
EXIT_FAILED = 1
EXIT_NOT_SET_UP = 3
Command = TypeVar("Command", bound=Callable[..., Any])


class CommandError(click.ClickException):
    """A failure the command explains in one line ("Fejl: ..." / "Error: ...")."""

    exit_code = EXIT_FAILED

    def __init__(self, message: str) -> None:
        super().__init__(message)
        # Worded now: click shows the error after the command's context (and --lang) is gone.
        self.line = _("Fejl: %(message)s", message=message)

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(self.line, file=file, err=True)


class NotSetUp(CommandError):
    """The instance has no database (or no secret key): say what to do, exit with 3."""

    exit_code = EXIT_NOT_SET_UP


def database_error(error: SQLAlchemyError) -> CommandError:
    """A database failure as one line: the driver's first line, without the SQL."""
    first = str(getattr(error, "orig", None) or error).splitlines()[0]
    return CommandError(_("databasen svarer ikke som ventet: %(problem)s", problem=first))


def needs_database(command: Command) -> Command:
    """Run ``command`` only when the database is set up; otherwise one line and exit code 3."""

    @functools.wraps(command)
    def checked(*args: Any, **kwargs: Any) -> Any:
        from vejviser.db import db
        from vejviser.readiness import database_problem

        try:
            problem = database_problem(db.engine)
        except SQLAlchemyError as error:
            raise database_error(error) from None
        if problem is not None:
            raise NotSetUp(say(problem))
        return command(*args, **kwargs)

    return checked  # type: ignore[return-value]  # same signature as the wrapped command


def init_app(app: Flask) -> None:
    """Register the commands of every command module on ``app``."""
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"vejviser.cli.{name}")
        for command in module.COMMANDS:
            app.cli.add_command(command)


def _create_app() -> Flask:
    from vejviser import create_app
    from vejviser.config import ConfigError
    from vejviser.instance import MissingSecretKey

    # Lenient about the secret key: `init` writes it, `serve` checks it, the rest need none.
    try:
        return create_app(require_secret=False)
    except ConfigError as error:  # a VEJVISER_* variable we cannot use: one line, no traceback
        raise CommandError(say(error.args[0])) from None
    except MissingSecretKey as error:  # an unreadable secret_key file
        raise NotSetUp(say(error.args[0])) from None


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=False,
             load_dotenv=False, set_debug_flag=False)
def main() -> None:
    """Den sociale vejviser: set up, run and maintain the catalogue.

    Messages are in Danish; add --lang en to a command for English. Exit codes: 0 done,
    1 failed, 2 wrong use, 3 not set up (run `vejviser init`).
    """
