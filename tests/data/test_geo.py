"""civdash.data.geo: the committed geo/ layers hold the regions of regions.csv at their levels,
label points fall inside their regions, and the build's gaps are the regions left without one."""

from __future__ import annotations

import csv
import json

import pytest
import shapely

from civdash.data import geo
from tests.conftest import REPO_ROOT


@pytest.fixture(scope="module")
def layers():
    return geo.load_boundaries()


@pytest.fixture(scope="module")
def regions() -> dict[str, dict]:
    with open(REPO_ROOT / "data" / "regions.csv", encoding="utf-8", newline="") as handle:
        return {row["region_id"]: row for row in csv.DictReader(handle)}


def test_each_layer_holds_only_its_levels_with_six_digit_ids(layers, regions):
    assert set(layers) == set(geo.LAYER_LEVELS)
    for layer, frame in layers.items():
        assert len(frame), layer
        assert list(frame.columns) == [*geo.PROPERTY_COLUMNS, "geometry"]
        assert frame["region_id"].str.fullmatch(r"[0-9]{6}").all(), layer
        assert set(frame["level"]) <= set(geo.LAYER_LEVELS[layer]), layer
        assert frame.crs.to_string() == geo.LON_LAT_CRS
        assert frame.geometry.is_valid.all(), layer


def test_every_region_has_a_boundary_or_is_recorded_as_missing(layers, regions):
    drawn = set(geo.all_regions(layers)["region_id"])
    missing = {row["region_id"] for row in geo.missing_regions()}
    mapped_levels = {level for levels in geo.LAYER_LEVELS.values() for level in levels}
    # Context provinces outside the data are drawn too; every region of the data is accounted for.
    wanted = {region for region, row in regions.items() if row["level"] in mapped_levels}
    assert wanted - drawn == missing
    assert not missing & drawn


def test_boundary_names_and_levels_agree_with_regions_csv(layers, regions):
    frame = geo.all_regions(layers)
    for row in frame.itertuples():
        if row.region_id in regions:
            assert row.level == regions[row.region_id]["level"], row.region_id
            assert row.name_zh == regions[row.region_id]["name_zh"], row.region_id


def test_all_regions_stacks_layers_sorted_with_one_row_each(layers):
    frame = geo.all_regions(layers)
    assert len(frame) == sum(len(layer) for layer in layers.values())
    assert frame["region_id"].is_unique
    assert frame["region_id"].tolist() == sorted(frame["region_id"])


def test_representative_points_fall_inside_their_region(layers):
    frame = geo.all_regions(layers)
    points = geo.representative_points(frame)
    assert points["region_id"].tolist() == frame["region_id"].tolist()
    inside = shapely.contains_xy(frame.geometry.values, points["lon"], points["lat"])
    assert inside.all(), points.loc[~inside, "region_id"].tolist()


def test_a_point_inside_is_found_even_for_a_ring_shaped_region():
    """A region shaped like a C has its centroid outside; the label point must not be."""
    import geopandas

    ring = shapely.Polygon([(0, 0), (10, 0), (10, 2), (2, 2), (2, 8), (10, 8), (10, 10), (0, 10)])
    assert not ring.contains(ring.centroid)
    frame = geopandas.GeoDataFrame({"region_id": ["999999"]}, geometry=[ring])
    point = geo.representative_points(frame).iloc[0]
    assert ring.contains(shapely.Point(point["lon"], point["lat"]))


def test_read_layer_keeps_leading_zeros_and_only_the_known_properties(tmp_path):
    feature = {
        "type": "Feature",
        "properties": {
            "region_id": "010101",
            "name_zh": "甲",
            "level": "county",
            "parent_id": "010100",
            "extra": "dropped",
        },
        "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]},
    }
    path = tmp_path / geo.layer_file("counties")
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), "utf-8")
    frame = geo.read_layer(path)
    assert frame["region_id"].tolist() == ["010101"]
    assert "extra" not in frame.columns
