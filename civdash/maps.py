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
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import altair as alt
import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from civdash import source_view
from civdash.accessibility import list_summary
from civdash.boundaries import DEFAULT_GEO_DIR, all_regions, load_boundaries, representative_points
from civdash.charts import FONT
from civdash.colours import CONTEXT_GREY, NOT_REPORTED_GREY, hex_to_rgb
from civdash.coverage import WALKING_SPEED_M_PER_MIN
from civdash.i18n import qualifier_name, text, unit_name
from civdash.loader import Dataset
from civdash.numbers import format_number, format_value
from civdash.views import focus_regions, indicator_options, source_titles

if TYPE_CHECKING:
    import geopandas

    from civdash.coverage import CoverageResult, Problem

BASEMAP_ENV = "CIVDASH_BASEMAP_STYLE"
DEFAULT_INDICATOR = "elderly_care_institutions"
RATE, COUNT = "rate", "count"

# The reports' station-like indicators, in the order an official scans them: service sites,
# elderly-care places, shelters, then the coverage rates of those networks.
STATION_INDICATORS = (
    "community_service_stations_urban",
    "rural_community_service_centres",
    "township_community_service_centres",
    "rural_community_service_coverage",
    "home_community_care_centres",
    "home_community_care_stations",
    "day_care_centres",
    "subdistrict_elderly_care_centres_main_urban",
    "community_elderly_care_facilities",
    "happiness_neighbourhood_centres",
    "elderly_care_institutions",
    "private_elderly_care_institutions",
    "elderly_care_beds",
    "community_elderly_meal_service_coverage",
    "home_care_network_coverage_urban_communities",
    "home_care_network_coverage_villages",
    "disaster_shelters",
    "disaster_shelters_township",
    "disaster_shelters_village",
    "disaster_shelter_coverage_township",
    "disaster_shelter_coverage_village",
)
# Words in an indicator id that mark a count of places; ids added to the data later are caught
# by these without editing STATION_INDICATORS.
FACILITY_WORDS = ("station", "centre", "shelter", "facilit", "service_point", "institution")
FACILITY_UNITS = {"count", "beds"}
PERCENT_UNITS = {"percent", "percent_ratio"}
# Quantities that add up (a symbol's area can stand for them); every other unit is a rate or
# a level and is shaded instead.
COUNT_UNITS = {
    "count",
    "beds",
    "persons",
    "person_times",
    "households",
    "yuan",
    "square_metres",
    "mu",
}

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
# deck.gl's PathStyleExtension reads [dash, gap] in line widths; [0, 0] is a solid line.
DASHED, SOLID = [4, 3], [0, 0]
LEVEL_ORDER = ("province", "prefecture", "district", "county")
MAP_WIDTH_PX, MAP_WIDTH_PRESENT_PX = 740, 1000  # the map column with and without sidebar
MAP_HEIGHT_PX, MAP_HEIGHT_PRESENT_PX = 560, 700
MAX_SYMBOL_PX, MAX_SYMBOL_PRESENT_PX = 30, 40
LABEL_PX, LABEL_PRESENT_PX = 13, 19
# A fitted view leaves this share of the frame free on each side for labels and symbols.
VIEW_PADDING = (0.16, 0.08)  # horizontal, vertical: labels run wider than regions
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


def is_station_like(row: dict) -> bool:
    """A count of service places, beds, or the coverage rate of such a network."""
    indicator_id, unit = str(row["indicator_id"]), str(row["unit"])
    if indicator_id in STATION_INDICATORS or unit == "beds":
        return True
    if unit in FACILITY_UNITS and any(word in indicator_id for word in FACILITY_WORDS):
        return True
    return unit in PERCENT_UNITS and "coverage" in indicator_id


def indicator_kind(dataset: Dataset, indicator_id: str) -> str:
    """COUNT (proportional symbols) for quantities that add up, RATE (shading) for the rest."""
    row = dataset.indicator_rows.get(indicator_id)
    return COUNT if row is not None and row["unit"] in COUNT_UNITS else RATE


def point_figures(dataset: Dataset) -> pd.DataFrame:
    """The latest single-year figure per region and indicator; multi-year totals never map."""
    latest = dataset.latest
    return latest[latest["period_type"] == "point"]


def map_indicator_options(dataset: Dataset, lang: str = "zh") -> list[str]:
    """Indicators with at least one single-year region figure, station-like ones first."""
    return dataset.memo(
        ("map_indicator_options", lang), lambda: _map_indicator_options(dataset, lang)
    )


def _map_indicator_options(dataset: Dataset, lang: str) -> list[str]:
    mapped = set(point_figures(dataset)["indicator_id"].astype(str))
    ordered = [item for item in indicator_options(dataset, lang) if item in mapped]
    curated = [item for item in STATION_INDICATORS if item in mapped]
    station_like = [
        item
        for item in ordered
        if item not in curated and is_station_like(dataset.indicator_rows[item])
    ]
    rest = [item for item in ordered if item not in curated and item not in station_like]
    return curated + station_like + rest


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
    """The localised table shown beside the map and offered for download: the same frame."""
    return pd.DataFrame(
        {
            text("label.region", lang): table["region"],
            text("label.region", lang) + " ID": table["region_id"],
            text("label.level", lang): [
                text(f"level.{level}", lang) if level else "" for level in table["level"]
            ],
            text("label.indicator", lang): dataset.indicator_name(indicator_id, lang),
            "indicator_id": indicator_id,
            text("label.year", lang): table["year"],
            text("label.value", lang): table["value"].astype("Float64"),
            text("map.column.shown_as", lang): table["label"],
            text("label.unit", lang): [unit_name(unit, lang) for unit in table["unit"]],
            text("label.qualifier", lang): table["qualifier_label"],
            text("label.value_as_written", lang): table["value_as_written"],
            text("label.source", lang): table["source"],
            "source_id": table["source_id"],
            text("label.excerpt", lang): table["excerpt"],
            text("label.view_source", lang): source_view.source_urls(table, lang),
        }
    ).reset_index(drop=True)


# --- geometry, read and serialised once per process ---------------------------------------------


@dataclass(frozen=True)
class MapGeometry:
    """GeoJSON geometry dicts and label points per region, ready to drop into deck layers."""

    shapes: dict[str, dict]  # region_id -> GeoJSON geometry
    levels: dict[str, str]
    points: dict[str, tuple[float, float]]  # region_id -> (lon, lat) well inside the region
    bounds: dict[str, tuple[float, float, float, float]]  # west, south, east, north
    context: tuple[dict, ...]  # province outlines drawn grey underneath everything


@lru_cache(maxsize=2)
def map_geometry(geo_dir: str = str(DEFAULT_GEO_DIR)) -> MapGeometry:
    """Read geo/ once per process; every rerun reuses the same GeoJSON dicts."""
    layers = load_boundaries(Path(geo_dir))
    frame = all_regions(layers)
    centres = representative_points(frame)
    features = frame.to_geo_dict(drop_id=True)["features"]
    context = layers["context_provinces"].to_geo_dict(drop_id=True)["features"]
    return MapGeometry(
        shapes={
            str(feature["properties"]["region_id"]): feature["geometry"] for feature in features
        },
        levels=dict(zip(frame["region_id"], frame["level"], strict=True)),
        points={
            str(row.region_id): (float(row.lon), float(row.lat)) for row in centres.itertuples()
        },
        bounds={
            str(region_id): tuple(float(edge) for edge in shape.bounds)
            for region_id, shape in zip(frame["region_id"], frame.geometry, strict=True)
        },
        context=tuple(
            {"type": "Feature", "geometry": feature["geometry"], "properties": {}}
            for feature in context
        ),
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

    def to_json(self) -> str:
        # A deck is never changed once built, so its JSON is made once (decks are shared).
        if getattr(self, "_json", None) is None:
            self._json = json.dumps(
                self, sort_keys=True, default=default_serialize, separators=(",", ":")
            )
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


def _context_layer(boundaries: MapGeometry) -> pdk.Layer:
    return pdk.Layer(
        "GeoJsonLayer",
        {"type": "FeatureCollection", "features": list(boundaries.context)},
        id="context-provinces",
        filled=True,
        stroked=True,
        get_fill_color=hex_to_rgb(CONTEXT_FILL),
        get_line_color=hex_to_rgb(CONTEXT_GREY),
        line_width_units=_text("pixels"),
        get_line_width=1,
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
        return f"{row['region']} {row.get('gap_label') or text('label.not_reported', lang)}"
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

    Not-reported regions are light grey with a dashed dark outline, never a ramp colour.
    Counties are drawn after their cities, so a county figure sits on top of its city.
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
        line, dash = hex_to_rgb(REPORTED_OUTLINE), SOLID
        if not reported:
            fill, line = hex_to_rgb(NOT_REPORTED_GREY), hex_to_rgb(NOT_REPORTED_OUTLINE)
            dash = DASHED
        elif kind == RATE:
            fill = hex_to_rgb(step_colour(row["value"], steps), 225)
        else:
            fill = hex_to_rgb(COUNT_REGION_FILL, 235)
        shapes.append(
            {
                "region_id": row["region_id"],
                "level": row["level"],
                "fill": fill,
                "line": line,
                "dash": dash,
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
                "lon": point[0],
                "lat": point[1],
                "text": region_label(row, lang),
                "size": label_px,
                "colour": TEXT_COLOUR if reported else hex_to_rgb(NOT_REPORTED_OUTLINE),
                "radius": radius,
                "tooltip": tooltip,
            }
        )
    layers = [_context_layer(boundaries)]
    for level in LEVEL_ORDER:
        level_rows = [shape for shape in shapes if shape["level"] == level]
        if not level_rows:
            continue
        layers.append(
            pdk.Layer(
                "GeoJsonLayer",
                {"type": "FeatureCollection", "features": _region_features(level_rows, boundaries)},
                id=f"regions-{level}",
                filled=True,
                stroked=True,
                get_fill_color="properties.fill",
                get_line_color="properties.line",
                line_width_units=_text("pixels"),
                get_line_width=1.6 if level in ("district", "county") else 1.2,
                extensions=[{"@@type": "PathStyleExtension", "dash": True}],
                get_dash_array="properties.dash",
                dash_justified=True,
                pickable=True,
                auto_highlight=True,
                highlight_color=[255, 255, 255, 70],
            )
        )
    if symbols:
        # Largest first, so that a small symbol is never hidden under a big one.
        symbols.sort(key=lambda item: -item["radius"])
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                symbols,
                id="symbols",
                get_position="[lon, lat]",
                get_radius="radius",
                radius_units=_text("pixels"),
                get_fill_color="fill",
                stroked=True,
                get_line_color=[255, 255, 255, 255],
                line_width_units=_text("pixels"),
                get_line_width=1.5,
                pickable=True,
            )
        )
    boxes = [
        boundaries.bounds[row["region_id"]]
        for row in records
        if row["region_id"] in boundaries.bounds
    ]
    view = fitted_view(boxes, width=width or map_width(present), height=map_height(present))
    layers.append(_label_layer(place_labels(labels, symbols, view)))
    return _deck(layers, view, _tooltip())


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


def place_labels(labels: list[dict], symbols: list[dict], view: pdk.ViewState) -> list[dict]:
    """Labels that fit at the initial view: below, above, right or left of their point.

    Labels come in priority order (figures by size, then gaps); one that overlaps a placed
    label or another region's symbol in every position is left off the map, because its
    region's tooltip and the table still carry it and overlapping text helps nobody.
    """
    obstacles = []
    for symbol in symbols:
        x, y = _pixel(symbol["lon"], symbol["lat"], view)
        radius = symbol["radius"]
        obstacles.append(((x, y), (x - radius, y - radius, x + radius, y + radius)))
    placed_boxes: list[tuple] = []
    placed = []
    for label in labels:
        x, y = _pixel(label["lon"], label["lat"], view)
        width, height = _text_width(label["text"], label["size"]), label["size"] * 1.25
        gap = label["radius"] + LABEL_GAP_PX if label["radius"] else 0.0
        candidates = _placements(x, y, width, height, gap)
        others = placed_boxes + [box for centre, box in obstacles if centre != (x, y)]
        for anchor, baseline, offset, (left, top) in candidates:
            box = (left, top, left + width, top + height)
            if not _overlaps(box, others):
                placed_boxes.append(box)
                placed.append({**label, "anchor": anchor, "baseline": baseline, "offset": offset})
                break
    return placed


def _label_layer(labels: list[dict]) -> pdk.Layer:
    return pdk.Layer(
        "TextLayer",
        labels,
        id="labels",
        get_position="[lon, lat]",
        get_text="text",
        get_size="size",
        size_units=_text("pixels"),
        get_color="colour",
        get_pixel_offset="offset",
        get_text_anchor="anchor",
        get_alignment_baseline="baseline",
        character_set=_text("auto"),
        font_family=_text(LABEL_FONT),
        # A light box behind each label keeps it legible over borders and symbols.
        background=True,
        get_background_color=[255, 255, 255, 215],
        background_padding=[3, 1, 3, 1],
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
    rows, top = [], 4.0
    for item in items:
        radius = item["radius"] if item["kind"] == "symbol" else 8.0 * scale
        half = max(radius, 9.0 * scale)
        rows.append(
            {
                **item,
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
        .mark_square(
            opacity=1, stroke=NOT_REPORTED_OUTLINE, strokeWidth=1.4, strokeDash=[3, 2], aria=False
        )
        .encode(**position, **fill)
    )
    labels = base.mark_text(
        align="left", baseline="middle", fontSize=round(12 * scale), limit=width, aria=False
    ).encode(x=pixels("text_x:Q", width, alt.X), y=position["y"], text="label:N")
    # "pad" keeps the plot exactly `height` tall; Streamlit's default "fit" would squeeze the
    # title into that height and cut off the last rows.
    chart = alt.layer(swatches, symbols, gaps, labels).properties(
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


def problems_table(problems: list[Problem], lang: str) -> pd.DataFrame:
    """Every row left out of the upload, with its line number (1 is the header) and why."""
    return pd.DataFrame(
        {
            text("map.column.line", lang): [problem.line for problem in problems],
            text("map.column.column", lang): [problem.column for problem in problems],
            text("map.column.reason", lang): [problem.message for problem in problems],
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


def circles_geojson(circles: geopandas.GeoDataFrame) -> bytes:
    """The walking circles as GeoJSON; a foreign member records that they are GCJ-02."""
    collection = json.loads(circles.to_json(drop_id=True))
    collection["datum"] = "GCJ-02"
    return json.dumps(collection, ensure_ascii=False).encode("utf-8")


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
) -> pdk.Deck:
    """Stations and their walking circles over the chosen region, fitted to the circles."""
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
            "fill": hex_to_rgb(OUTSIDE_COLOUR if int(row["line"]) in outside else STATION_COLOUR),
            "tooltip": station_tooltip(row, lang, int(row["line"]) in outside),
        }
        for row in stations.drop(columns="geometry", errors="ignore").to_dict("records")
    ]
    region_name = text("label.region", lang)
    layers = [_context_layer(boundaries)]
    if region_id in boundaries.shapes:
        layers.append(
            pdk.Layer(
                "GeoJsonLayer",
                {
                    "type": "FeatureCollection",
                    "features": [
                        {
                            "type": "Feature",
                            "geometry": boundaries.shapes[region_id],
                            "properties": {"tooltip": f"{region_name}: {region_id}"},
                        }
                    ],
                },
                id="chosen-region",
                filled=True,
                stroked=True,
                get_fill_color=hex_to_rgb("#ffffff", 255),
                get_line_color=hex_to_rgb(REPORTED_OUTLINE),
                line_width_units=_text("pixels"),
                get_line_width=2,
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
    # Fitted to the circles inside the region: across a whole city a 750 m circle is a dot.
    inside = result.circles[~result.circles["line"].astype(int).isin(outside)]
    if len(inside):
        boxes = [tuple(float(edge) for edge in inside.total_bounds)]
    else:
        boxes = [boundaries.bounds[region_id]] if region_id in boundaries.bounds else []
    view = fitted_view(boxes, width=width or map_width(present), height=map_height(present))
    return _deck(layers, view, _tooltip())
