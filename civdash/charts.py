"""Altair chart builders: trends, comparisons and small multiples, each with title and source."""

from __future__ import annotations

import re

import altair as alt
import pandas as pd

from civdash import source_view
from civdash.accessibility import latest_summary, list_summary, series_summary
from civdash.colours import text_colour
from civdash.i18n import qualifier_name, text, unit_name
from civdash.levels import level_notes, mark_levels, region_levels
from civdash.numbers import EXACT, QUALIFIER_PREFIX, format_number, format_value
from civdash.views import source_line, source_titles

# A line joins two observations only when they are consecutive years; otherwise it is dashed,
# so that a gap of several years never looks like measured data.
MAX_SOLID_GAP_YEARS = 1
FONT = "WenQuanYi Micro Hei, Microsoft YaHei, PingFang SC, Noto Sans CJK SC, sans-serif"


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
    frame["source_url"] = source_view.source_urls(rows, lang)
    frame["link_hint"] = [
        text("label.view_source_help", lang) if url else "" for url in frame["source_url"]
    ]
    frame["label"] = [
        format_value(value, unit, lang, qualifier)
        for value, unit, qualifier in zip(
            frame["value"], frame["unit"], frame["qualifier"], strict=True
        )
    ]
    # On the chart itself the unit sits in the axis and subtitle, so point labels stay short.
    frame["short_label"] = [
        QUALIFIER_PREFIX.get(qualifier, "")
        + format_number(value, lang, unit)
        + ("%" if unit in ("percent", "percent_change", "percent_ratio") else "")
        for value, unit, qualifier in zip(
            frame["value"], frame["unit"], frame["qualifier"], strict=True
        )
    ]
    frame["qualifier_label"] = [qualifier_name(q, lang) for q in frame["qualifier"]]
    frame["approximate"] = frame["qualifier"] != EXACT
    frame["period"] = [
        f"{int(start)}–{year}" if not pd.isna(start) else str(year)
        for start, year in zip(frame["period_start"], frame["year"], strict=True)
    ]
    frame["user_label"] = [
        text("label.user_supplied", lang) if flag else "" for flag in frame["user_supplied"]
    ]
    # A district or county beside prefecture cities is labelled "(区)" and drawn with a pattern.
    levels = region_levels(dataset, frame["region_id"].unique())
    return mark_levels(frame, levels, lang)


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


def axis_label_expression(lang: str) -> str:
    """Vega expression for value-axis labels: 14.27亿 / 700万 in Chinese, 1.4B / 7M in English."""
    if lang == "zh":
        return (
            "abs(datum.value) >= 1e8 ? format(datum.value / 1e8, ',.4~f') + '亿' : "
            "abs(datum.value) >= 1e4 ? format(datum.value / 1e4, ',.4~f') + '万' : "
            "format(datum.value, ',.4~f')"
        )
    return (
        "abs(datum.value) >= 1e9 ? format(datum.value / 1e9, ',.4~f') + ' bn' : "
        "abs(datum.value) >= 1e6 ? format(datum.value / 1e6, ',.4~f') + ' m' : "
        "format(datum.value, ',.4~f')"
    )


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


def style(chart: alt.TopLevelMixin, present: bool) -> alt.TopLevelMixin:
    """Shared typography; presentation mode enlarges everything for a projector."""
    scale = 1.45 if present else 1.0
    chart = (
        chart.configure(font=FONT)
        .configure_title(
            fontSize=round(17 * scale),
            subtitleFontSize=round(12 * scale),
            anchor="start",
            subtitleColor="#4a4f55",
        )
        .configure_axis(
            labelFontSize=round(12 * scale), titleFontSize=round(13 * scale), labelLimit=260
        )
        .configure_legend(
            labelFontSize=round(12 * scale),
            titleFontSize=round(12 * scale),
            orient="bottom",
            columns=4,
            labelLimit=240,
        )
        .configure_view(strokeWidth=0)
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


# The bar area of a comparison is never shorter than this, however few bars it has.
MIN_BARS_PX = 120
# Subtitle lines are wrapped at this many columns; a Chinese character takes two.
SUBTITLE_COLUMNS = 150


def display_width(text_value: str) -> int:
    """Columns a text takes in a terminal or a subtitle: a Chinese character takes two."""
    return sum(2 if "\u2e80" <= char <= "\uffef" else 1 for char in text_value)


def wrap(line: str, columns: int = SUBTITLE_COLUMNS) -> list[str]:
    """Split a long subtitle line (a list of sources) at separators so nothing is cut off."""
    if display_width(line) <= columns:
        return [line]
    pieces, current = [], ""
    for token in re.split(r"(?<=[;;,, ])", line):
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


def chart_title(title: str, subtitle_lines: list[str]) -> alt.TitleParams:
    lines = [piece for line in subtitle_lines if line for piece in wrap(line)]
    return alt.TitleParams(text=title, subtitle=lines, aria=False)


def trend_chart(
    rows: pd.DataFrame,
    dataset,
    lang: str,
    title: str,
    source_line: str,
    present: bool = False,
    height: int = 360,
    extra_lines: tuple[str, ...] | list[str] = (),
) -> alt.TopLevelMixin:
    """Points for every figure; solid lines for consecutive years, dashed across gaps.

    Approximate or lower-bound figures are hollow and labelled (≥700万); multi-year totals are
    drawn as horizontal bars spanning their period, never as a point in a yearly series.
    """
    frame = chart_rows(rows, dataset, lang)
    unit = frame["unit"].iloc[0] if len(frame) else ""
    years = (
        f"{frame['year'].min()}–{frame['year'].max()}"
        if len(frame) and frame["year"].nunique() > 1
        else str(frame["year"].min())
    )
    colour = alt.Color(
        "region:N", scale=colour_scale(dataset.colours, frame), title=text("label.region", lang)
    )
    value_axis = alt.Y(
        "value:Q",
        title=unit_name(unit, lang),
        scale=alt.Scale(zero=True),
        axis=alt.Axis(labelExpr=axis_label_expression(lang)),
    )
    frame["point_shape"] = [
        "diamond" if user else ("square" if lower else "circle")
        for user, lower in zip(frame["user_supplied"], frame["lower_level"], strict=True)
    ]
    multi_year = frame["period_start"].notna()
    first_year = int(frame["period_start"].min()) if multi_year.any() else None
    low = min(first_year or frame["year"].min(), frame["year"].min())
    # Half a year of margin each side keeps end labels inside the plot.
    year_scale = alt.Scale(domain=[low - 0.6, int(frame["year"].max()) + 0.6], nice=False)
    layers = []
    spans = frame[multi_year].assign(start=lambda f: f["period_start"].astype(int))
    if len(spans):
        layers.append(
            alt.Chart(spans)
            .mark_rule(strokeWidth=5, opacity=0.8)
            .encode(
                x=alt.X("start:Q", scale=year_scale),
                x2="year:Q",
                y=value_axis,
                color=colour,
                tooltip=tooltip(lang),
                href="source_url:N",
            )
        )
    points = frame[~multi_year]
    links = segments(points)
    if len(links):
        layers.append(
            alt.Chart(links)
            .mark_line(strokeWidth=2.5, aria=False)
            .encode(
                x=alt.X("year:Q", scale=year_scale),
                y=value_axis,
                color=colour,
                detail="segment:N",
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
                title=text("label.year", lang),
                axis=alt.Axis(format="d", tickMinStep=1),
                scale=year_scale,
            ),
            y=value_axis,
            color=colour,
            fill=alt.condition("datum.approximate", alt.value("white"), colour),
            # Diamonds are user-supplied rows, squares districts and counties beside cities.
            shape=alt.Shape("point_shape:N", scale=None, legend=None),
            tooltip=tooltip(lang),
            href="source_url:N",
        )
    )
    layers.append(
        alt.Chart(frame)
        .mark_text(dy=-14, fontSize=15 if present else 11, aria=False)
        .encode(
            x=alt.X("year:Q", scale=year_scale),
            y=value_axis,
            text="short_label:N",
            color=alt.Color(
                "region:N", scale=colour_scale(dataset.colours, frame, for_text=True), legend=None
            ),
        )
    )
    subtitle = [
        text("chart.subtitle", lang, unit=unit_name(unit, lang), years=years),
        text("chart.approx_legend", lang),
    ]
    if len(spans):
        subtitle.append(text("chart.multi_year_legend", lang))
    subtitle += list(extra_lines) + level_lines(frame, dataset, lang)
    subtitle.append(source_line)
    # Streamlit fits title and plot into `height`: count the subtitle's lines after wrapping, at
    # the size they are drawn, so a long denominator note never squashes the plot.
    wrapped = [piece for line in subtitle if line for piece in wrap(line)]
    line_px = 30 if present else 22
    chart = alt.layer(*layers).properties(
        title=chart_title(title, subtitle),
        height=height + line_px * len(wrapped) + (40 if present else 0),
        width="container",
        description=series_summary(title, frame, lang),
    )
    return style(chart, present)


def comparison_chart(
    rows: pd.DataFrame,
    dataset,
    lang: str,
    title: str,
    source_line: str,
    note: str = "",
    present: bool = False,
    extra_lines: tuple[str, ...] | list[str] = (),
) -> alt.TopLevelMixin:
    """Horizontal bars of the latest value per region, each labelled with value and year.

    A district or county beside prefecture cities keeps its colour but gets a dashed outline
    and diagonal stripes, and its label says "(区)", so a slide in greyscale still shows it.
    """
    frame = chart_rows(rows, dataset, lang)
    # A per-resident rate's unit is long ("beds per 1,000 aged 60+") and already stands in the
    # axis title and subtitle, so its bars carry the number and year only.
    per_resident = frame["unit"].str.contains("/", regex=False)
    frame["bar_label"] = [
        f"{short if per else label} ({period})"
        for label, short, per, period in zip(
            frame["label"], frame["short_label"], per_resident, frame["period"], strict=True
        )
    ]
    unit = frame["unit"].iloc[0] if len(frame) else ""
    order = frame.sort_values("value", ascending=False)["region"].tolist()
    colour = alt.Color("region:N", scale=colour_scale(dataset.colours, frame), legend=None)
    y = alt.Y("region:N", sort=order, title=None)
    bars = (
        alt.Chart(frame)
        .mark_bar(height={"band": 0.7})
        .encode(
            x=alt.X(
                "value:Q",
                title=unit_name(unit, lang),
                scale=alt.Scale(zero=True),
                axis=alt.Axis(labelExpr=axis_label_expression(lang)),
            ),
            y=y,
            color=colour,
            opacity=alt.condition("datum.approximate", alt.value(0.55), alt.value(1.0)),
            tooltip=tooltip(lang),
            href="source_url:N",
        )
    )
    lower = frame[frame["lower_level"]]
    if len(lower):
        bars = bars + (
            alt.Chart(lower)
            .mark_bar(
                height={"band": 0.7},
                fill=stripes(),
                stroke="#1b1f24",
                strokeWidth=1.5,
                strokeDash=[5, 3],
            )
            .encode(x="value:Q", y=y, tooltip=tooltip(lang))
        )
    labels = (
        alt.Chart(frame)
        .mark_text(align="left", dx=4, fontSize=16 if present else 12, aria=False)
        .encode(
            x="value:Q",
            y=y,
            text="bar_label:N",
        )
    )
    years = sorted(set(frame["period"]))
    subtitle = [
        text("chart.subtitle", lang, unit=unit_name(unit, lang), years=", ".join(years)),
        note,
        *extra_lines,
        *level_lines(frame, dataset, lang),
        source_line,
    ]
    # Streamlit fits the whole chart, title included, into `height`; leave room for the title.
    # Count the subtitle's lines after wrapping, and keep a plot of at least MIN_BARS_PX even
    # for one or two bars: a long denominator subtitle must never squash the bars.
    wrapped = [piece for line in subtitle if line for piece in wrap(line)]
    line_px = 30 if present else 22
    height = max((46 if present else 32) * len(frame), MIN_BARS_PX) + 90 + line_px * len(wrapped)
    chart = (bars + labels).properties(
        title=chart_title(title, subtitle),
        height=height,
        width="container",
        description=latest_summary(title, frame, lang),
    )
    return style(chart, present)


def small_trend(rows: pd.DataFrame, dataset, lang: str, present: bool = False):
    """A compact trend for the profile page; same encoding rules as the full trend chart."""
    name = str(rows["indicator_zh" if lang == "zh" else "indicator_en"].iloc[0])
    line = source_line(dataset, rows["source_id"], lang)
    return trend_chart(rows, dataset, lang, name, line, present=present, height=200)


def bullet_chart(row: dict, lang: str, title: str, present: bool = False) -> alt.TopLevelMixin:
    """Baseline tick, latest-actual bar and target band on one axis, for one numeric target."""
    from civdash.plans import STATUS_COLOURS, status_label

    unit = row["unit"]
    target, upper = row["target_value"], row["target_value_upper"]
    band_end = upper if upper is not None and not pd.isna(upper) else target
    values = [
        value
        for value in (row["baseline_value"], row["latest_value"], target, band_end)
        if value is not None and not pd.isna(value)
    ]
    domain_end = max(values) * 1.15 if values and max(values) > 0 else 1
    axis = alt.X(
        "start:Q",
        title=unit_name(unit, lang),
        scale=alt.Scale(domain=[0, domain_end]),
        axis=alt.Axis(labelExpr=axis_label_expression(lang)),
    )
    band = pd.DataFrame({"start": [target], "end": [band_end if band_end != target else target]})
    layers = [
        alt.Chart(band)
        .mark_rect(color="#d9d9d9", height=34, aria=False)
        .encode(x=axis, x2="end:Q"),
        alt.Chart(band)
        .mark_tick(color="#555555", thickness=3, size=40, aria=False)
        .encode(x="start:Q"),
    ]
    if row["latest_value"] is not None and not pd.isna(row["latest_value"]):
        latest = pd.DataFrame({"start": [0.0], "end": [row["latest_value"]]})
        layers.append(
            alt.Chart(latest)
            .mark_rect(color=STATUS_COLOURS[row["status"]], height=14, aria=False)
            .encode(x="start:Q", x2="end:Q")
        )
    if row["baseline_value"] is not None and not pd.isna(row["baseline_value"]):
        baseline = pd.DataFrame({"start": [row["baseline_value"]]})
        layers.append(
            alt.Chart(baseline)
            .mark_tick(color="black", thickness=2, size=28, aria=False)
            .encode(x="start:Q")
        )
    subtitle = text(
        "plans.bullet_subtitle",
        lang,
        baseline=_bullet_value(row["baseline_value"], unit, lang, row["baseline_year"]),
        latest=_bullet_value(row["latest_value"], unit, lang, row["latest_year"]),
        end=row["target_year"],
    )
    status = status_label(row["status"], lang)
    chart = alt.layer(*layers).properties(
        title=chart_title(title, [status, subtitle]),
        height=150,
        width="container",
        description=list_summary(title, [status, subtitle], lang),
    )
    return style(chart, present)


def _bullet_value(value, unit: str, lang: str, year) -> str:
    if value is None or pd.isna(value):
        return "–"
    return f"{format_value(value, unit, lang)} ({int(year)})"
