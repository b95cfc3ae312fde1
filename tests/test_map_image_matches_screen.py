"""The downloaded map image draws what the map page draws: the same values, unit, classes and
regions, in every display mode (issue 25, B1); a region without a population base is its own
class everywhere, never "not reported" (M2); a legend never shows two equal-looking classes."""

from __future__ import annotations

import pytest

from civdash.core.colours import NO_BASE_FILL, hex_to_rgb
from civdash.core.units import unit_name
from civdash.data.loader import cached_dataset, data_dir
from civdash.figures import accessibility
from civdash.figures.map import legend as map_legend
from civdash.figures.map import picture
from civdash.figures.map.drawing import region_label
from civdash.figures.map.style import no_base_rows
from civdash.i18n import text
from civdash.method import per_capita
from civdash.views import map as map_view


@pytest.fixture(scope="module")
def dataset():
    return cached_dataset(str(data_dir()))


def image_parts(spec: dict) -> tuple[dict[str, str], set[str], list[str]]:
    """(fill per region, label texts on the map, legend labels) read from the image's spec."""
    fills, labels, legend = {}, set(), []
    for name, rows in spec["datasets"].items():
        for row in rows:
            properties = row.get("properties") if isinstance(row, dict) else None
            if name.startswith("geo_") and properties and "region_id" in properties:
                fills[properties["region_id"]] = properties["fill"]
            elif "text" in row and "lon" in row:
                labels.add(row["text"])
            elif "kind" in row and "label" in row:
                legend.append(row["label"])
    return fills, labels, legend


# A count (raw, per 10,000, per 1,000 aged 60+) and a rate: every kind of map the page draws.
INDICATORS = ("elderly_care_institutions", "rural_community_service_coverage")


def squeezed(label: str) -> str:
    return "".join(str(label).split())


def screen_views(dataset):
    """Every (indicator, mode) the map page offers for INDICATORS, as the page computes them."""
    views = []
    for indicator in INDICATORS:
        raw = map_view.map_figures(dataset, indicator, "zh")
        for per in per_capita.available_modes(dataset, indicator, raw.reported["region_id"]):
            views.append((indicator, per))
    return views


def test_the_map_offers_per_resident_views(dataset):
    assert any(per != per_capita.RAW for _, per in screen_views(dataset))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_image_shows_the_screens_values_unit_classes_and_regions(dataset, lang):
    checked = 0
    for indicator, per in screen_views(dataset):
        figures = map_view.map_figures(dataset, indicator, lang, per)
        if figures.reported.empty and no_base_rows(figures.table).empty:
            continue
        drawing = map_view._drawing(dataset, figures, True)
        image = picture.map_image(
            dataset, indicator, lang, figures.table, figures.kind, figures.per
        )
        spec = image.build_sized(image.title, 1920, 1080)
        fills, labels, legend = image_parts(spec)
        where = (indicator, per, lang)
        # Title and unit: the screen's header and the unit of the values it draws.
        name = per_capita.titled(dataset.indicator_name(indicator, lang), per, lang)
        assert image.title == text("map.indicator_title", lang, indicator=name), where
        unit = unit_name(str(figures.table["unit"].iloc[0]), lang)
        assert unit in spec["title"]["subtitle"][0], where
        # Values: every label on the image is one the screen writes for that region.
        screen_labels = {region_label(row, lang) for row in figures.table.to_dict("records")}
        assert labels and labels <= screen_labels, (where, labels - screen_labels)
        # Classes: each region has the screen's fill colour; the legend is the screen's.
        for region in drawing.regions:
            if region["region_id"] in fills:
                assert hex_to_rgb(fills[region["region_id"]])[:3] == region["fill"][:3], where
        screen_legend = [
            item["label"] for item in map_legend.legend_items(figures.table, figures.kind, lang)
        ]
        # The image wraps long entries: compare them without their line breaks and spaces.
        assert [squeezed(label) for label in legend] == [
            squeezed(label) for label in screen_legend
        ], where
        checked += 1
    assert checked >= 3


def test_per_resident_image_never_draws_raw_counts_under_a_rate_unit(dataset):
    figures = map_view.map_figures(dataset, "elderly_care_institutions", "zh", per_capita.PER_10K)
    image = picture.map_image(
        dataset, "elderly_care_institutions", "zh", figures.table, figures.kind, figures.per
    )
    spec = image.build_sized(image.title, 1920, 1080)
    _, labels, _ = image_parts(spec)
    assert "南通市 298个 (2022)" not in labels
    assert any("个/万人" in label for label in labels)
    # No proportional symbols: a per-resident map is shaded.
    assert not any(
        layer.get("mark", {}).get("type") == "circle" for layer in spec["hconcat"][0]["layer"]
    )
    # A region drawn with its raw figure for want of a base still names its report: Quzhou's
    # 112 institutions have a resident base (a reprinted communiqué) but no 60+ base.
    elderly = map_view.map_figures(dataset, "elderly_care_institutions", "zh", per_capita.PER_1K_60)
    elderly_image = picture.map_image(
        dataset, "elderly_care_institutions", "zh", elderly.table, elderly.kind, elderly.per
    )
    quzhou = elderly.table.set_index("region_id").loc["330800"]
    assert bool(quzhou["no_base"])
    title = dataset.sources.set_index("source_id").loc[quzhou["source_id"], "title"]
    assert title in elderly_image.source


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_region_without_a_base_is_its_own_class_not_unreported(dataset, lang):
    figures = map_view.map_figures(dataset, "elderly_care_institutions", lang, per_capita.PER_1K_60)
    table = figures.table
    no_base = no_base_rows(table)
    names = set(no_base["region"])
    assert {dataset.region_name("330800", lang), dataset.region_name("320600", lang)} <= names
    # The not-reported note and the screen-reader summary leave them out of 未报告 ...
    note = map_view.not_reported_note(table, lang)
    for name in names:
        assert name not in note
    summary = accessibility.map_summary("t", table, lang)
    missing_part = summary.split(text("a11y.not_reported", lang, regions="").strip(" .。"))[-1]
    for name in names:
        assert name not in missing_part
        assert name in summary
    # ... the legend gives each its entry with its raw figure and year ...
    legend = [item for item in map_legend.legend_items(table, figures.kind, lang)]
    entries = [item["label"] for item in legend if item["kind"] == "no_base"]
    for row in no_base.itertuples():
        assert any(
            row.region in entry and row.raw_label in entry and str(row.year) in entry
            for entry in entries
        ), entries
    # ... and the map fills them in their own colour, unhatched, labelled with the figure.
    drawing = map_view._drawing(dataset, figures, False)
    fills = {region["region_id"]: region["fill"] for region in drawing.regions}
    for region_id in no_base["region_id"]:
        assert list(fills[region_id][:3]) == list(hex_to_rgb(NO_BASE_FILL)[:3])
    assert len(drawing.hatched) == len(table) - len(figures.reported) - len(no_base)
    quzhou = [label["text"] for label in drawing.labels if label.get("region_id") == "330800"]
    assert quzhou and "112" in quzhou[0] and "2013" in quzhou[0]


def test_values_that_read_alike_make_one_legend_class(dataset):
    figures = map_view.map_figures(dataset, "elderly_care_institutions", "zh", per_capita.PER_1K_60)
    swatches = [
        item["label"]
        for item in map_legend.legend_items(figures.table, figures.kind, "zh")
        if item["kind"] == "swatch"
    ]
    assert len(swatches) == len(set(swatches))
    for label in swatches:
        if "–" in label:
            low, high = label.split("–")
            assert not high.startswith(low), label


def test_a_legend_lists_not_reported_only_when_some_region_reports_nothing(dataset):
    figures = map_view.map_figures(dataset, "elderly_care_institutions", "zh")
    everyone = figures.table[figures.table["reported"]]
    kinds = [item["kind"] for item in map_legend.legend_items(everyone, figures.kind, "zh")]
    assert "not_reported" not in kinds
    kinds = [item["kind"] for item in map_legend.legend_items(figures.table, figures.kind, "zh")]
    assert "not_reported" in kinds
