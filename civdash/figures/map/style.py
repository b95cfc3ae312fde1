"""How a map marks a figure: rate or count, colour classes, symbol sizes and the map's colours."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from civdash.core import units
from civdash.core.colours import NO_BASE_FILL, NOT_REPORTED_GREY
from civdash.data.loader import Dataset
from civdash.figures.charts import FONT

RATE, COUNT = "rate", "count"


# Viridis in five steps: ordered in lightness, readable with the common colour-vision
# deficiencies and in greyscale, and its darkest step is nothing like the light not-reported grey.
RAMP = ("#440154", "#3b528b", "#21918c", "#5ec962", "#fde725")


PERCENT_BREAKS = (0.0, 20.0, 40.0, 60.0, 80.0, 100.0)


NOT_REPORTED_OUTLINE = "#5f6368"


REPORTED_OUTLINE = "#4a4f55"


COUNT_REGION_FILL = "#ffffff"


CONTEXT_FILL = "#f7f7f7"


TEXT_COLOUR = [27, 31, 36, 255]


# Map labels put a Latin face first: deck.gl's glyph atlas left WenQuanYi's "J" blank.
LABEL_FONT = "Liberation Sans, Arial, " + FONT


LEVEL_ORDER = ("province", "prefecture", "district", "county")


MAX_SYMBOL_PX, MAX_SYMBOL_PRESENT_PX = 30, 40


LABEL_PX, LABEL_PRESENT_PX = 13, 19


def indicator_kind(dataset: Dataset, indicator_id: str) -> str:
    """COUNT (proportional symbols) for quantities that add up, RATE (shading) for the rest."""
    row = dataset.indicator_rows.get(indicator_id)
    return COUNT if row is not None and units.is_count(row["unit"]) else RATE


def reported_rows(table: pd.DataFrame) -> pd.DataFrame:
    return table[table["reported"]]


def is_no_base(row: dict) -> bool:
    """A region that reports a figure but has no population base (per-resident maps only)."""
    return bool(row.get("no_base", False))


def no_base_mask(table: pd.DataFrame) -> pd.Series:
    """True for rows with a reported figure but no population base (their own class)."""
    if "no_base" not in table.columns:
        return pd.Series(False, index=table.index)
    return table["no_base"].astype(bool)


def no_base_rows(table: pd.DataFrame) -> pd.DataFrame:
    """Rows with a reported figure but no population base: their own class, never 未报告."""
    return table[no_base_mask(table)]


def not_reported_rows(table: pd.DataFrame) -> pd.DataFrame:
    """Rows of the regions that report no figure at all."""
    return table[~table["reported"].astype(bool) & ~no_base_mask(table)]


def region_fill(row: dict, kind: str, steps: list[Step]) -> str:
    """A region's fill on every map: ramp colour, count fill, no-base sand or not-reported grey."""
    if is_no_base(row):
        return NO_BASE_FILL
    if not row["reported"]:
        return NOT_REPORTED_GREY
    if kind == RATE:
        return step_colour(row["value"], steps)
    return COUNT_REGION_FILL


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


def _two_figures(value: float) -> float:
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, 1 - int(math.floor(math.log10(abs(value)))))


def colour_steps(values: pd.Series, unit: str) -> list[Step]:
    """Classes for shading: fixed fifths for percentages, else equal intervals of the data."""
    values = values.dropna().astype(float)
    if values.empty:
        return []
    low, high = float(values.min()), float(values.max())
    if units.is_percent(unit) and low >= 0 and high <= 100:
        breaks = list(PERCENT_BREAKS)
    elif low == high or _two_figures(low) == _two_figures(high):
        # Values that read alike ("0.12" and "0.12") make one class, not two equal-looking ones.
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


def nice_below(value: float) -> float:
    """The nearest of 1, 2, 5 x 10^n at or below `value`, for legend symbol sizes."""
    if value <= 0:
        return 0.0
    power = 10 ** math.floor(math.log10(value))
    for factor in (5, 2, 1):
        if factor * power <= value:
            return float(factor * power)
    return float(power)
