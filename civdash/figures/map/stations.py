"""The station analysis map: stations, walking circles and boundaries; circles as GeoJSON."""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING

import pandas as pd
import pydeck as pdk

from civdash.core.colours import CONTEXT_GREY, hex_to_rgb
from civdash.figures.map.drawing import (
    constant_string,
    context_layer,
    geojson_layer,
    offline_deck,
    overlay_layer,
    scale_bar,
    scale_layer,
    text_tooltip,
)
from civdash.figures.map.geometry import (
    WORLD_PX_AT_ZOOM_0,
    MapGeometry,
    boundary_regions,
    fitted_view,
    geojson_geometry,
    map_height,
    map_width,
    view_box,
)
from civdash.figures.map.labels import place_labels
from civdash.figures.map.style import (
    LABEL_PRESENT_PX,
    LABEL_PX,
    NOT_REPORTED_OUTLINE,
    REPORTED_OUTLINE,
    TEXT_COLOUR,
)
from civdash.i18n import text

if TYPE_CHECKING:
    import geopandas

    from civdash.method.walking_coverage import CoverageResult


STATION_COLOUR = "#1b1f24"


OUTSIDE_COLOUR = "#D55E00"


CIRCLE_COLOUR = "#0072B2"


# The station map shows at least this many degrees (about 15 km) and names the first stations.
MIN_STATION_VIEW_DEG = 0.15


MAX_STATION_LABELS = 60


def circles_geojson(circles: geopandas.GeoDataFrame, minutes: int | None = None) -> bytes:
    """The walking circles as standard GeoJSON: WGS-84 lon/lat (RFC 7946), for QGIS or ArcGIS.

    The analysis runs in GCJ-02 like the boundaries; the circles are converted back with
    civdash.method.coords, so they sit where a GPS would put them. Each feature records the datum.
    Geometries go through shapely's vectorised writer: GeoDataFrame.to_json walks every
    coordinate in Python and took tens of seconds for 5,000 circles.
    """
    import numpy as np
    import shapely

    from civdash.method.coords import WGS84, from_gcj02

    def to_wgs84(points: np.ndarray) -> np.ndarray:
        lon, lat = from_gcj02(points[:, 0], points[:, 1], WGS84)
        return np.column_stack([lon, lat])

    geometries = shapely.to_geojson(shapely.transform(circles.geometry.values, to_wgs84))
    columns = [name for name in ("name", "type", "line", "radius_m") if name in circles.columns]
    properties = circles[columns].astype(object).where(circles[columns].notna(), None)
    features = []
    for row, geometry in zip(properties.to_dict("records"), geometries, strict=True):
        row = {**row, "walking_minutes": minutes, "datum": "WGS-84 (EPSG:4326)"}
        features.append(
            f'{{"type":"Feature","properties":{json.dumps(row, ensure_ascii=False, default=str)},'
            f'"geometry":{geometry}}}'
        )
    name = json.dumps("walking circles, WGS-84 (EPSG:4326)")
    return (
        f'{{"type":"FeatureCollection","name":{name},"features":[{",".join(features)}]}}'
    ).encode()


def station_tooltip(row: dict, lang: str, outside: bool) -> str:
    lines = [
        str(row["name"]),
        f"{text('map.column.type', lang)}: {row['type']}",
        f"GCJ-02: {row['lon']:.6f}, {row['lat']:.6f}",
        f"{text('map.column.line', lang)}: {row['line']}",
    ]
    if outside:
        lines.append(text("map.stations_outside_marker", lang))
    return "\n".join(lines)


def stations_deck(
    boundaries: MapGeometry,
    stations: pd.DataFrame,
    result: CoverageResult,
    region_id: str,
    lang: str,
    present: bool = False,
    width: int | None = None,
    dataset_names: dict[str, str] | None = None,
) -> pdk.Deck:
    """Stations with name labels and their walking circles, the chosen region's boundary in a
    thick line, other boundaries thin and named, and a scale bar; fitted to the circles.

    `dataset_names` maps region ids to names in `lang` (boundaries carry Chinese names only).
    """
    outside = set(result.outside_selected["line"].astype(int))
    circles = result.circles.to_geo_dict(drop_id=True)["features"]
    circle_features = [
        {
            "type": "Feature",
            "geometry": feature["geometry"],
            "properties": {
                "tooltip": station_tooltip(
                    feature["properties"], lang, int(feature["properties"]["line"]) in outside
                )
            },
        }
        for feature in circles
    ]
    points = [
        {
            "lon": float(row["lon"]),
            "lat": float(row["lat"]),
            "name": str(row["name"]),
            "fill": hex_to_rgb(OUTSIDE_COLOUR if int(row["line"]) in outside else STATION_COLOUR),
            "tooltip": station_tooltip(row, lang, int(row["line"]) in outside),
        }
        for row in stations.drop(columns="geometry", errors="ignore").to_dict("records")
    ]
    # Fitted to the circles inside the region (across a whole city a 750 m circle is a dot),
    # but never narrower than MIN_STATION_VIEW_DEG, so some boundary and context shows.
    inside = result.circles[~result.circles["line"].astype(int).isin(outside)]
    if len(inside):
        west, south, east, north = (float(edge) for edge in inside.total_bounds)
        grow_x = max(MIN_STATION_VIEW_DEG - (east - west), 0) / 2
        grow_y = max(MIN_STATION_VIEW_DEG - (north - south), 0) / 2
        boxes = [(west - grow_x, south - grow_y, east + grow_x, north + grow_y)]
    else:
        boxes = [boundaries.bounds[region_id]] if region_id in boundaries.bounds else []
    frame = (width or map_width(present), map_height(present))
    view = fitted_view(boxes, width=frame[0], height=frame[1])
    box = view_box(view, *frame)
    label_px = LABEL_PRESENT_PX if present else LABEL_PX
    outlines, names = _boundaries_in_view(box, region_id, lang, label_px, dataset_names)
    layers = [context_layer(boundaries, box)]
    layers.append(
        geojson_layer(
            "boundaries", outlines, "properties.fill", "properties.line", "properties.width"
        )
    )
    circle_fill, circle_line = hex_to_rgb(CIRCLE_COLOUR, 55), hex_to_rgb(CIRCLE_COLOUR, 150)
    layers.append(
        geojson_layer("walking-circles", circle_features, circle_fill, circle_line, 1, True)
    )
    layers.append(
        pdk.Layer(
            "ScatterplotLayer",
            points,
            id="stations",
            get_position="[lon, lat]",
            get_radius=5 if present else 3.5,
            radius_units=constant_string("pixels"),
            get_fill_color="fill",
            stroked=True,
            get_line_color=[255, 255, 255, 255],
            line_width_units=constant_string("pixels"),
            get_line_width=1,
            pickable=True,
        )
    )
    bar, bar_label = scale_bar(box, lang, label_px)
    layers.append(scale_layer(bar))
    station_labels = [
        {
            "region_id": "",
            "lon": point["lon"],
            "lat": point["lat"],
            "text": point["name"],
            "size": label_px - 1,
            "colour": TEXT_COLOUR,
            "radius": 5 if present else 3.5,
        }
        for point in points[:MAX_STATION_LABELS]
    ]
    symbols = [{**label, "radius": label["radius"]} for label in station_labels]
    placed = place_labels(station_labels, symbols, view, frame=frame, fixed=[bar_label])
    # Region names keep clear of the walking circles as well as of the stations.
    metres_per_pixel = (
        40_075_016.7 * math.cos(math.radians(view.latitude)) / (WORLD_PX_AT_ZOOM_0 * 2**view.zoom)
    )
    radius_px = float(result.circles["radius_m"].iloc[0]) / metres_per_pixel if points else 0.0
    symbols = [{**symbol, "radius": max(symbol["radius"], radius_px)} for symbol in symbols]
    # The chosen region named in the top left: across a city the view may show no boundary.
    west, _, _, north = box
    region_name = (dataset_names or {}).get(region_id, region_id)
    title = {
        "lon": west + (box[2] - west) * 0.02,
        "lat": north - (north - box[1]) * 0.03,
        "text": text("map.stations_region_label", lang, region=region_name),
        "size": label_px,
        "colour": TEXT_COLOUR,
        "anchor": "start",
        "baseline": "top",
        "offset": [0, 0],
    }
    region_labels = place_labels(
        names, symbols, view, frame=frame, fixed=[bar_label, title, *placed]
    )
    labels = [bar_label, title, *placed, *region_labels]
    layers.append(overlay_layer(labels, view, frame))
    deck = offline_deck(layers, view, text_tooltip())
    deck.placed_labels = tuple(labels)
    return deck


def _boundaries_in_view(
    box: tuple, region_id: str, lang: str, size: float, names: dict[str, str] | None
) -> tuple[list[dict], list[dict]]:
    """Outlines of every prefecture, district and county crossing the view, at full detail,
    cut to the view; and a name label for each, at a point inside its visible part."""
    import shapely

    regions = boundary_regions()
    regions = regions[regions["level"] != "province"]
    west, south, east, north = box
    # Cut well outside the view: the canvas may be wider than the frame the view was fitted
    # to, and a cut edge inside it would look like a boundary.
    margin_x, margin_y = east - west, north - south
    clipped = shapely.clip_by_rect(
        regions.geometry.values,
        west - margin_x,
        south - margin_y,
        east + margin_x,
        north + margin_y,
    )
    visible = shapely.box(west, south, east, north)
    features, labels = [], []
    for row, shape in zip(regions.itertuples(), clipped, strict=True):
        if shape.is_empty:
            continue
        chosen = row.region_id == region_id
        features.append(
            {
                "type": "Feature",
                "geometry": geojson_geometry(shape),
                "properties": {
                    "fill": hex_to_rgb("#ffffff", 255 if chosen else 0),
                    "line": hex_to_rgb(REPORTED_OUTLINE if chosen else CONTEXT_GREY),
                    "width": 2.5 if chosen else 1,
                },
            }
        )
        inside = shapely.intersection(shape, visible)
        if inside.is_empty:
            continue
        point = shapely.point_on_surface(inside)
        labels.append(
            {
                "region_id": row.region_id,
                "lon": point.x,
                "lat": point.y,
                "text": (names or {}).get(row.region_id, row.name_zh),
                "size": size,
                "colour": hex_to_rgb(NOT_REPORTED_OUTLINE),
                "radius": 0,
            }
        )
    # The chosen region is drawn last, so its thick outline lies on top of its neighbours.
    features.sort(key=lambda feature: feature["properties"]["width"])
    return features, labels
