"""The factory: configuration from a mapping or the environment, no side effects, no published
secret, and one instance folder wherever the command is run from."""
from __future__ import annotations

import stat
from pathlib import Path

import platformdirs
import pytest
from click.testing import CliRunner
from flask import Flask
from itsdangerous import URLSafeTimedSerializer

from tests.conftest import make_config
from vejviser import create_app
from vejviser.cli import main
from vejviser.config import ConfigError
from vejviser.instance import MissingSecretKey

SETTING_VARIABLES = ("VEJVISER_DATABASE_URL", "VEJVISER_INDEX_DIR", "VEJVISER_SECRET_KEY",
                     "VEJVISER_INSTANCE_DIR")


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No VEJVISER_* settings, and a home of our own (the per-user data folder lives there)."""
    for name in SETTING_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / "data"))
    return tmp_path


def test_factory_reads_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VEJVISER_DATABASE_URL", f"sqlite:///{tmp_path / 'x.sqlite3'}")
    monkeypatch.setenv("VEJVISER_INDEX_DIR", str(tmp_path / "ix"))
    monkeypatch.setenv("VEJVISER_SECRET_KEY", "s3cret")
    monkeypatch.setenv("VEJVISER_INSTANCE_DIR", str(tmp_path / "inst"))
    monkeypatch.setenv("VEJVISER_TRUSTED_PROXIES", "1")
    monkeypatch.setenv("VEJVISER_RATE_LIMIT_API", "7 per minute")
    monkeypatch.chdir(tmp_path)
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("x.sqlite3")
    assert app.config["INDEX_DIR"] == str(tmp_path / "ix")
    assert app.config["SECRET_KEY"] == "s3cret"
    assert app.config["TRUSTED_PROXIES"] == 1 and app.config["RATE_LIMIT_API"] == "7 per minute"
    # The factory does no I/O: nothing was created on disk.
    assert not (tmp_path / "x.sqlite3").exists()
    assert not (tmp_path / "ix").exists()
    assert not (tmp_path / "inst").exists()
    assert not (tmp_path / "instance").exists()


def test_a_variable_we_cannot_read_is_named_in_one_line(monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path) -> None:
    monkeypatch.setenv("VEJVISER_SECRET_KEY", "s3cret")
    monkeypatch.setenv("VEJVISER_INSTANCE_DIR", str(tmp_path))
    monkeypatch.setenv("VEJVISER_TRUSTED_PROXIES", "nginx")
    with pytest.raises(ConfigError, match="VEJVISER_TRUSTED_PROXIES='nginx' skal være et helt"):
        create_app()
    result = CliRunner().invoke(main, ["search", "varmestue"])
    assert result.exit_code == 1
    assert result.output == ("Fejl: VEJVISER_TRUSTED_PROXIES='nginx' skal være et helt tal fra 0 "
                             "og op\n")
    monkeypatch.setenv("VEJVISER_TRUSTED_PROXIES", "1")
    monkeypatch.setenv("VEJVISER_RATE_LIMIT_API", "mange")
    with pytest.raises(ConfigError, match="VEJVISER_RATE_LIMIT_API='mange' er ikke en grænse"):
        create_app()


def test_the_searcher_refresh_interval_is_read_in_seconds(tmp_path: Path) -> None:
    from vejviser.config import load_config

    assert load_config(tmp_path, {})["SEARCH_REFRESH_SECONDS"] == 0.5
    assert load_config(tmp_path, {"VEJVISER_SEARCH_REFRESH_SECONDS": "2.5"})[
        "SEARCH_REFRESH_SECONDS"] == 2.5
    assert load_config(tmp_path, {"VEJVISER_SEARCH_REFRESH_SECONDS": "0"})[
        "SEARCH_REFRESH_SECONDS"] == 0
    for bad in ("hurtigt", "-1", "nan", "inf"):
        with pytest.raises(ConfigError, match=f"VEJVISER_SEARCH_REFRESH_SECONDS='{bad}' skal "
                                              "være et antal sekunder fra 0 og op"):
            load_config(tmp_path, {"VEJVISER_SEARCH_REFRESH_SECONDS": bad})


def test_the_default_instance_is_the_per_user_data_folder_wherever_we_run(
    clean_environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VEJVISER_SECRET_KEY", "s3cret")
    expected = platformdirs.user_data_path("vejviser", appauthor=False)
    assert str(expected).startswith(str(clean_environment / "home"))
    for folder in ("a", "b"):
        (clean_environment / folder).mkdir()
        monkeypatch.chdir(clean_environment / folder)
        app = create_app()
        assert app.instance_path == str(expected)
        assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{expected / 'vejviser.sqlite3'}"
        assert app.config["INDEX_DIR"] == str(expected / "index")
        assert not (clean_environment / folder / "instance").exists()


def test_vejviser_instance_dir_moves_the_instance(
    clean_environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VEJVISER_SECRET_KEY", "s3cret")
    monkeypatch.setenv("VEJVISER_INSTANCE_DIR", str(clean_environment / "srv"))
    app = create_app()
    assert app.instance_path == str(clean_environment / "srv")
    assert app.config["INDEX_DIR"] == str(clean_environment / "srv" / "index")


def test_without_a_secret_the_app_refuses_to_start_and_says_what_to_do(
    clean_environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VEJVISER_INSTANCE_DIR", str(clean_environment / "srv"))
    with pytest.raises(MissingSecretKey) as refused:
        create_app()
    message = str(refused.value)
    assert "vejviser init" in message and "VEJVISER_SECRET_KEY" in message
    assert str(clean_environment / "srv" / "secret_key") in message
    with pytest.raises(MissingSecretKey):
        create_app({"INSTANCE_DIR": str(clean_environment / "srv")})


def test_init_writes_a_private_random_secret_that_the_app_then_uses(tmp_path: Path) -> None:
    config = make_config(tmp_path)
    del config["SECRET_KEY"]
    runner = create_app(config, require_secret=False).test_cli_runner()
    result = runner.invoke(args=["init", "--no-seed"])
    assert result.exit_code == 0, result.output
    secret_file = tmp_path / "instance" / "secret_key"
    assert f"Hemmelig nøgle: ny, gemt i {secret_file}" in result.output
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600
    secret = secret_file.read_text().strip()
    assert len(bytes.fromhex(secret)) >= 32
    app = create_app(config)  # starts now, signing with the file's key
    assert app.config["SECRET_KEY"] == secret
    again = create_app(config, require_secret=False).test_cli_runner().invoke(
        args=["init", "--no-seed"])
    assert again.exit_code == 0 and "Hemmelig nøgle: findes" in again.output
    assert secret_file.read_text().strip() == secret  # a second init keeps the key
    other = tmp_path / "other"
    create_app({**make_config(other), "SECRET_KEY": None},
               require_secret=False).test_cli_runner().invoke(args=["init", "--no-seed"])
    assert (other / "instance" / "secret_key").read_text().strip() != secret


def _forged(secret: str) -> tuple[str, str]:
    """A session cookie and CSRF token made offline with ``secret``, as Flask-WTF makes them."""
    forger = Flask("forger")
    forger.secret_key = secret
    interface = forger.session_interface
    # SessionInterface is typed without it; SecureCookieSessionInterface (the default) has it.
    session_serializer = interface.get_signing_serializer(forger)  # type: ignore[attr-defined]
    raw = "forged-raw-token"
    token = URLSafeTimedSerializer(secret, salt="wtf-csrf-token").dumps(raw)
    return session_serializer.dumps({"csrf_token": raw}), token


def test_a_session_and_csrf_token_forged_with_the_old_published_default_are_refused(
    tmp_path: Path,
) -> None:
    config = make_config(tmp_path)
    del config["SECRET_KEY"]
    assert create_app(config, require_secret=False).test_cli_runner().invoke(
        args=["init"]).exit_code == 0
    app = create_app(config)
    cookie, token = _forged("development-only-secret-change-me")
    client = app.test_client()
    client.set_cookie("session", cookie)
    response = client.post("/tilbud/reden-odense/rapporter",
                           data={"message": "Forfalsket rapport", "csrf_token": token})
    assert response.status_code == 400
    assert "Formularen er udløbet" in response.get_data(as_text=True)


def test_postgres_urls_use_psycopg3(tmp_path: Path) -> None:
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "postgres://u@h/db",
                      "INSTANCE_DIR": str(tmp_path)})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h/db"


def test_a_config_mapping_ignores_the_environment(
    clean_environment: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VEJVISER_INSTANCE_DIR", str(clean_environment / "from-env"))
    monkeypatch.setenv("VEJVISER_DATABASE_URL", "sqlite:////nowhere/env.sqlite3")
    monkeypatch.setenv("VEJVISER_RATE_LIMIT_API", "1 per day")
    app = create_app({"SECRET_KEY": "x"})
    assert app.instance_path == str(platformdirs.user_data_path("vejviser", appauthor=False))
    assert "env.sqlite3" not in app.config["SQLALCHEMY_DATABASE_URI"]
    assert app.config["RATE_LIMIT_API"] == "300 per minute"
