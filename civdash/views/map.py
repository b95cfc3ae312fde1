"""What the map page shows: map-able indicators, the map table, its notes, station tables."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from civdash.core.file_names import slug
from civdash.core.formatting import fact_value
from civdash.data.choices import station_indicators
from civdash.data.loader import Dataset
from civdash.figures.map import drawing as map_deck
from civdash.figures.map.drawing import MapDrawing
from civdash.figures.map.geometry import MapGeometry, far_regions, map_geometry
from civdash.figures.map.style import COUNT, RATE, indicator_kind, not_reported_rows, reported_rows
from civdash.i18n import join, qualifier_name, text
from civdash.method import per_capita
from civdash.method.per_capita import RAW
from civdash.method.walking_coverage import WALKING_SPEED_M_PER_MIN
from civdash.views import focus_regions, indicator_options, source_titles
from civdash.views.facts import display_table as facts_table
from civdash.views.facts import is_derived

if TYPE_CHECKING:
    import pydeck as pdk

    from civdash.method.walking_coverage import CoverageResult, Problem


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
                "label": fact_value(
                    figure["value"],
                    figure["unit"],
                    lang,
                    figure["qualifier"],
                    figure.get("period_start"),
                ),
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


def display_table(
    dataset: Dataset, table: pd.DataFrame, indicator_id: str, lang: str
) -> pd.DataFrame:
    """The localised table shown beside the map and offered for download: the same frame.

    It is the one table every page shows (views.facts.display_table), built from the figures'
    own rows; the value, unit and shown value are the map's (a per-resident rate when the map
    shows one). Only reported figures are rows, so every value has its year; the regions
    without a figure are named under the table (not_reported_note) and drawn grey on the map.
    """
    reported = reported_rows(table)
    ids = reported["observation_id"].astype(str).tolist()
    facts = dataset.facts
    rows = (
        facts[facts["observation_id"].isin(ids)]
        .set_index("observation_id")
        .loc[ids]
        .reset_index()
        .assign(
            value=reported["value"].astype(float).to_numpy(),
            unit=reported["unit"].astype(str).to_numpy(),
        )
    )
    mark = text("label.derived", lang)
    shown = [
        f"{label} · {mark}" if derived else str(label)
        for label, derived in zip(reported["label"], is_derived(rows), strict=True)
    ]
    return facts_table(dataset, rows, lang, shown=shown)


def not_reported_note(table: pd.DataFrame, lang: str) -> str:
    """'未报告该指标的地区:杭州市、温州市' for the regions drawn grey; '' when all report."""
    # A region without a population base reports a figure: it is named in its own note.
    missing = not_reported_rows(table)["region"].tolist()
    if not missing:
        return ""
    joined = join(missing, lang)
    return text("compare.not_reported", lang, regions=joined)


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


# --- the page's view model: each part memoised per dataset and choice ---------------------------


@dataclass(frozen=True)
class MapFigures:
    """The figures one map shows: its table (raw or per resident) and how they are marked."""

    indicator_id: str
    lang: str
    per: str
    table: pd.DataFrame
    kind: str  # map_style.RATE (shading) or COUNT (symbols)

    @property
    def reported(self) -> pd.DataFrame:
        return reported_rows(self.table)

    @property
    def key(self) -> tuple:
        return (self.indicator_id, self.lang, self.per)

    @property
    def years(self) -> list[int]:
        return sorted({int(year) for year in self.reported["year"]})


def map_figures(dataset: Dataset, indicator_id: str, lang: str, per: str = RAW) -> MapFigures:
    """The map's figures for an indicator, divided by population unless `per` is RAW."""

    def compute() -> MapFigures:
        if per == RAW:
            table = map_table(dataset, indicator_id, lang)
            return MapFigures(indicator_id, lang, per, table, indicator_kind(dataset, indicator_id))
        raw = map_figures(dataset, indicator_id, lang).table
        # A per-resident figure is a rate: shaded, never a symbol.
        table = per_capita.map_table(dataset, raw, per, lang)
        return MapFigures(indicator_id, lang, per, table, RATE)

    return dataset.memo(("map_figures", indicator_id, lang, per), compute)


def default_mode(dataset: Dataset, indicator_id: str, modes: list[str]) -> str:
    """A count defaults to a per-resident choropleth where bases exist; rates stay as they are."""
    counts = indicator_kind(dataset, indicator_id) == COUNT
    return per_capita.PER_10K if counts and per_capita.PER_10K in modes else RAW


def _drawing(dataset: Dataset, figures: MapFigures, present: bool) -> MapDrawing:
    return dataset.memo(
        ("map_drawing", *figures.key, present),
        lambda: map_deck.map_drawing(
            map_geometry(), figures.table, figures.kind, figures.lang, dataset.colours, present
        ),
    )


def map_picture(dataset: Dataset, figures: MapFigures, present: bool) -> bytes:
    """The map as one PNG: what the page shows until the user asks for the zoomable map."""
    return dataset.memo(
        ("map_picture", *figures.key, present),
        lambda: map_deck.map_picture(map_geometry(), _drawing(dataset, figures, present)),
    )


def map_deck_for(dataset: Dataset, figures: MapFigures, present: bool) -> pdk.Deck:
    """The zoomable map (deck.gl), drawn from the same drawing as the picture."""
    return dataset.memo(
        ("map_deck", *figures.key, present),
        lambda: map_deck.build_deck(
            map_geometry(),
            figures.table,
            figures.kind,
            figures.lang,
            dataset.colours,
            present,
            drawing=_drawing(dataset, figures, present),
        ),
    )


def shown_table(dataset: Dataset, figures: MapFigures) -> pd.DataFrame:
    """The table under the map and its download: one frame, with per-resident columns if any."""
    return dataset.memo(
        ("map_display", *figures.key),
        lambda: per_capita.map_rate_columns(
            display_table(dataset, figures.table, figures.indicator_id, figures.lang),
            figures.table,
            figures.lang,
        ),
    )


def _names(names: list[str], lang: str) -> str:
    return join(names, lang)


def inset_note(dataset: Dataset, figures: MapFigures) -> str:
    """'黄石港区远离其他地区…' for the regions drawn in the inset; '' when there are none."""
    far = far_regions(map_geometry(), figures.table["region_id"].tolist())
    if not far:
        return ""
    regions = _names([dataset.region_name(region, figures.lang) for region in far], figures.lang)
    return text("map.inset_note", figures.lang, regions=regions)


def not_drawn_note(dataset: Dataset, figures: MapFigures, shown: int = 20) -> str:
    """Reported regions without a boundary in geo/, the first `shown` named; '' when none."""
    shapes = map_geometry().shapes
    missing = [region for region in figures.reported["region_id"] if region not in shapes]
    if not missing:
        return ""
    lang = figures.lang
    names = _names([dataset.region_name(region, lang) for region in missing[:shown]], lang)
    more = text("map.and_more", lang, count=len(missing) - shown) if len(missing) > shown else ""
    return text("map.not_drawn", lang, regions=names + more)


def download_subject(figures: MapFigures) -> str:
    """The download name part: 'elderly_care_institutions-map' or '…-map-per10k'."""
    return f"{figures.indicator_id}-map" + ("" if figures.per == RAW else f"-{figures.per}")
