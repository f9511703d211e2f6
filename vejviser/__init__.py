"""Den sociale vejviser: Odense's searchable catalogue of offers for socially vulnerable citizens.

``create_app`` only wires: it reads configuration, binds extensions, registers blueprints and
commands. Migrations, seeding and index builds are CLI commands (``vejviser init``).
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from vejviser.resources import resource_dir


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application.

    With no argument the configuration comes from ``VEJVISER_*`` environment variables (see
    ``vejviser.config``); with a mapping, from the defaults plus that mapping alone, so tests are
    never steered by the environment they happen to run in.
    """
    from vejviser import config as config_module

    chosen = (os.environ.get("VEJVISER_INSTANCE_DIR") if config is None
              else config.get("INSTANCE_DIR"))
    instance_dir = Path(chosen or Path.cwd() / "instance").resolve()
    settings = config_module.load_config(
        instance_dir, environ=None if config is None else {}, overrides=config
    )
    app = Flask(
        __name__,
        instance_path=str(instance_dir),
        template_folder=str(resource_dir("templates")),
    )
    app.config.update(settings)
    _wire(app)
    return app


def _wire(app: Flask) -> None:
    """Bind extensions and register blueprints and commands; each module wires itself."""
    from vejviser import cli, db, errors, i18n, search, security
    from vejviser.web import api, public

    db.init_app(app)
    security.init_app(app)
    i18n.init_app(app)
    search.init_app(app)
    errors.init_app(app)
    app.register_blueprint(public.blueprint)
    app.register_blueprint(api.blueprint, url_prefix="/api/v1")
    cli.init_app(app)
