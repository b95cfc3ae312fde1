"""Parse figures as Chinese reports write them (万, 亿, 多, 余, 近); format values."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from civdash.core import units
from civdash.i18n import text

EXACT, APPROX, AT_LEAST, AT_MOST = "exact", "approx", "at_least", "at_most"
QUALIFIERS = (EXACT, APPROX, AT_LEAST, AT_MOST)

# Simplified and traditional forms: the Nantong report is in traditional characters.
MULTIPLIERS = {"千": 1e3, "万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8}
APPROX_MARKERS = ("大约", "大約", "左右", "约", "約", "近")
AT_LEAST_MARKERS = (
    "不少于",
    "不少於",
    "不低于",
    "不低於",
    "超过",
    "超過",
    "以上",
    "多",
    "余",
    "餘",
    "超",
    "逾",
)
AT_MOST_MARKERS = ("不超过", "不超過", "以内", "以內", "以下", "不到")

CHINESE_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
# ASCII digits only: int() and float() also read Arabic-Indic or superscript digits, which a
# figure never legitimately mixes in. Full-width digits are mapped to ASCII first (FULL_WIDTH).
# Possessive quantifiers give the engine nothing to backtrack into: a search is linear.
NUMBER_PATTERN = re.compile(r"[0-9]++(?:,[0-9]{3})*+(?:\.[0-9]++)?+")
FULL_WIDTH = str.maketrans("０１２３４５６７８９，．％－＋／", "0123456789,.%-+/")


class NumberParseError(ValueError):
    """Raised when a string holds no figure this parser understands."""


CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8}
# 多/余 inside a figure (700多万, 3万余) say "more than"; the qualifier keeps that, the value not.
MORE_INSIDE = "多余餘"
_NUMERAL_START = frozenset("0123456789") | set(CHINESE_DIGITS) | set(CHINESE_UNITS) | set(BIG_UNITS)
_NUMERAL_CHARS = _NUMERAL_START | set(MORE_INSIDE) | set(",.")


def _numeral_run(text: str) -> str | None:
    """The first run of numeral characters: digits, 十百千, 万亿, and 多/余 inside it."""
    start = next((i for i, ch in enumerate(text) if ch in _NUMERAL_START), -1)
    if start < 0:
        return None
    end = start
    while end < len(text) and text[end] in _NUMERAL_CHARS:
        end += 1
    return text[start:end].rstrip(",.")


def _tokens(run: str) -> list[tuple[str, float]]:
    """('n', value) for a number, ('u', 10/100/1000), ('b', 1e4/1e8/1e12), ('z', 0) for 零."""
    tokens: list[tuple[str, float]] = []
    position = 0
    while position < len(run):
        ch = run[position]
        if "0" <= ch <= "9":
            match = NUMBER_PATTERN.match(run, position)
            tokens.append(("n", float(match.group(0).replace(",", ""))))
            position = match.end()
            continue
        if ch in "零〇":
            tokens.append(("z", 0.0))
        elif ch in CHINESE_DIGITS:
            tokens.append(("n", float(CHINESE_DIGITS[ch])))
        elif ch in CHINESE_UNITS:
            tokens.append(("u", float(CHINESE_UNITS[ch])))
        elif ch in BIG_UNITS:
            value = BIG_UNITS[ch]
            if tokens and tokens[-1] == ("b", 1e4) and value == 1e8:
                tokens[-1] = ("b", 1e12)  # 万亿: a trillion
            else:
                tokens.append(("b", value))
        elif ch not in MORE_INSIDE:
            raise NumberParseError(f"unexpected {ch!r} in a numeral")
        position += 1
    return tokens


def numeral_value(run: str) -> float:
    """The value of a numeral: 一万二千, 1万2千, 12万5千, 一亿二千万, 两千零五十, 1.2亿, 百余.

    Positional: within a section each unit is smaller than the one before (千, 百, 十), and
    万 and 亿 close sections in falling order. A bare digit after 百, 千, 万 or 亿 with no 零
    (三千五, 一万二, 1万5) is colloquial shorthand whose value depends on the reader, so it is
    refused rather than guessed, as is any other numeral out of order (一二, 十百, 二〇二四).
    """
    tokens = _tokens(run)
    if not tokens:
        raise NumberParseError(f"no number in {run!r}")
    if tokens == [("z", 0.0)]:
        return 0.0
    total = section = 0.0
    number: float | None = None
    number_follows, number_after_zero = "", False
    last_unit = last_big = math.inf
    previous = ""

    def bare_tail(closing_big: bool) -> bool:
        """True when the pending number is shorthand: 三千五, 一万二, 三千五万."""
        if number is None or number_after_zero:
            return False
        if number_follows == "u":
            return last_unit > 10 or number >= 10
        if number_follows == "b" and not closing_big:
            # 1万2000 writes the rest out in full; 1万2 or 一万二 leaves its place unsaid.
            return not (last_big / 10 <= number < last_big)
        return False

    for kind, value in tokens:
        if kind == "n":
            if number is not None:
                raise NumberParseError(f"two numbers side by side in {run!r}")
            number, number_follows, number_after_zero = value, previous, previous == "z"
        elif kind == "z":
            if previous not in ("u", "b"):
                raise NumberParseError(f"misplaced 零 in {run!r}")
        elif kind == "u":
            if number is None and previous != "":
                raise NumberParseError(f"unit without a digit in {run!r}")
            digit = 1.0 if number is None else number
            if value >= last_unit or digit >= 10:
                raise NumberParseError(f"units out of order in {run!r}")
            section += digit * value
            number, last_unit = None, value
        else:  # 万 or 亿 closes a section
            if bare_tail(closing_big=True):
                raise NumberParseError(f"shorthand numeral {run!r} is ambiguous")
            amount = section + (number or 0.0)
            if previous == "":
                amount = 1.0  # 万余, 近万: one of that unit
            if value >= last_big or amount == 0:
                raise NumberParseError(f"units out of order in {run!r}")
            total += amount * value
            section, number, last_unit, last_big = 0.0, None, math.inf, value
        previous = kind
    if bare_tail(closing_big=False):
        raise NumberParseError(f"shorthand numeral {run!r} is ambiguous")
    return total + section + (number or 0.0)


@dataclass(frozen=True)
class ParsedNumber:
    value: float
    qualifier: str
    is_percent: bool = False
    is_multiple: bool = False


def _fraction(text: str) -> tuple[str, str] | None:
    """(numerator, denominator) digits around the first '/', e.g. '约1/20' -> ('1', '20').

    A scan outward from the slash: a regex search for digits-slash-digits restarts at every
    digit of a long run and takes quadratic time.
    """
    slash = text.find("/")
    if slash < 0:
        return None
    end = slash
    while end > 0 and text[end - 1].isspace():
        end -= 1
    start = end
    while start > 0 and "0" <= text[start - 1] <= "9":
        start -= 1
    begin = slash + 1
    while begin < len(text) and text[begin].isspace():
        begin += 1
    stop = begin
    while stop < len(text) and "0" <= text[stop] <= "9":
        stop += 1
    if start == end or begin == stop:
        return None
    return text[start:end], text[begin:stop]


def _qualifier_of(text: str) -> str:
    for marker in AT_MOST_MARKERS:
        if marker in text:
            return AT_MOST
    for marker in APPROX_MARKERS:
        if marker in text:
            return APPROX
    for marker in AT_LEAST_MARKERS:
        if marker in text:
            return AT_LEAST
    return EXACT


def qualifier_of(text: str) -> str:
    """The qualifier a piece of Chinese text expresses (exact when it has no marker)."""
    return _qualifier_of(text)


def parse_chinese_number(text: str) -> ParsedNumber:
    """Parse a figure as written, e.g. '14.27亿' -> 1427000000, '700多万' -> 7e6 at_least.

    Percent signs keep the number in percentage points ('97.05%' -> 97.05), 倍 marks a
    multiple ('一倍多' -> 1, at_least), and a fraction such as '1/20' gives 0.05.
    """
    if text is None:
        raise NumberParseError("empty figure")
    cleaned = str(text).strip().translate(FULL_WIDTH)
    if not cleaned:
        raise NumberParseError("empty figure")
    qualifier = _qualifier_of(cleaned)
    is_percent = "%" in cleaned
    is_multiple = "倍" in cleaned
    fraction = _fraction(cleaned)
    if fraction:
        denominator = float(fraction[1])
        if denominator == 0:
            raise NumberParseError(f"zero denominator in {text!r}")
        return ParsedNumber(float(fraction[0]) / denominator, qualifier, is_percent)
    sign = -1.0 if cleaned.startswith(("-", "−")) else 1.0
    run = _numeral_run(cleaned)
    if run is None:
        raise NumberParseError(f"no number in {text!r}")
    value = sign * numeral_value(run)
    return ParsedNumber(float(round(value, 6)), qualifier, is_percent, is_multiple)


def is_missing(value) -> bool:
    """The one missing-number rule: None, NaN, ±infinity, pandas.NA or NaT is a number that is
    not there (never zero, never shown as 'nan'). pandas.NA refuses bool(), hence the order."""
    if value is None or value is pd.NA:
        return True
    if isinstance(value, float | np.floating) and not math.isfinite(value):
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def as_number(value) -> float | None:
    """A finite float, or None when the value is missing or is not a number at all."""
    if is_missing(value):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def values_match(parsed: float, value: float, relative_tolerance: float = 1e-9) -> bool:
    """True when two figures agree to rounding (values such as 1.427e9 carry float noise)."""
    return math.isclose(parsed, value, rel_tol=relative_tolerance, abs_tol=1e-9)


QUALIFIER_PREFIX = {EXACT: "", APPROX: "≈", AT_LEAST: "≥", AT_MOST: "≤"}


def unit_suffix(unit: str, lang: str) -> str:
    """The suffix written after a number: '张', 'beds', '张/千名老人', 'beds per 1,000 aged 60+'.

    The base suffix is the unit's record (civdash.core.units); a per-resident rate adds its base
    as i18n writes it (per.unit.*).
    """
    record = units.get(unit)
    suffix = record.suffix(lang) if record is not None else ""
    _, _, per = str(unit).partition("/")
    if not per:
        return suffix
    return f"{suffix}{text(f'per.unit.{per}', lang)}".strip()


def _trim(number: float, decimals: int = 2) -> str:
    shown = f"{number:,.{decimals}f}"
    return shown.rstrip("0").rstrip(".") if "." in shown else shown


def format_number(
    value: float, lang: str = "zh", unit: str = "count", like: float | None = None
) -> str:
    """A number without its unit: 14.27亿 / 61,195 / 1.43 billion.

    `like` is the largest value shown beside it (a chart's): no number of a chart in 万 or
    millions is then written out plain (405.17万 and 27.62万, never 405.17万 beside
    276,194.27). A rate's unit is read by its base (元/万人 is money).
    """
    unit = str(unit).split("/")[0]
    magnitude = abs(value) if like is None else max(abs(like), abs(value))

    def scaled(size: float) -> str:
        share = abs(value / size)
        # A small value on a large chart's step keeps three significant digits (0.0123亿).
        decimals = 2 if share >= 1 or share == 0 else min(6, 2 + math.ceil(-math.log10(share)))
        return _trim(value / size, decimals)

    # The largest step comes from the value itself (700万 stays 700万 beside 14.27亿); what
    # `like` decides is that no value of a scaled chart is written out plain.
    if lang == "zh":
        if abs(value) >= 1e8:
            return f"{scaled(1e8)}亿"
        # Money reads naturally in 万元 from ten thousand up; head-counts only from a million.
        if (unit == "yuan" and magnitude >= 1e4) or magnitude >= 1e6:
            return f"{scaled(1e4)}万"
        return _trim(value)
    if abs(value) >= 1e9:
        return f"{scaled(1e9)} billion"
    if magnitude >= 1e6:
        return f"{scaled(1e6)} million"
    return _trim(value)


def format_value(
    value: float | None,
    unit: str = "count",
    lang: str = "zh",
    qualifier: str = EXACT,
    missing: str | None = None,
    like: float | None = None,
) -> str:
    """Display form of a value with its unit and qualifier: '≥700万元', '≈800 beds', '97.05%'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        if missing is not None:
            return missing
        return text("label.not_reported", lang)
    number, suffix = value_parts(float(value), unit, lang, qualifier, like)
    if not suffix:
        return number
    if lang == "zh" or units.is_glued(unit):
        return f"{number}{suffix}"
    return f"{number} {suffix}"


def value_parts(
    value: float, unit: str, lang: str, qualifier: str = EXACT, like: float | None = None
) -> tuple[str, str]:
    """A value as (qualified number, unit), e.g. ('≈2.7', '张/百名老人'), for layouts that put
    the unit on a line of its own; percent and multiple signs stay with the number."""
    number = format_number(float(value), lang, unit, like)
    if unit == "percent_change" and value > 0:
        number = "+" + number
    suffix = unit_suffix(unit, lang)
    prefix = QUALIFIER_PREFIX.get(qualifier or EXACT, "")
    if units.is_glued(unit):
        return f"{prefix}{number}{suffix}", ""
    return f"{prefix}{number}", suffix
