"""Per-resident and per-elderly rates: what may be divided, the denominator rule, the view model.

Only counts and money are divided by a population. A rate, a share or a standard (元/人/月) is
already relative to something and is never divided again. The denominator for a figure of year Y
comes from data/population.csv: the published figure of year Y when there is one, else linear
interpolation between the nearest published years on either side (in practice the 2010 and 2020
censuses), else the nearest published year held constant. A region with no published base gets
no rate: pages show its raw value and say "no population base".
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from civdash.core import units
from civdash.core.formatting import fact_text, fact_value, short_value
from civdash.data.loader import Dataset, latest_values
from civdash.i18n import join, text

RAW, PER_10K, PER_1K_60 = "raw", "per_10k", "per_1k_60"
MODES = (RAW, PER_10K, PER_1K_60)
# mode -> (population measure, persons per unit of the rate)
MODE_BASES = {PER_10K: ("resident_total", 10_000), PER_1K_60: ("aged_60_plus", 1_000)}
EXACT_YEAR, INTERPOLATED, HELD = "published", "interpolated", "held"
RATE_COLUMNS = (
    "raw_value",
    "denominator",
    "denominator_measure",
    "denominator_method",
    "denominator_years",
    "denominator_source",
)


def rate_unit(unit: str, mode: str) -> str:
    """The unit id of a rate: 'beds/per_1k_60' reads 張/千名老人 or beds per 1,000 aged 60+."""
    return unit if mode == RAW else f"{unit}/{mode}"


def blocked_reason(indicator_row: dict | None) -> str | None:
    """Why an indicator is never divided by a population ('rate', 'standard', ...), else None."""
    if indicator_row is None:
        return "other"
    unit = str(indicator_row.get("unit", ""))
    # The unit's record decides (civdash.core.units): rates, shares and multiples are relative
    # already, standards are per person or case, and only divisible counts may be divided.
    kind = units.kind(unit)
    if kind in (units.RATE, units.PERCENT, units.MULTIPLE):
        return "rate"
    if kind == units.STANDARD:
        return "standard"
    if not units.divisible(unit):
        return "other"
    if indicator_row.get("period_type") == "multi_year":
        return "multi_year"
    return None


# --- the denominator rule --------------------------------------------------------------------


@dataclass(frozen=True)
class Anchor:
    """One published population figure."""

    year: int
    value: float
    source: str


@dataclass(frozen=True)
class Denominator:
    value: float
    method: str  # EXACT_YEAR, INTERPOLATED or HELD
    years: tuple[int, ...]
    sources: tuple[str, ...]


def denominator(anchors: list[Anchor], year: int) -> Denominator | None:
    """The population for `year` from published figures (sorted by year, one per year).

    Exact year: that figure. Between two published years: linear interpolation. Before the
    first or after the last: the nearest published figure, held. No figure at all: None.
    """
    if not anchors:
        return None
    for anchor in anchors:
        if anchor.year == year:
            return Denominator(anchor.value, EXACT_YEAR, (anchor.year,), (anchor.source,))
    before = [anchor for anchor in anchors if anchor.year < year]
    after = [anchor for anchor in anchors if anchor.year > year]
    if before and after:
        low, high = before[-1], after[0]
        share = (year - low.year) / (high.year - low.year)
        value = low.value + (high.value - low.value) * share
        sources = tuple(dict.fromkeys((low.source, high.source)))
        return Denominator(value, INTERPOLATED, (low.year, high.year), sources)
    nearest = before[-1] if before else after[0]
    return Denominator(nearest.value, HELD, (nearest.year,), (nearest.source,))


def anchors_by_region(population: pd.DataFrame, measure: str) -> dict[str, list[Anchor]]:
    """Published figures per region for one measure; a census figure wins a same-year tie."""
    rows = population[population["measure"] == measure]
    result: dict[str, list[Anchor]] = {}
    for region_id, group in rows.groupby("region_id", sort=False):
        by_year: dict[int, Anchor] = {}
        for row in group.to_dict("records"):
            if pd.isna(row["value"]) or pd.isna(row["year"]):
                continue
            year, title = int(row["year"]), str(row["source_title"])
            source = source_key(title, row.get("source_kind"))
            current = by_year.get(year)
            if current is None or ("普查" in title and "普查" not in current.source):
                by_year[year] = Anchor(year, float(row["value"]), source)
        result[str(region_id)] = sorted(by_year.values(), key=lambda anchor: anchor.year)
    return result


def source_names(dataset: Dataset, lang: str) -> dict[str, str]:
    """How a population source is named on a chart: its title in Chinese, a gloss in English.

    The communiqués have no English titles, so English names the region and the census:
    '宁波市第七次全国人口普查主要数据公报' -> 'Ningbo 2020 census communiqué'.
    """

    def compute() -> dict[str, str]:
        names = {}
        population = dataset.population
        kinds = (
            population["source_kind"] if "source_kind" in population else [None] * len(population)
        )
        for title, region, kind in zip(
            population["source_title"], population["region_id"], kinds, strict=True
        ):
            title = str(title)
            key = source_key(title, kind)
            if lang == "zh":
                name = f"《{title}》"
            else:
                # One communiqué serves its city and the districts in its tables (and a
                # province's serves its cities): name the region the title names.
                own = dataset.region_name(str(region), "zh") in title
                named = str(region) if own else titled_region(dataset, title) or str(region)
                census = next((year for word, year in CENSUS_WORDS.items() if word in title), None)
                what = f"{census} census communiqué" if census else "statistical bulletin"
                name = f"{dataset.region_name(named, 'en')} {what}"
            if key != title:
                which = "census" if "普查" in title else "bulletin"
                name = text(f"per.source.reprint_{which}", lang, name=name)
            names[key] = name
        return names

    return dataset.memo(("population_source_names", lang), compute)


# The census a communiqué's title names, and its reference year.
CENSUS_WORDS = {"第七次": 2020, "第六次": 2010, "第五次": 2000}
# A base read in a reprint is its own source on the page ("普查公报(转载)"): its key is the
# communiqué's title with this prefix, so the official and the reprinted reading never merge.
REPRINT_PREFIX = "reprint\x1f"


def source_key(title: str, kind) -> str:
    """How a population source is told apart: the title, prefixed when read in a reprint."""
    return f"{REPRINT_PREFIX}{title}" if kind == "reprint" else title


def titled_region(dataset: Dataset, title: str) -> str | None:
    """The region whose Chinese name the title holds (the longest match), else None."""
    names = dict(zip(dataset.regions["region_id"], dataset.regions["name_zh"], strict=True))
    found = [(len(str(name)), str(region)) for region, name in names.items() if str(name) in title]
    return max(found)[1] if found else None


def region_anchors(dataset: Dataset, measure: str) -> dict[str, list[Anchor]]:
    return dataset.memo(
        ("population_anchors", measure), lambda: anchors_by_region(dataset.population, measure)
    )


# --- availability ----------------------------------------------------------------------------


def available_modes(dataset: Dataset, indicator_id: str, region_ids) -> list[str]:
    """RAW plus every mode for which at least one of the regions has a published base."""
    if blocked_reason(dataset.indicator_rows.get(indicator_id)) is not None:
        return [RAW]
    regions = {str(region) for region in region_ids}
    modes = [RAW]
    for mode, (measure, _) in MODE_BASES.items():
        if regions & set(region_anchors(dataset, measure)):
            modes.append(mode)
    return modes


def unavailable_note(dataset: Dataset, indicator_id: str, lang: str) -> str:
    """Why the per-resident choice is off for this indicator ('' when it is on)."""
    reason = blocked_reason(dataset.indicator_rows.get(indicator_id))
    return text(f"per.blocked.{reason or 'no_base'}", lang)


def mode_label(mode: str, lang: str) -> str:
    return text(f"per.mode.{mode}", lang)


# --- the view model --------------------------------------------------------------------------


@dataclass
class NormalisedView:
    """Rows ready for the chart builders, and what the page and download must say about them."""

    mode: str
    rows: pd.DataFrame  # regions with a base; value is the rate, unit the rate unit
    all_rows: pd.DataFrame  # every input row, with the rate columns (empty without a base)
    without_base: list[str] = field(default_factory=list)
    subtitle: list[str] = field(default_factory=list)


def normalise(dataset: Dataset, rows: pd.DataFrame, mode: str, lang: str) -> NormalisedView:
    """Divide each row by its region's population of the row's year (RAW returns rows as-is)."""
    if mode == RAW or mode not in MODE_BASES or rows.empty:
        return NormalisedView(RAW, rows, rows)
    measure, factor = MODE_BASES[mode]
    anchors = region_anchors(dataset, measure)
    records = []
    for region_id, year in zip(
        rows["region_id"].astype(str), rows["year"].astype(int), strict=True
    ):
        records.append(denominator(anchors.get(region_id, []), year))
    frame = rows.copy()
    frame["raw_value"] = frame["value"].astype(float)
    frame["denominator"] = [record.value if record else math.nan for record in records]
    frame["denominator_measure"] = text(f"per.measure.{measure}", lang)
    frame["denominator_method"] = [method_label(record, lang) for record in records]
    frame["denominator_years"] = [join(record.years, lang) if record else "" for record in records]
    names = source_names(dataset, lang)
    frame["denominator_source"] = [
        ";".join(names.get(source, source) for source in record.sources) if record else ""
        for record in records
    ]
    has_base = frame["denominator"].notna()
    rate = frame["raw_value"] / frame["denominator"] * factor
    rate = pd.Series(
        [
            round_rate(value, raw, qualifier)
            for value, raw, qualifier in zip(
                rate, frame["raw_value"], frame["qualifier"].astype(str), strict=True
            )
        ],
        index=frame.index,
        dtype=float,
    )
    frame["value"] = rate.where(has_base).astype("Float64")
    frame["base_mark"] = [
        far_base_mark(record, year, lang)
        for record, year in zip(records, frame["year"].astype(int), strict=True)
    ]
    frame["stated_mark"], stated_lines = stated_ratios(dataset, frame, mode, lang)
    frame["unit"] = [rate_unit(str(unit), mode) for unit in frame["unit"]]
    with_base = frame[has_base]
    without = list(dict.fromkeys(frame.loc[~has_base, "region_id"].astype(str)))
    chosen = [record for record in records if record is not None]
    view = NormalisedView(
        mode=mode,
        rows=with_base,
        all_rows=frame,
        without_base=without,
        subtitle=subtitle_lines(chosen, measure, mode, lang, names),
    )
    far = list(dict.fromkeys(with_base.loc[with_base["base_mark"] != "", "region_id"].astype(str)))
    if far:
        names = ("、" if lang == "zh" else ", ").join(
            dataset.region_name(region, lang) for region in far
        )
        view.subtitle.append(text("per.base_far", lang, regions=names))
    view.subtitle.extend(stated_lines)
    # A pasted chart must say itself which regions it leaves out for want of a base.
    note = without_base_note(dataset, view, lang)
    if note:
        view.subtitle.append(note)
    return view


# A population base more than this many years from the figure's year is flagged on the chart.
FAR_BASE_YEARS = 3
# Significant digits of a rate: those of its figure (近800 has two at most), never more than 3.
RATE_DIGITS = (2, 3)


def significant_digits(value: float) -> int:
    """Digits a figure was written with: 800 -> 1, 14820 -> 4, 2.86 -> 3."""
    if not math.isfinite(value) or value == 0:
        return 1
    digits = f"{abs(value):.10g}".replace(".", "").lstrip("0")
    if "e" in digits:
        digits = digits.split("e")[0]
    if float(value).is_integer():
        digits = digits.rstrip("0")
    return max(1, len(digits))


def round_rate(rate: float, raw_value: float, qualifier: str) -> float:
    """A rate rounded to the precision of the figure it comes from (one rule for every page).

    An approximate figure (近800) has two significant digits at most, an exact one three:
    800 / 49,725 × 1,000 shows as ≈16, not 16.09.
    """
    if rate is None or not math.isfinite(rate) or rate == 0:
        return rate
    low, high = RATE_DIGITS
    digits = significant_digits(float(raw_value))
    digits = low if qualifier not in ("exact", "") else min(high, max(low, digits))
    return float(f"{rate:.{digits}g}")


def far_base_mark(record: Denominator | None, year: int, lang: str) -> str:
    """'人口取2020年' when the base is a figure held from over 3 years away, else ''."""
    if record is None or record.method != HELD:
        return ""
    base = record.years[0]
    return text("per.base_mark", lang, base=base) if abs(base - year) > FAR_BASE_YEARS else ""


# A rate a report may state itself, per per-resident mode: (unit of the raw figure, unit of the
# stated ratio, factor from the stated ratio to the mode's rate). Beds per 100 elderly ×10 is
# beds per 1,000 elderly.
STATED_RATIOS = {PER_1K_60: (("beds", "beds_per_100_elderly", 10.0),)}


def stated_ratios(
    dataset: Dataset, frame: pd.DataFrame, mode: str, lang: str
) -> tuple[list[str], list[str]]:
    """For each row, the report's own ratio as a short mark ('' if none), and one line per
    such row saying that its base differs from ours (registered vs resident population)."""
    marks = [""] * len(frame)
    lines: list[str] = []
    pairs = STATED_RATIOS.get(mode, ())
    if not pairs:
        return marks, lines
    facts = dataset.facts
    for position, row in enumerate(frame.to_dict("records")):
        for raw_unit, stated_unit, factor in pairs:
            if str(row["unit"]) != raw_unit or pd.isna(row["value"]):
                continue
            found = facts[
                (facts["region_id"].astype(str) == str(row["region_id"]))
                & (facts["year"] == row["year"])
                & (facts["unit"].astype(str) == stated_unit)
            ]
            if found.empty:
                continue
            stated_row = found.iloc[-1]
            stated_value = round_rate(
                float(stated_row["value"]) * factor,
                float(stated_row["value"]),
                str(stated_row["qualifier"]),
            )
            unit = rate_unit(raw_unit, mode)
            qualifier = str(stated_row["qualifier"])
            stated = fact_value(stated_value, unit, lang, qualifier)
            # On the bar the unit is the axis's: the mark carries the number only.
            number = short_value(stated_value, unit, lang, qualifier)
            marks[position] = text("per.stated_mark", lang, stated=number)
            registered = "户籍" in str(stated_row["excerpt"])
            lines.append(
                text(
                    "per.stated_line",
                    lang,
                    region=dataset.region_name(str(row["region_id"]), lang),
                    year=int(row["year"]),
                    stated=stated,
                    basis=text(f"per.basis.{'registered' if registered else 'own'}", lang),
                    ours=fact_value(float(row["value"]), unit, lang, str(row["qualifier"])),
                )
            )
    return marks, lines


def titled(name: str, mode: str, lang: str) -> str:
    """An indicator name with the view it is shown in: '养老床位数(每千名60岁及以上老人)'."""
    if mode == RAW:
        return name
    return (
        f"{name}({mode_label(mode, lang)})"
        if lang == "zh"
        else f"{name} ({mode_label(mode, lang)})"
    )


def method_label(record: Denominator | None, lang: str) -> str:
    if record is None:
        return text("per.no_base", lang)
    years = (
        "、".join(map(str, record.years)) if lang == "zh" else " and ".join(map(str, record.years))
    )
    return text(f"per.method.{record.method}", lang, years=years)


def subtitle_lines(
    records: list[Denominator],
    measure: str,
    mode: str,
    lang: str,
    names: dict[str, str] | None = None,
) -> list[str]:
    """Denominator, its years and its source, for a normalised chart's subtitle."""
    if not records:
        return []
    years = sorted({year for record in records for year in record.years})
    methods = {record.method for record in records}
    rule = [
        text(f"per.rule.{method}", lang) for method in (INTERPOLATED, HELD) if method in methods
    ]
    lines = [
        text(
            "per.subtitle",
            lang,
            mode=mode_label(mode, lang),
            measure=text(f"per.measure.{measure}", lang),
            years=join(years, lang),
            rule=join(rule, lang) if rule else text("per.rule.none", lang),
        )
    ]
    sources = list(dict.fromkeys(source for record in records for source in record.sources))
    shown = sources if len(sources) <= 4 else sources[:3]
    names = names or {}
    joined = join(
        [names.get(source, f"《{source}》" if lang == "zh" else source) for source in shown], lang
    )
    if len(sources) > len(shown):
        joined += text("per.more_sources", lang, count=len(sources) - len(shown))
    lines.append(text("per.source_line", lang, sources=joined))
    return lines


def rate_table(view: NormalisedView, table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The download table with the denominator and rate columns appended (same row order)."""
    if view.mode == RAW:
        return table
    rows = view.all_rows.reset_index(drop=True)
    extra = pd.DataFrame(
        {
            text("per.column.rate", lang, mode=mode_label(view.mode, lang)): rows["value"],
            text("per.column.rate_shown", lang): [
                fact_value(value, unit, lang, qualifier, missing=text("per.no_base", lang))
                for value, unit, qualifier in zip(
                    rows["value"], rows["unit"], rows["qualifier"], strict=True
                )
            ],
            text("per.column.denominator", lang): rows["denominator"].round(0).astype("Int64"),
            text("per.column.measure", lang): rows["denominator_measure"],
            text("per.column.method", lang): rows["denominator_method"],
            text("per.column.source", lang): rows["denominator_source"],
        }
    )
    return pd.concat([table.reset_index(drop=True), extra], axis=1)


def raw_table_rows(view: NormalisedView) -> pd.DataFrame:
    """The rows as reported (raw values and units), in the order of the view's table."""
    if view.mode == RAW:
        return view.all_rows
    return view.all_rows.assign(
        value=view.all_rows["raw_value"].astype("Float64"),
        unit=[unit.split("/")[0] for unit in view.all_rows["unit"]],
    )


def without_base_note(dataset: Dataset, view: NormalisedView, lang: str) -> str:
    """'No population base (raw value only): Quzhou 14,820 beds (2013); ...' or ''."""
    if not view.without_base:
        return ""
    rows = raw_table_rows(view)
    parts = []
    for region_id in view.without_base:
        region_rows = rows[rows["region_id"].astype(str) == region_id]
        # The one latest rule: a range's lower end, and a user's own figure in a tie of years.
        latest = latest_values(region_rows, by=("region_id",)).iloc[-1]
        value = fact_text(
            latest["value"],
            latest["unit"],
            lang,
            latest["qualifier"],
            latest["period_start"],
            latest["year"],
        )
        parts.append(f"{dataset.region_name(region_id, lang)} {value}")
    return text("per.without_base", lang, regions=join(parts, lang))


# --- the map ---------------------------------------------------------------------------------


def map_table(dataset: Dataset, table: pd.DataFrame, mode: str, lang: str) -> pd.DataFrame:
    """The map's table (map_view.map_table) with each reported figure divided by its population.

    A reported region without a base is drawn as a gap labelled "no population base" and its
    raw value, never shaded; a region that reports nothing stays "not reported".
    """
    if mode == RAW or mode not in MODE_BASES:
        return table
    measure, factor = MODE_BASES[mode]
    anchors = region_anchors(dataset, measure)
    names = source_names(dataset, lang)
    frame = table.copy()
    frame["raw_value"] = frame["value"]
    frame["raw_label"] = frame["label"]
    frame["gap_label"] = ""
    frame["no_base"] = False
    frame["denominator"] = math.nan
    frame["denominator_method"] = ""
    frame["denominator_source"] = ""
    for index, row in frame.iterrows():
        if not row["reported"]:
            continue
        record = denominator(anchors.get(str(row["region_id"]), []), int(row["year"]))
        if record is None:
            # Not shaded, yet never "not reported": the region reports a figure (map_style).
            frame.at[index, "reported"] = False
            frame.at[index, "no_base"] = True
            frame.at[index, "value"] = math.nan
            frame.at[index, "gap_label"] = text(
                "map.no_base_value", lang, value=row["label"], year=row["year"]
            )
            frame.at[index, "denominator_method"] = text("per.no_base", lang)
            # The rate cell says why it is empty; the raw value stays in its own column.
            frame.at[index, "label"] = text("per.no_base", lang)
            continue
        rate = round_rate(
            float(row["value"]) / record.value * factor, row["value"], row["qualifier"]
        )
        unit = rate_unit(str(row["unit"]), mode)
        frame.at[index, "value"] = rate
        frame.at[index, "label"] = fact_value(rate, unit, lang, row["qualifier"])
        frame.at[index, "denominator"] = record.value
        frame.at[index, "denominator_method"] = method_label(record, lang)
        frame.at[index, "denominator_source"] = ";".join(
            names.get(source, source) for source in record.sources
        )
    frame["unit"] = [rate_unit(str(unit), mode) for unit in frame["unit"]]
    return frame


def map_rate_columns(display: pd.DataFrame, table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The map's download table plus the raw value and the denominator columns."""
    if "raw_value" not in table.columns:
        return display
    # The display table holds the reported figures only (map_view.display_table); so must this.
    rows = table[table["reported"]].reset_index(drop=True)
    extra = pd.DataFrame(
        {
            text("per.column.raw", lang): rows["raw_label"],
            text("per.column.denominator", lang): rows["denominator"].round(0).astype("Int64"),
            text("per.column.method", lang): rows["denominator_method"],
            text("per.column.source", lang): rows["denominator_source"],
        }
    )
    return pd.concat([display.reset_index(drop=True), extra], axis=1)


def no_base_regions(dataset: Dataset, table: pd.DataFrame, lang: str) -> str:
    """The map's caption for reported regions without a base ('' when there are none)."""
    if "gap_label" not in table.columns:
        return ""
    gaps = table[table["gap_label"] != ""]
    if gaps.empty:
        return ""
    parts = [f"{row.region} {row.raw_label} ({row.year})" for row in gaps.itertuples()]
    return text("per.without_base", lang, regions=join(parts, lang))


def map_subtitle(dataset: Dataset, reported: pd.DataFrame, mode: str, lang: str) -> list[str]:
    """Denominator, years and source lines for a per-resident map (reported rows only)."""
    measure, _ = MODE_BASES[mode]
    anchors = region_anchors(dataset, measure)
    records = [
        denominator(anchors.get(str(region), []), int(year))
        for region, year in zip(reported["region_id"], reported["year"], strict=True)
    ]
    chosen = [record for record in records if record]
    return subtitle_lines(chosen, measure, mode, lang, source_names(dataset, lang))
