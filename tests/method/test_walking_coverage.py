"""Station CSV reading and walking-distance coverage, on hand-checkable synthetic geometry."""

from __future__ import annotations

import math
from pathlib import Path

import geopandas
import pytest
from shapely import Point, box

from civdash.method.walking_coverage import (
    PRESET_RADII_M,
    coverage_by_region,
    read_stations,
    walking_radius_m,
)

FIXTURES = Path(__file__).parent.parent / "fixtures"
# UTM zone 51N: x 300 km lies near 121°E, y 3300 km near 29.8°N (eastern Zhejiang).
UTM_51N = "EPSG:32651"
X0, Y0 = 300_000.0, 3_300_000.0
RADIUS_M = 500.0
DISC_KM2 = math.pi * (RADIUS_M / 1000) ** 2  # 0.7854 km²
AREA_TOLERANCE = 1e-3  # relative; the 256-gon circle is within 1e-4 of pi r^2


def _regions(squares: dict[str, tuple[float, float, float, float]]) -> geopandas.GeoDataFrame:
    """Regions given as metre boxes (x0, y0, x1, y1) in UTM 51N, returned in lon/lat."""
    frame = geopandas.GeoDataFrame(
        {"region_id": list(squares)},
        geometry=[box(*bounds) for bounds in squares.values()],
        crs=UTM_51N,
    )
    return frame.to_crs("EPSG:4326")


def _stations(points: dict[str, tuple[float, float]]) -> geopandas.GeoDataFrame:
    """Stations given as metre offsets from (X0, Y0) in UTM 51N, returned in lon/lat."""
    frame = geopandas.GeoDataFrame(
        {"name": list(points)},
        geometry=[Point(X0 + dx, Y0 + dy) for dx, dy in points.values()],
        crs=UTM_51N,
    )
    return frame.to_crs("EPSG:4326")


def _row(result, region_id: str) -> dict:
    return result.table.set_index("region_id").loc[region_id].to_dict()


# --- radius -----------------------------------------------------------------------------------


def test_walking_radius_uses_75_metres_per_minute():
    assert walking_radius_m(10) == 750.0
    assert walking_radius_m(15, speed_m_per_min=50) == 750.0
    assert PRESET_RADII_M == {10: 750.0, 15: 1125.0, 20: 1500.0}


# --- coverage ----------------------------------------------------------------------------------


def test_station_in_the_middle_of_a_2_km_square_covers_one_disc():
    regions = _regions({"330001": (X0 - 1000, Y0 - 1000, X0 + 1000, Y0 + 1000)})
    result = coverage_by_region(_stations({"centre": (0, 0)}), regions, RADIUS_M)
    row = _row(result, "330001")
    assert row["stations"] == 1
    assert row["area_km2"] == pytest.approx(4.0, rel=1e-6)
    assert row["covered_km2"] == pytest.approx(DISC_KM2, rel=AREA_TOLERANCE)
    assert row["covered_share"] == pytest.approx(100 * DISC_KM2 / 4.0, rel=AREA_TOLERANCE)
    assert result.outside_all.empty


def test_two_overlapping_circles_count_their_lens_once():
    # Two radius-r discs d apart overlap in a lens of 2 r² acos(d/2r) - (d/2) sqrt(4r² - d²);
    # r = d = 500 m: lens = 0.3071 km², union = 2 pi r² - lens = 1.5708 - 0.3071 = 1.2637 km².
    distance = 500.0
    angle_term = 2 * RADIUS_M**2 * math.acos(distance / (2 * RADIUS_M))
    lens_m2 = angle_term - distance / 2 * math.sqrt(4 * RADIUS_M**2 - distance**2)
    union_km2 = 2 * DISC_KM2 - lens_m2 / 1e6
    assert union_km2 == pytest.approx(1.2637, abs=1e-4)
    regions = _regions({"330001": (X0 - 2000, Y0 - 2000, X0 + 2000, Y0 + 2000)})
    stations = _stations({"west": (-distance / 2, 0), "east": (distance / 2, 0)})
    row = _row(coverage_by_region(stations, regions, RADIUS_M), "330001")
    assert row["stations"] == 2
    assert row["covered_km2"] == pytest.approx(union_km2, rel=AREA_TOLERANCE)


def test_station_on_a_shared_border_covers_half_a_disc_on_each_side():
    regions = _regions(
        {
            "330001": (X0 - 2000, Y0 - 1000, X0, Y0 + 1000),
            "330002": (X0, Y0 - 1000, X0 + 2000, Y0 + 1000),
        }
    )
    result = coverage_by_region(_stations({"border": (0, 0)}), regions, RADIUS_M)
    for region_id in ("330001", "330002"):
        row = _row(result, region_id)
        assert row["covered_km2"] == pytest.approx(DISC_KM2 / 2, rel=AREA_TOLERANCE)
        assert row["area_km2"] == pytest.approx(4.0, rel=1e-6)
    assert result.outside_all.empty


def test_circles_beyond_the_region_edge_are_clipped():
    # A station 1.5 km outside a 2 km square, 1 km from its edge: a 500 m circle adds nothing.
    regions = _regions({"330001": (X0 - 1000, Y0 - 1000, X0 + 1000, Y0 + 1000)})
    result = coverage_by_region(_stations({"far": (2500, 0)}), regions, RADIUS_M)
    assert _row(result, "330001")["covered_km2"] == 0
    assert _row(result, "330001")["stations"] == 0


def test_station_outside_every_region_is_reported():
    regions = _regions(
        {
            "330001": (X0 - 1000, Y0 - 1000, X0 + 1000, Y0 + 1000),
            "330002": (X0 + 1000, Y0 - 1000, X0 + 3000, Y0 + 1000),
        }
    )
    stations = _stations({"inside": (0, 0), "in the other": (2000, 0), "nowhere": (10_000, 0)})
    result = coverage_by_region(stations, regions, RADIUS_M)
    assert list(result.outside_all["name"]) == ["nowhere"]
    assert result.outside_selected.empty
    chosen = coverage_by_region(stations, regions, RADIUS_M, region_id="330001")
    assert list(chosen.table["region_id"]) == ["330001"]
    assert list(chosen.outside_selected["name"]) == ["in the other", "nowhere"]


def test_unknown_region_is_an_error():
    regions = _regions({"330001": (X0 - 1000, Y0 - 1000, X0 + 1000, Y0 + 1000)})
    with pytest.raises(ValueError, match="330009"):
        coverage_by_region(_stations({"a": (0, 0)}), regions, RADIUS_M, region_id="330009")


def test_map_circles_are_one_lon_lat_disc_per_station():
    regions = _regions({"330001": (X0 - 1000, Y0 - 1000, X0 + 1000, Y0 + 1000)})
    stations = _stations({"a": (0, 0), "b": (300, 0)})
    circles = coverage_by_region(stations, regions, RADIUS_M).circles
    assert list(circles["name"]) == ["a", "b"]
    assert str(circles.crs) == "EPSG:4326"
    assert set(circles["radius_m"]) == {RADIUS_M}
    areas_km2 = circles.to_crs(UTM_51N).area / 1e6
    assert areas_km2.tolist() == pytest.approx([DISC_KM2, DISC_KM2], rel=0.01)


# --- reading the CSV --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "encoding"),
    [
        ("stations_utf8.csv", "utf-8"),
        ("stations_utf8_bom.csv", "utf-8-sig"),
        ("stations_gbk.csv", "gb18030"),
    ],
)
def test_encodings_read_the_same_stations(fixture, encoding):
    stations, problems = read_stations((FIXTURES / fixture).read_bytes(), fixture)
    assert problems == []
    assert stations.attrs["encoding"] == encoding
    assert list(stations["name"])[0] == "东湖街道养老服务中心"
    assert list(stations["line"]) == [2, 3, 4, 5]
    assert list(stations["crs_input"]) == ["gcj02", "wgs84", "bd09", "gcj02"]


def test_stations_are_converted_to_gcj02():
    stations, _ = read_stations((FIXTURES / "stations_utf8.csv").read_bytes(), "s.csv")
    by_name = stations.set_index("name")
    # gcj02 rows are kept as typed.
    assert (by_name.lon["东湖街道养老服务中心"], by_name.lat["东湖街道养老服务中心"]) == (
        120.1551,
        30.2741,
    )
    # WGS-84 Shanghai pair from the eviltransform test suite (see tests/test_coords.py).
    assert by_name.lon["外滩社区服务站"] == pytest.approx(121.531541859215, abs=1e-5)
    assert by_name.lat["外滩社区服务站"] == pytest.approx(31.17530398364597, abs=1e-5)
    # BD-09 example from the wandergis/coordtransform README.
    assert by_name.lon["天安门百度坐标站"] == pytest.approx(116.39762729119315, abs=1e-5)
    assert by_name.lat["天安门百度坐标站"] == pytest.approx(39.90865673957631, abs=1e-5)
    assert by_name.lon_input["外滩社区服务站"] == 121.5272106
    point = by_name.geometry["天安门百度坐标站"]
    assert (point.x, point.y) == (by_name.lon["天安门百度坐标站"], by_name.lat["天安门百度坐标站"])


def test_bad_rows_are_listed_with_line_numbers_and_never_dropped_silently():
    stations, problems = read_stations((FIXTURES / "stations_bad.csv").read_bytes(), "bad.csv")
    assert list(stations["line"]) == [2, 10]
    assert list(stations["crs_input"]) == ["gcj02", "wgs84"]
    assert list(stations["name"]) == ["好站点", "引号内,逗号"]
    located = [(problem.line, problem.column) for problem in problems]
    assert located == [
        (3, "lon"),
        (4, "lat"),
        (6, "lon/lat"),
        (7, "lon/lat"),
        (8, "crs"),
        (9, "lon"),
        (9, "lat"),
    ]
    messages = {problem.line: problem.message for problem in problems}
    assert "outside China" in messages[6]
    assert "swapped" in messages[7]
    assert "'utm'" in messages[8]
    # Every non-blank data row (lines 2-4 and 6-10; line 5 is blank) is accounted for.
    accounted = set(stations["line"]) | {problem.line for problem in problems}
    assert accounted == {2, 3, 4, 6, 7, 8, 9, 10}


def test_missing_column_is_a_header_problem():
    data = "name,type,longitude,lat\n站点,community,120.1,30.2\n".encode()
    stations, problems = read_stations(data, "s.csv")
    assert stations.empty
    assert [(problem.line, problem.column, problem.key) for problem in problems] == [
        (1, "lon", "map.problem.columns")
    ]
    assert "缺少列:lon" in problems[0].text("zh")


def test_unreadable_bytes_and_excel_files_are_problems_not_crashes():
    _, problems = read_stations(b"name,type,lon,lat\n\xff\xfe\xff,x,1,2\n", "s.csv")
    # A problem with the whole file has no line.
    assert [problem.line for problem in problems] == [None]
    _, problems = read_stations(b"PK\x03\x04", "stations.xlsx")
    assert "CSV" in problems[0].message


def test_header_is_case_and_space_insensitive_and_extra_columns_are_ignored():
    data = " Name ,TYPE,note,Lon,LAT\n站点,community,x,120.1,30.2\n".encode()
    stations, problems = read_stations(data, "s.csv")
    assert problems == []
    assert (stations.lon[0], stations.lat[0], stations.crs_input[0]) == (120.1, 30.2, "gcj02")


def test_rows_of_empty_cells_are_skipped_like_blank_lines():
    # Excel writes ",,," for rows that only ever held formatting.
    data = "name,type,lon,lat\n,,,\n站点,community,120.1,30.2\n".encode()
    stations, problems = read_stations(data, "s.csv")
    assert problems == []
    assert list(stations["line"]) == [3]


def test_no_stations_means_no_coverage():
    regions = _regions({"330001": (X0 - 1000, Y0 - 1000, X0 + 1000, Y0 + 1000)})
    stations, _ = read_stations(b"name,type,lon,lat\n", "empty.csv")
    result = coverage_by_region(stations, regions, RADIUS_M)
    assert _row(result, "330001")["covered_km2"] == 0
    assert _row(result, "330001")["area_km2"] == pytest.approx(4.0, rel=1e-6)
    assert result.circles.empty
    assert result.outside_all.empty


def test_regions_in_a_metric_crs_are_handled_like_lon_lat():
    metric = _regions({"330001": (X0 - 1000, Y0 - 1000, X0 + 1000, Y0 + 1000)}).to_crs(UTM_51N)
    result = coverage_by_region(_stations({"centre": (0, 0)}), metric, RADIUS_M)
    assert _row(result, "330001")["covered_km2"] == pytest.approx(DISC_KM2, rel=AREA_TOLERANCE)


def test_every_station_problem_reads_in_the_page_language():
    rows = ["name,type,lon,lat,crs", "a,x,,30", "b,x,abc,30", "c,x,10,10", "d,x,30.2,120.1"]
    rows.append("e,x,120.1,30.2,utm")
    _, problems = read_stations("\n".join(rows).encode(), "s.csv")
    assert [problem.line for problem in problems] == [2, 3, 4, 5, 6]
    for problem in problems:
        assert problem.key.startswith("map.problem.")
        assert any("\u4e00" <= character <= "\u9fff" for character in problem.text("zh"))
        assert problem.text("en") == problem.message
