"""Datum conversions against published reference pairs, plus round trips."""

from __future__ import annotations

import numpy as np
import pytest

from civdash.method.coords import from_gcj02, normalise_crs, to_gcj02

TOLERANCE_DEG = 1e-5

# (wgs_lon, wgs_lat, gcj_lon, gcj_lat) from the eviltransform test suite:
# github.com/googollee/eviltransform python/test.py (commit 3416646), TESTS list,
# which stores them as (wgsLat, wgsLng, gcjLat, gcjLng).
EVILTRANSFORM_WGS_GCJ = [
    (121.5272106, 31.1774276, 121.531541859215, 31.17530398364597),  # Shanghai
    (113.912316, 22.543847, 113.9171764808363, 22.540796131694766),  # Shenzhen
    (116.377817, 39.911954, 116.38404722455657, 39.91334545536069),  # Beijing
]

# The worked example in github.com/wandergis/coordtransform README.md (commit 0148136),
# which converts the same input point (116.404, 39.915) from and to each datum.
WANDERGIS_INPUT = (116.404, 39.915)
WANDERGIS_BD09_TO_GCJ02 = (116.39762729119315, 39.90865673957631)
WANDERGIS_GCJ02_TO_BD09 = (116.41036949371029, 39.92133699351021)
WANDERGIS_WGS84_TO_GCJ02 = (116.41024449916938, 39.91640428150164)


@pytest.mark.parametrize(("wgs_lon", "wgs_lat", "gcj_lon", "gcj_lat"), EVILTRANSFORM_WGS_GCJ)
def test_wgs84_to_gcj02_matches_eviltransform(wgs_lon, wgs_lat, gcj_lon, gcj_lat):
    lon, lat = to_gcj02(wgs_lon, wgs_lat, "wgs84")
    assert lon == pytest.approx(gcj_lon, abs=TOLERANCE_DEG)
    assert lat == pytest.approx(gcj_lat, abs=TOLERANCE_DEG)


@pytest.mark.parametrize(("wgs_lon", "wgs_lat", "gcj_lon", "gcj_lat"), EVILTRANSFORM_WGS_GCJ)
def test_gcj02_to_wgs84_matches_eviltransform(wgs_lon, wgs_lat, gcj_lon, gcj_lat):
    lon, lat = from_gcj02(gcj_lon, gcj_lat, "wgs84")
    assert lon == pytest.approx(wgs_lon, abs=TOLERANCE_DEG)
    assert lat == pytest.approx(wgs_lat, abs=TOLERANCE_DEG)


@pytest.mark.parametrize(
    ("crs", "expected"),
    [("bd09", WANDERGIS_BD09_TO_GCJ02), ("wgs84", WANDERGIS_WGS84_TO_GCJ02)],
)
def test_to_gcj02_matches_wandergis_example(crs, expected):
    lon, lat = to_gcj02(*WANDERGIS_INPUT, crs)
    assert (lon, lat) == pytest.approx(expected, abs=TOLERANCE_DEG)


def test_gcj02_to_bd09_matches_wandergis_example():
    lon, lat = from_gcj02(*WANDERGIS_INPUT, "bd09")
    assert (lon, lat) == pytest.approx(WANDERGIS_GCJ02_TO_BD09, abs=TOLERANCE_DEG)


def test_gcj02_is_returned_unchanged():
    lon, lat = to_gcj02([120.1, 121.5], [30.2, 29.9], "GCJ-02")
    assert lon.tolist() == [120.1, 121.5]
    assert lat.tolist() == [30.2, 29.9]


def test_outside_china_wgs84_equals_gcj02():
    # Paris: GCJ-02 is only defined inside China, elsewhere it is WGS-84.
    lon, lat = to_gcj02([2.3522], [48.8566], "wgs84")
    assert lon.tolist() == [2.3522]
    assert lat.tolist() == [48.8566]


def test_arrays_are_converted_element_by_element_and_keep_their_shape():
    lons = np.array([[116.404, 121.5272106], [113.912316, 116.377817]])
    lats = np.array([[39.915, 31.1774276], [22.543847, 39.911954]])
    lon, lat = to_gcj02(lons, lats, "wgs84")
    assert lon.shape == (2, 2)
    assert lon[0, 0] == pytest.approx(WANDERGIS_WGS84_TO_GCJ02[0], abs=TOLERANCE_DEG)
    assert lat[1, 1] == pytest.approx(EVILTRANSFORM_WGS_GCJ[2][3], abs=TOLERANCE_DEG)


def test_empty_arrays_convert_to_empty_arrays():
    lon, lat = to_gcj02([], [], "bd09")
    assert lon.size == 0
    assert lat.size == 0


@pytest.mark.parametrize("crs", ["wgs84", "bd09"])
def test_round_trip_over_china(crs):
    generator = np.random.default_rng(7)
    lon = generator.uniform(74.0, 135.0, 2000)
    lat = generator.uniform(4.0, 53.0, 2000)
    # wgs84 is inverted iteratively (one-step inversion is off by up to 5e-5 degrees);
    # bd09's published inverse is a closed formula good to about 2e-6 degrees.
    tolerance = 1e-8 if crs == "wgs84" else TOLERANCE_DEG
    back_lon, back_lat = to_gcj02(*from_gcj02(lon, lat, crs), crs)
    assert np.abs(back_lon - lon).max() < tolerance
    assert np.abs(back_lat - lat).max() < tolerance


def test_wgs84_inverse_recovers_the_input():
    generator = np.random.default_rng(11)
    lon = generator.uniform(100.0, 125.0, 500)
    lat = generator.uniform(20.0, 45.0, 500)
    back_lon, back_lat = from_gcj02(*to_gcj02(lon, lat, "wgs84"), "wgs84")
    assert np.abs(back_lon - lon).max() < 1e-8
    assert np.abs(back_lat - lat).max() < 1e-8


@pytest.mark.parametrize(
    ("spelling", "expected"),
    [
        ("WGS-84", "wgs84"),
        ("wgs_84", "wgs84"),
        (" GCJ02 ", "gcj02"),
        ("BD-09", "bd09"),
        ("utm", None),
        ("", None),
        (None, None),
    ],
)
def test_normalise_crs(spelling, expected):
    assert normalise_crs(spelling) == expected


def test_unknown_crs_is_an_error():
    with pytest.raises(ValueError, match="unknown crs"):
        to_gcj02([120.0], [30.0], "cgcs2000")
