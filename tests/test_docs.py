"""The docs stay true: README's layout, make targets, URL parameters and method thresholds
match the files and the code they describe (every list is read from disk or the code)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from civdash import i18n
from civdash.core import vocab
from civdash.i18n import PAGE_KEYS
from civdash.method import progress
from tests.conftest import REPO_ROOT, SHARED_PARAMS, parameters_read

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
# Top-level folders that are generated, cached or private to a tool, never part of the layout.
UNLISTED_FOLDERS = {"test-artifacts", "node_modules"}


def section(markdown: str, heading: str) -> str:
    """The text under `heading` up to the next heading of the same or a higher level."""
    level = heading.split(" ")[0]
    start = markdown.index(heading + "\n") + len(heading) + 1
    following = re.search(rf"^#{{1,{len(level)}}} ", markdown[start:], re.MULTILINE)
    return markdown[start : start + following.start()] if following else markdown[start:]


def layout_entries() -> dict[str, str]:
    """The layout drawing's text per top-level entry (`civdash/`, `app.py`, ...)."""
    drawing = section(README, "## Repository layout").split("```")[1]
    entries: dict[str, list[str]] = {}
    current = None
    for line in drawing.splitlines():
        if line and not line.startswith(" "):
            current = line.split()[0]
        if current:
            entries.setdefault(current, []).append(line)
    return {name: "\n".join(lines) for name, lines in entries.items()}


def python_packages() -> list[Path]:
    """Top-level Python packages of the product and its tooling (tests/ excepted)."""
    return sorted(
        folder
        for folder in REPO_ROOT.iterdir()
        if (folder / "__init__.py").is_file() and folder.name != "tests"
    )


def modules_on_disk(package: Path) -> set[str]:
    """Each module as the layout names it: `loader.py`, `views/` for a sub-package,
    `views/trends.py` for a module inside one."""
    names = set()
    for path in package.rglob("*.py"):
        relative = path.relative_to(package)
        if relative.parts[-1] == "__init__.py":
            if len(relative.parts) > 1:
                names.add("/".join(relative.parts[:-1]) + "/")
            continue
        names.add(relative.as_posix())
    return names


def modules_named(text: str) -> set[str]:
    """Module names a layout entry mentions: `x.py`, `sub/x.py` and `sub/` for a sub-package.

    A sub-package heads its own line (`  views/   ...`); the lines indented under it, before
    the next line at its own depth, name its modules (`    trends.py` is `views/trends.py`).
    """
    py = r"(?<![\w/.])((?:\w+/)*\w+\.py)\b"
    named: set[str] = set()
    stack: list[tuple[int, str]] = []  # (indent, "sub/") of the open sub-package headings
    for line in text.splitlines():
        indent = len(line) - len(line.lstrip(" "))
        if not line.strip():
            continue
        while stack and indent <= stack[-1][0] and not line.startswith(" " * (stack[-1][0] + 1)):
            stack.pop()
        heading = re.match(r"^(\s+)(\w+)/(?=\s|$)", line)
        if heading:
            while stack and indent <= stack[-1][0]:
                stack.pop()
            package = (stack[-1][1] if stack else "") + heading.group(2) + "/"
            stack.append((indent, package))
            named.add(package)
            continue
        package = stack[-1][1] if stack else ""
        depth = stack[-1][0] if stack else 0
        # A module line under a sub-package: its names (before the description) are inside it.
        if package and indent <= depth + 4:
            names, _, description = line.strip().partition("  ")
            named |= {package + name for name in re.findall(py, names)}
            line = description
        named |= set(re.findall(py, line))
    return named


def test_layout_lists_every_top_level_folder():
    entries = layout_entries()
    folders = {
        path.name + "/"
        for path in REPO_ROOT.iterdir()
        if path.is_dir()
        and not path.name.startswith((".", "_"))
        and not path.name.endswith(".egg-info")
        and path.name not in UNLISTED_FOLDERS
    }
    assert folders <= set(entries), f"README's layout misses {sorted(folders - set(entries))}"
    listed_files = {name for name in entries if not name.endswith("/")}
    missing = sorted(name for name in listed_files if not (REPO_ROOT / name).exists())
    assert not missing, f"README's layout names files that do not exist: {missing}"


@pytest.mark.parametrize("package", python_packages(), ids=lambda path: path.name)
def test_layout_names_every_module_of_each_package(package):
    entries = layout_entries()
    entry = entries.get(package.name + "/")
    assert entry is not None, f"README's layout has no {package.name}/ entry"
    # The package's own folder name heads the entry; the rest are its modules.
    named = modules_named(entry.split(None, 1)[1])
    on_disk = modules_on_disk(package)
    assert on_disk - named == set(), f"{package.name}/ modules missing from README's layout"
    assert named - on_disk == set(), f"README's layout names {package.name}/ modules not on disk"


def test_layout_names_only_existing_files_elsewhere():
    """bench/, docs/ and the rest may be summarised, but a file the layout names exists."""
    packages = {package.name + "/" for package in python_packages()}
    for name, entry in layout_entries().items():
        if not name.endswith("/") or name in packages:
            continue
        described = entry.split(None, 1)[1]
        for file in re.findall(
            r"(?<![\w/.-])((?:[\w-]+/)*[\w-]+\.(?:py|md|csv|json))\b", described
        ):
            file = file.removeprefix(name)
            assert list((REPO_ROOT / name).rglob(file)), f"{name}{file} does not exist"


def test_layout_lists_every_page_file():
    pages = layout_entries()["pages/"]
    for path in sorted((REPO_ROOT / "pages").glob("*.py")):
        assert re.search(rf"\b{path.stem}\b", pages), f"README's pages/ entry misses {path.stem}"


def makefile_targets() -> set[str]:
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    phony = re.search(r"^\.PHONY:(.*)$", makefile, re.MULTILINE)
    assert phony, "the Makefile declares its commands as .PHONY"
    targets = set(phony.group(1).split())
    rules = set(re.findall(r"^([A-Za-z][\w-]*):", makefile, re.MULTILINE))
    assert targets <= rules, f".PHONY names targets without a rule: {targets - rules}"
    return targets


def test_readme_make_targets_are_the_makefile_commands():
    mentioned = set(re.findall(r"`make ([A-Za-z][\w-]*)", README))
    mentioned |= set(re.findall(r"^make ([A-Za-z][\w-]*)", README, re.MULTILINE))
    targets = makefile_targets()
    assert mentioned - targets == set(), "README mentions make targets the Makefile lacks"
    assert targets - mentioned == set(), "Makefile commands README never mentions"


def documented_page_urls() -> dict[str, str]:
    """Page key -> the URL README's page table gives it (`/trends?indicator=…`)."""
    urls = {}
    for row in section(README, "## Pages").splitlines():
        match = re.match(r"\|[^|]+\|\s*`/([a-z_]*)(\?[^`]*)?`\s*\|", row)
        if match:
            urls[match.group(1) or "overview"] = match.group(2) or ""
    return urls


def test_every_page_has_a_row_in_readme_pages_table():
    urls = documented_page_urls()
    assert set(PAGE_KEYS) - set(urls) == set(), "pages missing from README's page table"
    assert set(urls) - set(PAGE_KEYS) == set(), "README's page table lists pages that do not exist"


@pytest.mark.slow
def test_readme_documents_the_url_parameters_each_page_reads():
    urls = documented_page_urls()
    wrong = {}
    for page in PAGE_KEYS:
        read = parameters_read(page)
        documented = set(re.findall(r"[?&]([a-z_]+)=", urls[page]))
        if read - SHARED_PARAMS != documented:
            wrong[page] = {"read": sorted(read - SHARED_PARAMS), "README": sorted(documented)}
        assert read >= SHARED_PARAMS, (page, "no longer reads the shared parameters")
    assert not wrong, f"README's page table and the pages disagree: {wrong}"
    for name in SHARED_PARAMS:
        assert f"?{name}=" in README, f"README never documents ?{name}="


def test_progress_method_thresholds_are_the_code_s():
    method = (REPO_ROOT / "docs" / "progress-method.md").read_text(encoding="utf-8")
    table = re.findall(r"^\s*\|\s*([^|]*R[^|]*)\|\s*`(\w+)`", method, re.MULTILINE)
    assert len(table) >= 4, table
    boundaries = set()
    for condition, status in table:
        lower = re.search(r"([0-9.]+)\s*≤\s*R|R\s*≥\s*([0-9.]+)", condition)
        upper = re.search(r"R\s*<\s*([0-9.]+)", condition)
        if lower:
            bound = float(lower.group(1) or lower.group(2))
            boundaries.add(bound)
            # Each boundary belongs to the better class.
            assert progress.classify_ratio(bound) == status, (condition, status)
            assert progress.classify_ratio(bound + 0.01) == status, (condition, status)
        if upper:
            bound = float(upper.group(1))
            boundaries.add(bound)
            assert progress.classify_ratio(bound - 0.001) == status, (condition, status)
            assert progress.classify_ratio(bound) != status, (condition, status)
    # The UI's method notes in both languages give the same boundaries.
    notes = [
        value
        for pair in i18n.STRINGS.values()
        for value in pair
        if re.search(r"R\s*[≥<]\s*[0-9]", value)
    ]
    assert len(notes) >= 2, "the method page explains the ratio thresholds in zh and en"
    for note in notes:
        written = {
            float(number) for number in re.findall(r"(?<![\w.])([0-9]+\.[0-9]+|0)(?!\.)", note)
        }
        assert boundaries <= written, (boundaries, note)


@pytest.mark.parametrize("table", vocab.TABLES, ids=lambda table: table.name)
def test_data_readme_describes_every_column_of_every_table(table):
    data_readme = (REPO_ROOT / "data" / "README.md").read_text(encoding="utf-8")
    heading = re.search(rf"^### {re.escape(table.file)}\b.*$", data_readme, re.MULTILINE)
    assert heading, f"data/README.md has no '### {table.file}' section"
    described = section(data_readme, heading.group(0))
    missing = [name for name in table.column_names if not re.search(rf"\b{name}\b", described)]
    assert not missing, f"data/README.md's {table.file} section leaves out {missing}"


@pytest.mark.parametrize("package", python_packages(), ids=lambda path: path.name)
def test_tests_mirror_the_package(package):
    """Each module has its test file: tests/test_<module>.py (a sub-package's modules may also
    be tests/test_<sub-package>_<module>.py or tests/<sub-package>/test_<module>.py). The top
    package's __init__ and __main__ hold no logic of their own (test_cli runs `python -m`)."""
    tests = REPO_ROOT / "tests"
    unmirrored = []
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package).parts
        if len(parts) == 1 and parts[0] in ("__init__.py", "__main__.py"):
            continue
        if parts[-1] == "__init__.py":
            if not re.search(r"^(def|class) ", path.read_text(encoding="utf-8"), re.MULTILINE):
                continue  # a sub-package's list of names, no logic of its own
            candidates = [f"test_{parts[-2]}.py", "/".join((*parts[:-1], f"test_{parts[-2]}.py"))]
        else:
            stem = path.stem
            candidates = [f"test_{stem}.py", f"test_{'_'.join(parts[:-1] + (stem,))}.py"]
            candidates.append("/".join((*parts[:-1], f"test_{stem}.py")))
        if not any((tests / candidate).is_file() for candidate in candidates):
            unmirrored.append("/".join(parts))
    assert not unmirrored, f"{package.name}/ modules without a test file: {unmirrored}"
