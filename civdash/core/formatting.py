"""The one formatter: how a figure reads on screen and in files (value, value with its year,
period, span, range, yes/no, missing). Only this module and numbers.py call numbers' formatting
functions (ruff TID251 in pyproject.toml bans them elsewhere)."""

from __future__ import annotations

import math

import pandas as pd

from civdash.core import units
from civdash.core.numbers import (
    AT_LEAST,
    AT_MOST,
    EXACT,
    QUALIFIER_PREFIX,
    format_number,
    format_value,
    is_missing,
    value_parts,
)
from civdash.i18n import text

# A cell with nothing to show: never "None", "nan" or "null".
MISSING = "–"
CHINESE_SMALL_NUMERALS = "零一两三四五六七八九十"
YES_NO = {"zh": ("是", "否"), "en": ("yes", "no")}


def yes_no(flag, lang: str) -> str:
    """是/否 or yes/no; a missing flag reads as '–', never 'True', 'False' or 'None'."""
    if is_missing(flag):
        return MISSING
    yes, no = YES_NO["zh" if lang == "zh" else "en"]
    return yes if bool(flag) else no


def year_span(first, last=None) -> str:
    """'2013' for one year (never '2013–2013'), '2012–2022' for a span, '–' for none."""
    years = [int(year) for year in (first, last) if not is_missing(year)]
    if not years:
        return MISSING
    low, high = min(years), max(years)
    return str(low) if low == high else f"{low}–{high}"


def years_of(rows: pd.DataFrame) -> tuple[int | None, int | None]:
    """(first, last) of some figures: the earliest period start or year to the latest year."""
    if rows is None or rows.empty:
        return None, None
    first = rows["year"].min()
    if "period_start" in rows.columns and rows["period_start"].notna().any():
        first = min(first, rows["period_start"].min())
    return int(first), int(rows["year"].max())


def figures_span(rows: pd.DataFrame) -> str:
    """'2002–2012': the years some figures cover, period starts included; '–' for none."""
    return year_span(*years_of(rows))


def years_span(years) -> str:
    """'2013–2022' from the first to the last of some years; '–' for none."""
    known = [int(year) for year in years if not is_missing(year)]
    return year_span(min(known), max(known)) if known else MISSING


def file_years(first, last=None) -> str:
    """The years part of a file name: 2012-2022, 2015, or all-years (ASCII, never '–')."""
    span = year_span(first, last)
    return "all-years" if span == MISSING else span.replace("–", "-")


def _increase_multiple(value: float, qualifier: str, lang: str) -> str:
    """'提高了一倍多' is an increase of 100 % or more: never shown as '≥1×' ('not lower').

    The sentences are i18n keys increase.*: Chinese names the multiple (一倍, 1.5倍); English
    names it when it has a word (doubled, tripled, quadrupled) and otherwise gives the percent.
    """
    percent = f"{value * 100:,.0f}%"
    whole = value.is_integer() and 0 < value < len(CHINESE_SMALL_NUMERALS)
    if lang == "zh":
        times = CHINESE_SMALL_NUMERALS[int(value)] if whole else f"{value:g}"
    else:
        words = ("increase.word.1", "increase.word.2", "increase.word.3")
        times = text(words[int(value) - 1], lang) if whole and int(value) <= 3 else ""
    form = {AT_LEAST: "at_least", AT_MOST: "at_most"}.get(qualifier, "exact")
    # English says 'rose by at most …' even for a whole multiple.
    if not times or (form == "at_most" and lang != "zh"):
        form += "_percent"
    about = text("increase.about", lang) if qualifier not in (EXACT, None, "") else ""
    return text(f"increase.{form}", lang, times=times, percent=percent, about=about)


def fact_value(
    value,
    unit: str,
    lang: str,
    qualifier: str = EXACT,
    period_start=None,
    missing: str | None = None,
    like: float | None = None,
) -> str:
    """The one display form of a figure: unit, qualifier, and multiples read as increases.

    A multiple measured since a baseline year (unit 'times' with a period) is an increase:
    一倍多 reads 'more than doubled (+100% or more)'. `like` is the largest value shown beside
    it (a chart's), so that one chart keeps one number format.
    """
    if is_missing(value):
        return format_value(None, unit, lang, missing=missing)
    if unit == "times" and not is_missing(period_start):
        return _increase_multiple(float(value), qualifier or EXACT, lang)
    return format_value(float(value), unit, lang, qualifier or EXACT, like=like)


def fact_parts(value, unit: str, lang: str, qualifier: str = EXACT, period_start=None):
    """A figure as (number, unit) for layouts that put the unit on a line of its own; an
    increase multiple stays whole in the first part."""
    if is_missing(value):
        return fact_value(value, unit, lang), ""
    if unit == "times" and not is_missing(period_start):
        return fact_value(value, unit, lang, qualifier, period_start), ""
    return value_parts(float(value), unit, lang, qualifier or EXACT)


def short_value(
    value, unit: str, lang: str, qualifier: str = EXACT, period_start=None, like=None
) -> str:
    """A chart point label: the qualified number, without the unit the axis already names; a
    percent keeps its sign and an increase multiple its words (一倍多 is not '≥1')."""
    if is_missing(value):
        return MISSING
    if unit == "times" and not is_missing(period_start):
        return fact_value(value, unit, lang, qualifier, period_start)
    number = QUALIFIER_PREFIX.get(qualifier or EXACT, "") + format_number(
        float(value), lang, unit, like
    )
    return number + ("%" if units.is_percent(unit) else "")


def number_text(value, lang: str, unit: str = "count") -> str:
    """A bare number as the figures write it (14.27亿, 1.43 billion): axis ends, legends."""
    return MISSING if is_missing(value) else format_number(float(value), lang, unit)


def value_range(low, high, unit: str, lang: str) -> str:
    """'3–3.5张/百名老人': a range with the unit once; one value when both ends agree."""
    if is_missing(high) or float(low) == float(high):
        return fact_value(low, unit, lang)
    return f"{format_number(float(low), lang, unit)}–{format_value(float(high), unit, lang)}"


def per_year(value, unit: str, lang: str) -> str:
    """A yearly pace: '120张/年', '120 beds/year'."""
    return text("value.per_year", lang, value=fact_value(value, unit, lang))


def period_text(period_start, year) -> str:
    """'2016–2022' for a figure over several years, else its year: the one period label."""
    if is_missing(period_start):
        return str(int(year))
    return f"{int(period_start)}–{int(year)}"


def fact_text(
    value,
    unit: str,
    lang: str,
    qualifier: str = EXACT,
    period_start=None,
    year=None,
) -> str:
    """A figure with its year, as a sentence or a chart label says it: '约1,200张 (2022)'.

    The value reads as fact_value writes it; the period follows in brackets when known. A
    missing value is '–', never a year without a figure.
    """
    if is_missing(value):
        return MISSING
    return with_year(fact_value(value, unit, lang, qualifier, period_start), year, period_start)


def with_year(shown: str, year, period_start=None) -> str:
    """A written figure with its period in brackets: '504个 (2012)'; unchanged without a year."""
    return shown if is_missing(year) else f"{shown} ({period_text(period_start, year)})"


def export_number(value):
    """A number for a CSV cell: 320 not '320.0', 2.86 as written, '' when missing."""
    if is_missing(value):
        return ""
    number = float(value)
    if not math.isfinite(number):
        return ""
    if number.is_integer() and abs(number) < 1e15:
        return int(number)
    return number
