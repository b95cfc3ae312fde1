"""The coverage map as a static image: the page's geometry, figures, legend and gap styling.

deck.gl cannot draw on the server, so the image is an Altair geoshape chart drawn by
civdash.figures.chart_images (vl-convert). It uses the same map table, colour classes, symbol
sizes, labels and label placement as civdash.figures.map.drawing, in the same web-Mercator view
fitted to the same regions, so the picture matches the page.
"""

from __future__ import annotations

import math
from functools import lru_cache

import altair as alt
import pandas as pd

from civdash.core.colours import CONTEXT_GREY
from civdash.core.units import unit_name
from civdash.data.indicator_names import comparability_note
from civdash.data.loader import Dataset
from civdash.data.source_names import source_line
from civdash.figures.chart_images import (
    PADDING,
    SUBTITLE_PX,
    TITLE_PX,
    ChartImage,
    columns_for,
    rewrap,
)
from civdash.figures.charts import FONT, wrap
from civdash.figures.map import drawing, legend, style
from civdash.figures.map import geometry as map_geometry
from civdash.figures.map import labels as map_labels
from civdash.i18n import join, text
from civdash.method import per_capita

LEGEND_WIDTH = 230
LABEL_PX = 15
HEADER_LINE_PX = 24


# A static image needs no detail finer than about a pixel at province scale (~0.01 degrees).
SIMPLIFY_DEGREES = 0.005
PRECISION_DEGREES = 0.001


def _for_vega(shape: dict) -> dict:
    """A GeoJSON geometry simplified and wound clockwise, as d3-geo expects.

    GeoJSON (RFC 7946) winds outer rings anticlockwise; d3-geo reads such a ring as the
    whole globe minus the region, which floods the map and takes minutes to draw.
    """
    import shapely
    from shapely.geometry import MultiPolygon, Polygon, mapping
    from shapely.geometry import shape as to_shape
    from shapely.geometry.polygon import orient

    geometry = shapely.simplify(to_shape(shape), SIMPLIFY_DEGREES, preserve_topology=True)
    geometry = shapely.set_precision(geometry, PRECISION_DEGREES)
    if isinstance(geometry, Polygon):
        geometry = orient(geometry, sign=-1.0)
    elif isinstance(geometry, MultiPolygon):
        geometry = MultiPolygon([orient(part, sign=-1.0) for part in geometry.geoms])
    return mapping(geometry)


@lru_cache(maxsize=1)
def vega_geometry() -> tuple[dict, tuple[dict, ...]]:
    """Region shapes and province outlines ready for Vega, made once per process."""
    geometry = map_geometry.map_geometry()
    shapes = {region: _for_vega(shape) for region, shape in geometry.shapes.items()}
    context = tuple(
        {"type": "Feature", "geometry": _for_vega(feature["geometry"]), "properties": {}}
        for feature in geometry.context
    )
    return shapes, context


def _features(rows: list[dict], shapes: dict[str, dict]) -> list[dict]:
    return [
        {"type": "Feature", "geometry": shapes[row["region_id"]], "properties": row}
        for row in rows
        if row["region_id"] in shapes
    ]


def map_layers(
    geo_datasets: dict[str, list],
    geometry: map_geometry.MapGeometry,
    table: pd.DataFrame,
    kind: str,
    lang: str,
    colours: dict[str, str],
    width: int,
    height: int,
) -> alt.LayerChart:
    """Provinces, regions (shaded or with symbols), gaps dashed, labels placed as on the page."""
    reported = style.reported_rows(table)
    unit = str(table["unit"].iloc[0]) if len(table) else "count"
    steps = style.colour_steps(reported["value"], unit) if kind == style.RATE else []
    largest = float(reported["value"].max()) if kind == style.COUNT and len(reported) else 0.0
    records = table.to_dict("records")
    boxes = [
        geometry.bounds[row["region_id"]] for row in records if row["region_id"] in geometry.bounds
    ]
    view = map_geometry.fitted_view(boxes, width=width, height=height)
    shapes, symbols, labels = [], [], []
    for row in records:
        is_reported = bool(row["reported"])
        shapes.append(
            {
                "region_id": row["region_id"],
                "level": row["level"],
                "fill": style.region_fill(row, kind, steps),
                "reported": is_reported,
                # A no-base region reports a figure: outlined like one, never dashed as a gap.
                "style": "reported"
                if is_reported
                else "no_base"
                if style.is_no_base(row)
                else "gap",
            }
        )
        point = geometry.points.get(row["region_id"])
        if point is None:
            continue
        radius = style.symbol_radius_px(row["value"], largest, True) if is_reported else 0.0
        if kind == style.COUNT and radius > 0:
            symbols.append(
                {
                    "lon": point[0],
                    "lat": point[1],
                    "radius": radius,
                    "size": (2 * radius) ** 2,
                    "fill": colours.get(row["region_id"], "#888888"),
                }
            )
        labels.append(
            {
                "region_id": row["region_id"],
                "reported": is_reported or style.is_no_base(row),
                "lon": point[0],
                "lat": point[1],
                "text": drawing.region_label(row, lang),
                "size": LABEL_PX,
                "colour": "#1b1f24" if is_reported else style.NOT_REPORTED_OUTLINE,
                "radius": radius,
            }
        )
    symbols.sort(key=lambda item: -item["radius"])
    # Inside the frame: a label past the map's edge would be cut off in the image.
    placed = map_labels.place_labels(labels, symbols, view, geometry, frame=(width, height))
    for label in placed:
        x, y = map_geometry.pixel_offset(label["lon"], label["lat"], view)
        label["lon"], label["lat"] = map_geometry.lon_lat_at(
            x + label["offset"][0], y + label["offset"][1], view
        )

    def named(features: list[dict]) -> alt.Data:
        # Altair walks every value it is given (every coordinate, for seconds); a named
        # dataset is filled in after to_dict instead.
        name = f"geo_{len(geo_datasets)}"
        geo_datasets[name] = features
        return alt.Data(name=name)

    projection = alt.Projection(
        type="mercator",
        scale=map_geometry.WORLD_PX_AT_ZOOM_0 * 2**view.zoom / (2 * math.pi),
        center=[view.longitude, view.latitude],
        translate=[width / 2, height / 2],
    )

    def shapes_layer(features: list[dict], **mark) -> alt.Chart:
        return (
            alt.Chart(named(features))
            .mark_geoshape(**mark)
            .encode(fill=alt.Color("properties.fill:N", scale=None))
            .project(**projection.to_dict())
        )

    vega_shapes, vega_context = vega_geometry()
    layers = [
        alt.Chart(named(list(vega_context)))
        .mark_geoshape(fill=style.CONTEXT_FILL, stroke=CONTEXT_GREY, strokeWidth=0.8)
        .project(**projection.to_dict())
    ]
    for level in style.LEVEL_ORDER:
        for shape_style in ("reported", "no_base", "gap"):
            chosen = [s for s in shapes if s["level"] == level and s["style"] == shape_style]
            features = _features(chosen, vega_shapes)
            if not features:
                continue
            county = level in ("district", "county")
            if shape_style != "gap":
                layers.append(
                    shapes_layer(
                        features,
                        stroke=style.REPORTED_OUTLINE,
                        strokeWidth=1.4 if county else 1.0,
                        fillOpacity=0.9,
                    )
                )
            else:
                layers.append(
                    shapes_layer(
                        features,
                        stroke=style.NOT_REPORTED_OUTLINE,
                        strokeWidth=1.4,
                        strokeDash=[4, 3],
                    )
                )
    if symbols:
        layers.append(
            alt.Chart(pd.DataFrame(symbols))
            .mark_circle(opacity=0.85, stroke="white", strokeWidth=1.5)
            .encode(
                longitude="lon:Q",
                latitude="lat:Q",
                size=alt.Size("size:Q", scale=None),
                color=alt.Color("fill:N", scale=None),
            )
            .project(**projection.to_dict())
        )
    align = {"start": "left", "middle": "center", "end": "right"}
    baseline = {"top": "top", "bottom": "bottom", "center": "middle"}
    frame = pd.DataFrame(placed)
    if len(frame):
        for (anchor, base), group in frame.groupby(["anchor", "baseline"]):
            position = {"longitude": "lon:Q", "latitude": "lat:Q", "text": "text:N"}
            # map_deck.region_label writes a gap as two lines (name, 未报告).
            common = {
                "align": align[anchor],
                "baseline": baseline[base],
                "fontSize": LABEL_PX,
                "lineBreak": "\n",
            }
            layers.append(
                alt.Chart(group)
                .mark_text(stroke="white", strokeWidth=4, strokeJoin="round", **common)
                .encode(**position)
                .project(**projection.to_dict())
            )
            layers.append(
                alt.Chart(group)
                .mark_text(**common)
                .encode(**position, color=alt.Color("colour:N", scale=None))
                .project(**projection.to_dict())
            )
    return alt.layer(*layers).properties(width=width, height=height)


def legend_layers(items: list[dict], height: int) -> alt.LayerChart:
    """map_legend.legend_items drawn in pixel space, as the page's legend draws them."""
    rows, top = [], 4.0
    largest = max((item["radius"] for item in items), default=8.0)
    # A long entry ("衢州市 无人口基数: 112个, 2013") wraps instead of ending in "…".
    columns = max(8, int((LEGEND_WIDTH - 2 * largest - 14) / (16 * 0.56)))
    for item in items:
        radius = item["radius"] if item["kind"] == "symbol" else 10.0
        lines = wrap(str(item["label"]), columns)
        half = max(radius, 12.0, len(lines) * 10.0)
        rows.append(
            {
                **item,
                "label": "\n".join(lines),
                "x": largest + 4,
                "y": top + half,
                "size": (2 * radius) ** 2,
            }
        )
        top += 2 * half + 8
    frame = pd.DataFrame(rows)
    extent = max(height, int(top))

    def pixels(field: str, span: int, channel):
        return channel(field, axis=None, scale=alt.Scale(domain=[0, span], range=[0, span]))

    position = {"x": pixels("x:Q", LEGEND_WIDTH, alt.X), "y": pixels("y:Q", extent, alt.Y)}
    fill = {"size": alt.Size("size:Q", scale=None), "color": alt.Color("colour:N", scale=None)}
    base = alt.Chart(frame)
    return alt.layer(
        base.transform_filter("datum.kind == 'swatch'")
        .mark_square(opacity=1, stroke=style.REPORTED_OUTLINE, strokeWidth=0.8)
        .encode(**position, **fill),
        base.transform_filter("datum.kind == 'symbol'")
        .mark_circle(opacity=0.85, stroke=style.REPORTED_OUTLINE, strokeWidth=0.8)
        .encode(**position, **fill),
        base.transform_filter("datum.kind == 'not_reported' || datum.kind == 'no_base'")
        .mark_square(
            opacity=1, stroke=style.NOT_REPORTED_OUTLINE, strokeWidth=1.4, strokeDash=[3, 2]
        )
        .encode(**position, **fill),
        base.transform_calculate(text_x=f"{2 * largest + 14}")
        .mark_text(
            align="left",
            baseline="middle",
            fontSize=16,
            lineBreak="\n",
            limit=LEGEND_WIDTH - 2 * largest - 14,
        )
        .encode(x=pixels("text_x:Q", LEGEND_WIDTH, alt.X), y=position["y"], text="label:N"),
    ).properties(width=LEGEND_WIDTH, height=extent, title=alt.TitleParams("", anchor="start"))


def map_chart(
    dataset: Dataset,
    table: pd.DataFrame,
    kind: str,
    lang: str,
    title: str,
    subtitle: list[str],
    width: int,
    height: int,
) -> dict:
    """Title and subtitle over the map and its legend, filling `width` x `height` pixels.

    `table` and `kind` are the page's own (raw or per resident), so the image draws exactly
    the values, classes and regions the screen draws. Returned as a Vega-Lite dict, with the
    boundaries added as named datasets.
    """
    geometry = map_geometry.map_geometry()
    subtitle = rewrap(subtitle, columns_for(width - 2 * PADDING, SUBTITLE_PX))
    header = HEADER_LINE_PX * (1 if title else 0) + (SUBTITLE_PX + 6) * len(subtitle) + 16
    inner_height = max(200, height - header - 2 * PADDING)
    map_width = width - LEGEND_WIDTH - 2 * PADDING - 20
    legend_title = text("map.legend", lang)
    geo_datasets: dict[str, list] = {}
    chart = alt.hconcat(
        map_layers(
            geo_datasets, geometry, table, kind, lang, dataset.colours, map_width, inner_height
        ),
        legend_layers(legend.legend_items(table, kind, lang, True), inner_height).properties(
            title=legend_title
        ),
        spacing=20,
    ).properties(
        title=alt.TitleParams(text=title, subtitle=subtitle, anchor="start")
        if title
        else alt.Undefined
    )
    spec = (
        chart.configure(font=FONT)
        .configure_view(strokeWidth=0)
        .configure_title(
            fontSize=TITLE_PX, subtitleFontSize=SUBTITLE_PX, anchor="start", subtitleColor="#4a4f55"
        )
        .configure_concat(spacing=20)
        .to_dict(validate=False)
    )
    spec.setdefault("datasets", {}).update(geo_datasets)
    return spec


def map_image(
    dataset: Dataset,
    indicator_id: str,
    lang: str,
    table: pd.DataFrame,
    kind: str | None = None,
    per: str = per_capita.RAW,
) -> ChartImage:
    """The map page's current map as a ChartImage (drawn only when someone downloads it).

    `table`, `kind` and `per` are the page's own map figures (views.map.MapFigures): in
    per-resident mode the image shows the rates, their unit and the no-base class, as the
    screen does, and a rerun builds nothing new.
    """
    if kind is None:
        kind = style.indicator_kind(dataset, indicator_id) if per == per_capita.RAW else style.RATE
    reported = style.reported_rows(table)
    unit = str(table["unit"].iloc[0]) if len(table) else ""
    years = sorted({int(year) for year in reported["year"]})
    span = (years[0], years[-1]) if years else (None, None)
    year_text = join(years, lang) if years else "–"
    if per != per_capita.RAW:
        kind_line = text("per.map_kind", lang)
    else:
        kind_line = text("map.kind_count" if kind == style.COUNT else "map.kind_rate", lang)
    subtitle = [
        text("chart.subtitle", lang, unit=unit_name(unit, lang), years=year_text),
        kind_line,
    ]
    if len(years) > 1:
        subtitle.append(text("compare.mixed_years", lang, years=year_text))
    population = (
        per_capita.map_subtitle(dataset, reported, per, lang) if per != per_capita.RAW else []
    )
    # The denominator under the title; its sources in the footer, so the map keeps its height.
    subtitle += population[:1]
    note = comparability_note(dataset, indicator_id, lang)
    if note:
        subtitle.append(text("compare.comparability", lang, text=note))
    name = per_capita.titled(dataset.indicator_name(indicator_id, lang), per, lang)
    title = text("map.indicator_title", lang, indicator=name)
    # Every figure drawn names its report, a no-base region's raw figure included.
    drawn = table[table["reported"] | style.no_base_mask(table)]
    sources = source_line(dataset, drawn["source_id"], lang) if len(drawn) else ""
    notes = [text("map.boundary_note", lang), *population[1:]]
    no_base = per_capita.no_base_regions(dataset, table, lang)
    if no_base:
        notes.append(no_base)
    return ChartImage(
        build=lambda chart_title, _line: map_chart(
            dataset, table, kind, lang, chart_title, subtitle, 960, 480
        ),
        build_sized=lambda chart_title, width, height: map_chart(
            dataset, table, kind, lang, chart_title, subtitle, width, height
        ),
        title=title,
        source=sources,
        subject=f"{indicator_id}_map" + ("" if per == per_capita.RAW else f"_{per}"),
        unit=unit,
        years=span,
        notes=tuple(notes),
    )
