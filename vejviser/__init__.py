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


def create_app(config: Mapping[str, Any] | None = None, *, require_secret: bool = True) -> Flask:
    """Build the application.

    With no argument the configuration comes from ``VEJVISER_*`` environment variables (see
    ``vejviser.config``); with a mapping, from the defaults plus that mapping alone, so tests are
    never steered by the environment they happen to run in. Either way the instance folder is
    ``INSTANCE_DIR`` (mapping) or ``VEJVISER_INSTANCE_DIR`` (environment), else the per-user
    data folder (``vejviser.instance``).

    Without a secret key (``SECRET_KEY``/``VEJVISER_SECRET_KEY`` or the instance's file) this
    raises ``MissingSecretKey`` saying what to do; the command line passes
    ``require_secret=False`` so that ``vejviser init`` can write one.
    """
    from vejviser import config as config_module
    from vejviser.instance import MissingSecretKey, default_instance_dir, missing_secret_message

    environ = os.environ if config is None else {}
    chosen = None if config is None else config.get("INSTANCE_DIR")
    instance_dir = Path(chosen).resolve() if chosen else default_instance_dir(environ)
    settings = config_module.load_config(instance_dir, environ=environ, overrides=config)
    if require_secret and not settings.get("SECRET_KEY"):
        raise MissingSecretKey(missing_secret_message(instance_dir))
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
    from vejviser import (
        cli,
        db,
        errors,
        i18n,
        limits,
        logs,
        readiness,
        requestlog,
        search,
        security,
    )
    from vejviser.web import (
        access,
        api,
        api_docs,
        api_http,
        auth,
        embed,
        health,
        hsds_api,
        office,
        public,
    )

    logs.init_app(app)
    requestlog.init_app(app)
    db.init_app(app)
    readiness.init_app(app)
    security.init_app(app)
    access.init_app(app)
    i18n.init_app(app)
    search.init_app(app)
    errors.init_app(app)
    api_http.init_app(app)
    app.register_blueprint(public.blueprint)
    app.register_blueprint(api.blueprint, url_prefix="/api/v1")
    app.register_blueprint(hsds_api.blueprint, url_prefix="/api/hsds")
    app.register_blueprint(api_docs.blueprint, url_prefix="/api")
    app.register_blueprint(embed.blueprint)
    app.register_blueprint(auth.blueprint)
    app.register_blueprint(office.blueprint, url_prefix="/kontor")
    app.register_blueprint(health.blueprint)
    limits.init_app(app)  # after the blueprints: it applies the limits their views ask for
    cli.init_app(app)
