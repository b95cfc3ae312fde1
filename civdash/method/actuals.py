"""An actual typed into the plans form: read it, check its unit and plausibility, in words."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from civdash.core import units
from civdash.core.formatting import fact_value
from civdash.core.numbers import EXACT, NumberParseError, parse_chinese_number
from civdash.core.units import unit_name
from civdash.data.uploads import CHINESE_FIGURE, PLAIN_NUMBER
from civdash.i18n import STRINGS, text

# A value this many times away from both the baseline and the target is probably a unit slip.
PLAUSIBLE_FACTOR = 5.0
# Slips people make: per 1,000 for per 100, a fraction for a percentage, 万 left out or added.
SLIP_FACTORS = (10.0, 100.0, 1_000.0, 10_000.0)
MAX_FORM_CHARS = 40
# Whatever follows the figure: a unit such as 个, 张 or 'beds' typed into the number field.
TRAILING_WORDS = re.compile(r"^(.*?\d)\s*([^\d\s.%％]{1,12})$")


@dataclass(frozen=True)
class Reading:
    """A value read from the form, or the localised reason it could not be read."""

    value: float | None = None
    qualifier: str = EXACT
    error: str = ""
    read_as: str = ""


def value_label(unit: str, lang: str) -> str:
    """'数值(张/百名老人)': the field says which unit to type the number in."""
    return text("plans.add_value_unit", lang, unit=unit_name(unit, lang))


def read_value(raw: str, unit: str, lang: str) -> Reading:
    """The number in `raw` in the indicator's unit; Chinese numerals (三, 1.2万) are accepted
    and echoed back as read, a unit typed after the number is refused with a hint."""
    written = (raw or "").strip()
    if not written:
        return Reading(error=text("plans.form_empty", lang))
    if len(written) > MAX_FORM_CHARS:
        return Reading(error=text("plans.form_not_number", lang, value=written[:MAX_FORM_CHARS]))
    if PLAIN_NUMBER.fullmatch(written):
        value, qualifier = float(written), EXACT
    elif CHINESE_FIGURE.fullmatch(written):
        try:
            parsed = parse_chinese_number(written)
        except NumberParseError:
            return Reading(error=text("plans.form_not_number", lang, value=written))
        if parsed.is_percent and not units.is_percent(unit):
            return Reading(
                error=text("plans.form_percent", lang, value=written, unit=unit_name(unit, lang))
            )
        if parsed.is_multiple and unit != "times":
            return Reading(error=text("plans.form_not_number", lang, value=written))
        value, qualifier = parsed.value, parsed.qualifier
    else:
        trailing = TRAILING_WORDS.match(written)
        if trailing and read_value(trailing.group(1), unit, lang).value is not None:
            return Reading(
                error=text(
                    "plans.form_has_unit",
                    lang,
                    value=written,
                    number=trailing.group(1),
                    unit=unit_name(unit, lang),
                )
            )
        return Reading(error=text("plans.form_not_number", lang, value=written))
    if not math.isfinite(value):
        return Reading(error=text("plans.form_not_number", lang, value=written))
    problem = units.range_problem(value, unit)
    if problem == "share":
        return Reading(error=text("plans.form_percent_range", lang, value=written))
    if problem == "negative":
        return Reading(error=text("plans.form_negative", lang, value=written))
    read_as = fact_value(value, unit, lang, qualifier)
    return Reading(value=value, qualifier=qualifier, read_as=read_as)


def _times(value: float, reference: float) -> float:
    return value / reference if value >= reference else reference / value


def implausible(
    value: float,
    unit: str,
    lang: str,
    baseline: tuple[int | None, float | None],
    target: float | None,
) -> tuple[str, float | None]:
    """(message, suggested value) when `value` is over 5× away from both the baseline and the
    target, else ('', None). The message names the likely unit slip."""
    baseline_year, baseline_value = baseline
    references = [
        reference
        for reference in (baseline_value, target)
        if reference is not None and not math.isnan(reference) and reference > 0
    ]
    if value <= 0 or not references:
        return "", None
    if min(_times(value, reference) for reference in references) <= PLAUSIBLE_FACTOR:
        return "", None
    anchor_is_baseline = baseline_value in references
    anchor = baseline_value if anchor_is_baseline else target
    factor = _times(value, anchor)
    direction = "above" if value > anchor else "below"
    candidates = [value / slip if value > anchor else value * slip for slip in SLIP_FACTORS]
    suggestion = min(
        candidates,
        key=lambda candidate: min(abs(math.log(candidate / ref)) for ref in references),
    )
    slip = value / suggestion if value > suggestion else suggestion / value
    if min(_times(suggestion, reference) for reference in references) > PLAUSIBLE_FACTOR:
        suggestion = None
    anchor_words = (
        text("plans.plausible_baseline", lang, year=int(baseline_year))
        if anchor_is_baseline
        else text("plans.plausible_target", lang)
    )
    message = text(
        f"plans.plausible_{direction}",
        lang,
        value=f"{value:g}",
        times=f"{factor:,.0f}" if factor >= 10 else f"{factor:.1f}",
        anchor=anchor_words,
        anchor_value=fact_value(anchor, unit, lang),
    )
    if suggestion is not None:
        hint_key = f"plans.slip_{unit}_{slip:.0f}"
        hint = (
            text(hint_key, lang, written=f"{value:g}", meant=f"{suggestion:g}")
            if hint_key in STRINGS
            else ""
        )
        message += text(
            "plans.plausible_suggest",
            lang,
            suggestion=fact_value(suggestion, unit, lang),
            hint=hint,
        )
    return message, suggestion
