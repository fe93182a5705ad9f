"""The layers of docs/architecture.md hold: an app's code (migrations included) imports only
from `core` and the apps above it in ORDER, never from one below it. An app's tests may build
their data with any app: they check the whole system from that app's side."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "kommunenettverk"

# Top to bottom; `core` is below nothing and knows no app; `config` wires everything.
ORDER = [
    "registry",
    "accounts",
    "notifications",
    "programmes",
    "networks",
    "plans",
    "indicators",
    "ideabank",
    "discussions",
    "community",
    "policy",
    "dialogue",  # migrations only, kept for the upgrade path (see its __init__)
    "reports",
    "api",
    "web",
]


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    apps: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if len(parts) > 1 and parts[0] == "kommunenettverk":
                apps.add(parts[1])
    return apps


def _code(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "tests" not in p.relative_to(folder).parts)


def _violations(app: str) -> list[str]:
    allowed = {"core", app, *ORDER[: ORDER.index(app)]}
    found = []
    for path in _code(SRC / app):
        for imported in sorted(_imported_apps(path) - allowed):
            found.append(f"{path.relative_to(SRC)} imports {imported}")
    return found


@pytest.mark.parametrize("app", ORDER)
def test_app_imports_only_from_apps_above_it(app: str) -> None:
    if not (SRC / app).exists():
        pytest.fail(f"{app} is in ORDER but has no folder; keep ORDER true")
    assert _violations(app) == []


def test_core_knows_no_app() -> None:
    found = [
        f"{path.relative_to(SRC)} imports {imported}"
        for path in _code(SRC / "core")
        for imported in sorted(_imported_apps(path) - {"core"})
    ]
    assert found == []


def test_every_app_is_placed_in_the_order() -> None:
    apps = {p.parent.name for p in SRC.glob("*/apps.py")}
    assert apps - {"core", "config"} <= set(ORDER)
