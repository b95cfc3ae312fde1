"""civdash.jobs.station_job: one station upload read, measured against a region, and its map
and circles download prepared, with rows it could not use named."""

from __future__ import annotations

import json

import shapely

from civdash.jobs.station_job import analyse

HEADER = "name,type,lon,lat,crs"
# Two stations in central Hangzhou (GCJ-02, as the boundaries are) and one in Ningbo.
ROWS = [
    "西湖站,community,120.1551,30.2741,gcj02",
    "上城站,community,120.1700,30.2500,gcj02",
    "海曙站,community,121.5500,29.8700,gcj02",
]


def upload(*lines: str) -> bytes:
    return ("\n".join([HEADER, *lines]) + "\n").encode("utf-8")


def test_stations_are_measured_against_the_chosen_region():
    analysis = analyse(upload(*ROWS), "stations.csv", 750.0, "330100", lang="en")
    assert len(analysis.stations) == 3 and not analysis.problems
    result = analysis.result
    assert result is not None
    hangzhou = result.table[result.table["region_id"] == "330100"].iloc[0]
    assert 0 < hangzhou["covered_share"] < 1  # two 750 m circles in a city of 16,000 km²
    # The Ningbo station lies outside the chosen region and is listed as such.
    assert list(result.outside_selected["name"]) == ["海曙站"]


def test_the_map_and_circles_download_are_ready_to_send():
    analysis = analyse(upload(*ROWS), "stations.csv", 750.0, "330100", lang="en")
    spec = json.loads(analysis.deck.to_json())
    assert "西湖站" in json.dumps(spec, ensure_ascii=False)
    circles = json.loads(analysis.circles_geojson)
    assert circles["type"] == "FeatureCollection" and len(circles["features"]) == 3
    first = circles["features"][0]
    shape = shapely.geometry.shape(first["geometry"])
    # WGS-84 for GIS software: the circle lies a few hundred metres from the GCJ-02 point.
    assert shape.distance(shapely.Point(120.1551, 30.2741)) < 0.01
    assert first["properties"]["name"] == "西湖站" and first["properties"]["radius_m"] == 750.0


def test_bad_rows_are_named_and_the_rest_analysed():
    analysis = analyse(
        upload(ROWS[0], "坏站,community,abc,30.2,gcj02"), "stations.csv", 750.0, "330100"
    )
    assert len(analysis.stations) == 1 and analysis.result is not None
    assert [(problem.line, problem.column) for problem in analysis.problems] == [(3, "lon")]


def test_a_file_without_usable_stations_builds_nothing():
    analysis = analyse(upload("坏站,community,abc,30.2,gcj02"), "stations.csv", 750.0, "330100")
    assert analysis.stations.empty and analysis.result is None and analysis.deck is None
    assert analysis.circles_geojson == b"" and analysis.problems
