"""The factory: configuration from a mapping or the environment, no I/O."""
from __future__ import annotations

from pathlib import Path

import pytest

from vejviser import create_app
from vejviser.config import DevelopmentSecretWarning


def test_factory_reads_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VEJVISER_DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    monkeypatch.setenv("VEJVISER_INDEX_DIR", str(tmp_path / "ix"))
    monkeypatch.setenv("VEJVISER_SECRET_KEY", "s3cret")
    monkeypatch.chdir(tmp_path)
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("x.sqlite3")
    assert app.config["INDEX_DIR"] == str(tmp_path / "ix")
    assert app.config["SECRET_KEY"] == "s3cret"
    # The factory does no I/O: nothing was created on disk.
    assert not (tmp_path / "x.sqlite3").exists()
    assert not (tmp_path / "ix").exists()
    assert not (tmp_path / "instance").exists()


def test_defaults_live_under_instance(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("VEJVISER_DATABASE_URL", "VEJVISER_INDEX_DIR", "VEJVISER_SECRET_KEY",
                 "VEJVISER_INSTANCE_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    with pytest.warns(DevelopmentSecretWarning):
        app = create_app()
    database = tmp_path / "instance" / "vejviser.sqlite3"
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{database}"
    assert app.config["INDEX_DIR"] == str(tmp_path / "instance" / "index")


def test_postgres_urls_use_psycopg3(tmp_path: Path) -> None:
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "postgres://u@h/db",
                      "INSTANCE_DIR": str(tmp_path)})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"


def test_a_config_mapping_ignores_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VEJVISER_INSTANCE_DIR", str(tmp_path / "from-env"))
    monkeypatch.setenv("VEJVISER_DATABASE_URL", "sqlite:////nowhere/env.sqlite3")
    monkeypatch.chdir(tmp_path)
    app = create_app({"SECRET_KEY": "x"})
    assert app.instance_path == str(tmp_path / "instance")
    assert "env.sqlite3" not in app.config["SQLALCHEMY_DATABASE_URI"]
