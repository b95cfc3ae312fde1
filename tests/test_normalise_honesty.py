"""An honest normalised figure (M7): rounded to its input's precision, a far base year and
the report's own ratio said on the chart, and a district marked (区) even when alone."""

from __future__ import annotations

import pytest

from civdash.data.loader import cached_dataset, data_dir
from civdash.method import per_capita
from civdash.views import compare
from civdash.views import map as map_view

HUANGSHIGANG = "420202"


@pytest.fixture(scope="module")
def dataset():
    return cached_dataset(str(data_dir()))


def bars(view) -> dict[str, dict]:
    spec = view.chart(False).to_dict(validate=False)
    return {
        row["region_id"]: row
        for rows in spec["datasets"].values()
        for row in rows
        if "bar_label" in row
    }


@pytest.mark.parametrize(
    ("rate", "raw", "qualifier", "expected"),
    [
        (16.0887, 800, "approx", 16.0),  # 近800: two significant digits at most
        (0.393123, 298, "exact", 0.393),
        (0.26345, 205, "exact", 0.263),
        (123.456, 14820, "exact", 123.0),
        (0.0041234, 9, "exact", 0.0041),
    ],
)
def test_a_rate_keeps_the_precision_of_its_figure(rate, raw, qualifier, expected):
    assert per_capita.round_rate(rate, raw, qualifier) == pytest.approx(expected)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_huangshigang_beds_per_1000_elderly_is_honest_on_the_chart(dataset, lang):
    view = compare.build(
        dataset, compare.CompareChoice("elderly_care_beds", per=per_capita.PER_1K_60), lang
    )
    bar = bars(view)[HUANGSHIGANG]
    assert bar["value"] == pytest.approx(16.0)
    label = bar["bar_label"]
    assert "16.09" not in label and label.startswith("≈16 ")
    # The 2015 figure divided by the 2020 census says so on the bar itself.
    assert ("人口取2020年" if lang == "zh" else "base 2020") in label
    # The report's own ratio, about 2.7 per 100 = 27 per 1,000, stands beside ours.
    assert ("报告自述≈27" if lang == "zh" else "report: ≈27") in label
    # A district alone keeps its (区) marker.
    assert bar["region"].endswith("(区)" if lang == "zh" else "(district)")
    subtitle = " ".join(view.chart(False).to_dict(validate=False)["title"]["subtitle"])
    assert ("户籍" if lang == "zh" else "registered") in subtitle
    # The image says the same as the screen.
    image_spec = view.image.build(view.title, "").to_dict(validate=False)
    image_bar = next(
        row
        for rows in image_spec["datasets"].values()
        for row in rows
        if row.get("region_id") == HUANGSHIGANG and "bar_label" in row
    )
    assert image_bar["bar_label"] == label
    # The table's rate columns agree with the chart.
    assert view.table.iloc[:, -5].astype(str).str.contains("≈16").any()


def test_the_map_rounds_rates_by_the_same_rule(dataset):
    table = map_view.map_table(dataset, "elderly_care_beds", "zh")
    rates = per_capita.map_table(dataset, table, per_capita.PER_1K_60, "zh")
    row = rates[rates["region_id"] == HUANGSHIGANG].iloc[0]
    assert row["value"] == pytest.approx(16.0)
    assert row["label"].startswith("≈16")


def test_a_nearby_base_is_not_flagged(dataset):
    record = per_capita.Denominator(100.0, per_capita.HELD, (2020,), ("census",))
    assert per_capita.far_base_mark(record, 2022, "zh") == ""
    assert per_capita.far_base_mark(record, 2015, "zh") == "人口取2020年"
    interpolated = per_capita.Denominator(100.0, per_capita.INTERPOLATED, (2010, 2020), ("c",))
    assert per_capita.far_base_mark(interpolated, 2015, "zh") == ""
