"""The ``vejviser`` command (also ``flask --app vejviser ...``): thin wrappers that commit.

Each command module registers its own commands; ``init_app`` adds them to the Flask CLI.
"""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import FlaskGroup


def init_app(app: Flask) -> None:
    """Register every command group module on ``app``."""
    from vejviser.cli import setup

    for module in (setup,):
        for command in module.COMMANDS:
            app.cli.add_command(command)
    try:
        from vejviser.cli import hsds
    except ImportError:  # pragma: no cover - the HSDS commands live in their own module
        return
    for command in hsds.COMMANDS:
        app.cli.add_command(command)


def _create_app() -> Flask:
    from vejviser import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=False,
             load_dotenv=False, set_debug_flag=False)
def main() -> None:
    """Den sociale vejviser: set up, run and maintain the catalogue."""
