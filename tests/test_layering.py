"""The dependency rules of docs/architecture.md, read from the source: a rule broken by a new
import fails here instead of in review."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "vejviser"


def _imports(path: Path) -> list[str]:
    """Every module ``path`` imports (``from a import b`` gives ``a`` and ``a.b``)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append(node.module)
            found.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_blueprints_never_import_each_other() -> None:
    web = PACKAGE / "web"
    blueprints = {folder.name for folder in web.iterdir() if (folder / "__init__.py").exists()}
    assert {"api", "auth", "office", "public"} <= blueprints
    crossing = []
    for path in sorted(web.rglob("*.py")):
        own = path.relative_to(web).parts[0]
        for module in _imports(path):
            parts = module.split(".")
            if parts[:2] == ["vejviser", "web"] and len(parts) > 2 \
                    and parts[2] in blueprints and parts[2] != own:
                crossing.append(f"{path.relative_to(PACKAGE)} imports {module}")
    assert crossing == []


def test_only_the_search_package_imports_whoosh() -> None:
    outside = [f"{path.relative_to(PACKAGE)} imports {module}"
               for path in sorted(PACKAGE.rglob("*.py"))
               if path.relative_to(PACKAGE).parts[0] != "search"
               for module in _imports(path) if module.split(".")[0] == "whoosh"]
    assert outside == []
