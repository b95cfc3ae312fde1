"""The pages only lay out: they import the app layer, the view models, the outputs and the UI
strings, never the data, methods, builders, jobs or workbench below them (issue 27). The three
pages whose view model is not finished yet are listed with what they still reach for; the list
may only shrink."""

from __future__ import annotations

import ast
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
ALLOWED = ("civdash.app", "civdash.views", "civdash.outputs", "civdash.i18n")
# Still imported directly by a page, until its view model gives it what it needs.
NOT_YET_IN_A_VIEW = {
    "contribute": {"civdash.core", "civdash.core.units", "civdash.core.vocab", "civdash.workbench"},
    "map": {
        "civdash.core",
        "civdash.data",
        "civdash.figures",
        "civdash.figures.map",
        "civdash.figures.map.geometry",
        "civdash.figures.map.style",
        "civdash.jobs",
        "civdash.method",
    },
    "plans": {
        "civdash.core",
        "civdash.core.units",
        "civdash.data",
        "civdash.data.uploads",
        "civdash.figures",
        "civdash.method",
    },
}


def civdash_imports(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("civdash"):
            if node.module == "civdash":
                modules |= {f"civdash.{alias.name}" for alias in node.names}
            else:
                modules.add(node.module)
        elif isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names if alias.name.startswith("civdash")}
    return modules


def test_pages_import_only_the_app_layer_views_outputs_and_strings():
    files = sorted((REPO_ROOT / "pages").glob("*.py")) + [REPO_ROOT / "app.py"]
    wrong = {}
    for path in files:
        below = {
            module
            for module in civdash_imports(path)
            if not module.startswith(ALLOWED) and module not in ("civdash.views",)
        }
        pending = NOT_YET_IN_A_VIEW.get(path.stem, set())
        if below - pending:
            wrong[path.name] = sorted(below - pending)
        # A page that no longer needs a listed module must leave the list.
        assert pending <= below, f"{path.name} no longer imports {sorted(pending - below)}"
    assert not wrong, f"pages reach below the view models: {wrong}"


def test_the_check_sees_a_page_that_reaches_into_a_builder(tmp_path):
    page = tmp_path / "trends.py"
    page.write_text("from civdash.figures import charts\nfrom civdash.views import trends\n")
    assert civdash_imports(page) == {"civdash.figures", "civdash.views"}
