"""One observation reads the same everywhere: the map table, the chart label, the source hover,
the profile, the chart image and the briefing deck all write it through civdash.core.formatting."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pandas as pd
import pytest
from pptx import Presentation

from civdash import views
from civdash.core import formatting
from civdash.data.loader import load_dataset
from civdash.figures import chart_images, charts, source_text
from civdash.figures.map.legend import legend_items
from civdash.figures.map.style import colour_steps
from civdash.method import targets
from civdash.outputs import slides
from civdash.views import map as map_view
from civdash.views import profile as profile_view
from tests.conftest import REPO_ROOT

NINGBO = "330200"
HEADLINE = "dibao_recipients"
# 城市低保标准比2002年提高了一倍多: a multiple since a baseline, read as an increase.
MULTIPLE = "dibao_standard_urban_increase_since_baseline"


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(REPO_ROOT / "data")


def observation(dataset, indicator_id: str) -> dict:
    rows = dataset.latest[
        (dataset.latest["region_id"] == NINGBO) & (dataset.latest["indicator_id"] == indicator_id)
    ]
    assert len(rows) == 1
    return rows.iloc[0].to_dict()


def shown(row: dict, lang: str) -> str:
    return formatting.fact_value(
        row["value"], row["unit"], lang, row["qualifier"], row["period_start"]
    )


def deck_text(dataset, lang: str) -> str:
    presentation = Presentation(io.BytesIO(slides.region_deck(dataset, NINGBO, lang)))
    parts = []
    for slide in presentation.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(parts)


def chart_labels(chart) -> set[str]:
    spec = chart.to_dict()
    labels = set()
    for rows in spec.get("datasets", {}).values():
        for row in rows:
            labels |= {row.get("label"), row.get("short_label")}
    return labels - {None}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_increase_multiple_reads_as_an_increase_on_every_surface(dataset, lang):
    row = observation(dataset, MULTIPLE)
    expected = shown(row, lang)
    # 一倍多 is 'more than doubled', never '≥1×' (the source page once wrote it so).
    assert ("提高一倍多" if lang == "zh" else "more than doubled") in expected
    hover = source_text.figure_label(row, lang)
    assert expected in hover and "≥1" not in hover
    # The map shows single-year figures only, so a multi-year multiple is not on it.
    rows = dataset.latest[dataset.latest["indicator_id"] == MULTIPLE]
    chart = charts.comparison_chart(rows, dataset, lang, "t", "s")
    assert expected in chart_labels(chart)
    svg = chart_images.svg_text(
        chart_images.comparison_image(rows, dataset, lang, "t", "s"), chart_images.SLIDE
    )
    assert expected.split("(")[0] in svg and "≥1" not in svg


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_headline_figure_reads_the_same_in_table_chart_hover_profile_image_and_deck(
    dataset, lang
):
    row = observation(dataset, HEADLINE)
    expected = shown(row, lang)
    with_year = formatting.fact_text(
        row["value"], row["unit"], lang, row["qualifier"], row["period_start"], row["year"]
    )
    assert expected in source_text.figure_label(row, lang)
    table = map_view.map_table(dataset, HEADLINE, lang)
    assert expected in set(table.loc[table["region_id"] == NINGBO, "label"])
    profile = profile_view.build(dataset, NINGBO, lang, False)
    items = [item for section in profile.sections for item in section.items]
    lines = [item.line for item in items if item.indicator_id == HEADLINE and item.line]
    cards = [
        c for c in views.headline_cards(dataset, NINGBO, lang) if c["indicator_id"] == HEADLINE
    ]
    assert cards and cards[0]["value"] == expected
    assert all(with_year in line for line in lines)
    rows = dataset.latest[dataset.latest["indicator_id"] == HEADLINE]
    labels = chart_labels(charts.comparison_chart(rows, dataset, lang, "t", "s"))
    short = formatting.short_value(row["value"], row["unit"], lang, row["qualifier"])
    assert short in labels
    svg = chart_images.svg_text(
        chart_images.comparison_image(rows, dataset, lang, "t", "s"), chart_images.SLIDE
    )
    assert short in svg
    assert expected in deck_text(dataset, lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_ranges_read_alike_in_the_plans_table_and_the_map_legend(dataset, lang):
    row = {"unit": "beds_per_100_elderly", "target_value": 3.0, "target_value_upper": 3.5}
    written = targets.target_text({**row, "target_year": 2020}, lang)
    assert written == f"{formatting.value_range(3.0, 3.5, row['unit'], lang)} (2020)"
    assert written.startswith("3–3.5")
    table = pd.DataFrame(
        {"value": [20.0, 30.0, 40.0], "unit": ["percent"] * 3, "reported": [True] * 3}
    )
    labels = [item["label"] for item in legend_items(table, "rate", lang)]
    steps = colour_steps(table["value"], "percent")
    assert labels[: len(steps)] == [
        formatting.value_range(step.lower, step.upper, "percent", lang) for step in steps
    ]
    assert labels[0] == "0–20%"


def test_ruff_bans_the_number_formatters_outside_the_formatter():
    """TID251: a module other than wording.py and numbers.py may not format figures itself."""
    source = (
        "from civdash.core.numbers import format_value\n\nprint(format_value(1, 'beds', 'zh'))\n"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--output-format",
            "json",
            "--stdin-filename",
            "civdash/some_view.py",
            "-",
        ],
        input=source,
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        check=False,
    )
    codes = {finding["code"] for finding in json.loads(result.stdout)}
    assert "TID251" in codes
    allowed = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            "check",
            "--output-format",
            "json",
            "--stdin-filename",
            "civdash/core/formatting.py",
            "-",
        ],
        input=source,
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        check=False,
    )
    assert "TID251" not in {finding["code"] for finding in json.loads(allowed.stdout)}
