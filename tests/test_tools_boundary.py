"""Product apart from tooling: the runtime package never imports the tools/ package."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO_ROOT

TOOLING = "tools"


def imported_modules(source: str) -> set[str]:
    """Every absolute module name a source file imports, at any depth (functions included)."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            names.add(str(node.args[0].value))
    return names


def imports_tooling(source: str) -> bool:
    return any(
        name == TOOLING or name.startswith(f"{TOOLING}.") for name in imported_modules(source)
    )


def runtime_files() -> list[Path]:
    return [
        *sorted((REPO_ROOT / "civdash").rglob("*.py")),
        REPO_ROOT / "app.py",
        *sorted((REPO_ROOT / "pages").glob("*.py")),
    ]


def test_no_runtime_module_imports_the_tools_package():
    offenders = [
        str(path.relative_to(REPO_ROOT))
        for path in runtime_files()
        if imports_tooling(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_check_sees_every_form_of_import():
    assert imports_tooling("import tools.bench")
    assert imports_tooling("from tools import synthetic_data")
    assert imports_tooling("def run():\n    from tools.live_server import Server\n")
    assert imports_tooling("import importlib\nimportlib.import_module('tools.geo_build')")
    assert not imports_tooling("from civdash import toolsets\nimport toolz")
