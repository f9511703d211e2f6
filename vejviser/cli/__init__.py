"""The ``vejviser`` command (also ``flask --app vejviser ...``): thin wrappers that commit.

Each command module (``setup``, ``hsds``, ``searching``) exposes ``COMMANDS``; ``init_app`` adds
them to the Flask CLI.
"""
from __future__ import annotations

import importlib

import click
from flask import Flask
from flask.cli import FlaskGroup

COMMAND_MODULES = ("setup", "hsds", "searching")


def init_app(app: Flask) -> None:
    """Register the commands of every command module on ``app``."""
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"vejviser.cli.{name}")
        for command in module.COMMANDS:
            app.cli.add_command(command)


def _create_app() -> Flask:
    from vejviser import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=False,
             load_dotenv=False, set_debug_flag=False)
def main() -> None:
    """Den sociale vejviser: set up, run and maintain the catalogue."""
