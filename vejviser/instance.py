"""The instance folder: where this installation keeps its database, search index and secret key.

An installed package has no sensible "current folder": ``vejviser search`` run from ``/tmp``
must find the same catalogue as from anywhere else. So the default is the per-user data folder
of the platform (``~/.local/share/vejviser`` on Linux, ``~/Library/Application Support/vejviser``
on macOS, ``%LOCALAPPDATA%\\vejviser`` on Windows, via platformdirs), and
``VEJVISER_INSTANCE_DIR`` moves it (a server: ``/var/lib/vejviser``).

The secret key signs sessions and CSRF tokens. There is no built-in default any more (a published
default lets anyone forge both): ``vejviser init`` writes a random one to ``secret_key`` in the
instance folder (mode 0600) unless ``VEJVISER_SECRET_KEY`` is set, and the app refuses to start
with neither.
"""
from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path

import platformdirs

from vejviser.messages import Message

APP_NAME = "vejviser"
SECRET_FILE = "secret_key"
#: Random bytes in a generated secret (written as hex, so the file holds twice as many characters).
SECRET_BYTES = 32


class MissingSecretKey(RuntimeError):
    """The app has no secret key: neither ``VEJVISER_SECRET_KEY`` nor the instance's file."""


def default_instance_dir(environ: Mapping[str, str] | None = None) -> Path:
    """``VEJVISER_INSTANCE_DIR`` from ``environ`` (when given), else the per-user data folder."""
    chosen = (environ or {}).get("VEJVISER_INSTANCE_DIR")
    if chosen:
        return Path(chosen).expanduser().resolve()
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def secret_path(instance_dir: Path) -> Path:
    """Where the generated secret key lives."""
    return Path(instance_dir) / SECRET_FILE


def read_secret(instance_dir: Path) -> str | None:
    """The secret key stored in the instance folder, or None when there is none (yet)."""
    try:
        text = secret_path(instance_dir).read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as error:
        raise MissingSecretKey(Message(
            "Den hemmelige nøgle i %(path)s kan ikke læses (%(problem)s): ret filen, eller sæt "
            "VEJVISER_SECRET_KEY.", path=str(secret_path(instance_dir)),
            problem=getattr(error, "strerror", None) or type(error).__name__)) from None
    return text or None


def missing_secret_message(instance_dir: Path) -> Message:
    """What to do when there is no secret key (one line, Danish; the CLI translates it)."""
    return Message("Ingen hemmelig nøgle: kør `vejviser init` (den skriver en i %(path)s), eller "
                   "sæt VEJVISER_SECRET_KEY.", path=str(secret_path(instance_dir)))


def create_secret(instance_dir: Path) -> bool:
    """Write a new random secret to the instance folder unless one is there; True if written.

    The file is created with mode 0600 under a temporary name and linked into place, so a
    reader never sees half a key and two ``init`` runs at once cannot both write one.
    """
    folder = Path(instance_dir)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = secret_path(folder)
    if target.exists():
        return False
    temporary = folder / f".{SECRET_FILE}.{secrets.token_hex(8)}"
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(SECRET_BYTES) + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.link(temporary, target)
    except FileExistsError:
        return False  # another init won the race; its key stands
    finally:
        temporary.unlink(missing_ok=True)
    return True
