"""Consistent backups while the site runs, and restoring one into an empty database.

- SQLite: SQLite's online backup API (``sqlite3.Connection.backup``) in one step, which reads
  one snapshot however much other processes write meanwhile (the ``sqlite3`` shell's ``.backup``
  steps through pages and starts over after every write, so it may never finish).
- PostgreSQL: ``pg_dump --format=custom`` of a snapshot exported by our own repeatable-read
  transaction, in which we also read the highest change sequence number: the number is exactly
  the one the dump holds. ``pg_restore`` puts it back.

Beside the backup ``PATH`` goes ``PATH.json``: database kind, migration, change sequence number
and time. A restore refuses a database that holds offers or organisations unless forced, checks
that it got the sequence number the manifest names, and brings an older backup up to the
shipped migration. Rebuilding the search index is the caller's (``vejviser restore``) job.
"""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, inspect, select, text
from sqlalchemy.engine import Connection, Engine

from vejviser.db import utcnow
from vejviser.messages import Message
from vejviser.models import Offer, OfferChange, Organization

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"


class BackupError(RuntimeError):
    """A backup or restore that could not be done; the message (a ``Message``) says why."""


@dataclass(frozen=True)
class Manifest:
    """What a backup holds."""

    database: str
    change_seq: int
    migration: str | None
    created_at: str

    def write(self, backup_path: Path) -> None:
        manifest_path(backup_path).write_text(json.dumps(asdict(self), indent=2) + "\n", "utf-8")


def manifest_path(backup_path: Path) -> Path:
    """Where the manifest of the backup at ``backup_path`` lives."""
    return backup_path.with_name(backup_path.name + ".json")


def read_manifest(backup_path: Path) -> Manifest | None:
    """The manifest beside ``backup_path``, or None when there is none."""
    try:
        return Manifest(**json.loads(manifest_path(backup_path).read_text("utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def _facts(connection: Connection) -> tuple[int, str | None]:
    """The highest change number and the migration, as this connection sees them."""
    seq = connection.scalar(select(func.max(OfferChange.seq))) or 0
    tables = inspect(connection).get_table_names()
    from vejviser import migrate  # Alembic: 11 MB, loaded only where a backup is made

    revision = migrate.current_revision(connection) if "alembic_version" in tables else None
    return int(seq), revision


def backup(engine: Engine, path: Path) -> Manifest:
    """Write a consistent backup of ``engine``'s database to ``path`` (and ``PATH.json``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    try:
        if engine.dialect.name == "sqlite":
            manifest = _backup_sqlite(engine, partial)
        elif engine.dialect.name == "postgresql":
            manifest = _backup_postgres(engine, partial)
        else:
            raise BackupError(Message("%(kind)s kan ikke sikkerhedskopieres",
                                      kind=engine.dialect.name))
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    manifest.write(path)
    return manifest


def _backup_sqlite(engine: Engine, target: Path) -> Manifest:
    raw = engine.raw_connection()
    try:
        destination = sqlite3.connect(target)
        try:
            source: Any = raw.driver_connection
            source.backup(destination)  # pages=-1: one step, one snapshot
        finally:
            destination.close()
    finally:
        raw.close()
    copy = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
    try:
        seq = copy.execute("select coalesce(max(seq), 0) from offer_change").fetchone()[0]
        has_alembic = copy.execute("select count(*) from sqlite_master where type = 'table' "
                                   "and name = 'alembic_version'").fetchone()[0]
        revision = copy.execute("select version_num from alembic_version").fetchone() \
            if has_alembic else None
    finally:
        copy.close()
    return Manifest("sqlite", int(seq), revision[0] if revision else None, _now())


def _now() -> str:
    return utcnow().isoformat(timespec="seconds")


def _pg_command(engine: Engine, program: str) -> tuple[list[str], dict[str, str]]:
    """``program`` with the connection of ``engine`` (the password through the environment)."""
    url = engine.url
    args = [program, "--no-password"]
    if url.host:
        args += ["--host", url.host]
    if url.port:
        args += ["--port", str(url.port)]
    if url.username:
        args += ["--username", url.username]
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    return args, environment


def _run(args: list[str], environment: dict[str, str]) -> None:
    try:
        result = subprocess.run(args, env=environment, capture_output=True, text=True,
                                check=False)
    except FileNotFoundError:
        raise BackupError(Message("%(program)s findes ikke: installér PostgreSQL's klientværktøjer",
                                  program=args[0])) from None
    if result.returncode != 0:
        lines = (result.stderr or result.stdout).strip().splitlines() or ["?"]
        raise BackupError(Message("%(program)s fejlede: %(problem)s", program=args[0],
                                  problem=lines[0]))


def _backup_postgres(engine: Engine, target: Path) -> Manifest:
    with engine.connect() as connection:
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            snapshot = connection.scalar(text("select pg_export_snapshot()"))
            schema = connection.scalar(text("select current_schema()"))
            seq, revision = _facts(connection)
            args, environment = _pg_command(engine, "pg_dump")
            args += ["--format=custom", f"--snapshot={snapshot}", "--no-owner",
                     "--no-privileges", f"--file={target}"]
            if schema != "public":  # one schema of a shared database (the test suite's)
                args.append(f"--schema={schema}")
            _run(args + [str(engine.url.database)], environment)
    return Manifest("postgresql", seq, revision, _now())


def holds_data(engine: Engine) -> bool:
    """True when the database has offers or organisations (a restore would overwrite them)."""
    with engine.connect() as connection:
        if "offer" not in inspect(connection).get_table_names():
            return False
        return any(connection.scalar(select(func.count()).select_from(model)) or 0
                   for model in (Offer, Organization))


def restore(engine: Engine, path: Path, force: bool = False) -> Manifest:
    """Put the backup at ``path`` into ``engine``'s database; its manifest (as read back)."""
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError as error:
        raise BackupError(Message("%(path)s kan ikke læses (%(problem)s)", path=str(path),
                                  problem=error.strerror or error)) from None
    expected = read_manifest(path)
    if not force and holds_data(engine):
        raise BackupError(Message("databasen indeholder allerede tilbud eller organisationer; "
                                  "brug --force for at overskrive dem"))
    if header.startswith(SQLITE_HEADER) and engine.dialect.name == "sqlite":
        _restore_sqlite(engine, path)
    elif header.startswith(PG_DUMP_HEADER) and engine.dialect.name == "postgresql":
        args, environment = _pg_command(engine, "pg_restore")
        args += ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--exit-on-error",
                 "--single-transaction", f"--dbname={engine.url.database}", str(path)]
        _run(args, environment)
    else:
        raise BackupError(Message("%(path)s er ikke en sikkerhedskopi af en %(kind)s-database",
                                  path=str(path), kind=engine.dialect.name))
    engine.dispose()
    with engine.begin() as connection:
        seq, revision = _facts(connection)
    if expected is not None and expected.change_seq != seq:
        raise BackupError(Message("sikkerhedskopien skulle slutte ved ændring %(expected)d, men "
                                  "slutter ved %(found)d", expected=expected.change_seq,
                                  found=seq))
    from vejviser import migrate

    if revision is not None and revision != migrate.head_revision():
        migrate.upgrade(engine)  # an older backup: bring it up to this release's schema
        revision = migrate.head_revision()
    return Manifest(engine.dialect.name, seq, revision, expected.created_at if expected else "")


def _restore_sqlite(engine: Engine, path: Path) -> None:
    engine.dispose()  # no pooled connection may hold the file we overwrite
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        raw = engine.raw_connection()
        try:
            destination: Any = raw.driver_connection
            source.backup(destination)
        finally:
            raw.close()
    finally:
        source.close()
