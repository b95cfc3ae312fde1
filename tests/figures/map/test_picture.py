"""civdash.figures.map.picture: the map as a static chart: shapes wound as d3 expects, the years and
a mixed-years warning in its subtitle, map and legend within the requested size."""

from __future__ import annotations

import re

import pytest
import shapely
from shapely.geometry import shape

from civdash.data.loader import cached_dataset, data_dir
from civdash.figures.map import picture
from civdash.views import map as map_view


@pytest.fixture(scope="module")
def dataset():
    return cached_dataset(str(data_dir()))


def exteriors(geometry: dict) -> list:
    drawn = shape(geometry)
    parts = drawn.geoms if hasattr(drawn, "geoms") else [drawn]
    return [part.exterior for part in parts]


def test_outer_rings_wind_clockwise_so_d3_does_not_flood_the_globe():
    shapes, context = picture.vega_geometry()
    assert shapes and context
    geometries = [*shapes.values(), *(feature["geometry"] for feature in context)]
    for geometry in geometries:
        for ring in exteriors(geometry):
            assert not shapely.is_ccw(ring)


def years_in(line: str) -> list[int]:
    return [int(year) for year in re.findall(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])", line)]


@pytest.mark.parametrize(
    ("indicator", "lang"),
    [("elderly_care_institutions", "en"), ("rural_community_service_coverage", "zh")],
)
def test_subtitle_names_every_year_and_warns_when_they_differ(dataset, indicator, lang):
    image = picture.map_image(
        dataset, indicator, lang, map_view.map_table(dataset, indicator, lang)
    )
    spec = image.build_sized("title", 1920, 1080)
    subtitle = spec["title"]["subtitle"]
    years = years_in(subtitle[0])
    assert years and image.years == (min(years), max(years))
    warned = any("different years" in line or "不同年份" in line for line in subtitle[1:])
    assert warned == (len(set(years)) > 1), subtitle
    assert image.notes and "GCJ-02" in image.notes[0]


@pytest.mark.parametrize("size", [(1920, 1080), (1654, 1034)])
def test_map_and_legend_fit_the_requested_size(dataset, size):
    width, height = size
    spec = picture.map_image(
        dataset,
        "elderly_care_institutions",
        "zh",
        map_view.map_table(dataset, "elderly_care_institutions", "zh"),
    ).build_sized("标题", width, height)
    drawn_map, legend = spec["hconcat"]
    assert drawn_map["width"] + spec["spacing"] + legend["width"] < width
    assert drawn_map["height"] < height and drawn_map["height"] >= 200
    assert legend["title"] == "图例"
    # The regions and the outline of each context province travel with the spec.
    features = [
        feature
        for name, rows in spec["datasets"].items()
        if name.startswith("geo_")
        for feature in rows
    ]
    reported = {
        feature["properties"]["region_id"]
        for feature in features
        if feature["properties"].get("reported")
    }
    assert "330200" in reported
