"""The map's legend and its inset for far regions, as small Altair charts beside the map."""

from __future__ import annotations

import json
from functools import lru_cache

import altair as alt
import pandas as pd

from civdash.core.colours import CONTEXT_GREY, NO_BASE_FILL, NOT_REPORTED_GREY
from civdash.core.formatting import fact_value, value_range
from civdash.figures.accessibility import list_summary
from civdash.figures.charts import FONT, wrap
from civdash.figures.map.drawing import region_label
from civdash.figures.map.geometry import MapGeometry, far_regions
from civdash.figures.map.style import (
    CONTEXT_FILL,
    COUNT,
    NOT_REPORTED_OUTLINE,
    RATE,
    REPORTED_OUTLINE,
    colour_steps,
    nice_below,
    no_base_rows,
    not_reported_rows,
    region_fill,
    reported_rows,
    symbol_radius_px,
)
from civdash.i18n import text


def legend_items(table: pd.DataFrame, kind: str, lang: str, present: bool = False) -> list[dict]:
    """What the legend shows: colour steps with ranges, or symbol sizes; then not reported."""
    reported = reported_rows(table)
    unit = str(table["unit"].iloc[0]) if len(table) else "count"
    items: list[dict] = []
    if kind == RATE:
        for step in colour_steps(reported["value"], unit):
            label = value_range(step.lower, step.upper, unit, lang)
            items.append({"kind": "swatch", "label": label, "colour": step.colour, "radius": 8.0})
    elif not reported.empty:
        largest = float(reported["value"].max())
        sizes = []
        for value in (largest, largest / 4, largest / 16):
            nice = nice_below(value) if value != largest else largest
            if nice > 0 and nice not in sizes:
                sizes.append(nice)
        for value in sizes:
            items.append(
                {
                    "kind": "symbol",
                    "label": fact_value(value, unit, lang),
                    "colour": "#9aa0a6",
                    "radius": symbol_radius_px(value, largest, present),
                }
            )
    items += no_base_items(table, lang)
    # Only a class the map draws: "未报告" when some region has no figure at all.
    if len(not_reported_rows(table)) or table.empty:
        items.append(
            {
                "kind": "not_reported",
                "label": text("label.not_reported", lang),
                "colour": NOT_REPORTED_GREY,
                "radius": 8.0,
            }
        )
    return items


# Up to this many no-base regions get an entry each ("衢州市 无人口基数: 112个, 2013").
NO_BASE_ENTRIES = 3


def no_base_items(table: pd.DataFrame, lang: str) -> list[dict]:
    """The no-base class: one entry per region with its raw figure and year, or one summary."""
    rows = no_base_rows(table)
    if rows.empty:
        return []
    if len(rows) > NO_BASE_ENTRIES:
        labels = [text("map.no_base_many", lang, count=len(rows))]
    else:
        labels = [
            text("map.no_base_entry", lang, region=row.region, value=row.raw_label, year=row.year)
            for row in rows.itertuples()
        ]
    return [
        {"kind": "no_base", "label": label, "colour": NO_BASE_FILL, "radius": 8.0}
        for label in labels
    ]


class VegaLiteSpec:
    """A Vega-Lite spec filled from a template: what ui.show_chart sends, built without Altair.

    Altair builds each template once per language and mode; building and serialising a layered
    chart took about 90 ms, against well under 1 ms to fill in a new indicator's rows.
    """

    def __init__(self, spec: dict) -> None:
        self.spec = spec

    def to_dict(self, validate: bool = False) -> dict:
        return self.spec


# Stand-ins that the templates carry until each chart's own height and sentence replace them.
HEIGHT_MARK = 7777777
DESCRIPTION_MARK = "@@description@@"
LEGEND_ROWS, LEGEND_HATCH = "legend_rows", "legend_hatch"
INSET_SHAPES, INSET_POINTS = "inset_shapes", "inset_points"


def _filled(template: str, datasets: dict, description: str, height: int = HEIGHT_MARK) -> dict:
    spec = json.loads(
        template.replace(str(HEIGHT_MARK), str(height)).replace(
            json.dumps(DESCRIPTION_MARK), json.dumps(description, ensure_ascii=False)
        )
    )
    spec["datasets"] = datasets
    return spec


def legend_chart(items: list[dict], lang: str, present: bool = False) -> VegaLiteSpec:
    """The legend as a small Vega-Lite chart: pydeck draws none, and no HTML is involved.

    Positions are in pixels (each scale maps 0..n onto 0..n px), so a stretched chart never
    squeezes the symbols into one another and a symbol keeps the size it has on the map.
    """
    scale = 1.4 if present else 1.0
    largest = max((item["radius"] for item in items), default=8.0)
    # A label longer than the room beside its symbol wraps onto further lines, never past the
    # legend's edge ("0.25–0.29 per 10,000 residents" in English).
    columns = max(8, int((legend_width(present) - (2 * largest + 14)) / (12 * scale * 0.62)))
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
    # The same diagonal hatching as on the map, three strokes across the swatch.
    hatch_rows = [
        {"x": row["x"] + shift - half, "y": row["y"] + half, "x2": row["x"] + shift + half,
         "y2": row["y"] - half}
        for row in rows
        if row["kind"] == "not_reported"
        for half in [8.0 * scale * 0.7]
        for shift in (-half / 1.5, 0.0, half / 1.5)
    ]  # fmt: skip
    # Read aloud as one sentence; Vega's own descriptions of the marks are in English.
    description = list_summary(text("map.legend", lang), [item["label"] for item in items], lang)
    return VegaLiteSpec(
        _filled(
            _legend_template(lang, present),
            {LEGEND_ROWS: rows, LEGEND_HATCH: hatch_rows},
            description,
            int(top),
        )
    )


LEGEND_WIDTH, LEGEND_WIDTH_PRESENT = 220, 400


def legend_width(present: bool) -> int:
    # Presentation mode gives the legend a quarter of 1920 px: "0.25–0.29 per 10,000 residents"
    # then fits on one line instead of breaking inside "10,000".
    return LEGEND_WIDTH_PRESENT if present else LEGEND_WIDTH


@lru_cache(maxsize=8)
def _legend_template(lang: str, present: bool) -> str:
    """The legend chart as JSON, with named data and HEIGHT_MARK for the height."""
    scale = 1.4 if present else 1.0
    width, height = legend_width(present), HEIGHT_MARK

    def pixels(field: str, extent: int, channel):
        return channel(field, axis=None, scale=alt.Scale(domain=[0, extent], range=[0, extent]))

    position = {"x": pixels("x:Q", width, alt.X), "y": pixels("y:Q", height, alt.Y)}
    fill = {"size": alt.Size("size:Q", scale=None), "color": alt.Color("colour:N", scale=None)}
    base = alt.Chart(alt.NamedData(name=LEGEND_ROWS))
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
        base.transform_filter("datum.kind == 'not_reported' || datum.kind == 'no_base'")
        .mark_square(opacity=1, stroke=NOT_REPORTED_OUTLINE, strokeWidth=1.2, aria=False)
        .encode(**position, **fill)
    )
    hatch = (
        alt.Chart(alt.NamedData(name=LEGEND_HATCH))
        .mark_rule(color=NOT_REPORTED_OUTLINE, strokeWidth=1, opacity=0.8, aria=False)
        .encode(**position, x2=alt.X2("x2:Q"), y2=alt.Y2("y2:Q"))
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
        description=DESCRIPTION_MARK,
        autosize=alt.AutoSizeParams(type="pad", contains="padding"),
    )
    chart = (
        chart.configure(font=FONT)
        .configure_view(strokeWidth=0)
        .configure_title(fontSize=round(13 * scale), anchor="start", aria=False)
    )
    return json.dumps(chart.to_dict(validate=False), ensure_ascii=False)


def inset_chart(
    boundaries: MapGeometry,
    table: pd.DataFrame,
    kind: str,
    lang: str,
    colours: dict[str, str],
    present: bool = False,
) -> VegaLiteSpec | None:
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
        fill = region_fill(row, kind, steps)
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
    # Read aloud as one sentence; Vega's own descriptions of the marks are in English.
    description = list_summary(
        text("map.inset_title", lang), [row["label"].replace("\n", " ") for row in points], lang
    )
    spec = _filled(_inset_template(lang, present), {INSET_POINTS: points}, description)
    # The shapes stay inline, as Altair wrote them: datasets go to the browser as Arrow, which
    # has no place for GeoJSON's nested coordinates.
    for layer in spec["layer"]:
        if layer.get("data") == {"name": INSET_SHAPES}:
            layer["data"] = {"values": features}
    return VegaLiteSpec(spec)


@lru_cache(maxsize=8)
def _inset_template(lang: str, present: bool) -> str:
    """The inset chart as JSON, with named data for its shapes and points."""
    # Wide enough in presentation type for "0.25 per 10,000 residents (2015)" on one line.
    width, height = (320, 130) if present else (200, 140)
    scale = 1.4 if present else 1.0
    shapes = (
        alt.Chart(alt.NamedData(name=INSET_SHAPES))
        .mark_geoshape(strokeWidth=1, aria=False)
        .encode(
            fill=alt.Color("properties.fill:N", scale=None),
            stroke=alt.Color("properties.outline:N", scale=None),
        )
    )
    points = alt.Chart(alt.NamedData(name=INSET_POINTS))
    symbols = (
        points.transform_filter("datum.symbol")
        .mark_circle(opacity=1, stroke="#ffffff", strokeWidth=1, aria=False)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            size=alt.Size("size:Q", scale=None),
            color=alt.Color("colour:N", scale=None),
        )
    )
    labels = points.mark_text(
        dy=round(-26 * scale),
        fontSize=round(12 * scale),
        fontWeight="bold",
        lineBreak="\n",
        limit=width,
        aria=False,
    ).encode(longitude="lon:Q", latitude="lat:Q", text="label:N")
    chart = alt.layer(shapes, symbols, labels).properties(
        width=width,
        height=height,
        title=text("map.inset_title", lang),
        # "pad" keeps the map `height` tall; "fit" squeezed it and pushed the title out.
        autosize=alt.AutoSizeParams(type="pad", contains="padding"),
        description=DESCRIPTION_MARK,
    )
    chart = (
        chart.project(type="mercator")
        .configure(font=FONT)
        .configure_view(stroke=CONTEXT_GREY, strokeWidth=1)
        .configure_title(fontSize=round(13 * scale), anchor="start", aria=False)
    )
    return json.dumps(chart.to_dict(validate=False), ensure_ascii=False)


def _inset_feature(geometry: dict, fill: str, outline: str) -> dict:
    return {
        "type": "Feature",
        "geometry": geometry,
        "properties": {"fill": fill, "outline": outline},
    }
