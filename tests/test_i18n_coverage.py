"""The string catalogue is complete and every key earns its place: the keys the code names (as
literals or f-string patterns) and the keys every page run looks up in both languages all
exist, and no key is left that nothing uses. Each page speaks its own language: no English
sentence on a zh page and no Chinese on an en page (excerpts and as-written figures aside)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pandas as pd
import pytest

from civdash import i18n
from civdash.data.loader import load_dataset
from civdash.i18n import PAGE_KEYS, STRINGS
from tests.conftest import REPO_ROOT, run_page

CODE = [REPO_ROOT / "app.py", *sorted((REPO_ROOT / "pages").glob("*.py"))] + sorted(
    (REPO_ROOT / "civdash").rglob("*.py")
)
KEY_SHAPE = re.compile(r"^[a-z0-9_]+(?:\.[A-Za-z0-9_]+)+$")
# Three or more Latin words in a row, at least two of them lower-case: an English phrase, not
# an id, a unit, a date pattern (YYYY-MM-DD) or a name.
ENGLISH = re.compile(r"\b[A-Za-z][a-z]+(?:[ ,;:'’]+[A-Za-z][a-z]*){2,}\b")
CJK = re.compile(r"[\u3400-\u9fff]")
# A Chinese phrase: an en page may quote a short term it explains (截止2011年底, 两倍多), never a
# sentence or a title.
CHINESE_PHRASE = re.compile(r"[\u3400-\u9fff][\u3400-\u9fff\u3000-\u303f\uff00-\uffef]{7,}")
# Cells that are the source's own words, ids or links, whatever the page's language. The
# derivation column is curated in English only (observations.csv has no derivation_zh): a data
# gap, listed in the report, not a string of the app.
AS_WRITTEN = {
    "label.excerpt",
    "label.value_as_written",
    "label.view_source",
    "label.source",
    "label.derivation",
    "per.column.source",
}


def literals_and_patterns() -> tuple[set[str], list[re.Pattern]]:
    """Every string literal in the code, and every f-string turned into a key pattern."""
    literals: set[str] = set()
    patterns: list[re.Pattern] = []
    for path in CODE:
        tree = ast.parse(Path(path).read_text(encoding="utf-8"))
        if Path(path).name == "i18n.py":
            # The catalogue's own keys are no use of them: only its functions count.
            tree = ast.Module(
                body=[node for node in tree.body if isinstance(node, ast.FunctionDef)],
                type_ignores=[],
            )
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
            elif isinstance(node, ast.JoinedStr):
                parts = []
                for value in node.values:
                    if isinstance(value, ast.Constant):
                        parts.append(re.escape(str(value.value)))
                    else:
                        parts.append(r"[A-Za-z0-9_.-]+")
                pattern = "".join(parts)
                # Only a pattern with a literal area ('page.', 'per.unit.') names keys; a bare
                # f"{a}.{b}" would match every key.
                first = node.values[0] if node.values else None
                if isinstance(first, ast.Constant) and re.match(r"^[a-z_]+\.", str(first.value)):
                    patterns.append(re.compile(f"^{pattern}$"))
    return literals, patterns


class Recording(dict):
    """STRINGS that notes every key a page looks up."""

    def __init__(self, strings, seen):
        super().__init__(strings)
        self.seen = seen

    def get(self, key, default=None):
        self.seen.add(key)
        return super().get(key, default)


@pytest.fixture(scope="module")
def page_runs():
    seen: set[str] = set()
    original = i18n.STRINGS
    i18n.STRINGS = Recording(original, seen)
    runs = {}
    try:
        for page in PAGE_KEYS:
            for lang in ("zh", "en"):
                app = run_page(page, timeout=180, lang=lang)
                assert not app.exception, (page, lang, [e.value for e in app.exception])
                runs[page, lang] = app
    finally:
        i18n.STRINGS = original
    return runs, seen


def test_every_key_the_pages_look_up_exists(page_runs):
    _, seen = page_runs
    assert seen, "the recording saw no lookups"
    assert sorted(seen - set(STRINGS)) == []


def named_keys() -> set[str]:
    """The keys the code passes as a literal to text() (or a page's t())."""
    keys: set[str] = set()
    for path in CODE:
        for node in ast.walk(ast.parse(Path(path).read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            first = node.args[0]
            if (
                name in ("text", "t")
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
                and KEY_SHAPE.match(first.value)
            ):
                keys.add(first.value)
    return keys


def test_every_literal_key_in_the_code_exists():
    keys = named_keys()
    assert len(keys) > 300
    assert sorted(keys - set(STRINGS)) == []


def test_no_key_is_unused(page_runs):
    _, seen = page_runs
    literals, patterns = literals_and_patterns()
    unused = sorted(
        key
        for key in STRINGS
        if key not in literals
        and key not in seen
        and not any(pattern.match(key) for pattern in patterns)
    )
    assert unused == [], unused


def shown_texts(app) -> list[str]:
    """Every string a page run drew: text elements, labels, options, alerts, table headers."""
    found: list[str] = []
    kinds = [
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "text",
        "warning",
        "info",
        "error",
        "success",
        "toast",
        "metric",
        "expander",
        "tabs",
        "button",
        "selectbox",
        "radio",
        "multiselect",
        "toggle",
        "checkbox",
        "text_input",
        "text_area",
        "number_input",
        "slider",
        "select_slider",
        "date_input",
        "download_button",
    ]
    for kind in kinds:
        for element in getattr(app, kind, []):
            for attribute in ("value", "label", "body"):
                value = getattr(element, attribute, None)
                if isinstance(value, str):
                    found.append(value)
            options = getattr(element, "options", None)
            if options:
                found += [str(option) for option in options]
    return found


def shown_cells(app, lang: str) -> list[str]:
    """Every table cell the page wrote, apart from as-written columns and ids."""
    skip = {i18n.text(key, lang) for key in AS_WRITTEN}
    cells: list[str] = []
    for grid in [*app.dataframe, *app.table]:
        frame = grid.value
        frame = getattr(frame, "data", frame)
        if not isinstance(frame, pd.DataFrame):
            continue
        cells += [str(column) for column in frame.columns]
        for column in frame.columns:
            name = str(column)
            if name in skip or name.endswith(" ID") or name.endswith("_id") or name == "ID":
                continue
            cells += [str(value) for value in frame[column].dropna().astype(str).unique()]
    return cells


@pytest.fixture(scope="module")
def as_written():
    """The sources' own words: excerpts, figures as written, titles and publishers."""
    dataset = load_dataset(REPO_ROOT / "data")
    found = set(dataset.facts["excerpt"].astype(str)) | set(
        dataset.facts["value_as_written"].astype(str)
    )
    found |= set(dataset.targets["excerpt"].astype(str))
    # Curated notes in English quote the report's terms (社会工作专业职称, a plan's name): they
    # are the data's words (a zh page shows note_zh: views.facts.note_column).
    for frame in (dataset.facts, dataset.targets):
        found |= set(frame["note"].dropna().astype(str))
    found |= set(dataset.sources["title"].astype(str)) | set(dataset.sources["publisher"])
    if dataset.population is not None and len(dataset.population):
        found |= set(dataset.population["source_title"].astype(str))
    return sorted((value for value in found if value), key=len, reverse=True)


def strip_quotes(value: str, as_written=()) -> str:
    """Markdown escapes undone; quoted names and figures ('“30亿亿”', '《title》'), links and the
    sources' own words removed: they are as written, not the page's words."""
    value = re.sub(r"\\(.)", r"\1", value)
    for written in as_written:
        if written in value:
            value = value.replace(written, " ")
    value = re.sub(r"“[^”]*”|《[^》]*》|「[^」]*」|‘[^’]*’", "", value)
    return re.sub(r"https?://\S+|`[^`]*`", "", value)


@pytest.mark.parametrize("page", PAGE_KEYS)
def test_a_zh_page_shows_no_english_sentence(page_runs, as_written, page):
    runs, _ = page_runs
    app = runs[page, "zh"]
    offending = [
        value
        for value in shown_texts(app) + shown_cells(app, "zh")
        if ENGLISH.search(strip_quotes(value, as_written))
    ]
    assert offending == [], offending[:10]


@pytest.mark.parametrize("page", PAGE_KEYS)
def test_an_en_page_shows_no_chinese(page_runs, as_written, page):
    runs, _ = page_runs
    app = runs[page, "en"]
    offending = [
        value
        for value in shown_texts(app) + shown_cells(app, "en")
        # English may explain a Chinese term in brackets: 'Dibao (低保)'.
        if CHINESE_PHRASE.search(
            re.sub(r"\([^)]*\)|\uff08[^\uff09]*\uff09", "", strip_quotes(value, as_written))
        )
    ]
    assert offending == [], offending[:10]
