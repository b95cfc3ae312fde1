"""Walking-distance coverage of service stations per region, from an uploaded stations CSV.

Radius: minutes x walking speed, assumed 4.5 km/h (75 m/min), a common planning figure for
adults; older people often walk slower, so pass a lower speed for them. Circles are straight-line
buffers: real routes follow streets and are longer, so the covered area overstates what can be
reached on the network.

CSV columns: name, type, lon, lat and optionally crs, one of wgs84 (GPS), gcj02 (Amap, Tencent)
or bd09 (Baidu); a missing or empty crs means gcj02, the datum of the boundaries in geo/.
Points are converted to GCJ-02 and labelled EPSG:4326 like the boundaries (see boundaries.py).
Areas are measured in the UTM zone at each region's centre; for the provinces in geo/ they
differ from an equal-area projection by under 0.2 %.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from civdash.core import limits
from civdash.data import csv_input
from civdash.data.csv_input import WARNING, InputRefused, Problem
from civdash.i18n import text
from civdash.method.coords import GCJ02, normalise_crs, to_gcj02

if TYPE_CHECKING:
    import geopandas
    import pandas

WALKING_SPEED_M_PER_MIN = 75.0
WALKING_MINUTES = (10, 15, 20)
LON_LAT_CRS = "EPSG:4326"
# Generous box around China (73-136 E, 3-54 N): catches blanks, zeros and foreign points.
CHINA_LON = (73.0, 136.0)
CHINA_LAT = (3.0, 54.0)
REQUIRED_COLUMNS = ("name", "type", "lon", "lat")
# Decimal degrees in ASCII digits: float() would also take '1_20.1_5', '١٢٠' or 'inf'.
COORDINATE = re.compile(r"[-+]?+[0-9]{1,3}+(?:\.[0-9]{1,15}+)?+")
# 64 segments per quarter circle keep the polygon area within 0.01 % of pi r^2.
AREA_QUAD_SEGMENTS = 64
MAP_QUAD_SEGMENTS = 16
STATION_COLUMNS = ["line", "name", "type", "crs_input", "lon_input", "lat_input", "lon", "lat"]
TABLE_COLUMNS = ["region_id", "stations", "covered_km2", "area_km2", "covered_share"]


@dataclass
class CoverageResult:
    table: pandas.DataFrame  # TABLE_COLUMNS; covered_share is a percentage
    circles: geopandas.GeoDataFrame  # one circle per station, GCJ-02 lon/lat
    outside_all: pandas.DataFrame  # stations in none of the regions
    outside_selected: pandas.DataFrame  # stations outside the chosen region (empty if none)


def walking_radius_m(minutes: float, speed_m_per_min: float = WALKING_SPEED_M_PER_MIN) -> float:
    """Straight-line distance walked in `minutes`: 10 min -> 750 m at the default speed."""
    return float(minutes) * float(speed_m_per_min)


PRESET_RADII_M = {minutes: walking_radius_m(minutes) for minutes in WALKING_MINUTES}


def _problem(line: int | None, column: str, key: str, *values: str) -> Problem:
    """A station problem whose reason the map page shows in its own language."""
    return Problem.of("", line, column, key, values=list(values))


def _number(cell: str, column: str, line: int, problems: list[Problem]) -> float | None:
    if not cell:
        problems.append(_problem(line, column, "map.problem.missing", column))
        return None
    normalised = csv_input.normalise_cell(cell[: limits.MAX_VALUE_CHARS + 1])
    value = float(normalised) if COORDINATE.fullmatch(normalised) else math.nan
    if not math.isfinite(value):
        shown = (
            cell if len(cell) <= limits.MAX_VALUE_CHARS else cell[: limits.MAX_VALUE_CHARS] + "…"
        )
        problems.append(_problem(line, column, "map.problem.not_number", column, repr(shown)))
        return None
    return value


def _in_china(lon: float, lat: float) -> bool:
    return CHINA_LON[0] <= lon <= CHINA_LON[1] and CHINA_LAT[0] <= lat <= CHINA_LAT[1]


def _parse_row(cells: dict[str, str], line: int) -> tuple[dict | None, list[Problem]]:
    problems: list[Problem] = []
    lon = _number(cells["lon"], "lon", line, problems)
    lat = _number(cells["lat"], "lat", line, problems)
    if lon is not None and lat is not None and not _in_china(lon, lat):
        key = "map.problem.swapped" if _in_china(lat, lon) else "map.problem.outside"
        problems.append(_problem(line, "lon/lat", key, f"{lon:g}", f"{lat:g}"))
    crs = normalise_crs(cells["crs"]) if cells["crs"] else GCJ02
    if crs is None:
        problems.append(_problem(line, "crs", "map.problem.crs", repr(cells["crs"])))
    if problems:
        return None, problems
    row = {"line": line, "name": cells["name"], "type": cells["type"], "crs_input": crs}
    return {**row, "lon_input": lon, "lat_input": lat}, []


def _station_frame(rows: list[dict]) -> geopandas.GeoDataFrame:
    import geopandas
    import numpy as np
    import pandas

    frame = pandas.DataFrame(rows, columns=STATION_COLUMNS[:6])
    frame["lon"] = np.nan
    frame["lat"] = np.nan
    for crs, group in frame.groupby("crs_input"):
        lon, lat = to_gcj02(group["lon_input"].to_numpy(), group["lat_input"].to_numpy(), crs)
        frame.loc[group.index, "lon"] = lon
        frame.loc[group.index, "lat"] = lat
    points = geopandas.points_from_xy(frame["lon"], frame["lat"])
    return geopandas.GeoDataFrame(frame, geometry=points, crs=LON_LAT_CRS)


def read_stations(data: bytes, filename: str) -> tuple[geopandas.GeoDataFrame, list[Problem]]:
    """Parse an uploaded stations CSV into GCJ-02 points plus a list of rows that were left out.

    Every non-blank row is either a station or at least one Problem with its line number.
    The file meets the same checks as an observations upload (csv_input): size, encoding,
    control bytes, strict quotes, line and field lengths, and limits.MAX_STATION_ROWS rows;
    a file that fails them gives no stations and one Problem saying why.
    The encoding that worked is kept in `frame.attrs["encoding"]`.
    """
    if filename.lower().endswith((".xlsx", ".xls")):
        return _station_frame([]), [_problem(None, "", "map.problem.excel")]
    try:
        decoded = csv_input.decode(data)
    except InputRefused as error:
        return _station_frame([]), [error.problem()]
    problems = [
        Problem("", 1, "", text(key, "en", **values), WARNING, key, values)
        for key, values in decoded.warnings
    ]
    rows = []
    header: list[str] = []
    position: dict[str, int] = {}
    data_rows = 0
    try:
        for line, record in csv_input.records(decoded.text):
            if line == 1:
                header = [cell.strip().lower() for cell in record]
                absent = [column for column in REQUIRED_COLUMNS if column not in header]
                if absent:
                    missing = ", ".join(absent)
                    return _station_frame([]), [
                        _problem(1, missing, "map.problem.columns", missing)
                    ]
                position = {
                    column: header.index(column)
                    for column in (*REQUIRED_COLUMNS, "crs")
                    if column in header
                }
                continue
            if not any(cell.strip() for cell in record):
                continue
            data_rows += 1
            if data_rows > limits.MAX_STATION_ROWS:
                values = {"limit": f"{limits.MAX_STATION_ROWS:,}"}
                refusal = InputRefused(line, "input.too_many_rows", values)
                return _station_frame([]), [refusal.problem()]
            too_long = csv_input.long_field(record)
            if too_long is not None:
                index, length = too_long
                column = header[index] if index < len(header) else f"field {index + 1}"
                values = {"length": f"{length:,}", "limit": f"{limits.MAX_FIELD_CHARS:,}"}
                refusal = InputRefused(line, "input.field_too_long", values)
                problems.append(refusal.problem(column=column))
                continue
            cells = {
                column: record[position[column]].strip()
                if column in position and position[column] < len(record)
                else ""
                for column in (*REQUIRED_COLUMNS, "crs")
            }
            row, row_problems = _parse_row(cells, line)
            problems += row_problems
            if row is not None:
                rows.append(row)
    except InputRefused as error:
        return _station_frame([]), [*problems, error.problem()]
    if not header:
        missing = ", ".join(REQUIRED_COLUMNS)
        return _station_frame([]), [_problem(1, missing, "map.problem.columns", missing)]
    frame = _station_frame(rows)
    frame.attrs["encoding"] = decoded.encoding
    return frame, problems


def _utm_zone_crs(lon: float) -> str:
    """The northern UTM zone around `lon`: stations and regions are all north of 3°N.

    Same answer as GeoSeries.estimate_utm_crs for a point, without its ~70 ms database query.
    """
    return f"EPSG:{32600 + int((lon + 180.0) // 6.0) + 1}"


def station_circles(
    stations: geopandas.GeoDataFrame, radius_m: float, quad_segs: int = MAP_QUAD_SEGMENTS
) -> geopandas.GeoDataFrame:
    """One walking circle per station, drawn in the station's UTM zone, returned in lon/lat."""
    import geopandas
    import pandas

    zones = stations.geometry.x.map(_utm_zone_crs)
    pieces = []
    for zone, group in stations.groupby(zones):
        circles = group.geometry.to_crs(zone).buffer(radius_m, quad_segs=quad_segs)
        pieces.append(group.set_geometry(circles.to_crs(LON_LAT_CRS)))
    if not pieces:
        return stations.assign(radius_m=pandas.Series(dtype=float))
    circles = geopandas.GeoDataFrame(pandas.concat(pieces), crs=LON_LAT_CRS).sort_index()
    return circles.assign(radius_m=float(radius_m))


def _covered_area_m2(
    region_shape, stations: geopandas.GeoSeries, radius_m: float
) -> tuple[float, float]:
    """(covered m², region m²) with both projected into the region's own UTM zone."""
    import geopandas
    import shapely

    min_lon, _, max_lon, _ = region_shape.bounds
    utm = _utm_zone_crs((min_lon + max_lon) / 2)
    area_shape = geopandas.GeoSeries([region_shape], crs=LON_LAT_CRS).to_crs(utm).iloc[0]
    points = stations.to_crs(utm)
    nearby = points[points.dwithin(area_shape, radius_m)]
    discs = shapely.union_all(nearby.buffer(radius_m, quad_segs=AREA_QUAD_SEGMENTS).values)
    return shapely.intersection(discs, area_shape).area, area_shape.area


def coverage_by_region(
    stations: geopandas.GeoDataFrame,
    regions: geopandas.GeoDataFrame,
    radius_m: float,
    region_id: str | None = None,
) -> CoverageResult:
    """Share of each region's area within `radius_m` of a station, and the stations outside.

    `regions` needs region_id and polygons; frames without a CRS are taken as lon/lat. With
    `region_id` only that region's row is computed and `outside_selected` lists the stations
    outside it. A station exactly on a shared border counts in both regions.
    """
    import numpy
    import pandas

    if region_id is not None and region_id not in set(regions["region_id"]):
        raise ValueError(f"region {region_id!r} is not among the regions")
    regions, stations = (
        frame.set_crs(LON_LAT_CRS) if frame.crs is None else frame.to_crs(LON_LAT_CRS)
        for frame in (regions, stations)
    )
    shapes = dict(zip(regions["region_id"], regions.geometry, strict=True))
    inside = {key: stations.geometry.intersects(shape).to_numpy() for key, shape in shapes.items()}
    in_any = numpy.zeros(len(stations), dtype=bool)
    for mask in inside.values():
        in_any |= mask
    rows = []
    for key in shapes if region_id is None else [region_id]:
        covered, area = _covered_area_m2(shapes[key], stations.geometry, radius_m)
        rows.append(
            {
                "region_id": key,
                "stations": int(inside[key].sum()),
                "covered_km2": covered / 1e6,
                "area_km2": area / 1e6,
                "covered_share": 100.0 * covered / area if area else 0.0,
            }
        )
    plain = pandas.DataFrame(stations.drop(columns=stations.geometry.name))
    return CoverageResult(
        table=pandas.DataFrame(rows, columns=TABLE_COLUMNS),
        circles=station_circles(stations, radius_m),
        outside_all=plain[~in_any],
        outside_selected=plain[~inside[region_id]] if region_id is not None else plain.iloc[0:0],
    )
