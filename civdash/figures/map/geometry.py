"""Map geometry: boundaries read once, simplified for drawing, and the web-Mercator view."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pydeck as pdk

from civdash.data.geo import DEFAULT_GEO_DIR, all_regions, load_boundaries, representative_points

if TYPE_CHECKING:
    import geopandas


MAP_WIDTH_PX, MAP_WIDTH_PRESENT_PX = 740, 1300  # the map column with and without sidebar


# In presentation mode the map, its title, legend, inset and source fit one 1080 px screen.
MAP_HEIGHT_PX, MAP_HEIGHT_PRESENT_PX = 560, 580


# A fitted view leaves this share of the frame free on each side for labels and symbols.
VIEW_PADDING = (0.16, 0.08)  # horizontal, vertical: labels run wider than regions


# Drawn boundaries: the map shows Zhejiang at zoom 6-7, about 0.008° a pixel. Drawn at the
# ~100 m detail of geo/, software WebGL spent seconds on sub-pixel islands and vertices.
DISPLAY_TOLERANCE_DEG = {"context_provinces": 0.02, "prefectures": 0.008, "counties": 0.004}


MIN_PART_AREA_DEG2 = 0.0004  # about 2 x 2 pixels


DISPLAY_GRID_DEG = 0.001


# A region farther than this from the median of the mapped regions gets an inset instead of
# stretching the main view (Huangshigang lies 5° west of Zhejiang).
FAR_DEG = 3.5


ZOOM_RANGE = (3.0, 13.0)


# deck.gl's web-Mercator world is 512 px wide at zoom 0 (not the 256 of raster tile schemes).
WORLD_PX_AT_ZOOM_0 = 512


@dataclass(frozen=True)
class MapGeometry:
    """GeoJSON geometry dicts and label points per region, ready to drop into deck layers.

    `shapes` are simplified for drawing (see DISPLAY_TOLERANCE_DEG); analyses use
    `boundary_regions`, which keeps the full detail of geo/.
    """

    shapes: dict[str, dict]  # region_id -> GeoJSON geometry, simplified for drawing
    levels: dict[str, str]
    points: dict[str, tuple[float, float]]  # region_id -> (lon, lat) well inside the region
    bounds: dict[str, tuple[float, float, float, float]]  # west, south, east, north
    context: tuple[dict, ...]  # GeoJSON features of the grey provinces (for static images)
    parents: dict[str, str] = field(default_factory=dict)  # region_id -> parent_id
    outlines: dict = field(default_factory=dict)  # region_id -> the drawn shapely shape
    context_shapes: tuple = ()  # the grey provinces as shapely shapes, cut to each view


def display_shapes(geometries, tolerance: float) -> list:
    """One layer simplified to about a pixel of the map, islands under MIN_PART_AREA_DEG2 left off.

    Simplified as one coverage, so neighbours keep sharing their borders; each region keeps at
    least its largest part, so a small district never disappears.
    """
    import numpy as np
    import shapely

    simplified = shapely.coverage_simplify(np.asarray(geometries, dtype=object), tolerance)
    kept = []
    for shape in simplified:
        parts = list(shapely.get_parts(shape))
        large = [part for part in parts if part.area >= MIN_PART_AREA_DEG2]
        kept.append(shapely.MultiPolygon(large or [max(parts, key=lambda part: part.area)]))
    return kept


def geojson_geometry(shape) -> dict:
    import shapely

    rounded = shapely.set_precision(shape, DISPLAY_GRID_DEG)
    return json.loads(shapely.to_geojson(rounded))


@lru_cache(maxsize=2)
def map_geometry(geo_dir: str = str(DEFAULT_GEO_DIR)) -> MapGeometry:
    """Read geo/ once per process; every rerun reuses the same GeoJSON dicts."""
    layers = load_boundaries(Path(geo_dir))
    frame = all_regions(layers)
    centres = representative_points(frame)
    shapes = {}
    for layer, regions in layers.items():
        drawn = display_shapes(regions.geometry.values, DISPLAY_TOLERANCE_DEG[layer])
        for region_id, shape in zip(regions["region_id"], drawn, strict=True):
            shapes[str(region_id)] = shape
    context = tuple(
        shapes[str(region_id)] for region_id in layers["context_provinces"]["region_id"]
    )
    return MapGeometry(
        shapes={region_id: geojson_geometry(shape) for region_id, shape in shapes.items()},
        levels=dict(zip(frame["region_id"], frame["level"], strict=True)),
        points={
            str(row.region_id): (float(row.lon), float(row.lat)) for row in centres.itertuples()
        },
        bounds={
            str(region_id): tuple(float(edge) for edge in shape.bounds)
            for region_id, shape in zip(frame["region_id"], frame.geometry, strict=True)
        },
        context=tuple(
            {"type": "Feature", "geometry": geojson_geometry(shape), "properties": {}}
            for shape in context
        ),
        context_shapes=context,
        outlines=shapes,
        parents={
            str(region_id): str(parent)
            for region_id, parent in zip(frame["region_id"], frame["parent_id"], strict=True)
            if parent
        },
    )


@lru_cache(maxsize=2)
def boundary_regions(geo_dir: str = str(DEFAULT_GEO_DIR)) -> geopandas.GeoDataFrame:
    """Every boundary as one frame for the station analysis; callers must not modify it."""
    return all_regions(load_boundaries(Path(geo_dir)))


def map_width(present: bool) -> int:
    return MAP_WIDTH_PRESENT_PX if present else MAP_WIDTH_PX


def map_height(present: bool) -> int:
    return MAP_HEIGHT_PRESENT_PX if present else MAP_HEIGHT_PX


def mercator_y(lat: float) -> float:
    lat = max(min(lat, 85.0), -85.0)
    return (1 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / math.pi) / 2


def latitude_at(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(math.pi * (1 - 2 * y))) - math.pi / 2)


def fitted_view(
    boxes: list[tuple[float, float, float, float]],
    width: int = MAP_WIDTH_PX,
    height: int = MAP_HEIGHT_PX,
) -> pdk.ViewState:
    """A web-Mercator view that shows every box, like deck.gl's fitBounds."""
    if not boxes:
        return pdk.ViewState(longitude=120.5, latitude=29.5, zoom=6)
    west = min(box[0] for box in boxes)
    south = min(box[1] for box in boxes)
    east = max(box[2] for box in boxes)
    north = max(box[3] for box in boxes)
    span_x = max((east - west) / 360.0, 1e-6)
    span_y = max(mercator_y(south) - mercator_y(north), 1e-6)
    usable_x, usable_y = (1 - 2 * padding for padding in VIEW_PADDING)
    world = WORLD_PX_AT_ZOOM_0
    zoom = math.log2(min(width * usable_x / (world * span_x), height * usable_y / (world * span_y)))
    zoom = min(max(zoom, ZOOM_RANGE[0]), ZOOM_RANGE[1])
    centre_lat = latitude_at((mercator_y(south) + mercator_y(north)) / 2)
    return pdk.ViewState(
        longitude=(west + east) / 2,
        latitude=centre_lat,
        zoom=round(zoom, 2),
        min_zoom=ZOOM_RANGE[0],
        max_zoom=ZOOM_RANGE[1],
        pitch=0,
        bearing=0,
    )


def view_box(view: pdk.ViewState, width: int, height: int) -> tuple[float, float, float, float]:
    """west, south, east, north of what `view` shows in a `width` x `height` pixel frame."""
    scale = WORLD_PX_AT_ZOOM_0 * 2**view.zoom
    centre_y = mercator_y(view.latitude)
    return (
        view.longitude - width / 2 / scale * 360.0,
        latitude_at(centre_y + height / 2 / scale),
        view.longitude + width / 2 / scale * 360.0,
        latitude_at(centre_y - height / 2 / scale),
    )


def far_regions(boundaries: MapGeometry, region_ids: list[str]) -> list[str]:
    """Regions more than FAR_DEG from the median of the others' label points (Huangshigang)."""
    points = [boundaries.points[region] for region in region_ids if region in boundaries.points]
    if len(points) < 3:
        return []
    lons, lats = sorted(point[0] for point in points), sorted(point[1] for point in points)
    centre = (lons[len(lons) // 2], lats[len(lats) // 2])
    return [
        region
        for region in region_ids
        if region in boundaries.points and math.dist(boundaries.points[region], centre) > FAR_DEG
    ]


def pixel_offset(lon: float, lat: float, view: pdk.ViewState) -> tuple[float, float]:
    """Screen offset in pixels of a point from the centre of `view`, y pointing down."""
    scale = WORLD_PX_AT_ZOOM_0 * 2**view.zoom
    x = (lon - view.longitude) / 360.0 * scale
    y = (mercator_y(lat) - mercator_y(view.latitude)) * scale
    return x, y


def pixel_offsets(coordinates, view: pdk.ViewState):
    """pixel_offset for an (n, 2) array of lon/lat at once, as an (n, 2) numpy array."""
    import numpy as np

    points = np.asarray(coordinates, dtype=float).reshape(-1, 2)
    scale = WORLD_PX_AT_ZOOM_0 * 2**view.zoom
    lat = np.radians(np.clip(points[:, 1], -85.0, 85.0))
    y = (1 - np.log(np.tan(np.pi / 4 + lat / 2)) / np.pi) / 2
    return np.column_stack(
        [
            (points[:, 0] - view.longitude) / 360.0 * scale,
            (y - mercator_y(view.latitude)) * scale,
        ]
    )


def lon_lat_at(x: float, y: float, view: pdk.ViewState) -> tuple[float, float]:
    """The inverse of pixel_offset."""
    scale = WORLD_PX_AT_ZOOM_0 * 2**view.zoom
    return view.longitude + x / scale * 360.0, latitude_at(mercator_y(view.latitude) + y / scale)
