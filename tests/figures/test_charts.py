"""Chart builders at spec level: axis domains, tick counts, heights, labels and legends."""

from __future__ import annotations

import json

import pytest

from civdash import views
from civdash.data.loader import cached_dataset, data_dir
from civdash.figures import charts
from civdash.method.targets import assess_plan
from civdash.views import overview

PRESENT_VIEWPORT_PX = 1080


@pytest.fixture(scope="module")
def dataset():
    return cached_dataset(str(data_dir()))


def spec_of(chart) -> dict:
    """The spec, validated against the Vega-Lite schema: the app skips Altair's own checks."""
    return chart.to_dict(validate=True)


def layers(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def encodings(spec: dict, channel: str) -> list[dict]:
    return [layer["encoding"][channel] for layer in layers(spec) if channel in layer["encoding"]]


def layer_rows(spec: dict, layer: dict) -> list[dict]:
    return spec["datasets"][layer.get("data", spec.get("data"))["name"]]


def text_layer(spec: dict) -> dict:
    return next(layer for layer in layers(spec) if layer["mark"]["type"] == "text")


def plot_height(spec: dict, present: bool, **chart_options) -> float:
    """The height left for the plot once title, subtitle, axes and legend have theirs."""
    title = spec["title"]
    head = charts.Heading(title=title["text"], subtitle=title.get("subtitle", []))
    return spec["height"] - (charts.chart_height(0, head, present, **chart_options))


def trend(dataset, indicator: str, regions: list[str], lang="zh", present=False) -> dict:
    rows = views.trend_rows(dataset, indicator, regions)
    line = views.source_line(dataset, rows["source_id"], lang)
    title = dataset.indicator_name(indicator, lang)
    return spec_of(charts.trend_chart(rows, dataset, lang, title, line, present=present))


def small(dataset, region: str, indicator: str, lang="zh", present=False) -> dict:
    rows = views.profile_rows(dataset, region)
    rows = rows[rows["indicator_id"] == indicator]
    return spec_of(charts.small_trend(rows, dataset, lang, present))


# --- B1: presentation mode -------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_presentation_trend_fills_half_the_screen(dataset, lang):
    spec = trend(dataset, "dibao_standard_urban", ["330800", "320600"], lang, present=True)
    assert spec["height"] >= 0.5 * PRESENT_VIEWPORT_PX
    assert plot_height(spec, True) >= charts.TREND_PLOT_PX[True]
    assert spec["config"]["title"]["fontSize"] >= 26


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_presentation_comparison_fills_half_the_screen_with_bars_of_sane_thickness(dataset, lang):
    result = views.comparison(dataset, "dibao_standard_urban", views.focus_regions(dataset))
    line = views.source_line(dataset, result.rows["source_id"], lang)
    spec = spec_of(charts.comparison_chart(result.rows, dataset, lang, "title", line, present=True))
    assert spec["height"] >= 0.5 * PRESENT_VIEWPORT_PX
    bars = next(layer for layer in layers(spec) if layer["mark"]["type"] == "bar")
    band = charts.COMPARE_PRESENT_PLOT_PX / len(result.rows)
    assert bars["mark"]["height"]["band"] * band <= charts.MAX_BAR_PX[True] + 0.5


def test_titles_and_subtitles_are_wrapped_to_the_chart_width(dataset):
    spec = trend(dataset, "dibao_standard_urban", ["330800", "320600"], "en", present=True)
    title = spec["title"]
    width = charts.FULL_WIDTH_PX[True]
    scale = charts.PRESENT_SCALE
    for line in title["text"]:
        assert charts.display_width(line) <= charts.columns_for(width, charts.TITLE_PX * scale)
    for line in title["subtitle"]:
        assert charts.display_width(line) <= charts.columns_for(width, charts.SUBTITLE_PX * scale)
    assert any("Source" in line for line in title["subtitle"])
    assert any("Unit" in line and "2012–2022" in line for line in title["subtitle"])


# --- m7: axes --------------------------------------------------------------------------------


def test_value_axis_has_about_five_ticks_and_a_level_unit_title(dataset):
    spec = trend(dataset, "elderly_care_beds", ["320600", "330800", "420202"], "zh")
    axis = encodings(spec, "y")[0]["axis"]
    assert axis["tickCount"] == 5
    assert axis["titleAngle"] == 0
    assert axis["title"] == "张"


def test_english_axis_of_a_count_is_not_titled_count(dataset):
    spec = trend(dataset, "elderly_care_institutions", ["320600", "330800"], "en")
    assert encodings(spec, "y")[0]["axis"]["title"] == "number"


@pytest.mark.parametrize(
    ("lang", "top", "step", "suffix"),
    [("zh", 87_000, "10000", "万"), ("zh", 2e9, "100000000", "亿"), ("en", 3e6, "1000000", " m")],
)
def test_every_tick_of_an_axis_uses_one_unit_step(lang, top, step, suffix):
    expression = charts.axis_label_expression(lang, top)
    # One step for the whole axis: no per-tick choice between plain numbers and 万.
    assert expression.count("?") == 1 and f"/ {step}" in expression and suffix in expression
    assert charts.axis_label_expression("zh", 800) == "format(datum.value, ',.4~f')"


def test_comparison_leaves_room_for_the_bar_end_labels(dataset):
    result = views.comparison(dataset, "elderly_care_beds", views.focus_regions(dataset))
    spec = spec_of(charts.comparison_chart(result.rows, dataset, "zh", "t", "s"))
    domain_end = encodings(spec, "x")[0]["scale"]["domain"][1]
    top = result.rows["value"].max()
    longest = max(
        charts.display_width(row["bar_label"]) for row in layer_rows(spec, text_layer(spec))
    )
    label_px = longest * charts.LABEL_PX * 0.56
    plot_px = charts.FULL_WIDTH_PX[False] - 160
    # The longest label, drawn after the longest bar, still ends inside the plot.
    assert (domain_end - top) / domain_end * plot_px >= label_px


# --- B2: small multiples ---------------------------------------------------------------------


def test_small_multiple_of_a_rate_shows_the_change(dataset):
    """39% (2002) → 97.05% (2011) must rise across the plot, not lie flat on a 0–100 axis."""
    spec = small(dataset, "330200", "wubao_concentrated_support_rate")
    scale = encodings(spec, "y")[0]["scale"]
    low, high = scale["domain"]
    assert 0 < low < 39 and high > 97.05
    assert (97.05 - 39) / (high - low) > 0.6
    assert encodings(spec, "y")[0]["axis"]["tickCount"] == 5


def test_small_multiple_of_a_count_starts_at_zero(dataset):
    """Lottery sales (yuan add up): ≥700万 in 2002 → 14.27亿 in 2011 on an axis from zero."""
    spec = small(dataset, "330200", "welfare_lottery_sales")
    low, high = encodings(spec, "y")[0]["scale"]["domain"]
    # Zero sits a sliver above the bottom, so a point at zero is drawn whole.
    assert -0.05 * high < low < 0 and high >= 1.427e9
    assert "亿" in encodings(spec, "y")[0]["axis"]["labelExpr"]


@pytest.mark.parametrize("present", [False, True])
def test_small_multiple_is_tall_enough_labels_its_ends_and_has_no_legend(dataset, present):
    spec = small(dataset, "330200", "wubao_concentrated_support_rate", present=present)
    assert charts.SMALL_PLOT_PX[present] >= 120
    assert plot_height(spec, present, x_axis_title=False) >= charts.SMALL_PLOT_PX[present]
    labels = layer_rows(spec, text_layer(spec))
    assert sorted(row["year"] for row in labels) == [2002, 2011]
    assert {row["point_label"] for row in labels} == {"39%", "97.05%"}
    assert all(colour.get("legend", "none") is None for colour in encodings(spec, "color"))


@pytest.mark.parametrize(
    ("value", "top"), [(780, 800), (87_000, 100_000), (97.05, 100), (6, 6), (1.427e9, 1.5e9)]
)
def test_axis_ends_at_a_round_number_above_the_largest_value(value, top):
    assert charts.nice_top(value) == top


# --- m8: trend readability -------------------------------------------------------------------


def test_few_regions_are_named_at_their_last_figure(dataset):
    spec = trend(dataset, "dibao_standard_urban", ["330800", "320600"], "en")
    labels = {row["year"]: row["point_label"] for row in layer_rows(spec, text_layer(spec))}
    assert labels[2022] == "Nantong 780" and labels[2012] == "447"
    # Named at their ends, two regions need no legend far from the lines.
    assert all(colour.get("legend", "none") is None for colour in encodings(spec, "color"))


def test_user_supplied_rows_are_drawn_differently(dataset):
    """A user-supplied figure is a hollow diamond with a legend line; official ones are not."""
    rows = views.trend_rows(dataset, "dibao_standard_urban", ["330800", "320600"]).copy()
    rows["user_supplied"] = rows["year"] == 2022
    line = views.source_line(dataset, rows["source_id"], "en")
    spec = spec_of(charts.trend_chart(rows, dataset, "en", "t", line))
    points = next(layer for layer in layers(spec) if layer["mark"]["type"] == "point")
    assert points["encoding"]["shape"]["field"] == "point_shape"
    assert "user_supplied" in json.dumps(points["encoding"]["fill"])
    shapes = {row["year"]: row["point_shape"] for row in layer_rows(spec, points)}
    assert shapes[2022] == "diamond" and shapes[2012] == "circle"
    subtitle = " ".join(spec["title"]["subtitle"])
    assert "user-supplied" in subtitle.lower()


# --- bullets and the overview heat map -------------------------------------------------------


def test_bullet_has_five_ticks_source_and_a_tall_enough_plot(dataset):
    assessed = assess_plan(dataset, "huangshigang_13fyp_2016_2020", "zh")
    row = assessed[(assessed["kind"] == "numeric") & assessed["target_value"].notna()]
    row = row.to_dict("records")[0]
    spec = spec_of(charts.bullet_chart(row, "zh", "目标", source="来源:示例"))
    assert encodings(spec, "x")[0]["axis"]["tickCount"] == 5
    assert "来源:示例" in spec["title"]["subtitle"]
    assert charts.BULLET_PLOT_PX[False] >= 120


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_heatmap_shows_every_region_and_category_with_dashes_for_empty_cells(dataset, lang):
    cells = overview.coverage_cells(dataset, lang)
    spec = spec_of(charts.coverage_heatmap(cells, lang))
    rows = [row for layer in layers(spec) for row in layer_rows(spec, layer)]
    assert {row["region_id"] for row in rows} == set(views.regions_with_data(dataset))
    assert len({row["category_id"] for row in rows}) == cells["category_id"].nunique()
    empty = [row for row in layer_rows(spec, layers(spec)[0])]
    assert empty and all(row["cell"] == "–" for row in empty)
    colour = encodings(spec, "color")[0]
    assert colour["scale"]["scheme"] == charts.HEATMAP_SCHEME and colour["legend"]
    assert spec["height"] >= charts.HEATMAP_ROW_PX[False] * len(views.regions_with_data(dataset))
