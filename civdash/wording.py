"""How a figure reads on screen and in files: value, yes/no, missing cells, year spans."""

from __future__ import annotations

import math

import pandas as pd

from civdash.numbers import AT_LEAST, AT_MOST, EXACT, format_value

# A cell with nothing to show: never "None", "nan" or "null".
MISSING = "–"
CHINESE_SMALL_NUMERALS = "零一两三四五六七八九十"
YES_NO = {"zh": ("是", "否"), "en": ("yes", "no")}


def is_missing(value) -> bool:
    """True for None, NaN and pandas.NA (which refuses bool())."""
    if value is None or value is pd.NA:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


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


def _increase_multiple(value: float, qualifier: str, lang: str) -> str:
    """'提高了一倍多' is an increase of 100 % or more: never shown as '≥1×' ('not lower')."""
    percent = f"{value * 100:,.0f}%"
    whole = value.is_integer() and 0 < value < len(CHINESE_SMALL_NUMERALS)
    if lang == "zh":
        times = CHINESE_SMALL_NUMERALS[int(value)] if whole else f"{value:g}"
        if qualifier == AT_LEAST:
            return f"提高{times}倍多(+{percent}以上)"
        if qualifier == AT_MOST:
            return f"提高不到{times}倍(+{percent}以内)"
        prefix = "约" if qualifier not in (EXACT, None, "") else ""
        return f"提高{prefix}{times}倍(+{percent})"
    english = {1: "doubled", 2: "tripled", 3: "quadrupled"}.get(int(value)) if whole else None
    if qualifier == AT_LEAST:
        if english:
            return f"more than {english} (+{percent} or more)"
        return f"rose by more than {percent}"
    if qualifier == AT_MOST:
        return f"rose by at most {percent}"
    about = "about " if qualifier not in (EXACT, None, "") else ""
    return f"{about}{english} (+{percent})" if english else f"rose by {about}{percent}"


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
    一倍多 reads 'more than doubled (+100% or more)'.
    """
    if is_missing(value):
        return format_value(None, unit, lang, missing=missing)
    if unit == "times" and not is_missing(period_start):
        return _increase_multiple(float(value), qualifier or EXACT, lang)
    return format_value(float(value), unit, lang, qualifier or EXACT, like=like)


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
    shown = fact_value(value, unit, lang, qualifier, period_start)
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
