"""Where the shipped data folders live, in a source checkout and in an installed wheel.

The repository keeps ``templates/`` and ``seed/`` at the top level (the client's layout). A wheel
maps them into the package as ``vejviser/templates`` and ``vejviser/seed`` (see ``package_dir`` in
setup.cfg), so ``pip install .`` works from any working directory.
"""
from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """Return the folder ``name`` (``templates`` or ``seed``) for this installation."""
    inside = PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    beside = PACKAGE_DIR.parent / name
    if beside.is_dir():
        return beside
    raise FileNotFoundError(f"vejviser: the {name!r} folder is missing from this installation")


def hsds_schema_dir() -> Path:
    """The HSDS 3.0 JSON schemas shipped with the package (validation of exports and imports,
    and the tabular CSV layout)."""
    return PACKAGE_DIR / "hsds" / "schemas"


def seed_dir(configured: str | None = None) -> Path:
    """The seed folder: ``configured`` (the ``SEED_DIR`` setting) or the one shipped with us."""
    return Path(configured) if configured else resource_dir("seed")
