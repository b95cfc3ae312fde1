"""Parse figures as Chinese reports write them (万, 亿, 多, 余, 近); format values."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

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
CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}

# ASCII digits only: int() and float() also read Arabic-Indic or superscript digits, which a
# figure never legitimately mixes in. Full-width digits are mapped to ASCII first (FULL_WIDTH).
# Possessive quantifiers give the engine nothing to backtrack into: a search is linear.
NUMBER_PATTERN = re.compile(r"[0-9]++(?:,[0-9]{3})*+(?:\.[0-9]++)?+")
FULL_WIDTH = str.maketrans("０１２３４５６７８９，．％－＋／", "0123456789,.%-+/")


class NumberParseError(ValueError):
    """Raised when a string holds no figure this parser understands."""


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


def _chinese_numeral(text: str) -> float | None:
    """Value of a pure Chinese numeral such as 两, 十二, 百, 一千二百; None if there is none."""
    digits = "".join(ch for ch in text if ch in CHINESE_DIGITS or ch in CHINESE_UNITS)
    if not digits:
        return None
    total, current = 0, None
    for ch in digits:
        if ch in CHINESE_DIGITS:
            current = CHINESE_DIGITS[ch]
        else:
            # A unit with no digit before it (百余名, 十多个) means one of that unit.
            total += (1 if current is None else current) * CHINESE_UNITS[ch]
            current = None
    if current is not None:
        total += current
    return float(total)


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
    match = NUMBER_PATTERN.search(cleaned)
    rest = cleaned
    if match:
        base = float(match.group(0).replace(",", ""))
        rest = cleaned[match.end() :]
    else:
        stripped = cleaned
        for multiplier in ("万", "萬", "亿", "億"):
            # In 两万, 万 is the multiplier of the numeral, not part of it.
            stripped = stripped.replace(multiplier, " ")
        numeral = _chinese_numeral(stripped.split(" ")[0] if " " in stripped else stripped)
        if numeral is None:
            raise NumberParseError(f"no number in {text!r}")
        base = numeral
        first_multiplier = min(
            (cleaned.find(m) for m in MULTIPLIERS if m in cleaned and m != "千"), default=-1
        )
        rest = cleaned[first_multiplier:] if first_multiplier >= 0 else ""
    scale = 1.0
    for ch in rest:
        if ch in MULTIPLIERS and not (ch == "千" and not match):
            scale *= MULTIPLIERS[ch]
    value = sign * base * scale
    return ParsedNumber(float(round(value, 6)), qualifier, is_percent, is_multiple)


def values_match(parsed: float, value: float, relative_tolerance: float = 1e-9) -> bool:
    """True when two figures agree to rounding (values such as 1.427e9 carry float noise)."""
    return math.isclose(parsed, value, rel_tol=relative_tolerance, abs_tol=1e-9)


QUALIFIER_PREFIX = {EXACT: "", APPROX: "≈", AT_LEAST: "≥", AT_MOST: "≤"}

UNIT_SUFFIX = {
    "zh": {
        "count": "个",
        "persons": "人",
        "person_times": "人次",
        "households": "户",
        "beds": "张",
        "yuan": "元",
        "yuan_per_person_month": "元/人/月",
        "yuan_per_household_month": "元/户/月",
        "yuan_per_person_year": "元/人/年",
        "yuan_per_person": "元/人",
        "yuan_per_case": "元/例",
        "percent": "%",
        "percent_change": "%",
        "percent_ratio": "%",
        "times": "倍",
        "beds_per_100_elderly": "张/百名老人",
        "persons_per_10k_population": "人/万人",
        "hours": "小时",
        "square_metres": "平方米",
        "mu": "亩",
        "days": "天",
        "minutes": "分钟",
    },
    "en": {
        "count": "",
        "persons": "persons",
        "person_times": "person-times",
        "households": "households",
        "beds": "beds",
        "yuan": "yuan",
        "yuan_per_person_month": "yuan/person/month",
        "yuan_per_household_month": "yuan/household/month",
        "yuan_per_person_year": "yuan/person/year",
        "yuan_per_person": "yuan/person",
        "yuan_per_case": "yuan/case",
        "percent": "%",
        "percent_change": "%",
        "percent_ratio": "%",
        "times": "×",
        "beds_per_100_elderly": "beds/100 elderly",
        "persons_per_10k_population": "per 10k people",
        "hours": "hours",
        "square_metres": "m²",
        "mu": "mu",
        "days": "days",
        "minutes": "minutes",
    },
}

GLUED_UNITS = {"percent", "percent_change", "percent_ratio"}
# A per-resident or per-elderly rate has the unit '<base unit>/<mode>', e.g. 'beds/per_1k_60'.
PER_SUFFIX = {
    "zh": {"per_10k": "/万人", "per_1k_60": "/千名老人"},
    "en": {"per_10k": "per 10,000 residents", "per_1k_60": "per 1,000 aged 60+"},
}


def unit_suffix(unit: str, lang: str) -> str:
    """The suffix written after a number: '张', 'beds', '张/千名老人', 'beds per 1,000 aged 60+'."""
    table = UNIT_SUFFIX.get(lang, UNIT_SUFFIX["en"])
    base, _, per = str(unit).partition("/")
    suffix = table.get(base, "")
    if not per:
        return suffix
    per_text = PER_SUFFIX["zh" if lang == "zh" else "en"].get(per, "")
    if lang == "zh":
        return f"{suffix}{per_text}"
    return f"{suffix} {per_text}".strip()


def _trim(number: float, decimals: int = 2) -> str:
    text = f"{number:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


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
        return "未报告" if lang == "zh" else "not reported"
    number, suffix = value_parts(float(value), unit, lang, qualifier, like)
    if not suffix:
        return number
    if lang == "zh" or unit in GLUED_UNITS or unit == "times":
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
    if unit in GLUED_UNITS or unit == "times":
        return f"{prefix}{number}{suffix}", ""
    return f"{prefix}{number}", suffix
