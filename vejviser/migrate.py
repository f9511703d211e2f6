"""Schema migrations with plain Alembic (no Flask-Migrate: its env.py uses a deprecated API).

Alembic (with Mako and Pygments, 11 MB a process) is imported by the functions that migrate,
not by this module: a web worker only asks whether the database is at ``HEAD``, which one
statement answers (``stored_revision``).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

if TYPE_CHECKING:
    from alembic.config import Config

#: The newest revision shipped in ``vejviser/migrations/versions`` (``tests/test_migrations.py``
#: checks it against Alembic's own head).
HEAD = "0008"


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at the migrations shipped inside the package."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "vejviser:migrations")
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database behind ``engine`` up to ``revision``."""
    from alembic import command

    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at, or None when it was never migrated."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def stored_revision(connection: Connection) -> str | None:
    """``current_revision`` read with one statement, for a database that has Alembic's table."""
    return connection.execute(text("select version_num from alembic_version")).scalar()


def head_revision() -> str | None:
    """The newest revision shipped with the package, as Alembic reads the scripts."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return script.get_current_head()
