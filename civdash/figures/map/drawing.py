"""The indicator map: one drawing, shown as a server-drawn picture or as an offline pydeck deck.

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

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from civdash.core.colours import CONTEXT_GREY, hex_to_rgb
from civdash.core.formatting import with_year
from civdash.figures.charts import FONT
from civdash.figures.map import overlay
from civdash.figures.map.geometry import (
    MapGeometry,
    far_regions,
    fitted_view,
    geojson_geometry,
    map_height,
    map_width,
    pixel_offset,
    pixel_offsets,
    view_box,
)
from civdash.figures.map.labels import edge_label, place_labels
from civdash.figures.map.style import (
    CONTEXT_FILL,
    COUNT,
    LABEL_PRESENT_PX,
    LABEL_PX,
    LEVEL_ORDER,
    NOT_REPORTED_OUTLINE,
    RATE,
    REPORTED_OUTLINE,
    TEXT_COLOUR,
    colour_steps,
    is_no_base,
    nice_below,
    region_fill,
    reported_rows,
    symbol_radius_px,
)
from civdash.i18n import text

BASEMAP_ENV = "CIVDASH_BASEMAP_STYLE"


TOOLTIP_STYLE = {
    "backgroundColor": "#1b1f24",
    "color": "#ffffff",
    "fontFamily": FONT,
    "fontSize": "13px",
    "maxWidth": "380px",
    "whiteSpace": "pre-line",
}


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


def offline_deck(layers: list[pdk.Layer], view: pdk.ViewState, tooltip: dict) -> pdk.Deck:
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


def text_tooltip() -> dict:
    # A plain-text tooltip: deck.gl sets it as text, so no data value can ever become markup.
    return {"text": "{tooltip}", "style": TOOLTIP_STYLE}


def constant_string(value: str) -> pdk.types.String:
    # pydeck turns bare strings into accessor expressions; constants must be wrapped.
    return pdk.types.String(value)


def context_layer(boundaries: MapGeometry, box: tuple | None = None) -> pdk.Layer:
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
        {"type": "Feature", "geometry": geojson_geometry(shape), "properties": {}}
        for shape in shapes
    ]
    return geojson_layer(
        "context-provinces", features, hex_to_rgb(CONTEXT_FILL), hex_to_rgb(CONTEXT_GREY), 1
    )


def geojson_layer(
    layer_id: str,
    features: list[dict],
    fill,
    line,
    line_width,
    pickable: bool = False,
    **options,
) -> pdk.Layer:
    """Filled, outlined polygons with outlines in screen pixels: every polygon layer of the maps.

    `fill`, `line` and `line_width` are constants or accessors such as "properties.fill".
    """
    return pdk.Layer(
        "GeoJsonLayer",
        {"type": "FeatureCollection", "features": features},
        id=layer_id,
        filled=True,
        stroked=True,
        get_fill_color=fill,
        get_line_color=line,
        line_width_units=constant_string("pixels"),
        get_line_width=line_width,
        pickable=pickable,
        **options,
    )


def nice_length_km(span_km: float) -> float:
    """A 1, 2 or 5 x 10^n length near a fifth of the map's width, for the scale bar."""
    return nice_below(span_km / 5) or 1.0


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


def scale_layer(bar: dict) -> pdk.Layer:
    return pdk.Layer(
        "PathLayer",
        [bar],
        id="scale-bar",
        get_path="path",
        get_color=TEXT_COLOUR,
        width_units=constant_string("pixels"),
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
    if is_no_base(row):
        # Three short lines: the class, then the raw figure and its year.
        return f"{row['region']}\n{text('per.no_base', lang)}\n{row['raw_label']} ({row['year']})"
    if not row["reported"]:
        # Two short lines instead of one long one: the label stays over its own region.
        return f"{row['region']}\n{row.get('gap_label') or text('label.not_reported', lang)}"
    return f"{row['region']} {with_year(row['label'], row['year'])}"


def _region_features(rows: list[dict], geometry: MapGeometry) -> list[dict]:
    return [
        {"type": "Feature", "geometry": geometry.shapes[row["region_id"]], "properties": row}
        for row in rows
        if row["region_id"] in geometry.shapes
    ]


@dataclass(frozen=True)
class MapDrawing:
    """Everything the indicator map draws, in one view: shared by the deck and the picture."""

    view: pdk.ViewState
    frame: tuple[int, int]
    regions: tuple[dict, ...]  # region_id, level, reported, fill, line, tooltip
    labels: tuple[dict, ...]  # placed, with the fixed ones (scale and edge labels) first
    symbols: tuple[dict, ...]  # largest first
    scale_bar: dict
    hatched: tuple  # shapely outlines of the not-reported regions

    @property
    def box(self) -> tuple[float, float, float, float]:
        return view_box(self.view, *self.frame)

    def passes(self) -> list[tuple[str, bool, list[dict]]]:
        """Regions in drawing order: each level's reported ones, then its gaps, cities first."""
        ordered = []
        for level in LEVEL_ORDER:
            for reported in (True, False):
                rows = [
                    region
                    for region in self.regions
                    if region["level"] == level and region["reported"] == reported
                ]
                if rows:
                    ordered.append((level, reported, rows))
        return ordered


def map_drawing(
    boundaries: MapGeometry,
    table: pd.DataFrame,
    kind: str,
    lang: str,
    colours: dict[str, str],
    present: bool = False,
    width: int | None = None,
) -> MapDrawing:
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
        line = hex_to_rgb(REPORTED_OUTLINE if reported else NOT_REPORTED_OUTLINE)
        alpha = 255 if not reported else 225 if kind == RATE else 235
        fill = hex_to_rgb(region_fill(row, kind, steps), alpha)
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
                # A no-base label names its figure, so it may spill like a reported one.
                "reported": reported or is_no_base(row),
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
    # Largest first, so that a small symbol is never hidden under a big one.
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
        if not row["reported"] and not is_no_base(row) and row["region_id"] in boundaries.outlines
    ]
    return MapDrawing(
        view=view,
        frame=frame,
        regions=tuple(shapes),
        labels=tuple(fixed + placed),
        symbols=tuple(symbols),
        scale_bar=bar,
        hatched=tuple(hatched),
    )


def build_deck(
    boundaries: MapGeometry,
    table: pd.DataFrame,
    kind: str,
    lang: str,
    colours: dict[str, str],
    present: bool = False,
    width: int | None = None,
    drawing: MapDrawing | None = None,
) -> pdk.Deck:
    """The interactive indicator map (see map_drawing): polygons in deck.gl, with symbols,
    labels, hatching and the scale bar in one overlay image, since every further deck.gl
    layer type is a shader that software WebGL compiles for seconds."""
    if drawing is None:
        drawing = map_drawing(boundaries, table, kind, lang, colours, present, width)
    layers = [context_layer(boundaries, drawing.box)]
    for level, reported, rows in drawing.passes():
        layers.append(_region_layer(level, reported, rows, boundaries))
    layers.append(
        overlay_layer(
            list(drawing.labels),
            drawing.view,
            drawing.frame,
            list(drawing.hatched),
            list(drawing.symbols),
            [drawing.scale_bar],
        )
    )
    deck = offline_deck(layers, drawing.view, text_tooltip())
    deck.placed_labels = drawing.labels
    deck.symbol_marks = drawing.symbols
    deck.scale_bar = drawing.scale_bar
    return deck


def _pixel_polygons(shape, view: pdk.ViewState) -> list[list[list[tuple[float, float]]]]:
    """A shapely (multi)polygon as pixel rings per part: the outline first, then its holes."""
    import shapely

    return [
        [
            [tuple(point) for point in pixel_offsets(ring.coords, view).tolist()]
            for ring in (polygon.exterior, *polygon.interiors)
        ]
        for polygon in shapely.get_parts(shape)
    ]


# Pixel rings per (region bounds, view, clip): a few thousand entries at national scale.
PIXEL_RINGS_KEPT = 20_000
_PIXEL_RINGS: dict[tuple, list] = {}


def map_picture(boundaries: MapGeometry, drawing: MapDrawing) -> bytes:
    """The same map as one PNG (twice its CSS size): what the page shows before deck.gl.

    Context provinces, cut to the view, then the regions in the deck's order with its
    colours and outline widths, then the overlay's hatching, symbols, scale bar and labels.
    """
    import shapely

    view = drawing.view
    west, south, east, north = drawing.box
    margin_x, margin_y = (east - west) / 10, (north - south) / 10
    clip = (west - margin_x, south - margin_y, east + margin_x, north + margin_y)

    def polygons(shape) -> list:
        # Most indicators share a view, so a region's pixel rings are projected once per view.
        key = (shape.bounds, view.longitude, view.latitude, view.zoom, clip)
        found = _PIXEL_RINGS.get(key)
        if found is None:
            clipped = shapely.clip_by_rect(shape, *clip)
            found = [] if clipped.is_empty else _pixel_polygons(clipped, view)
            if len(_PIXEL_RINGS) >= PIXEL_RINGS_KEPT:
                _PIXEL_RINGS.clear()
            _PIXEL_RINGS[key] = found
        return found

    # One list per drawing pass: regions of a pass never overlap, so they share one layer.
    passes = [
        [
            {
                "polygons": polygons(shape),
                "fill": hex_to_rgb(CONTEXT_FILL),
                "line": hex_to_rgb(CONTEXT_GREY),
                "width": 1,
            }
            for shape in boundaries.context_shapes
        ]
    ]
    for level, reported, rows in drawing.passes():
        width = region_outline_px(level, reported)
        passes.append(
            [
                {
                    "polygons": polygons(boundaries.outlines[row["region_id"]]),
                    "fill": row["fill"],
                    "line": row["line"],
                    "width": width,
                }
                for row in rows
                if row["region_id"] in boundaries.outlines
            ]
        )
    passes = [[region for region in group if region["polygons"]] for group in passes]
    positioned, rings, marks, lines = _overlay_marks(
        list(drawing.labels), view, list(drawing.hatched), list(drawing.symbols),
        [drawing.scale_bar],
    )  # fmt: skip
    return overlay.picture_png(passes, positioned, rings, drawing.frame, marks, lines)


def _region_layer(level: str, reported: bool, rows: list[dict], boundaries: MapGeometry):
    """One level's regions, reported or not: not-reported ones get a darker, thicker outline
    here and hatching in the overlay image (a dashed-line shader cost seconds to compile)."""
    return geojson_layer(
        f"regions-{level}" + ("" if reported else "-not-reported"),
        _region_features(rows, boundaries),
        "properties.fill",
        "properties.line",
        region_outline_px(level, reported),
        pickable=True,
        auto_highlight=True,
        highlight_color=[255, 255, 255, 70],
    )


def region_outline_px(level: str, reported: bool) -> float:
    """Counties a little bolder than their cities; gaps bolder still (they have no fill colour)."""
    if not reported:
        return 1.6
    return 1.6 if level in ("district", "county") else 1.2


def _overlay_marks(
    labels: list[dict],
    view: pdk.ViewState,
    hatched: list = (),
    symbols: list[dict] = (),
    bars: list[dict] = (),
) -> tuple[list, list, list, list]:
    """Labels, hatching rings, symbols and scale-bar lines in pixels from the view's centre."""
    import shapely

    positioned = []
    for label in labels:
        x, y = pixel_offset(label["lon"], label["lat"], view)
        positioned.append({**label, "x": x + label["offset"][0], "y": y + label["offset"][1]})
    rings = [
        [tuple(point) for point in pixel_offsets(polygon.exterior.coords, view).tolist()]
        for shape in hatched
        for polygon in shapely.get_parts(shape)
    ]
    marks = [
        {**symbol, "x": pixel_offset(symbol["lon"], symbol["lat"], view)[0],
         "y": pixel_offset(symbol["lon"], symbol["lat"], view)[1]}
        for symbol in symbols
    ]  # fmt: skip
    lines = [
        {
            "points": [pixel_offset(lon, lat, view) for lon, lat in bar["path"]],
            "colour": TEXT_COLOUR,
            "width": 3,
        }
        for bar in bars
    ]
    return positioned, rings, marks, lines


def overlay_layer(
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
    positioned, rings, marks, lines = _overlay_marks(labels, view, hatched, symbols, bars)
    png = overlay.overlay_png(positioned, rings, frame, marks, lines)
    return pdk.Layer(
        "BitmapLayer",
        None,
        id="labels",
        image=constant_string(overlay.data_url(png)),
        bounds=list(view_box(view, *frame)),
        pickable=False,
    )
