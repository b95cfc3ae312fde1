"""The station analysis map and its walking-circle GeoJSON."""

from __future__ import annotations

import json

import pytest

from civdash.data.loader import cached_dataset, data_dir
from civdash.figures.map import geometry as map_geometry
from civdash.figures.map import stations as station_map
from civdash.method.walking_coverage import coverage_by_region, read_stations
from civdash.views import map as map_view


@pytest.fixture(scope="module")
def dataset():
    return cached_dataset(str(data_dir()))


@pytest.fixture(scope="module")
def geometry():
    return map_geometry.map_geometry()


def layer(spec: dict, layer_id: str) -> dict:
    return next(item for item in spec["layers"] if item["id"] == layer_id)


def features(spec: dict, layer_id: str) -> list[dict]:
    return layer(spec, layer_id)["data"]["features"]


def test_stations_deck_and_circles_geojson(dataset, geometry):
    data = (
        "name,type,lon,lat,crs\n"
        "海曙站,community,121.55,29.87,gcj02\n"
        "远处站,community,120.15,30.27,gcj02\n"
    ).encode()
    stations, problems = read_stations(data, "stations.csv")
    assert not problems
    result = coverage_by_region(
        stations, map_geometry.boundary_regions(), 750.0, region_id="330203"
    )
    deck = station_map.stations_deck(geometry, stations, result, "330203", "zh")
    spec = json.loads(deck.to_json())
    assert spec["mapStyle"] == "__MAP_STYLE__"
    points = layer(spec, "stations")["data"]
    outside = [item for item in points if item["fill"][:3] == [0xD5, 0x5E, 0x00]]
    assert len(points) == 2 and len(outside) == 1
    table = map_view.coverage_table(dataset, result, 10, "en")
    assert table["Stations"].tolist() == [1]
    # The chosen district's outline is thick and on top; stations are named; a scale shows.
    outlines = features(spec, "boundaries")
    assert outlines[-1]["properties"]["width"] > outlines[0]["properties"]["width"]
    texts = [item["text"] for item in deck.placed_labels]
    assert "分析地区:330203" in texts  # no names passed: the id stands in
    assert "海曙站" in texts and "海曙区" in texts and any(t.endswith("公里") for t in texts)
    assert "scale-bar" in [item["id"] for item in spec["layers"]]


def test_circles_download_is_wgs84_and_says_so(dataset):
    """GCJ-02 circles come back to WGS-84: a GPS point's circle is centred on that GPS point."""
    from civdash.method.coords import from_gcj02

    data = "name,type,lon,lat,crs\n西湖站,community,120.1551,30.2741,wgs84\n".encode()
    stations, _ = read_stations(data, "stations.csv")
    result = coverage_by_region(
        stations, map_geometry.boundary_regions(), 750.0, region_id="330100"
    )
    collection = json.loads(station_map.circles_geojson(result.circles, 10))
    feature = collection["features"][0]
    assert feature["properties"]["datum"] == "WGS-84 (EPSG:4326)"
    assert feature["properties"]["walking_minutes"] == 10
    ring = feature["geometry"]["coordinates"][0]
    centre_lon = sum(point[0] for point in ring[:-1]) / len(ring[:-1])
    centre_lat = sum(point[1] for point in ring[:-1]) / len(ring[:-1])
    assert centre_lon == pytest.approx(120.1551, abs=2e-5)
    assert centre_lat == pytest.approx(30.2741, abs=2e-5)
    gcj_lon, _ = from_gcj02([stations["lon"].iloc[0]], [stations["lat"].iloc[0]], "wgs84")
    assert abs(stations["lon"].iloc[0] - 120.1551) > 1e-3  # the analysis itself ran in GCJ-02
    assert gcj_lon[0] == pytest.approx(120.1551, abs=1e-6)
    name = map_view.circles_file_name(dataset.region_name("330100", "en"), 10)
    assert name == "civil-affairs_walking-circles_hangzhou_10min_wgs84.geojson"
