"""No table on any page holds a missing value or a missing-value word: every page, zh and en,
normal and presentation, read in AppTest (no browser).

Grid cells are painted on a canvas, where Streamlit draws a missing value as "None"; the DOM keeps
only an empty cell, so Chromium cannot see them. The tables' own values are checked here, as the
page sends them. The runs are shared (conftest.shared_run) with the other read-only page checks.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from civdash.i18n import PAGE_KEYS
from tests.conftest import shared_run

# The words a missing value turns into on a screen (test_render reads them off the page too).
MISSING_WORDS = re.compile(r"(?<![\w-])(None|nan|NaN|null)(?![\w-])")


def missing_cells(frame) -> list[str]:
    found = []
    if not isinstance(frame, pd.DataFrame):
        return found
    for column in frame.columns:
        values = frame[column]
        for value in (
            values[values.isna()].head(1).tolist()
            + [
                value
                for value in values.dropna().head(5000).tolist()
                if isinstance(value, str) and MISSING_WORDS.fullmatch(value.strip())
            ][:1]
        ):
            found.append(f"{column}: {value!r}")
    return found


def test_missing_cells_finds_each_kind_of_gap():
    """The rule itself: NaN, None, pd.NA and the words are found; real values are not."""
    frame = pd.DataFrame(
        {
            "a": [1.0, float("nan")],
            "b": ["x", None],
            "c": ["nan", "宁波市"],
            "d": pd.array([1, pd.NA], dtype="Int64"),
            "e": ["None of the above", "Nantong"],
        }
    )
    found = missing_cells(frame)
    assert [cell.split(":")[0] for cell in found] == ["a", "b", "c", "d"]
    assert missing_cells(pd.DataFrame({"ok": ["0", "—", "未报告"]})) == []


@pytest.mark.parametrize("present", ["", "1"])
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page_key", PAGE_KEYS)
def test_tables_never_show_a_missing_value_word(page_key, lang, present):
    params = {"lang": lang}
    if present:
        params["present"] = present
    app = shared_run(page_key, **params)
    assert not app.exception, [item.value for item in app.exception]
    problems = []
    for number, grid in enumerate([*app.dataframe, *app.table]):
        frame = grid.value
        frame = getattr(frame, "data", frame)  # a Styler carries its frame
        problems += [f"table {number + 1} {cell}" for cell in missing_cells(frame)]
    assert not problems, f"{page_key} {lang} present={present!r}: {problems[:8]}"
