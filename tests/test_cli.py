"""The ``vejviser`` command: init sets up a working instance; every command speaks one language
(Danish, or English with ``--lang en``), prints no warnings, counts in correct plurals, and says
in one line what to do when the instance is not set up."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from tests.conftest import free_port, make_config
from vejviser import create_app
from vejviser.cli import main
from vejviser.db import db
from vejviser.models import Offer

NOT_CREATED = ("Fejl: Databasen er ikke oprettet: kør `vejviser init` (eller sæt "
               "VEJVISER_INSTANCE_DIR).")


def test_init_builds_a_working_instance_and_is_idempotent(tmp_path: Path) -> None:
    app = create_app(make_config(tmp_path))
    runner = app.test_cli_runner()
    first = runner.invoke(args=["init"])
    assert first.exit_code == 0, first.output
    assert "Startdata: 14 oprettet, 0 opdateret, 0 uændret." in first.output  # no examples
    assert "Søgeindeks: 14 tilbud indekseret." in first.output
    second = runner.invoke(args=["init"])
    assert second.exit_code == 0, second.output
    assert "0 oprettet, 0 opdateret, 14 uændret" in second.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Offer)) == 14
    client = app.test_client()
    assert client.get("/api/v1/offers/reden-odense").status_code == 200


def test_reindex_reports_what_it_indexed(tmp_path: Path) -> None:
    app = create_app(make_config(tmp_path))
    runner = app.test_cli_runner()
    assert runner.invoke(args=["init"]).exit_code == 0
    result = runner.invoke(args=["reindex"])
    assert result.exit_code == 0, result.output
    assert "Bygger søgeindekset" in result.output
    assert result.output.rstrip().endswith("Søgeindeks: 14 tilbud indekseret.")
    english = runner.invoke(args=["reindex", "--lang", "en"])
    assert english.output.rstrip().endswith("Search index: 14 services indexed.")
    assert "Building the search index" in english.output


def test_init_with_examples_adds_the_fictional_offers(tmp_path: Path) -> None:
    app = create_app(make_config(tmp_path))
    result = app.test_cli_runner().invoke(args=["init", "--with-examples"])
    assert result.exit_code == 0, result.output
    assert "Startdata: 16 oprettet" in result.output
    assert app.test_client().get("/api/v1/offers/eksempel-vaerested-odense").status_code == 200


def test_search_counts_in_one_language_with_correct_plurals(seeded_app) -> None:  # noqa: ANN001
    runner = seeded_app.test_cli_runner()
    one = runner.invoke(args=["search", "Mission Julegave"])
    assert one.exit_code == 0, one.output
    lines = one.output.splitlines()
    assert lines[0] == "1 resultat" and "mission-julegave" in lines[1]
    many = runner.invoke(args=["search", "varmestue"])
    assert many.output.splitlines()[0].endswith(" resultater")
    cut = runner.invoke(args=["search", "--lang", "en", "varmestue " * 40])
    assert cut.output.splitlines()[0].endswith(" results")
    assert "The search was too long" in cut.output and "Søgningen" not in cut.output
    # "5 results" next to "Søgte også efter: ..." was the old mix: now one language throughout.
    danish = runner.invoke(args=["search", "grønlansk", "rådgivnig"]).output
    assert "Mente du: grønlandsk rådgivning?" in danish and "Søgte også efter:" in danish
    english = runner.invoke(args=["search", "--lang", "en", "grønlansk", "rådgivnig"]).output
    assert english.splitlines()[0].endswith(" results")
    assert "Did you mean: grønlandsk rådgivning?" in english and "Also searched for:" in english
    assert "Mente du" not in english and "Søgte" not in english


def test_the_locale_chooses_the_language_when_lang_is_not_given(
    seeded_app, monkeypatch: pytest.MonkeyPatch  # noqa: ANN001
) -> None:
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    runner = seeded_app.test_cli_runner()
    assert runner.invoke(args=["search", "Mission Julegave"]).output.startswith("1 result\n")
    assert runner.invoke(args=["search", "--lang", "da", "Mission Julegave"]).output.startswith(
        "1 resultat\n")


def test_commands_without_a_database_say_what_to_do_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from another folder with the default instance (the per-user data folder), or with
    VEJVISER_INSTANCE_DIR pointing at an empty folder: one line, exit code 3, nothing created."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / "data"))
    for name in ("VEJVISER_INSTANCE_DIR", "VEJVISER_DATABASE_URL", "VEJVISER_INDEX_DIR",
                 "VEJVISER_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    commands = (["search", "varmestue"], ["reindex"], ["export", "--output", "out.json"],
                ["import", "in.json"])
    for instance in (None, tmp_path / "empty"):
        if instance is not None:
            monkeypatch.setenv("VEJVISER_INSTANCE_DIR", str(instance))
        for args in commands:
            result = CliRunner().invoke(main, args)
            assert result.exit_code == 3, (args, result.output)
            assert result.output == NOT_CREATED + "\n", result.output
    assert sorted(os.listdir(elsewhere)) == []
    assert not (tmp_path / "home").exists() and not (tmp_path / "empty").exists()
    english = CliRunner().invoke(main, ["search", "--lang", "en", "x"])
    assert english.output == ("Error: The database has not been created: run `vejviser init` "
                              "(or set VEJVISER_INSTANCE_DIR).\n")


def test_pages_without_a_database_answer_503_with_the_same_message(tmp_path: Path) -> None:
    client = create_app(make_config(tmp_path)).test_client()
    page = client.get("/?q=varmestue")
    assert page.status_code == 503
    assert "Databasen er ikke oprettet: kør `vejviser init`" in page.get_data(as_text=True)
    english = client.get("/tilbud/reden-odense?lang=en")
    assert english.status_code == 503
    assert "The database has not been created" in english.get_data(as_text=True)
    api = client.get("/api/v1/search?q=varmestue")
    assert api.status_code == 503
    assert api.get_json()["error"]["message"].startswith("Databasen er ikke oprettet")
    assert client.get("/privatliv").status_code == 503
    assert not (tmp_path / "test.sqlite3").exists()  # looking created no empty database


def _vejviser(*args: str, instance: Path, timeout: float = 60,
              **env: str) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items()
                   if not key.startswith("VEJVISER_")}
    environment.update(VEJVISER_INSTANCE_DIR=str(instance), **env)
    command = [sys.executable, "-W", "error", "-c", "from vejviser.cli import main; main()", *args]
    return subprocess.run(command, env=environment, capture_output=True, text=True,
                          timeout=timeout, cwd=instance.parent)


def test_serve_refuses_to_start_until_init_has_run(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    port = str(free_port())
    no_secret = _vejviser("serve", "--port", port, instance=instance)
    assert no_secret.returncode == 3, no_secret.stderr
    assert no_secret.stderr.strip().splitlines() == [
        f"Fejl: Ingen hemmelig nøgle: kør `vejviser init` (den skriver en i "
        f"{instance / 'secret_key'}), eller sæt VEJVISER_SECRET_KEY."]
    no_database = _vejviser("serve", "--port", port, instance=instance,
                            VEJVISER_SECRET_KEY="s3cret")
    assert no_database.returncode == 3
    assert no_database.stderr.strip() == NOT_CREATED
    assert not instance.exists()


def test_init_prints_no_warnings_and_every_line_is_danish(tmp_path: Path) -> None:
    """A real ``vejviser init`` in a fresh process, warnings as errors: no DevelopmentSecret-
    Warning (or any other) any more."""
    result = _vejviser("init", "--no-seed", instance=tmp_path / "instance")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no warning of any kind (and no progress bar for 0 offers)
    lines = result.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "Mappe", "Hemmelig nøgle", "Database", "Søgeindeks"], lines
    assert lines[-1] == "Søgeindeks: 0 tilbud indekseret."


def test_export_to_a_place_that_cannot_be_written_says_so(tmp_path: Path) -> None:
    app = create_app(make_config(tmp_path))
    runner = app.test_cli_runner()
    assert runner.invoke(args=["init", "--no-seed"]).exit_code == 0
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = runner.invoke(args=["export", "--output", str(blocker / "out.json")])
    assert result.exit_code == 1 and "kan ikke skrive" in result.output
    assert result.output.startswith("Fejl: ")
    assert isinstance(result.exception, SystemExit)
