"""Runtime requirements hold what the running app imports, and no more: frictionless and psutil
are test and tool dependencies (requirements-dev.txt), never loaded by the app or the CLI."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO_ROOT
from tests.test_tools_boundary import imported_modules, runtime_files

DEV_ONLY = ("frictionless", "psutil")

# Imports every civdash module and every module app.py and the pages import, then reports which
# dev-only packages got loaded along the way (a fresh process: nothing loaded by pytest counts).
PROBE = """
import ast, importlib, pkgutil, sys
from pathlib import Path
import civdash
for module in pkgutil.walk_packages(civdash.__path__, "civdash."):
    if not module.name.endswith("__main__"):  # it would run the CLI
        importlib.import_module(module.name)
for script in [Path("app.py"), *sorted(Path("pages").glob("*.py"))]:
    for node in ast.walk(ast.parse(script.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                importlib.import_module(alias.name)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            importlib.import_module(node.module)
print("LOADED:" + ",".join(sorted(name for name in %r if name in sys.modules)))
"""


def requirement_names(path) -> set[str]:
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            names.add(line.split("==")[0].strip().lower())
    return names


def test_importing_the_whole_app_loads_no_dev_only_package():
    done = subprocess.run(
        [sys.executable, "-c", PROBE % (DEV_ONLY,)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = done.stdout.strip().splitlines()[-1]
    assert loaded == "LOADED:", f"the app loads {loaded}"


def test_no_runtime_file_imports_a_dev_only_package_even_lazily():
    """A function-level import runs only on some path; the source says it all the same."""
    offenders = {
        str(path.relative_to(REPO_ROOT)): sorted(
            name
            for name in imported_modules(path.read_text(encoding="utf-8"))
            if name.split(".")[0] in DEV_ONLY
        )
        for path in runtime_files()
    }
    assert not {path: names for path, names in offenders.items() if names}


def test_dev_only_packages_are_pinned_for_development_not_for_the_server():
    runtime = requirement_names(REPO_ROOT / "requirements.txt")
    dev = requirement_names(REPO_ROOT / "requirements-dev.txt")
    for name in DEV_ONLY:
        assert name not in runtime, name
        assert name in dev, name
