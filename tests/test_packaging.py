"""``pip install .`` ships every package and data folder (setup.cfg lists packages explicitly)."""
from __future__ import annotations

import configparser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _listed_packages() -> set[str]:
    parser = configparser.ConfigParser()
    parser.read(ROOT / "setup.cfg")
    return {line.strip() for line in parser["options"]["packages"].splitlines() if line.strip()}


def test_every_package_folder_is_listed_in_setup_cfg() -> None:
    found = {
        ".".join(path.parent.relative_to(ROOT).parts)
        for path in (ROOT / "vejviser").rglob("__init__.py")
    }
    missing = found - _listed_packages()
    assert not missing, f"add to [options] packages in setup.cfg: {sorted(missing)}"


def test_data_folders_are_mapped_into_the_package() -> None:
    listed = _listed_packages()
    assert {"vejviser.templates", "vejviser.seed"} <= listed
    assert (ROOT / "templates" / "base.html").is_file()
    assert (ROOT / "seed" / "odense.toml").is_file()
