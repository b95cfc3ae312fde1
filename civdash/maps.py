"""Coverage-map builders: map-able indicators, the table behind the map, pydeck decks and legends.

Nothing here fetches anything: decks are built with `map_provider=None`, so the browser draws only
the committed boundaries in geo/ (GCJ-02) over a blank canvas. A deployer with an intranet tile
server may set CIVDASH_BASEMAP_STYLE to a MapLibre/Mapbox style URL on that intranet; the decks
then draw it underneath. Its tiles must be GCJ-02 (as Amap's are) or the boundaries will sit
400-700 m off. Unset (the default), there is no basemap at all.
"""

from __future__ import annotations

import json
import math
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import altair as alt
import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from civdash import map_overlay, source_view
from civdash.accessibility import list_summary
from civdash.boundaries import DEFAULT_GEO_DIR, all_regions, load_boundaries, representative_points
from civdash.charts import FONT, wrap
from civdash.colours import CONTEXT_GREY, NOT_REPORTED_GREY, hex_to_rgb
from civdash.coverage import WALKING_SPEED_M_PER_MIN
from civdash.curated import station_indicators
from civdash.exports import slug
from civdash.i18n import qualifier_name, text, unit_name
from civdash.loader import Dataset
from civdash.numbers import format_number, format_value
from civdash.views import focus_regions, indicator_options, source_titles
from civdash.vocab import COUNT_UNITS

if TYPE_CHECKING:
    import geopandas

    from civdash.coverage import CoverageResult, Problem

BASEMAP_ENV = "CIVDASH_BASEMAP_STYLE"
RATE, COUNT = "rate", "count"

PERCENT_UNITS = {"percent", "percent_ratio"}

# Viridis in five steps: ordered in lightness, readable with the common colour-vision
# deficiencies and in greyscale, and its darkest step is nothing like the light not-reported grey.
RAMP = ("#440154", "#3b528b", "#21918c", "#5ec962", "#fde725")
PERCENT_BREAKS = (0.0, 20.0, 40.0, 60.0, 80.0, 100.0)
NOT_REPORTED_OUTLINE = "#5f6368"
REPORTED_OUTLINE = "#4a4f55"
COUNT_REGION_FILL = "#ffffff"
CONTEXT_FILL = "#f7f7f7"
STATION_COLOUR = "#1b1f24"
OUTSIDE_COLOUR = "#D55E00"
CIRCLE_COLOUR = "#0072B2"
TEXT_COLOUR = [27, 31, 36, 255]
# Map labels put a Latin face first: deck.gl's glyph atlas left WenQuanYi's "J" blank.
LABEL_FONT = "Liberation Sans, Arial, " + FONT
LEVEL_ORDER = ("province", "prefecture", "district", "county")
MAP_WIDTH_PX, MAP_WIDTH_PRESENT_PX = 740, 1300  # the map column with and without sidebar
# In presentation mode the map, its title, legend, inset and source fit one 1080 px screen.
MAP_HEIGHT_PX, MAP_HEIGHT_PRESENT_PX = 560, 540
MAX_SYMBOL_PX, MAX_SYMBOL_PRESENT_PX = 30, 40
LABEL_PX, LABEL_PRESENT_PX = 13, 19
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
# The station map shows at least this many degrees (about 15 km) and names the first stations.
MIN_STATION_VIEW_DEG = 0.15
MAX_STATION_LABELS = 60
# Share of a not-reported label's box that may lie over other regions (the sea is fine).
LABEL_SPILL = 0.25
# Gap in pixels kept between a label and its symbol, and between any two labels.
LABEL_GAP_PX = 4
ZOOM_RANGE = (3.0, 13.0)
# deck.gl's web-Mercator world is 512 px wide at zoom 0 (not the 256 of raster tile schemes).
WORLD_PX_AT_ZOOM_0 = 512
TOOLTIP_STYLE = {
    "backgroundColor": "#1b1f24",
    "color": "#ffffff",
    "fontFamily": FONT,
    "fontSize": "13px",
    "maxWidth": "380px",
    "whiteSpace": "pre-line",
}

MAP_COLUMNS = [
    "observation_id",
    "region_id",
    "region",
    "level",
    "value",
    "label",
    "value_as_written",
    "year",
    "qualifier",
    "qualifier_label",
    "source_id",
    "source",
    "excerpt",
    "unit",
    "reported",
]


# --- which indicators --------------------------------------------------------------------------


def indicator_kind(dataset: Dataset, indicator_id: str) -> str:
    """COUNT (proportional symbols) for quantities that add up, RATE (shading) for the rest."""
    row = dataset.indicator_rows.get(indicator_id)
    return COUNT if row is not None and row["unit"] in COUNT_UNITS else RATE


def point_figures(dataset: Dataset) -> pd.DataFrame:
    """The latest single-year figure per region and indicator; multi-year totals never map."""
    latest = dataset.latest
    return latest[latest["period_type"] == "point"]


def map_indicator_options(dataset: Dataset, lang: str = "zh") -> list[str]:
    """Indicators with at least one single-year region figure, station indicators first."""
    return dataset.memo(
        ("map_indicator_options", lang), lambda: _map_indicator_options(dataset, lang)
    )


def _map_indicator_options(dataset: Dataset, lang: str) -> list[str]:
    mapped = set(point_figures(dataset)["indicator_id"].astype(str))
    ordered = [item for item in indicator_options(dataset, lang) if item in mapped]
    stations = [item for item in station_indicators(dataset) if item in mapped]
    first = set(stations)
    return stations + [item for item in ordered if item not in first]


# --- the table behind the map ------------------------------------------------------------------


def map_table(dataset: Dataset, indicator_id: str, lang: str) -> pd.DataFrame:
    """Latest single-year value per region, plus every focus region without one.

    Each figure stays at the level the report gives it: a county figure is shown as that county
    (drawn above its city) and never summed into the city; other regions show at prefecture
    level. Focus regions without a figure get a row with value NaN marked not reported, so the
    map and table show a gap as a gap, never as zero.
    """
    figures = point_figures(dataset)
    figures = figures[figures["indicator_id"] == indicator_id]
    rows = []
    for figure in figures.to_dict("records"):
        region_id = str(figure["region_id"])
        rows.append(
            {
                "observation_id": str(figure["observation_id"]),
                "region_id": region_id,
                "region": dataset.region_name(region_id, lang),
                "level": str(figure["level"]),
                "value": float(figure["value"]),
                "label": format_value(figure["value"], figure["unit"], lang, figure["qualifier"]),
                "value_as_written": str(figure["value_as_written"]),
                "year": int(figure["year"]),
                "qualifier": str(figure["qualifier"]),
                "qualifier_label": qualifier_name(figure["qualifier"], lang),
                "source_id": str(figure["source_id"]),
                "source": source_titles(dataset, [figure["source_id"]], lang),
                "excerpt": str(figure["excerpt"]),
                "unit": str(figure["unit"]),
                "reported": True,
            }
        )
    reported = pd.DataFrame(rows, columns=MAP_COLUMNS).sort_values(
        "value", ascending=False, kind="stable"
    )
    unit = str(dataset.indicator_rows[indicator_id]["unit"])
    levels = dict(zip(dataset.regions["region_id"], dataset.regions["level"], strict=True))
    missing = [
        {
            "observation_id": "",
            "region_id": region_id,
            "region": dataset.region_name(region_id, lang),
            "level": levels.get(region_id, ""),
            "value": math.nan,
            "label": text("label.not_reported", lang),
            "value_as_written": "",
            "year": None,
            "qualifier": "",
            "qualifier_label": "",
            "source_id": "",
            "source": "",
            "excerpt": "",
            "unit": unit,
            "reported": False,
        }
        for region_id in focus_regions(dataset)
        if region_id not in set(reported["region_id"])
    ]
    table = pd.concat([reported, pd.DataFrame(missing, columns=MAP_COLUMNS)], ignore_index=True)
    table["value"] = table["value"].astype(float)
    table["year"] = table["year"].astype("Int64")
    table["reported"] = table["reported"].astype(bool)
    return table


def reported_rows(table: pd.DataFrame) -> pd.DataFrame:
    return table[table["reported"]]


def display_table(
    dataset: Dataset, table: pd.DataFrame, indicator_id: str, lang: str
) -> pd.DataFrame:
    """The localised table shown beside the map and offered for download: the same frame.

    Region, year, value as written, source and excerpt lead; ids go last. Only reported figures
    are rows, so every value has its year and no cell is empty; the regions without a figure
    are named under the table (not_reported_note) and drawn grey on the map.
    """
    reported = reported_rows(table)
    return pd.DataFrame(
        {
            text("label.region", lang): reported["region"],
            text("label.year", lang): reported["year"].astype(int),
            text("map.column.shown_as", lang): reported["label"],
            text("label.value_as_written", lang): reported["value_as_written"],
            text("label.source", lang): reported["source"],
            text("label.excerpt", lang): reported["excerpt"],
            text("label.level", lang): [
                text(f"level.{level}", lang) if level else "–" for level in reported["level"]
            ],
            text("label.indicator", lang): dataset.indicator_name(indicator_id, lang),
            text("label.value", lang): reported["value"].astype(float),
            text("label.unit", lang): [unit_name(unit, lang) for unit in reported["unit"]],
            text("label.qualifier", lang): [label or "–" for label in reported["qualifier_label"]],
            text("label.region", lang) + " ID": reported["region_id"],
            "indicator_id": indicator_id,
            "source_id": reported["source_id"],
            text("label.view_source", lang): source_view.source_urls(reported, lang),
        }
    ).reset_index(drop=True)


def not_reported_note(table: pd.DataFrame, lang: str) -> str:
    """'未报告该指标的地区:杭州市、温州市' for the regions drawn grey; '' when all report."""
    missing = table.loc[~table["reported"], "region"].tolist()
    if not missing:
        return ""
    joined = ("、" if lang == "zh" else ", ").join(missing)
    return text("compare.not_reported", lang, regions=joined)


# --- geometry, read and serialised once per process ---------------------------------------------


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


def _geojson(shape) -> dict:
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
        shapes={region_id: _geojson(shape) for region_id, shape in shapes.items()},
        levels=dict(zip(frame["region_id"], frame["level"], strict=True)),
        points={
            str(row.region_id): (float(row.lon), float(row.lat)) for row in centres.itertuples()
        },
        bounds={
            str(region_id): tuple(float(edge) for edge in shape.bounds)
            for region_id, shape in zip(frame["region_id"], frame.geometry, strict=True)
        },
        context=tuple(
            {"type": "Feature", "geometry": _geojson(shape), "properties": {}} for shape in context
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


# --- colours, sizes and the view ---------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    lower: float
    upper: float
    colour: str


def _round_break(value: float) -> float:
    """Three significant figures, so that legend ranges read as plain numbers."""
    if value == 0 or not math.isfinite(value):
        return value
    digits = 2 - int(math.floor(math.log10(abs(value))))
    return round(value, digits)


def colour_steps(values: pd.Series, unit: str) -> list[Step]:
    """Classes for shading: fixed fifths for percentages, else equal intervals of the data."""
    values = values.dropna().astype(float)
    if values.empty:
        return []
    low, high = float(values.min()), float(values.max())
    if unit in PERCENT_UNITS and low >= 0 and high <= 100:
        breaks = list(PERCENT_BREAKS)
    elif low == high:
        return [Step(low, high, RAMP[-1])]
    else:
        count = min(len(RAMP), values.nunique())
        breaks = [_round_break(low + (high - low) * step / count) for step in range(count + 1)]
        breaks[0], breaks[-1] = min(breaks[0], low), max(breaks[-1], high)
    count = len(breaks) - 1
    # Fewer classes than ramp colours still span dark to light, so the order stays readable.
    colours = [RAMP[round(index * (len(RAMP) - 1) / max(count - 1, 1))] for index in range(count)]
    return [Step(breaks[index], breaks[index + 1], colours[index]) for index in range(count)]


def step_colour(value: float, steps: list[Step]) -> str:
    for step in steps[:-1]:
        if value < step.upper:
            return step.colour
    return steps[-1].colour


def max_symbol_px(present: bool) -> int:
    return MAX_SYMBOL_PRESENT_PX if present else MAX_SYMBOL_PX


def symbol_radius_px(value: float, largest: float, present: bool = False) -> float:
    """Radius proportional to the square root, so that a symbol's area reads as the count."""
    if not largest or largest <= 0 or not math.isfinite(value) or value <= 0:
        return 0.0
    return max_symbol_px(present) * math.sqrt(value / largest)


def map_width(present: bool) -> int:
    return MAP_WIDTH_PRESENT_PX if present else MAP_WIDTH_PX


def map_height(present: bool) -> int:
    return MAP_HEIGHT_PRESENT_PX if present else MAP_HEIGHT_PX


def _mercator_y(lat: float) -> float:
    lat = max(min(lat, 85.0), -85.0)
    return (1 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / math.pi) / 2


def _latitude(y: float) -> float:
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
    span_y = max(_mercator_y(south) - _mercator_y(north), 1e-6)
    usable_x, usable_y = (1 - 2 * padding for padding in VIEW_PADDING)
    world = WORLD_PX_AT_ZOOM_0
    zoom = math.log2(min(width * usable_x / (world * span_x), height * usable_y / (world * span_y)))
    zoom = min(max(zoom, ZOOM_RANGE[0]), ZOOM_RANGE[1])
    centre_lat = _latitude((_mercator_y(south) + _mercator_y(north)) / 2)
    return pdk.ViewState(
        longitude=(west + east) / 2,
        latitude=centre_lat,
        zoom=round(zoom, 2),
        min_zoom=ZOOM_RANGE[0],
        max_zoom=ZOOM_RANGE[1],
        pitch=0,
        bearing=0,
    )


def basemap_style() -> str | None:
    """The deployer's intranet style URL, or None (the default): no basemap is requested."""
    style = os.environ.get(BASEMAP_ENV, "").strip()
    return style or None


class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation.

    pydeck indents by two spaces, one number per line, which makes the polygons' JSON about six
    times larger (3.4 MB instead of 0.6 MB) on every rerun that Streamlit sends to the browser.
    """

    # What the overlay image draws, kept for tests and never sent to the browser.
    placed_labels: tuple = ()
    symbol_marks: tuple = ()
    scale_bar: dict | None = None

    def to_json(self) -> str:
        # A deck is never changed once built, so its JSON is made once (decks are shared).
        if getattr(self, "_json", None) is None:

            def serialise(item):
                attributes = default_serialize(item)
                if item is self:
                    for name in ("placedLabels", "symbolMarks", "scaleBar"):
                        attributes.pop(name, None)
                return attributes

            self._json = json.dumps(self, sort_keys=True, default=serialise, separators=(",", ":"))
        return self._json


def _deck(layers: list[pdk.Layer], view: pdk.ViewState, tooltip: dict) -> pdk.Deck:
    style = basemap_style()
    if style:
        return CompactDeck(
            layers=layers,
            initial_view_state=view,
            tooltip=tooltip,
            map_provider="maplibre",
            map_style=style,
        )
    # Omitting map_style (rather than passing None) matters: pydeck then writes its
    # "__MAP_STYLE__" placeholder, which Streamlit reads as "no basemap", whereas an absent
    # style makes Streamlit fetch a CARTO basemap from the internet.
    return CompactDeck(layers=layers, initial_view_state=view, tooltip=tooltip, map_provider=None)


def _tooltip() -> dict:
    # A plain-text tooltip: deck.gl sets it as text, so no data value can ever become markup.
    return {"text": "{tooltip}", "style": TOOLTIP_STYLE}


def _text(value: str) -> pdk.types.String:
    # pydeck turns bare strings into accessor expressions; constants must be wrapped.
    return pdk.types.String(value)


def view_box(view: pdk.ViewState, width: int, height: int) -> tuple[float, float, float, float]:
    """west, south, east, north of what `view` shows in a `width` x `height` pixel frame."""
    scale = WORLD_PX_AT_ZOOM_0 * 2**view.zoom
    centre_y = _mercator_y(view.latitude)
    return (
        view.longitude - width / 2 / scale * 360.0,
        _latitude(centre_y + height / 2 / scale),
        view.longitude + width / 2 / scale * 360.0,
        _latitude(centre_y - height / 2 / scale),
    )


def _context_layer(boundaries: MapGeometry, box: tuple | None = None) -> pdk.Layer:
    """Grey provinces, cut to a margin around the view: the rest is never seen at first."""
    import shapely

    shapes = boundaries.context_shapes
    if box is not None:
        west, south, east, north = box
        margin_x, margin_y = (east - west) / 2, (north - south) / 2
        clipped = shapely.clip_by_rect(
            list(shapes), west - margin_x, south - margin_y, east + margin_x, north + margin_y
        )
        shapes = tuple(shape for shape in clipped if not shape.is_empty)
    features = [
        {"type": "Feature", "geometry": _geojson(shape), "properties": {}} for shape in shapes
    ]
    return pdk.Layer(
        "GeoJsonLayer",
        {"type": "FeatureCollection", "features": features},
        id="context-provinces",
        filled=True,
        stroked=True,
        get_fill_color=hex_to_rgb(CONTEXT_FILL),
        get_line_color=hex_to_rgb(CONTEXT_GREY),
        line_width_units=_text("pixels"),
        get_line_width=1,
        pickable=False,
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


def nice_length_km(span_km: float) -> float:
    """A 1, 2 or 5 x 10^n length near a fifth of the map's width, for the scale bar."""
    return _nice(span_km / 5) or 1.0


def scale_bar(box: tuple[float, float, float, float], lang: str, size: float) -> tuple[dict, dict]:
    """A bar of a round length in the lower left of the view, and its label above it.

    Drawn in map coordinates, so it stays true when the user zooms: the bar grows with the map.
    """
    west, south, east, north = box
    lat = south + (north - south) * 0.06
    km_per_degree = 111.32 * math.cos(math.radians(lat))
    length = nice_length_km((east - west) * km_per_degree)
    start = west + (east - west) * 0.04
    end = start + length / km_per_degree
    bar = {"path": [[start, lat], [end, lat]], "tooltip": ""}
    label = {
        "lon": start,
        "lat": lat,
        "text": text("map.scale_km", lang, km=f"{length:g}"),
        "size": size,
        "colour": TEXT_COLOUR,
        "anchor": "start",
        "baseline": "bottom",
        "offset": [0, -4],
    }
    return bar, label


def _scale_layer(bar: dict) -> pdk.Layer:
    return pdk.Layer(
        "PathLayer",
        [bar],
        id="scale-bar",
        get_path="path",
        get_color=TEXT_COLOUR,
        width_units=_text("pixels"),
        get_width=3,
        cap_rounded=False,
        pickable=False,
    )


def region_tooltip(row: dict, lang: str) -> str:
    """Name, value as written, year, qualifier and source, one per line, as plain text."""
    level = text(f"level.{row['level']}", lang) if row["level"] else ""
    lines = [f"{row['region']} ({level})" if level else str(row["region"])]
    if not row["reported"]:
        # A per-resident map names a region that reports but has no population base.
        lines.append(row.get("gap_label") or text("label.not_reported", lang))
        return "\n".join(lines)
    lines += [
        f"{text('label.value', lang)}: {row['label']}",
        f"{text('label.value_as_written', lang)}: {row['value_as_written']}",
        f"{text('label.year', lang)}: {row['year']}",
        f"{text('label.qualifier', lang)}: {row['qualifier_label']}",
        f"{text('label.source', lang)}: {row['source']}",
    ]
    return "\n".join(lines)


def region_label(row: dict, lang: str) -> str:
    """'宁波市 504个 (2012)' on the map; '… 未报告' for a gap."""
    if not row["reported"]:
        # Two short lines instead of one long one: the label stays over its own region.
        return f"{row['region']}\n{row.get('gap_label') or text('label.not_reported', lang)}"
    return f"{row['region']} {row['label']} ({row['year']})"


def _region_features(rows: list[dict], geometry: MapGeometry) -> list[dict]:
    return [
        {"type": "Feature", "geometry": geometry.shapes[row["region_id"]], "properties": row}
        for row in rows
        if row["region_id"] in geometry.shapes
    ]


def build_deck(
    boundaries: MapGeometry,
    table: pd.DataFrame,
    kind: str,
    lang: str,
    colours: dict[str, str],
    present: bool = False,
    width: int | None = None,
) -> pdk.Deck:
    """The indicator map: grey provinces, then regions shaded (rates) or with symbols (counts).

    Not-reported regions are light grey, hatched, with a dark outline, never a ramp colour.
    Counties are drawn after their cities, so a county figure sits on top of its city. A region
    far from the others (see far_regions) is drawn but left out of the initial view; an arrow
    label at the view's edge points to it and the page shows it in an inset.
    """
    records = table.to_dict("records")
    unit = str(table["unit"].iloc[0]) if len(table) else "count"
    steps = colour_steps(reported_rows(table)["value"], unit) if kind == RATE else []
    largest = (
        float(reported_rows(table)["value"].max())
        if kind == COUNT and len(reported_rows(table))
        else 0.0
    )
    label_px = LABEL_PRESENT_PX if present else LABEL_PX
    shapes, symbols, labels = [], [], []
    for row in records:
        tooltip = region_tooltip(row, lang)
        reported = bool(row["reported"])
        line = hex_to_rgb(REPORTED_OUTLINE)
        if not reported:
            fill, line = hex_to_rgb(NOT_REPORTED_GREY), hex_to_rgb(NOT_REPORTED_OUTLINE)
        elif kind == RATE:
            fill = hex_to_rgb(step_colour(row["value"], steps), 225)
        else:
            fill = hex_to_rgb(COUNT_REGION_FILL, 235)
        shapes.append(
            {
                "region_id": row["region_id"],
                "level": row["level"],
                "reported": reported,
                "fill": fill,
                "line": line,
                "tooltip": tooltip,
            }
        )
        point = boundaries.points.get(row["region_id"])
        if point is None:
            continue
        radius = symbol_radius_px(row["value"], largest, present) if reported else 0.0
        if kind == COUNT and radius > 0:
            symbols.append(
                {
                    "lon": point[0],
                    "lat": point[1],
                    "radius": radius,
                    # Opaque: at 84 % the lighter region colours fell below 3:1 on white;
                    # the white outline keeps touching symbols apart.
                    "fill": hex_to_rgb(colours.get(row["region_id"], "#757575")),
                    "tooltip": tooltip,
                }
            )
        labels.append(
            {
                "region_id": row["region_id"],
                "lon": point[0],
                "lat": point[1],
                "text": region_label(row, lang),
                "size": label_px,
                "colour": TEXT_COLOUR if reported else hex_to_rgb(NOT_REPORTED_OUTLINE),
                "radius": radius,
                "reported": reported,
                "tooltip": tooltip,
            }
        )
    far = set(far_regions(boundaries, [row["region_id"] for row in records]))
    boxes = [
        boundaries.bounds[row["region_id"]]
        for row in records
        if row["region_id"] in boundaries.bounds and row["region_id"] not in far
    ]
    frame = (width or map_width(present), map_height(present))
    view = fitted_view(boxes, width=frame[0], height=frame[1])
    box = view_box(view, *frame)
    layers = [_context_layer(boundaries, box)]
    for level in LEVEL_ORDER:
        for reported in (True, False):
            level_rows = [
                shape
                for shape in shapes
                if shape["level"] == level and shape["reported"] == reported
            ]
            if level_rows:
                layers.append(_region_layer(level, reported, level_rows, boundaries))
    # Largest first, so that a small symbol is never hidden under a big one. Symbols, like the
    # labels and the scale bar, are drawn into the overlay image: every further deck.gl layer
    # type is a shader that software WebGL compiles for seconds.
    symbols.sort(key=lambda item: -item["radius"])
    bar, bar_label = scale_bar(box, lang, label_px)
    fixed = [bar_label] + [
        edge_label(label, box, lang) for label in labels if label["region_id"] in far
    ]
    inside = [label for label in labels if label["region_id"] not in far]
    placed = place_labels(inside, symbols, view, boundaries, frame, fixed=fixed)
    hatched = [
        boundaries.outlines[row["region_id"]]
        for row in records
        if not row["reported"] and row["region_id"] in boundaries.outlines
    ]
    layers.append(_overlay_layer(fixed + placed, view, frame, hatched, symbols, [bar]))
    deck = _deck(layers, view, _tooltip())
    deck.placed_labels = tuple(fixed + placed)
    deck.symbol_marks = tuple(symbols)
    deck.scale_bar = bar
    return deck


def _region_layer(level: str, reported: bool, rows: list[dict], boundaries: MapGeometry):
    """One level's regions, reported or not: not-reported ones get a darker, thicker outline
    here and hatching in the overlay image (a dashed-line shader cost seconds to compile)."""
    county = level in ("district", "county")
    return pdk.Layer(
        "GeoJsonLayer",
        {"type": "FeatureCollection", "features": _region_features(rows, boundaries)},
        id=f"regions-{level}" + ("" if reported else "-not-reported"),
        filled=True,
        stroked=True,
        get_fill_color="properties.fill",
        get_line_color="properties.line",
        line_width_units=_text("pixels"),
        get_line_width=(1.6 if county else 1.2) if reported else 1.6,
        pickable=True,
        auto_highlight=True,
        highlight_color=[255, 255, 255, 70],
    )


def edge_label(label: dict, box: tuple[float, float, float, float], lang: str) -> dict:
    """'← 黄石港区 6个 (2015)' at the edge of the view nearest to a region outside it."""
    west, south, east, north = box
    to_west = label["lon"] < (west + east) / 2
    lat = min(max(label["lat"], south + (north - south) * 0.2), north - (north - south) * 0.1)
    first_line = label["text"].split("\n")[0]
    rest = label["text"][len(first_line) :]
    arrow = text("map.far_west" if to_west else "map.far_east", lang, x=first_line) + rest
    return {
        **label,
        "lon": west if to_west else east,
        "lat": lat,
        "text": arrow,
        "anchor": "start" if to_west else "end",
        "baseline": "center",
        "offset": [8, 0] if to_west else [-8, 0],
    }


def _pixel(lon: float, lat: float, view: pdk.ViewState) -> tuple[float, float]:
    """Screen offset in pixels of a point from the centre of `view`, y pointing down."""
    scale = WORLD_PX_AT_ZOOM_0 * 2**view.zoom
    x = (lon - view.longitude) / 360.0 * scale
    y = (_mercator_y(lat) - _mercator_y(view.latitude)) * scale
    return x, y


def _text_width(value: str, size: float) -> float:
    # CJK glyphs are about one em wide, Latin letters and digits a little over half.
    return sum(size if ord(char) >= 0x2E80 else 0.6 * size for char in value)


def _overlaps(box: tuple, others: list[tuple]) -> bool:
    left, top, right, bottom = box
    return any(
        left < other[2] + LABEL_GAP_PX
        and other[0] < right + LABEL_GAP_PX
        and top < other[3] + LABEL_GAP_PX
        and other[1] < bottom + LABEL_GAP_PX
        for other in others
    )


def _placements(x: float, y: float, width: float, height: float, gap: float) -> list[tuple]:
    """(anchor, baseline, pixel offset, top-left corner) of each position to try, best first.

    Beside a symbol: below, above, right, left of it. A shaded region: on its centre, then just
    below and just above.
    """
    if gap:
        return [
            ("middle", "top", [0, gap], (x - width / 2, y + gap)),
            ("middle", "bottom", [0, -gap], (x - width / 2, y - gap - height)),
            ("start", "center", [gap, 0], (x + gap, y - height / 2)),
            ("end", "center", [-gap, 0], (x - gap - width, y - height / 2)),
        ]
    half = height / 2
    return [
        ("middle", "center", [0, 0], (x - width / 2, y - half)),
        ("middle", "top", [0, half], (x - width / 2, y + half)),
        ("middle", "bottom", [0, -half], (x - width / 2, y - half - height)),
    ]


def _lon_lat(x: float, y: float, view: pdk.ViewState) -> tuple[float, float]:
    """The inverse of _pixel."""
    scale = WORLD_PX_AT_ZOOM_0 * 2**view.zoom
    return view.longitude + x / scale * 360.0, _latitude(_mercator_y(view.latitude) + y / scale)


def _label_size(label: dict) -> tuple[float, float]:
    lines = str(label["text"]).split("\n")
    width = max(_text_width(line, label["size"]) for line in lines)
    return width, label["size"] * 1.25 * len(lines)


def _fixed_box(label: dict, view: pdk.ViewState) -> tuple[float, float, float, float]:
    """The pixel box of a label placed with an explicit anchor, baseline and offset."""
    x, y = _pixel(label["lon"], label["lat"], view)
    width, height = _label_size(label)
    x, y = x + label["offset"][0], y + label["offset"][1]
    left = {"start": x, "middle": x - width / 2, "end": x - width}[label["anchor"]]
    top = {"top": y, "center": y - height / 2, "bottom": y - height}[label["baseline"]]
    return (left, top, left + width, top + height)


def _over_other_regions(
    box: tuple, region_id: str, view: pdk.ViewState, boundaries: MapGeometry
) -> bool:
    """True when more than LABEL_SPILL of the label's box lies over other mapped regions."""
    import shapely

    west, north = _lon_lat(box[0], box[1], view)
    east, south = _lon_lat(box[2], box[3], view)
    rectangle = shapely.box(west, south, east, north)
    spill = sum(
        shapely.intersection(rectangle, shape).area
        for other, shape in boundaries.outlines.items()
        if other != region_id
        and boundaries.levels.get(other) != "province"
        and other != boundaries.parents.get(region_id)
        and shapely.intersects(rectangle, shape)
    )
    return spill > LABEL_SPILL * rectangle.area


def place_labels(
    labels: list[dict],
    symbols: list[dict],
    view: pdk.ViewState,
    boundaries: MapGeometry | None = None,
    frame: tuple[int, int] | None = None,
    fixed: list[dict] | None = None,
) -> list[dict]:
    """Labels that fit at the initial view: below, above, right or left of their point.

    Labels come in priority order (figures by size, then gaps); one that overlaps a placed
    label or another region's symbol in every position is left off the map, because its
    region's tooltip and the table still carry it and overlapping text helps nobody. With
    `boundaries`, a not-reported label must also stay mostly over its own region (or the sea):
    a grey "未报告" lying on a neighbour reads as the neighbour's status. `fixed` labels
    (scale bar, edge arrows) keep their place and are obstacles; with `frame` (width, height)
    a label must lie inside the view.
    """
    obstacles = []
    for symbol in symbols:
        x, y = _pixel(symbol["lon"], symbol["lat"], view)
        radius = symbol["radius"]
        obstacles.append(((x, y), (x - radius, y - radius, x + radius, y + radius)))
    placed_boxes: list[tuple] = [_fixed_box(label, view) for label in fixed or []]
    placed = []
    for label in labels:
        x, y = _pixel(label["lon"], label["lat"], view)
        width, height = _label_size(label)
        gap = label["radius"] + LABEL_GAP_PX if label["radius"] else 0.0
        candidates = _placements(x, y, width, height, gap)
        others = placed_boxes + [box for centre, box in obstacles if centre != (x, y)]
        for anchor, baseline, offset, (left, top) in candidates:
            box = (left, top, left + width, top + height)
            if _overlaps(box, others):
                continue
            if frame is not None and not _inside_frame(box, frame):
                continue
            if (
                boundaries is not None
                and not label.get("reported", True)
                and _over_other_regions(box, label["region_id"], view, boundaries)
            ):
                continue
            placed_boxes.append(box)
            placed.append({**label, "anchor": anchor, "baseline": baseline, "offset": offset})
            break
    return placed


def _inside_frame(box: tuple, frame: tuple[int, int]) -> bool:
    half_width, half_height = frame[0] / 2, frame[1] / 2
    return (
        box[0] >= -half_width and box[2] <= half_width and box[1] >= -half_height
        and box[3] <= half_height
    )  # fmt: skip


def _overlay_layer(
    labels: list[dict],
    view: pdk.ViewState,
    frame: tuple[int, int],
    hatched: list = (),
    symbols: list[dict] = (),
    bars: list[dict] = (),
) -> pdk.Layer:
    """Labels, and hatching over not-reported regions, as one image fitted to the view.

    Not a TextLayer or a dashed-line shader: in software WebGL each froze the tab for tens of
    seconds (see map_overlay).
    """
    import shapely

    positioned = []
    for label in labels:
        x, y = _pixel(label["lon"], label["lat"], view)
        positioned.append({**label, "x": x + label["offset"][0], "y": y + label["offset"][1]})
    rings = [
        [_pixel(lon, lat, view) for lon, lat in polygon.exterior.coords]
        for shape in hatched
        for polygon in shapely.get_parts(shape)
    ]
    marks = [
        {**symbol, "x": _pixel(symbol["lon"], symbol["lat"], view)[0],
         "y": _pixel(symbol["lon"], symbol["lat"], view)[1]}
        for symbol in symbols
    ]  # fmt: skip
    lines = [
        {
            "points": [_pixel(lon, lat, view) for lon, lat in bar["path"]],
            "colour": TEXT_COLOUR,
            "width": 3,
        }
        for bar in bars
    ]
    png = map_overlay.overlay_png(positioned, rings, frame, marks, lines)
    return pdk.Layer(
        "BitmapLayer",
        None,
        id="labels",
        image=_text(map_overlay.data_url(png)),
        bounds=list(view_box(view, *frame)),
        pickable=False,
    )


# --- the legend drawn beside the map -----------------------------------------------------------


def _nice(value: float) -> float:
    """The nearest of 1, 2, 5 x 10^n at or below `value`, for legend symbol sizes."""
    if value <= 0:
        return 0.0
    power = 10 ** math.floor(math.log10(value))
    for factor in (5, 2, 1):
        if factor * power <= value:
            return float(factor * power)
    return float(power)


def legend_items(table: pd.DataFrame, kind: str, lang: str, present: bool = False) -> list[dict]:
    """What the legend shows: colour steps with ranges, or symbol sizes; then not reported."""
    reported = reported_rows(table)
    unit = str(table["unit"].iloc[0]) if len(table) else "count"
    items: list[dict] = []
    if kind == RATE:
        for step in colour_steps(reported["value"], unit):
            label = (
                format_value(step.lower, unit, lang)
                if step.lower == step.upper
                else f"{format_number(step.lower, lang, unit)}–"
                f"{format_value(step.upper, unit, lang)}"
            )
            items.append({"kind": "swatch", "label": label, "colour": step.colour, "radius": 8.0})
    elif not reported.empty:
        largest = float(reported["value"].max())
        sizes = []
        for value in (largest, largest / 4, largest / 16):
            nice = _nice(value) if value != largest else largest
            if nice > 0 and nice not in sizes:
                sizes.append(nice)
        for value in sizes:
            items.append(
                {
                    "kind": "symbol",
                    "label": format_value(value, unit, lang),
                    "colour": "#9aa0a6",
                    "radius": symbol_radius_px(value, largest, present),
                }
            )
    items.append(
        {
            "kind": "not_reported",
            "label": text("label.not_reported", lang),
            "colour": NOT_REPORTED_GREY,
            "radius": 8.0,
        }
    )
    return items


def legend_chart(items: list[dict], lang: str, present: bool = False) -> alt.LayerChart:
    """The legend as a small Altair chart: pydeck draws none, and no HTML is involved.

    Positions are in pixels (each scale maps 0..n onto 0..n px), so a stretched chart never
    squeezes the symbols into one another and a symbol keeps the size it has on the map.
    """
    scale = 1.4 if present else 1.0
    width = 220
    largest = max((item["radius"] for item in items), default=8.0)
    # A label longer than the room beside its symbol wraps onto further lines, never past the
    # legend's edge ("0.25–0.29 per 10,000 residents" in English).
    columns = max(8, int((width - (2 * largest + 14)) / (12 * scale * 0.62)))
    rows, top = [], 4.0
    for item in items:
        lines = wrap(str(item["label"]), columns)
        radius = item["radius"] if item["kind"] == "symbol" else 8.0 * scale
        half = max(radius, 9.0 * scale, len(lines) * 8.5 * scale)
        rows.append(
            {
                **item,
                "label": "\n".join(lines),
                "x": largest + 4,
                "y": top + half,
                "text_x": 2 * largest + 14,
                "size": (2 * radius) ** 2,
            }
        )
        top += 2 * half + 6
    frame = pd.DataFrame(rows)
    height = int(top)

    def pixels(field: str, extent: int, channel):
        return channel(field, axis=None, scale=alt.Scale(domain=[0, extent], range=[0, extent]))

    position = {"x": pixels("x:Q", width, alt.X), "y": pixels("y:Q", height, alt.Y)}
    fill = {"size": alt.Size("size:Q", scale=None), "color": alt.Color("colour:N", scale=None)}
    base = alt.Chart(frame)
    swatches = (
        base.transform_filter("datum.kind == 'swatch'")
        .mark_square(opacity=1, stroke=REPORTED_OUTLINE, strokeWidth=0.8, aria=False)
        .encode(**position, **fill)
    )
    symbols = (
        base.transform_filter("datum.kind == 'symbol'")
        .mark_circle(opacity=0.85, stroke=REPORTED_OUTLINE, strokeWidth=0.8, aria=False)
        .encode(**position, **fill)
    )
    gaps = (
        base.transform_filter("datum.kind == 'not_reported'")
        .mark_square(opacity=1, stroke=NOT_REPORTED_OUTLINE, strokeWidth=1.2, aria=False)
        .encode(**position, **fill)
    )
    # The same diagonal hatching as on the map, three strokes across the swatch.
    hatch_rows = [
        {"x": row["x"] + shift - half, "y": row["y"] + half, "x2": row["x"] + shift + half,
         "y2": row["y"] - half}
        for row in rows
        if row["kind"] == "not_reported"
        for half in [8.0 * scale * 0.7]
        for shift in (-half / 1.5, 0.0, half / 1.5)
    ]  # fmt: skip
    hatch = (
        alt.Chart(pd.DataFrame(hatch_rows, columns=["x", "y", "x2", "y2"]))
        .mark_rule(color=NOT_REPORTED_OUTLINE, strokeWidth=1, opacity=0.8, aria=False)
        .encode(
            **position,
            x2=alt.X2("x2:Q"),
            y2=alt.Y2("y2:Q"),
        )
    )
    labels = base.mark_text(
        align="left",
        baseline="middle",
        fontSize=round(12 * scale),
        limit=width,
        lineBreak="\n",
        aria=False,
    ).encode(x=pixels("text_x:Q", width, alt.X), y=position["y"], text="label:N")
    # "pad" keeps the plot exactly `height` tall; Streamlit's default "fit" would squeeze the
    # title into that height and cut off the last rows.
    chart = alt.layer(swatches, symbols, gaps, hatch, labels).properties(
        width=width,
        height=height,
        title=text("map.legend", lang),
        # Read aloud as one sentence; Vega's own descriptions of the marks are in English.
        description=list_summary(text("map.legend", lang), [item["label"] for item in items], lang),
        autosize=alt.AutoSizeParams(type="pad", contains="padding"),
    )
    return (
        chart.configure(font=FONT)
        .configure_view(strokeWidth=0)
        .configure_title(fontSize=round(13 * scale), anchor="start", aria=False)
    )


# --- the inset for regions far from the others -------------------------------------------------


def inset_chart(
    boundaries: MapGeometry,
    table: pd.DataFrame,
    kind: str,
    lang: str,
    colours: dict[str, str],
    present: bool = False,
) -> alt.LayerChart | None:
    """The far regions (see far_regions) drawn small beside the legend, inside their parent.

    Vega draws it as SVG, so it costs the browser almost nothing, unlike a second deck.
    """
    far = far_regions(boundaries, table["region_id"].tolist())
    rows = table[table["region_id"].isin(far)].to_dict("records")
    if not rows:
        return None
    unit = str(table["unit"].iloc[0])
    steps = colour_steps(reported_rows(table)["value"], unit) if kind == RATE else []
    largest = float(reported_rows(table)["value"].max()) if len(reported_rows(table)) else 0.0
    features, points = [], []
    for row in rows:
        parent = boundaries.parents.get(row["region_id"])
        if parent in boundaries.shapes:
            features.append(_inset_feature(boundaries.shapes[parent], CONTEXT_FILL, CONTEXT_GREY))
        if not row["reported"]:
            fill = NOT_REPORTED_GREY
        elif kind == RATE:
            fill = step_colour(row["value"], steps)
        else:
            fill = COUNT_REGION_FILL
        outline = REPORTED_OUTLINE if row["reported"] else NOT_REPORTED_OUTLINE
        features.append(_inset_feature(boundaries.shapes[row["region_id"]], fill, outline))
        lon, lat = boundaries.points[row["region_id"]]
        radius = symbol_radius_px(row["value"], largest, present) if kind == COUNT else 0.0
        points.append(
            {
                "lon": lon,
                "lat": lat,
                "size": (2 * max(radius, 3.0)) ** 2,
                "colour": colours.get(row["region_id"], "#888888"),
                # Name and value on two lines: the inset is narrow.
                "label": region_label(row, lang).replace(
                    f"{row['region']} ", f"{row['region']}\n", 1
                ),
                "symbol": bool(row["reported"] and kind == COUNT),
            }
        )
    width, height = (240, 130) if present else (200, 140)
    scale = 1.4 if present else 1.0
    shapes = (
        alt.Chart(alt.Data(values=features))
        .mark_geoshape(strokeWidth=1, aria=False)
        .encode(
            fill=alt.Color("properties.fill:N", scale=None),
            stroke=alt.Color("properties.outline:N", scale=None),
        )
    )
    frame = pd.DataFrame(points)
    symbols = (
        alt.Chart(frame)
        .transform_filter("datum.symbol")
        .mark_circle(opacity=1, stroke="#ffffff", strokeWidth=1, aria=False)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            size=alt.Size("size:Q", scale=None),
            color=alt.Color("colour:N", scale=None),
        )
    )
    labels = (
        alt.Chart(frame)
        .mark_text(
            dy=round(-26 * scale),
            fontSize=round(12 * scale),
            fontWeight="bold",
            lineBreak="\n",
            limit=width,
            aria=False,
        )
        .encode(longitude="lon:Q", latitude="lat:Q", text="label:N")
    )
    chart = alt.layer(shapes, symbols, labels).properties(
        width=width,
        height=height,
        title=text("map.inset_title", lang),
        # "pad" keeps the map `height` tall; "fit" squeezed it and pushed the title out.
        autosize=alt.AutoSizeParams(type="pad", contains="padding"),
        # Read aloud as one sentence; Vega's own descriptions of the marks are in English.
        description=list_summary(
            text("map.inset_title", lang), [row["label"].replace("\n", " ") for row in points], lang
        ),
    )
    return (
        chart.project(type="mercator")
        .configure(font=FONT)
        .configure_view(stroke=CONTEXT_GREY, strokeWidth=1)
        .configure_title(fontSize=round(13 * scale), anchor="start", aria=False)
    )


def _inset_feature(geometry: dict, fill: str, outline: str) -> dict:
    return {
        "type": "Feature",
        "geometry": geometry,
        "properties": {"fill": fill, "outline": outline},
    }


# --- the station-list analysis -----------------------------------------------------------------


def station_region_options(dataset: Dataset, boundaries: MapGeometry) -> list[str]:
    """Focus regions, then every county and district that has a boundary."""
    options = [region for region in focus_regions(dataset) if region in boundaries.shapes]
    counties = sorted(
        region for region, level in boundaries.levels.items() if level in ("district", "county")
    )
    return options + [region for region in counties if region not in options]


def walking_speed_kmh(speed_m_per_min: float = WALKING_SPEED_M_PER_MIN) -> float:
    return speed_m_per_min * 60 / 1000


# The station reader's English reasons, matched whole, and the i18n key that says them in the
# page's language. Unknown reasons are shown as they are, never dropped.
PROBLEM_PATTERNS = (
    (re.compile(r"missing (lon|lat)"), "map.problem.missing"),
    (re.compile(r"(lon|lat) is not a number: (.{0,80})"), "map.problem.not_number"),
    (
        re.compile(
            r"\(([-0-9.e+]{1,24}), ([-0-9.e+]{1,24})\) is outside China [^;]{0,40}"
            r"; lon and lat look swapped"
        ),
        "map.problem.swapped",
    ),
    (
        re.compile(r"\(([-0-9.e+]{1,24}), ([-0-9.e+]{1,24})\) is outside China [^;]{0,40}"),
        "map.problem.outside",
    ),
    (re.compile(r"unknown crs (.{0,80}); use [a-z0-9, ]{0,40}"), "map.problem.crs"),
    (re.compile(r"Excel file: save it as CSV \(UTF-8\) first"), "map.problem.excel"),
    (re.compile(r"not readable as UTF-8 or GB18030/GBK text"), "map.problem.encoding"),
    (
        re.compile(r"missing column\(s\): ([a-z, ]{1,60}); expected [^;]{0,60}"),
        "map.problem.columns",
    ),
)


def problem_message(message: str, lang: str) -> str:
    """A reason from the station reader in the page's language."""
    for pattern, key in PROBLEM_PATTERNS:
        match = pattern.fullmatch(message)
        if match:
            return text(key, lang, values=match.groups())
    return message


def problems_table(problems: list[Problem], lang: str) -> pd.DataFrame:
    """Every row left out of the upload, with its line number (1 is the header) and why."""
    return pd.DataFrame(
        {
            # A problem with the whole file has no line: a dash, never "None".
            text("map.column.line", lang): [
                "–" if problem.line is None else str(problem.line) for problem in problems
            ],
            text("map.column.column", lang): [problem.column or "–" for problem in problems],
            text("map.column.reason", lang): [problem.text(lang) for problem in problems],
        }
    )


def coverage_table(
    dataset: Dataset, result: CoverageResult, minutes: int, lang: str
) -> pd.DataFrame:
    """The per-region result, localised; areas in km², the share in percent of the area."""
    table = result.table
    return pd.DataFrame(
        {
            text("label.region", lang): [
                dataset.region_name(region, lang) for region in table["region_id"]
            ],
            text("label.region", lang) + " ID": table["region_id"].astype(str),
            text("map.column.minutes", lang): minutes,
            text("map.column.radius_m", lang): float(result.circles["radius_m"].iloc[0])
            if len(result.circles)
            else math.nan,
            text("map.column.stations", lang): table["stations"].astype(int),
            text("map.column.covered_km2", lang): table["covered_km2"].round(3),
            text("map.column.area_km2", lang): table["area_km2"].round(3),
            text("map.column.covered_share", lang): table["covered_share"].round(2),
        }
    ).reset_index(drop=True)


def stations_table(stations: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Stations as read, with their input and GCJ-02 coordinates."""
    return pd.DataFrame(
        {
            text("map.column.line", lang): stations["line"].astype(int),
            text("map.column.name", lang): stations["name"].astype(str),
            text("map.column.type", lang): stations["type"].astype(str),
            text("map.column.crs", lang): stations["crs_input"].astype(str),
            text("map.column.lon_input", lang): stations["lon_input"].astype(float),
            text("map.column.lat_input", lang): stations["lat_input"].astype(float),
            text("map.column.lon_gcj02", lang): stations["lon"].astype(float).round(6),
            text("map.column.lat_gcj02", lang): stations["lat"].astype(float).round(6),
        }
    ).reset_index(drop=True)


def circles_geojson(circles: geopandas.GeoDataFrame, minutes: int | None = None) -> bytes:
    """The walking circles as standard GeoJSON: WGS-84 lon/lat (RFC 7946), for QGIS or ArcGIS.

    The analysis runs in GCJ-02 like the boundaries; the circles are converted back with
    civdash.coords, so they sit where a GPS would put them. Each feature records the datum.
    Geometries go through shapely's vectorised writer: GeoDataFrame.to_json walks every
    coordinate in Python and took tens of seconds for 5,000 circles.
    """
    import numpy as np
    import shapely

    from civdash.coords import WGS84, from_gcj02

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


def circles_file_name(region_name_en: str, minutes: int) -> str:
    """civil-affairs_walking-circles_haishu-district_10min_wgs84.geojson"""
    return f"civil-affairs_walking-circles_{slug(region_name_en)}_{minutes}min_wgs84.geojson"


def coverage_subject(region_name_en: str, minutes: int) -> str:
    """The download name part of a coverage result: station-coverage-haishu-district-10min."""
    return f"station-coverage {region_name_en} {minutes}min"


def coverage_styler(table: pd.DataFrame):
    """The result table on screen: areas with thousands separators, the share to 2 decimals."""
    formats = {column: "{:,.3f}" for column in table.columns[5:7]}
    formats[table.columns[7]] = "{:,.2f}"
    formats[table.columns[3]] = "{:,.0f}"
    return table.style.format(formats, na_rep="–")


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
    layers = [_context_layer(boundaries, box)]
    layers.append(
        pdk.Layer(
            "GeoJsonLayer",
            {"type": "FeatureCollection", "features": outlines},
            id="boundaries",
            filled=True,
            stroked=True,
            get_fill_color="properties.fill",
            get_line_color="properties.line",
            line_width_units=_text("pixels"),
            get_line_width="properties.width",
            pickable=False,
        )
    )
    layers.append(
        pdk.Layer(
            "GeoJsonLayer",
            {"type": "FeatureCollection", "features": circle_features},
            id="walking-circles",
            filled=True,
            stroked=True,
            get_fill_color=hex_to_rgb(CIRCLE_COLOUR, 55),
            get_line_color=hex_to_rgb(CIRCLE_COLOUR, 150),
            line_width_units=_text("pixels"),
            get_line_width=1,
            pickable=True,
        )
    )
    layers.append(
        pdk.Layer(
            "ScatterplotLayer",
            points,
            id="stations",
            get_position="[lon, lat]",
            get_radius=5 if present else 3.5,
            radius_units=_text("pixels"),
            get_fill_color="fill",
            stroked=True,
            get_line_color=[255, 255, 255, 255],
            line_width_units=_text("pixels"),
            get_line_width=1,
            pickable=True,
        )
    )
    bar, bar_label = scale_bar(box, lang, label_px)
    layers.append(_scale_layer(bar))
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
    layers.append(_overlay_layer(labels, view, frame))
    deck = _deck(layers, view, _tooltip())
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
                "geometry": _geojson(shape),
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
