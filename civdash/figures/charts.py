"""Altair chart builders: trends, comparisons and small multiples, each with title and source."""

from __future__ import annotations

import math
import re
import textwrap
from dataclasses import dataclass

import altair as alt
import pandas as pd
from altair.vegalite.data import default_data_transformer

from civdash.core import units
from civdash.core.colours import text_colour
from civdash.core.formatting import fact_text, fact_value, figures_span, period_text, short_value
from civdash.core.numbers import EXACT, is_missing
from civdash.core.units import unit_name
from civdash.data.source_names import source_line, source_titles
from civdash.figures import source_text
from civdash.figures.accessibility import latest_summary, list_summary, series_summary
from civdash.i18n import join, qualifier_name, text
from civdash.method import status
from civdash.method.peers import level_notes, mark_levels, region_levels

# A line joins two observations only when they are consecutive years; otherwise it is dashed,
# so that a gap of several years never looks like measured data.
MAX_SOLID_GAP_YEARS = 1
FONT = "WenQuanYi Micro Hei, Microsoft YaHei, PingFang SC, Noto Sans CJK SC, sans-serif"


# Altair's own conversion of a frame to JSON values (sanitize_pandas_dataframe) runs a dozen
# pandas operations per column and was a third of a chart's build time; our frames are small
# and plainly typed, so each column becomes a Python list with None for a missing value.
FAST_VALUES = "civdash_values"
FAST_VALUES_MAX_ROWS = 5_000  # Altair's own limit: larger frames take its default path


def _column_values(column: pd.Series) -> list:
    """Python scalars, as Altair's sanitising makes them; NaN, infinity and NA become None."""
    return [None if is_missing(value) else value for value in column.astype(object).tolist()]


def _fast_values(data, max_rows: int = FAST_VALUES_MAX_ROWS, **kwargs):
    if not isinstance(data, pd.DataFrame) or len(data) > max_rows:
        return default_data_transformer(data, max_rows=max_rows, **kwargs)
    columns = [str(name) for name in data.columns]
    lists = [_column_values(data[name]) for name in data.columns]
    return {"values": [dict(zip(columns, row, strict=True)) for row in zip(*lists, strict=True)]}


alt.data_transformers.register(FAST_VALUES, _fast_values)
# Altair's debug mode validates every schema object as it is built: about a third of a chart's
# build time. The finished specs of every builder are validated against the Vega-Lite schema
# in tests/test_charts.py instead, once, where a mistake should fail.
alt.utils.schemapi.disable_debug_mode()


def spec(chart) -> dict:
    """The chart's Vega-Lite spec, unvalidated (our builders make the same, tested charts)."""
    with alt.data_transformers.enable(FAST_VALUES):
        return chart.to_dict(validate=False)


def chart_rows(rows: pd.DataFrame, dataset, lang: str) -> pd.DataFrame:
    """Only the columns Vega-Lite needs, with display strings precomputed in the language."""
    zh = lang == "zh"
    frame = pd.DataFrame(
        {
            "region_id": rows["region_id"].astype(str).to_numpy(),
            "region": rows["region_zh" if zh else "region_en"].astype(str).to_numpy(),
            "year": rows["year"].astype(int).to_numpy(),
            "period_start": rows["period_start"].astype("Float64").to_numpy(),
            "value": rows["value"].astype(float).to_numpy(),
            "qualifier": rows["qualifier"].astype(str).to_numpy(),
            "value_as_written": rows["value_as_written"].astype(str).to_numpy(),
            "excerpt": rows["excerpt"].astype(str).to_numpy(),
            "source_id": rows["source_id"].astype(str).to_numpy(),
            "unit": rows["unit"].astype(str).to_numpy(),
            "user_supplied": rows["user_supplied"].astype(bool).to_numpy(),
        }
    )
    frame["source"] = [source_titles(dataset, [source], lang) for source in frame["source_id"]]
    # A click on a point or bar opens its sentence in the report (the tooltip says so).
    frame["source_url"] = source_text.source_urls(rows, lang)
    frame["link_hint"] = [
        text("label.view_source_help", lang) if url else "" for url in frame["source_url"]
    ]
    # One chart, one number format: every label takes the step of the chart's largest value.
    like = float(frame["value"].abs().max()) if len(frame) else None
    frame["label"] = [
        fact_value(value, unit, lang, qualifier, start, like=like)
        for value, unit, qualifier, start in zip(
            frame["value"], frame["unit"], frame["qualifier"], frame["period_start"], strict=True
        )
    ]
    # On the chart itself the unit sits in the axis and subtitle, so point labels stay short;
    # an increase multiple keeps its words (一倍多 is not '≥1').
    frame["short_label"] = [
        short_value(value, unit, lang, qualifier, start, like=like)
        for value, unit, qualifier, start in zip(
            frame["value"], frame["unit"], frame["qualifier"], frame["period_start"], strict=True
        )
    ]
    frame["qualifier_label"] = [qualifier_name(q, lang) for q in frame["qualifier"]]
    frame["approximate"] = frame["qualifier"] != EXACT
    frame["period"] = [
        period_text(start, year)
        for start, year in zip(frame["period_start"], frame["year"], strict=True)
    ]
    frame["user_label"] = [
        text("label.user_supplied", lang) if flag else "" for flag in frame["user_supplied"]
    ]
    # A figure computed from the written one (3.9萬 nursing beds -> 57,353 institutional beds)
    # says 推算 / derived on the chart, as the table beside it does.
    derived = (
        rows["derivation"].astype(object).fillna("").astype(str).str.strip().ne("").to_numpy()
        if "derivation" in rows.columns
        else [False] * len(frame)
    )
    derived_marks = [text("label.derived", lang) if flag else "" for flag in derived]
    # A normalised figure says on the chart when its base is far from its year, and what the
    # report itself states (normalise.normalise), not only in the subtitle's small type.
    frame["derived_label"] = [
        " · ".join(part for part in parts if part)
        for parts in zip(
            derived_marks,
            _text_column(rows, "base_mark", len(frame)),
            _text_column(rows, "stated_mark", len(frame)),
            strict=True,
        )
    ]
    frame["short_value"] = frame["short_label"]
    # A user-supplied figure says so wherever it is labelled, not only in the tooltip.
    frame["short_label"] = [
        " · ".join(part for part in (label, mark, user) if part)
        for label, mark, user in zip(
            frame["short_label"], frame["derived_label"], frame["user_label"], strict=True
        )
    ]
    # A district or county beside prefecture cities is labelled "(区)" and drawn with a pattern.
    levels = region_levels(dataset, frame["region_id"].unique())
    return mark_levels(frame, levels, lang)


def _text_column(rows: pd.DataFrame, name: str, length: int) -> list[str]:
    if name not in rows.columns:
        return [""] * length
    return rows[name].astype(object).fillna("").astype(str).tolist()


# Diagonal white stripes laid over a district's or county's bar: a pattern that survives
# greyscale printing and colour-blindness, unlike a colour alone.
STRIPE_COUNT = 14


def stripes(count: int = STRIPE_COUNT) -> dict:
    """A Vega linear gradient with hard stops: alternating translucent white and clear bands."""
    stops = []
    for index in range(count):
        colour = "rgba(255,255,255,0.55)" if index % 2 == 0 else "rgba(255,255,255,0)"
        stops.append({"offset": index / count, "color": colour})
        stops.append({"offset": (index + 1) / count, "color": colour})
    return {"gradient": "linear", "x1": 0, "y1": 0, "x2": 1, "y2": 1, "stops": stops}


def level_lines(frame: pd.DataFrame, dataset, lang: str) -> list[str]:
    return level_notes(dataset, frame["region_id"].unique(), lang)


def user_legend(frame: pd.DataFrame, lang: str, key: str) -> list[str]:
    """The subtitle line explaining how user-supplied rows are drawn, when there are any."""
    return [text(key, lang)] if frame["user_supplied"].any() else []


def colour_scale(colours: dict[str, str], frame: pd.DataFrame, for_text: bool = False) -> alt.Scale:
    """Map each region's display name to its fixed colour, whatever subset is shown.

    Text takes the darker shade of the same hue, so that labels reach 4.5:1 on white.
    """
    pairs = frame[["region_id", "region"]].drop_duplicates()
    shade = text_colour if for_text else str
    return alt.Scale(
        domain=pairs["region"].tolist(),
        range=[shade(colours.get(region_id, "#757575")) for region_id in pairs["region_id"]],
    )


def segments(frame: pd.DataFrame) -> pd.DataFrame:
    """Consecutive observation pairs per region, each flagged solid or dashed by its gap."""
    pieces = []
    for region_id, group in frame.sort_values("year").groupby("region_id", sort=False):
        group = group.drop_duplicates("year", keep="last")
        years, values = group["year"].to_list(), group["value"].to_list()
        region = group["region"].iloc[0]
        for index in range(len(years) - 1):
            gap = years[index + 1] - years[index]
            segment = f"{region_id}-{index}"
            for year, value in (
                (years[index], values[index]),
                (years[index + 1], values[index + 1]),
            ):
                pieces.append(
                    {
                        "segment": segment,
                        "region_id": region_id,
                        "region": region,
                        "year": year,
                        "value": value,
                        "gap": gap,
                        "dashed": gap > MAX_SOLID_GAP_YEARS,
                    }
                )
    return pd.DataFrame(
        pieces, columns=["segment", "region_id", "region", "year", "value", "gap", "dashed"]
    )


def axis_label_expression(lang: str, top: float | None = None) -> str:
    """Vega expression for value-axis labels, one step for the whole axis.

    Every tick of an axis uses the same step, chosen from the axis' largest value: 0, 2万, 4万 …
    in Chinese and 0, 20 m, 40 m … in English, never a mix such as '5,000 | 1万 | 1.5万'.
    """
    top = abs(top or 0)
    steps = ((1e8, "亿"), (1e4, "万")) if lang == "zh" else ((1e9, " bn"), (1e6, " m"))
    for size, suffix in steps:
        if top >= size:
            return (
                f"datum.value == 0 ? '0' : format(datum.value / {size:.0f}, ',.4~f') + '{suffix}'"
            )
    return "format(datum.value, ',.4~f')"


def axis_unit(unit: str, lang: str) -> str:
    """The unit as an axis title; a plain count has no unit word ('count' says nothing)."""
    if unit == "count":
        return text("chart.axis_number", lang)
    return unit_name(unit, lang)


def value_axis(unit: str, lang: str, top: float | None, present: bool) -> alt.Axis:
    """A value axis of about five ticks, its unit written level above the axis, never sideways."""
    return alt.Axis(
        labelExpr=axis_label_expression(lang, top),
        tickCount=5,
        title=axis_unit(unit, lang),
        titleAngle=0,
        titleAnchor="end",
        titleAlign="left",
        titleBaseline="bottom",
        titleX=0,
        titleY=-12 if present else -8,
    )


def when(channel, test: str, if_true, if_false):
    """alt.condition as a channel object: Altair turns a bare dict into a channel by hashing
    every schema it knows (milliseconds per encoding); an object it takes as it is."""
    condition = alt.condition(test, if_true, if_false)
    if not isinstance(condition, dict):  # a field's channel object, with the condition inside
        return condition
    if "field" not in condition:
        channel = getattr(alt, channel.__name__ + "Value")
    return channel(**condition)


def tooltip(lang: str) -> list[alt.Tooltip]:
    return [
        alt.Tooltip("region:N", title=text("label.region", lang)),
        alt.Tooltip("period:N", title=text("label.year", lang)),
        alt.Tooltip("value_as_written:N", title=text("label.value_as_written", lang)),
        alt.Tooltip("label:N", title=text("label.value", lang)),
        alt.Tooltip("qualifier_label:N", title=text("label.qualifier", lang)),
        alt.Tooltip("source:N", title=text("label.source", lang)),
        alt.Tooltip("excerpt:N", title=text("label.excerpt", lang)),
        alt.Tooltip("user_label:N", title=text("label.user_supplied", lang)),
        alt.Tooltip("link_hint:N", title=text("label.view_source", lang)),
    ]


# Font sizes in pixels at normal size; presentation mode multiplies them for a projector.
PRESENT_SCALE = 1.6
TITLE_PX, SUBTITLE_PX, LABEL_PX, AXIS_TITLE_PX = 17, 12, 12, 13
# Plot heights in pixels: what the eye sees, the chart's title, axes and legend come on top.
TREND_PLOT_PX = {False: 300, True: 440}
SMALL_PLOT_PX = {False: 140, True: 190}
BULLET_PLOT_PX = {False: 120, True: 150}
# The width a chart gets at 1440 px with the sidebar open, and at 1920 px in presentation mode;
# titles and subtitles are wrapped to it so that no line is cut off.
FULL_WIDTH_PX = {False: 960, True: 1760}
# Compare's plot in presentation mode: half the screen with the page's notes above it.
COMPARE_PRESENT_PLOT_PX = 380
# Value labels at bar ends and line ends: readable from the back of a room when presenting.
VALUE_LABEL_PX = {False: 12, True: 22}
# Bars never grow thicker than this, however few regions are compared.
MAX_BAR_PX = {False: 36, True: 56}


def font_scale(present: bool) -> float:
    return PRESENT_SCALE if present else 1.0


def style(chart: alt.TopLevelMixin, present: bool) -> alt.TopLevelMixin:
    """Shared typography; presentation mode enlarges everything for a projector."""
    scale = font_scale(present)
    # One Config set on the freshly built chart: each chained configure_* call deep-copied the
    # whole layered chart, data included, which was most of a chart's build time.
    chart.config = alt.Config(
        font=FONT,
        title=alt.TitleConfig(
            fontSize=round(TITLE_PX * scale),
            subtitleFontSize=round(SUBTITLE_PX * scale),
            anchor="start",
            subtitleColor="#4a4f55",
            offset=10,
        ),
        axis=alt.AxisConfig(
            labelFontSize=round(LABEL_PX * scale),
            titleFontSize=round(AXIS_TITLE_PX * scale),
            labelLimit=320,
            titleLimit=0,
        ),
        legend=alt.LegendConfig(
            labelFontSize=round(LABEL_PX * scale),
            titleFontSize=round(LABEL_PX * scale),
            orient="top",
            direction="horizontal",
            columns=6,
            labelLimit=240,
        ),
        view=alt.ViewConfig(strokeWidth=0),
    )
    return quiet_parts(chart)


def quiet_parts(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """Leave axes, legend and title out of the chart's accessibility tree.

    Screen readers get the chart's one-sentence summary (its description, which Vega makes
    the chart's aria-label) and the table beside it; Vega's own descriptions of axes, legends
    and titles are generated in English ("X-axis titled ...") whatever the page language.
    """
    for part in (chart.config.axis, chart.config.legend, chart.config.title):
        part.aria = False
    return chart


def display_width(text_value: str) -> int:
    """Columns a text takes in a terminal or a subtitle: a Chinese character takes two."""
    return sum(2 if "\u2e80" <= char <= "\uffef" else 1 for char in text_value)


def columns_for(width_px: float, font_px: float) -> int:
    """Half-width columns of text that fit a width: a column is about half the font size."""
    return max(20, int(width_px / (font_px * 0.56)))


def wrap(line: str, columns: int) -> list[str]:
    """Split a long title or subtitle line at separators so nothing is cut off."""
    if display_width(line) <= columns:
        return [line]
    pieces, current = [], ""
    # A thousands separator (1,000) is no place to break a line.
    for token in re.split(r"(?<=[;\uff1b\uff0c\u3001 ])|(?<=,)(?!\d)", line):
        if current and display_width(current + token) > columns:
            pieces.append(current.rstrip())
            current = ""
        while display_width(token) > columns:
            cut = columns // 2
            pieces.append(token[:cut])
            token = token[cut:]
        current += token
    if current.strip():
        pieces.append(current.rstrip())
    return pieces


@dataclass
class Heading:
    """A chart's title and subtitle lines, wrapped to the chart's width."""

    title: list[str]
    subtitle: list[str]

    def params(self) -> alt.TitleParams:
        # Vega would read the title out in English words; the description says it instead.
        return alt.TitleParams(text=self.title, subtitle=self.subtitle, aria=False)


def heading(title: str, subtitle_lines: list[str], present: bool, width_px: float) -> Heading:
    scale = font_scale(present)
    return Heading(
        title=wrap(title, columns_for(width_px, TITLE_PX * scale)),
        subtitle=[
            piece
            for line in subtitle_lines
            if line
            for piece in wrap(line, columns_for(width_px, SUBTITLE_PX * scale))
        ],
    )


def chart_height(
    plot_px: float,
    head: Heading,
    present: bool,
    legend_rows: int = 0,
    x_axis_title: bool = True,
) -> int:
    """The height to give Streamlit, which fits title, axes and legend into it.

    Streamlit sizes the whole chart, title included, to the height in the spec; the plot gets
    what is left. Each part's height is added to the plot's, so the plot keeps `plot_px`.
    """
    scale = font_scale(present)
    title = len(head.title) * TITLE_PX * scale * 1.3 + 10
    subtitle = len(head.subtitle) * SUBTITLE_PX * scale * 1.35
    axis_title_above = AXIS_TITLE_PX * scale * 1.4 + 12
    x_axis = LABEL_PX * scale * 1.4 + 10 + (AXIS_TITLE_PX * scale * 1.5 if x_axis_title else 0)
    legend = legend_rows * LABEL_PX * scale * 1.8 + (LABEL_PX * scale * 1.6 if legend_rows else 0)
    return round(plot_px + title + subtitle + axis_title_above + x_axis + legend + 30)


def chart_title(title: str, subtitle_lines: list[str], present: bool = False) -> alt.TitleParams:
    return heading(title, subtitle_lines, present, FULL_WIDTH_PX[present]).params()


def years_text(frame: pd.DataFrame) -> str:
    return figures_span(frame) if len(frame) else ""


def legend_lines(frame: pd.DataFrame, lang: str) -> list[str]:
    """The marks' key, only for marks the chart actually draws."""
    lines = []
    dashed = len(segments(frame[frame["period_start"].isna()])) and (
        segments(frame[frame["period_start"].isna()])["dashed"].any()
    )
    if frame["approximate"].any() or dashed:
        lines.append(text("chart.approx_legend", lang))
    if frame["period_start"].notna().any():
        lines.append(text("chart.multi_year_legend", lang))
    return lines


def trend_layers(
    frame: pd.DataFrame,
    dataset,
    lang: str,
    present: bool,
    y_scale: alt.Scale,
    y_axis: alt.Axis,
    colour: alt.Color,
    labelled: pd.Series,
    year_title: bool = True,
) -> list:
    """Spans for multi-year totals, lines (solid or dashed by gap), points and value labels."""
    value = alt.Y("value:Q", scale=y_scale, axis=y_axis)
    frame = frame.assign(
        point_shape=[
            "diamond" if user else ("square" if lower else "circle")
            for user, lower in zip(frame["user_supplied"], frame["lower_level"], strict=True)
        ]
    )
    multi_year = frame["period_start"].notna()
    first_year = int(frame["period_start"].min()) if multi_year.any() else None
    low = min(first_year or frame["year"].min(), frame["year"].min())
    # Half a year of margin each side keeps end labels inside the plot.
    year_scale = alt.Scale(domain=[low - 0.6, int(frame["year"].max()) + 0.6], nice=False)
    span = int(frame["year"].max()) - int(low)
    year_axis = alt.Axis(format="d", tickMinStep=1, tickCount=min(max(span, 1), 11), grid=False)
    layers = []
    spans = frame[multi_year].assign(start=lambda f: f["period_start"].astype(int))
    if len(spans):
        layers.append(
            alt.Chart(spans)
            .mark_rule(strokeWidth=5, opacity=0.8)
            .encode(
                x=alt.X("start:Q", scale=year_scale),
                x2=alt.X2("year:Q"),
                y=value,
                color=colour,
                tooltip=tooltip(lang),
                href=alt.Href("source_url:N"),
            )
        )
    links = segments(frame[~multi_year])
    if len(links):
        layers.append(
            alt.Chart(links)
            .mark_line(strokeWidth=3 if present else 2.5, aria=False)
            .encode(
                x=alt.X("year:Q", scale=year_scale),
                y=value,
                color=colour,
                detail=alt.Detail("segment:N"),
                strokeDash=alt.StrokeDash(
                    "dashed:N",
                    scale=alt.Scale(domain=[False, True], range=[[1, 0], [6, 4]]),
                    legend=None,
                ),
            )
        )
    layers.append(
        alt.Chart(frame)
        .mark_point(size=140 if present else 90, strokeWidth=2.5)
        .encode(
            x=alt.X(
                "year:Q",
                title=text("label.year", lang) if year_title else None,
                axis=year_axis,
                scale=year_scale,
            ),
            y=value,
            color=colour,
            fill=when(
                alt.Fill, "datum.approximate || datum.user_supplied", alt.value("white"), colour
            ),
            # Diamonds are user-supplied rows, squares districts and counties beside cities.
            shape=alt.Shape("point_shape:N", scale=None, legend=None),
            tooltip=tooltip(lang),
            href=alt.Href("source_url:N"),
        )
    )
    layers.append(
        alt.Chart(frame[labelled.to_numpy()])
        .mark_text(
            dy=-24 if present else -14, fontSize=VALUE_LABEL_PX[True] if present else 11, aria=False
        )
        .encode(
            x=alt.X("year:Q", scale=year_scale),
            y=value,
            text=alt.Text("point_label:N"),
            # Labels take the darker shade of each region's hue, to reach 4.5:1 on white.
            color=alt.Color(
                "region:N", scale=colour_scale(dataset.colours, frame, for_text=True), legend=None
            ),
        )
    )
    return layers


def end_points(frame: pd.DataFrame) -> pd.Series:
    """True for each region's first and last figure: the values a reader compares."""
    order = frame.sort_values("year")
    first = order.groupby("region_id", sort=False)["year"].transform("min")
    last = order.groupby("region_id", sort=False)["year"].transform("max")
    ends = (order["year"] == first) | (order["year"] == last)
    return ends.reindex(frame.index)


def trend_chart(
    rows: pd.DataFrame,
    dataset,
    lang: str,
    title: str,
    source_line: str,
    present: bool = False,
    plot_px: int | None = None,
    extra_lines: tuple[str, ...] | list[str] = (),
) -> alt.TopLevelMixin:
    """Points for every figure; solid lines for consecutive years, dashed across gaps.

    Approximate or lower-bound figures are hollow and labelled (≥700万); multi-year totals are
    drawn as horizontal bars spanning their period, never as a point in a yearly series. The
    value axis starts at zero; with few regions each one's last figure carries its name, so the
    reader need not look from line to legend.
    """
    frame = chart_rows(rows, dataset, lang)
    unit = frame["unit"].iloc[0] if len(frame) else ""
    regions = frame["region_id"].nunique()
    last = frame["year"] == frame.groupby("region_id")["year"].transform("max")
    named = last & (regions <= DIRECT_LABEL_REGIONS)
    frame["point_label"] = [
        f"{region} {label}" if name else label
        for region, label, name in zip(frame["region"], frame["short_label"], named, strict=True)
    ]
    # Named at their ends, a few regions need no legend; more get one above the plot, clear of
    # the unit written over the value axis.
    legend = (
        None
        if regions <= DIRECT_LABEL_REGIONS
        else alt.Legend(offset=round(AXIS_TITLE_PX * font_scale(present) * 1.6 + 8))
    )
    colour = alt.Color(
        "region:N",
        scale=colour_scale(dataset.colours, frame),
        title=text("label.region", lang),
        legend=legend,
    )
    top = float(frame["value"].max()) if len(frame) else 0.0
    layers = trend_layers(
        frame,
        dataset,
        lang,
        present,
        zero_based_scale(top),
        value_axis(unit, lang, top, present),
        colour,
        pd.Series(True, index=frame.index),
    )
    subtitle = [
        text("chart.subtitle", lang, unit=unit_name(unit, lang), years=years_text(frame)),
        *legend_lines(frame, lang),
        *extra_lines,
        *level_lines(frame, dataset, lang),
        *user_legend(frame, lang, "chart.user_legend_points"),
        source_line,
    ]
    head = heading(title, subtitle, present, FULL_WIDTH_PX[present])
    legend_rows = 0 if legend is None else -(-regions // 6) + 1
    plot = plot_px or TREND_PLOT_PX[present]
    chart = alt.layer(*layers).properties(
        title=head.params(),
        height=chart_height(plot, head, present, legend_rows=legend_rows),
        width="container",
        description=series_summary(title, frame, lang),
    )
    return style(chart, present)


# The value axis reaches this share of its range below zero, so that a point near zero
# (≈800 beds beside 87,000) sits whole above the baseline instead of half under it.
BASELINE_MARGIN = 0.025


def nice_top(value: float, ticks: int = 5) -> float:
    """The round number an axis of about `ticks` ticks ends at: 780 → 800, 87,000 → 100,000."""
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value / ticks))
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * magnitude
        if value / step <= ticks:
            return math.ceil(value / step) * step
    return math.ceil(value / (10 * magnitude)) * 10 * magnitude


def zero_based_scale(top: float) -> alt.Scale:
    """An axis from zero to a round number above the largest value, with a sliver below zero."""
    end = nice_top(top)
    return alt.Scale(domain=[-end * BASELINE_MARGIN, end], nice=False, zero=False)


# Up to this many regions, each region's last figure is labelled with its name.
DIRECT_LABEL_REGIONS = 5


def comparison_chart(
    rows: pd.DataFrame,
    dataset,
    lang: str,
    title: str,
    source_line: str,
    note: str = "",
    present: bool = False,
    extra_lines: tuple[str, ...] | list[str] = (),
    width_px: float | None = None,
) -> alt.TopLevelMixin:
    """Horizontal bars of the latest value per region, each labelled with value and year.

    A district or county beside prefecture cities keeps its colour but gets a dashed outline
    and diagonal stripes, and its label says "(区)", so a slide in greyscale still shows it.
    `width_px` is the width the chart is drawn at (an image's); by default the page's.
    """
    frame = chart_rows(rows, dataset, lang)
    # A per-resident rate's unit is long ("beds per 1,000 aged 60+") and already stands in the
    # axis title and subtitle, so its bars carry the number and year only.
    per_resident = frame["unit"].str.contains("/", regex=False)
    frame["bar_label"] = [
        f"{short if per else label} ("
        + " · ".join(part for part in (period, mark, user) if part)
        + ")"
        for label, short, per, period, mark, user in zip(
            frame["label"],
            frame["short_value"],
            per_resident,
            frame["period"],
            frame["derived_label"],
            frame["user_label"],
            strict=True,
        )
    ]
    unit = frame["unit"].iloc[0] if len(frame) else ""
    order = frame.sort_values("value", ascending=False)["region"].tolist()
    row_px = 46 if present else 32
    # In presentation mode the chart fills half the screen however few regions there are.
    plot = max(len(frame) * row_px, COMPARE_PRESENT_PLOT_PX if present else 0, 140)
    band = plot / max(len(frame), 1)
    thickness = min(0.7, MAX_BAR_PX[present] / band)
    colour = alt.Color("region:N", scale=colour_scale(dataset.colours, frame), legend=None)
    y = alt.Y("region:N", sort=order, title=None, axis=alt.Axis(labelLimit=0, labelPadding=8))
    top = float(frame["value"].max()) if len(frame) else 0.0
    # Room at the bar ends for the longest label, so no label runs past the chart's edge: the
    # plot is what the chart's width leaves after the region names, and a bar's label starts
    # at its end, so the scale must end where the longest bar plus its label fit.
    label_px = bar_label_px(frame["bar_label"], present) + 6
    region_px = max((display_width(region) for region in frame["region"]), default=0) * (
        LABEL_PX * font_scale(present) * 0.56
    )
    plot_width = (width_px or FULL_WIDTH_PX[present]) - region_px - 8 - 12
    headroom = min(3.0, label_px / max(plot_width - label_px, 1))
    domain_end = top * (1 + headroom) if top > 0 else 1
    bars = (
        alt.Chart(frame)
        .mark_bar(height={"band": thickness}, strokeWidth=2.5)
        .encode(
            x=alt.X(
                "value:Q",
                scale=alt.Scale(domain=[0, domain_end], nice=False, zero=True),
                axis=alt.Axis(
                    labelExpr=axis_label_expression(lang, top),
                    tickCount=5,
                    title=axis_unit(unit, lang),
                ),
            ),
            y=y,
            color=colour,
            opacity=when(alt.Opacity, "datum.approximate", alt.value(0.55), alt.value(1.0)),
            # A user-supplied bar is hollow with a dashed outline in the region's colour.
            fillOpacity=when(
                alt.FillOpacity, "datum.user_supplied", alt.value(0.12), alt.value(1.0)
            ),
            stroke=when(alt.Stroke, "datum.user_supplied", colour, alt.value(None)),
            strokeDash=when(
                alt.StrokeDash, "datum.user_supplied", alt.value([6, 3]), alt.value([1, 0])
            ),
            tooltip=tooltip(lang),
            href=alt.Href("source_url:N"),
        )
    )
    lower = frame[frame["lower_level"]]
    if len(lower):
        bars = bars + (
            alt.Chart(lower)
            .mark_bar(
                height={"band": thickness},
                fill=stripes(),
                stroke="#1b1f24",
                strokeWidth=1.5,
                strokeDash=[5, 3],
            )
            .encode(x=alt.X("value:Q"), y=y, tooltip=tooltip(lang))
        )
    labels = (
        alt.Chart(frame)
        .mark_text(align="left", dx=6, fontSize=VALUE_LABEL_PX[present], aria=False)
        .encode(
            x=alt.X("value:Q"),
            y=y,
            text=alt.Text("bar_label:N"),
        )
    )
    years = sorted(set(frame["period"]))
    subtitle = [
        text("chart.subtitle", lang, unit=unit_name(unit, lang), years=join(years, lang)),
        note,
        *extra_lines,
        *level_lines(frame, dataset, lang),
        *user_legend(frame, lang, "chart.user_legend_bars"),
        source_line,
    ]
    head = heading(title, subtitle, present, FULL_WIDTH_PX[present])
    chart = (bars + labels).properties(
        title=head.params(),
        height=chart_height(plot, head, present),
        width="container",
        description=latest_summary(title, frame, lang),
    )
    return style(chart, present)


def bar_label_px(labels, present: bool) -> float:
    """The width the longest bar label takes, erring wide (a column is 0.6 of the font)."""
    widest = max((display_width(str(label)) for label in labels), default=0)
    return widest * VALUE_LABEL_PX[present] * 0.6


def small_trend(rows: pd.DataFrame, dataset, lang: str, present: bool = False) -> alt.TopLevelMixin:
    """A small multiple for the profile page: one region, one indicator, its change visible.

    Counts start at zero; rates and levels get an axis fitted to their values, so that 39% →
    99.9% rises across the plot instead of lying flat along a 0–100 axis. The first and last
    figures are written out; a single region needs no legend.
    """
    name = str(rows["indicator_zh" if lang == "zh" else "indicator_en"].iloc[0])
    line = source_line(dataset, rows["source_id"], lang)
    frame = chart_rows(rows, dataset, lang)
    frame["point_label"] = frame["short_label"]
    unit = frame["unit"].iloc[0]
    colour = alt.Color("region:N", scale=colour_scale(dataset.colours, frame), legend=None)
    top = float(frame["value"].max())
    y_scale = value_scale(frame["value"], unit)
    layers = trend_layers(
        frame,
        dataset,
        lang,
        present,
        y_scale,
        value_axis(unit, lang, top, present),
        colour,
        end_points(frame),
        year_title=False,
    )
    subtitle = [
        text("chart.subtitle", lang, unit=unit_name(unit, lang), years=years_text(frame)),
        *legend_lines(frame, lang),
        line,
    ]
    width = FULL_WIDTH_PX[present]
    head = heading(name, subtitle, present, width)
    chart = alt.layer(*layers).properties(
        title=head.params(),
        height=chart_height(SMALL_PLOT_PX[present], head, present, x_axis_title=False),
        width="container",
        description=series_summary(name, frame, lang),
    )
    return style(chart, present)


def value_scale(values: pd.Series, unit: str) -> alt.Scale:
    """Zero-based for counts; for rates and levels a domain around the values, padded a little."""
    if units.is_count(unit):
        return zero_based_scale(float(values.max()))
    low, high = float(values.min()), float(values.max())
    pad = (high - low) * 0.15 or abs(high) * 0.1 or 1.0
    bottom = low - pad
    # Shares and non-negative levels never get an axis below zero.
    if low >= 0:
        bottom = max(0.0, bottom)
    return alt.Scale(domain=[bottom, high + pad], zero=False, nice=True)


# Cell sizes of the coverage heat map: every region and category fits at 1440 px.
HEATMAP_ROW_PX = {False: 28, True: 34}
HEATMAP_SCHEME = "blues"


def coverage_heatmap(cells: pd.DataFrame, lang: str, present: bool = False) -> alt.TopLevelMixin:
    """Region × category as a shaded heat map: darker = more indicators, '–' = nothing reported.

    Category names are wrapped onto short lines above the columns, so all of them fit the
    width of the page in both languages; clicking a cell selects its region and category.
    """
    frame = cells.copy()
    scale = font_scale(present)
    headers = {name: header_lines(name, lang) for name in dict.fromkeys(frame["category"])}
    lines = max(len(header) for header in headers.values())
    # Vega writes a label's further lines below its first; shorter headers are padded at the
    # top so that every header ends just above its column.
    frame["category_label"] = [
        "\n".join(["\u00a0"] * (lines - len(headers[name])) + headers[name])
        for name in frame["category"]
    ]
    line_px = round(11 * scale * 1.25)
    frame["reported"] = frame["indicators"].notna()
    frame["indicators"] = frame["indicators"].astype("Float64")
    region_order = list(dict.fromkeys(frame["region"]))
    category_order = list(dict.fromkeys(frame["category_label"]))
    top = float(frame["indicators"].max()) if frame["reported"].any() else 1.0
    x = alt.X(
        "category_label:N",
        sort=category_order,
        title=None,
        axis=alt.Axis(
            orient="top",
            labelAngle=0,
            labelExpr="split(datum.label, '\\n')",
            labelLimit=0,
            labelBaseline="alphabetic",
            labelLineHeight=line_px,
            labelPadding=(lines - 1) * line_px + 6,
            labelOverlap=False,
            labelFontSize=round(11 * scale),
            ticks=False,
            domain=False,
        ),
    )
    y = alt.Y(
        "region:N",
        sort=region_order,
        title=None,
        axis=alt.Axis(labelLimit=0, ticks=False, domain=False, labelPadding=6),
    )
    cell_tooltip = [
        alt.Tooltip("region:N", title=text("label.region", lang)),
        alt.Tooltip("category:N", title=text("label.category", lang)),
        alt.Tooltip("cell:N", title=text("overview.cell_legend", lang)),
    ]
    selection = alt.selection_point(name="cell", fields=["region_id", "category_id"])
    colour = alt.Color(
        "indicators:Q",
        scale=alt.Scale(scheme=HEATMAP_SCHEME, domain=[0, top], domainMin=0),
        title=text("label.indicator_count", lang),
        legend=alt.Legend(orient="top", gradientLength=220, direction="horizontal"),
    )
    rects = (
        alt.Chart(frame[frame["reported"]])
        .mark_rect(stroke="white", strokeWidth=1.5)
        .encode(x=x, y=y, color=colour, tooltip=cell_tooltip)
        .add_params(selection)
    )
    empty = (
        alt.Chart(frame[~frame["reported"]])
        .mark_rect(color="#f4f5f7", stroke="white", strokeWidth=1.5)
        .encode(x=x, y=y, tooltip=cell_tooltip)
    )
    labels = (
        alt.Chart(frame)
        .mark_text(fontSize=round(11 * scale))
        .encode(
            x=x,
            y=y,
            text=alt.Text("cell:N"),
            color=when(
                alt.Color,
                f"datum.indicators > {top * 0.55:.3f}",
                alt.value("white"),
                alt.value("#1b1f24"),
            ),
        )
    )
    plot = HEATMAP_ROW_PX[present] * len(region_order)
    height = plot + lines * 11 * scale * 1.3 + LABEL_PX * scale * 3 + 30
    # Said aloud: each region with the number of categories it reports anything in.
    counts = frame[frame["reported"]].groupby("region", sort=False).size()
    summary = list_summary(
        text("overview.coverage", lang),
        [
            f"{region} {int(count)}"
            for region, count in counts.reindex(region_order).dropna().items()
        ],
        lang,
    )
    chart = alt.layer(empty, rects, labels).properties(
        height=round(height), width="container", description=summary
    )
    return style(chart, present)


def header_lines(name: str, lang: str) -> list[str]:
    """A column header broken into short, even lines (Chinese: at most four characters each)."""
    if lang == "zh":
        count = -(-len(name) // 4)
        size = -(-len(name) // count)
        return [name[start : start + size] for start in range(0, len(name), size)]
    return textwrap.wrap(name, width=10, break_long_words=False)


def bullet_chart(
    row: dict,
    lang: str,
    title: str,
    present: bool = False,
    source: str = "",
    extra_lines: list[str] | None = None,
) -> alt.TopLevelMixin:
    """Baseline tick, latest-actual bar and target band on one axis, for one numeric target."""
    unit = row["unit"]
    target, upper = row["target_value"], row["target_value_upper"]
    band_end = upper if upper is not None and not pd.isna(upper) else target
    values = [
        value
        for value in (row["baseline_value"], row["latest_value"], target, band_end)
        if value is not None and not pd.isna(value)
    ]
    top = max(values) if values else 0
    domain_end = top * 1.15 if top > 0 else 1
    plot = BULLET_PLOT_PX[present]
    # Counts of things (communities, beds) get whole-number ticks: never half a community.
    whole = units.is_count(unit)
    axis = alt.X(
        "start:Q",
        title=axis_unit(unit, lang),
        scale=alt.Scale(domain=[0, domain_end], nice=False),
        axis=alt.Axis(
            labelExpr=axis_label_expression(lang, top),
            tickCount=min(5, max(1, math.floor(domain_end))) if whole else 5,
            tickMinStep=1 if whole else alt.Undefined,
            grid=False,
        ),
    )
    # Every mark sits on one row: a fixed 0-1 vertical scale, so band, ticks and bar share a
    # centre line whatever height the page or an image gives the plot.
    lane = alt.Scale(domain=[0, 1])

    on_row = {"y": alt.Y("y0:Q", scale=lane, axis=None), "y2": alt.Y2("y1:Q")}

    ranged = band_end != target
    band = pd.DataFrame({"start": [target], "end": [band_end], "y0": [0.08], "y1": [0.92]})
    if ranged:
        layers = [
            alt.Chart(band)
            .mark_rect(color="#d9d9d9", aria=False)
            .encode(x=axis, x2=alt.X2("end:Q"), **on_row)
        ]
    else:
        # A single target value is a line across the row (a band of no width would vanish).
        layers = [
            alt.Chart(band)
            .mark_rule(color="#6b6b6b", strokeWidth=4, aria=False)
            .encode(x=axis, **on_row)
        ]
    user_supplied = bool(row.get("latest_user_supplied"))
    if row["latest_value"] is not None and not pd.isna(row["latest_value"]):
        latest = pd.DataFrame(
            {"start": [0.0], "end": [row["latest_value"]], "y0": [0.32], "y1": [0.68]}
        )
        colour = status.colour(row["status"])
        # A user-supplied actual is a hollow, dashed bar: it is not an official figure.
        mark = (
            {"fill": "white", "stroke": colour, "strokeWidth": 2.5, "strokeDash": [6, 3]}
            if user_supplied
            else {"color": colour}
        )
        layers.append(
            alt.Chart(latest)
            .mark_rect(aria=False, **mark)
            .encode(x=alt.X("start:Q"), x2=alt.X2("end:Q"), **on_row)
        )
    if row["baseline_value"] is not None and not pd.isna(row["baseline_value"]):
        baseline = pd.DataFrame({"start": [row["baseline_value"]], "y0": [0.2], "y1": [0.8]})
        layers.append(
            alt.Chart(baseline)
            .mark_rule(color="black", strokeWidth=2.5, aria=False)
            .encode(x=alt.X("start:Q"), **on_row)
        )
    # The key names only what is drawn: no baseline tick is explained when there is none.
    parts = [text("plans.bullet.band" if ranged else "plans.bullet.line", lang)]
    if row["baseline_value"] is not None and not pd.isna(row["baseline_value"]):
        baseline_text = _bullet_value(row["baseline_value"], unit, lang, row["baseline_year"])
        parts.append(text("plans.bullet.baseline", lang, baseline=baseline_text))
    if row["latest_value"] is not None and not pd.isna(row["latest_value"]):
        latest_text = _bullet_value(row["latest_value"], unit, lang, row["latest_year"]) + (
            f" · {text('label.user_supplied', lang)}" if user_supplied else ""
        )
        parts.append(text("plans.bullet.latest", lang, latest=latest_text))
    else:
        parts.append(text("plans.bullet.no_latest", lang))
    parts.append(text("plans.bullet.end", lang, end=row["target_year"]))
    subtitle = (";" if lang == "zh" else "; ").join(parts)
    status_text = status.label(row["status"], lang)
    lines = [status_text, subtitle, *(extra_lines or [])]
    if user_supplied:
        lines.append(text("chart.user_legend_bullet", lang))
    # Two bullets share a row, so each has half the width to wrap its lines in.
    head = heading(title, [*lines, source], present, FULL_WIDTH_PX[present] / 2 - 24)
    chart = alt.layer(*layers).properties(
        title=head.params(),
        height=chart_height(plot, head, present),
        width="container",
        description=list_summary(title, [status_text, subtitle], lang),
    )
    return style(chart, present)


def _bullet_value(value, unit: str, lang: str, year) -> str:
    return fact_text(value, unit, lang, year=year)
