"""The README matches what happens: every VEJVISER_* variable the code reads is documented there,
and every one it documents is read somewhere."""
from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
#: A whole name: "VEJVISER_" alone (a prefix test in code) or "VEJVISER_*" is not a variable.
VARIABLE = re.compile(r"\bVEJVISER_[A-Z0-9_]*[A-Z0-9]\b")
#: Where variables are read: the package, the tests, the benchmarks and the CI script.
SOURCES = [*ROOT.joinpath("vejviser").rglob("*.py"), *ROOT.joinpath("tests").rglob("*.py"),
           *ROOT.joinpath("benchmarks").rglob("*.py"), ROOT / ".ci" / "run"]


def _read_by_code() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in SOURCES:
        if path.resolve() == Path(__file__).resolve() or "node_modules" in path.parts:
            continue
        for name in VARIABLE.findall(path.read_text(encoding="utf-8")):
            found.setdefault(name, path.relative_to(ROOT))
    return found


def test_every_variable_the_code_reads_is_in_the_readme() -> None:
    documented = set(re.findall(r"`(VEJVISER_[A-Z0-9_]+)`", README.read_text(encoding="utf-8")))
    read = _read_by_code()
    missing = {name: str(path) for name, path in read.items() if name not in documented}
    assert not missing, f"document these in README.md (variable: where it is read): {missing}"
    # The settings of vejviser.config are all there, whatever the scan finds.
    from vejviser.config import ENVIRONMENT_KEYS

    assert set(ENVIRONMENT_KEYS) | {"VEJVISER_INSTANCE_DIR"} <= documented


def test_every_variable_in_the_readme_is_read_by_the_code() -> None:
    documented = set(VARIABLE.findall(README.read_text(encoding="utf-8")))
    unknown = documented - set(_read_by_code())
    assert not unknown, f"README.md names variables nothing reads: {sorted(unknown)}"
