"""Five-Year-Plan target progress: observed vs required growth (Open SDG / StatCan / Eurostat)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

STATUSES = (
    "achieved",
    "on_track",
    "moderate",
    "limited",
    "moving_away",
    "insufficient_data",
    "not_measurable",
)
THRESHOLDS = {"on_track": 0.95, "moderate": 0.60, "limited": 0.0}
KINDS = ("numeric", "milestone")
METHODS = ("cagr", "linear", "none")
BASELINE_SOURCES = ("stated", "observation", "none")

# A ratio that is exactly 0.95 on paper (0.095 / 0.10) comes out a few units in the last place
# below it in binary floating point; rounding before classifying keeps it on the documented side.
RATIO_DECIMALS = 9

RATIO_LABELS = {
    "on_track": "On track",
    "moderate": "Moderate progress",
    "limited": "Limited progress",
    "moving_away": "Moving away from the target",
}


@dataclass(frozen=True)
class Baseline:
    """The baseline a target is measured from, and where it came from."""

    year: int | None
    value: float | None
    source: str


@dataclass(frozen=True)
class Assessment:
    """The verdict on one target; growth figures are None where they were not computed."""

    status: str
    ratio: float | None
    observed_growth: float | None
    required_growth: float | None
    method: str
    baseline_year: int | None
    baseline_value: float | None
    baseline_source: str
    latest_year: int | None
    latest_value: float | None
    threshold: float | None
    higher_is_better: bool | None
    explanation: str


def compound_annual_growth(start_value: float, end_value: float, years: float) -> float | None:
    """(end / start) ** (1 / years) - 1, or None unless both values and the span are positive."""
    start = _as_float(start_value)
    end = _as_float(end_value)
    span = _as_float(years)
    if start is None or end is None or span is None or start <= 0 or end <= 0 or span <= 0:
        return None
    # expm1/log is the same formula, but keeps precision when growth is close to zero.
    return math.expm1(math.log(end / start) / span)


def linear_annual_change(start_value: float, end_value: float, years: float) -> float | None:
    """(end - start) / years, in the indicator's own unit per year; None unless years > 0."""
    start = _as_float(start_value)
    end = _as_float(end_value)
    span = _as_float(years)
    if start is None or end is None or span is None or span <= 0:
        return None
    return (end - start) / span


def classify_ratio(ratio: float) -> str:
    """Map R = direction * observed / |required| onto on_track, moderate, limited, moving_away."""
    if ratio is None or math.isnan(ratio):
        raise ValueError("classify_ratio needs a number, not a missing ratio")
    rounded = round(ratio, RATIO_DECIMALS)
    if rounded >= THRESHOLDS["on_track"]:
        return "on_track"
    if rounded >= THRESHOLDS["moderate"]:
        return "moderate"
    if rounded >= THRESHOLDS["limited"]:
        return "limited"
    return "moving_away"


def choose_baseline(
    stated_year: int | None,
    stated_value: float | None,
    observations: Iterable[tuple[int, float]] | pd.DataFrame,
    plan_start_year: int | None,
) -> Baseline:
    """The stated baseline if complete, else the earliest observation in or before the plan's
    start year (the method's rule), else none; `source` says which one was used."""
    year = _as_year(stated_year)
    value = _as_float(stated_value)
    if year is not None and value is not None:
        return Baseline(year, value, "stated")
    start_year = _as_year(plan_start_year)
    if start_year is not None:
        # The method takes the earliest reading in or before the start; the page names it, so a
        # reader can see when it predates the plan by years.
        in_or_before_start = [
            item for item in _observation_series(observations) if item[0] <= start_year
        ]
        if in_or_before_start:
            observed_year, observed_value = in_or_before_start[0]
            return Baseline(observed_year, observed_value, "observation")
    return Baseline(None, None, "none")


def latest_after(
    observations: Iterable[tuple[int, float]] | pd.DataFrame, after_year: int | None
) -> tuple[int, float] | None:
    """The most recent (year, value) strictly after after_year (any year if None), else None."""
    threshold_year = _as_year(after_year)
    series = _observation_series(observations)
    later = [item for item in series if threshold_year is None or item[0] > threshold_year]
    return later[-1] if later else None


def assess_target(
    *,
    baseline_year: int | None,
    baseline_value: float | None,
    target_year: int | None,
    target_value: float | None,
    target_value_upper: float | None = None,
    latest_year: int | None = None,
    latest_value: float | None = None,
    higher_is_better: bool | None = True,
    kind: str = "numeric",
    goal_text: str = "",
    baseline_source: str | None = None,
) -> Assessment:
    """Assess one target from its baseline and latest reading; see docs/progress-method.md."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    base_year = _as_year(baseline_year)
    base_value = _as_float(baseline_value)
    if base_year is None or base_value is None:
        # Half a baseline cannot anchor a growth rate, so it counts as no baseline at all.
        base_year = base_value = None
        baseline_source = "none"
    elif baseline_source is None:
        baseline_source = "stated"
    if baseline_source not in BASELINE_SOURCES:
        raise ValueError(f"baseline_source must be one of {BASELINE_SOURCES}")
    goal_year = _as_year(target_year)
    lower_bound = _as_float(target_value)
    upper_bound = _as_float(target_value_upper)
    reading_year = _as_year(latest_year)
    reading_value = _as_float(latest_value)
    if reading_year is None or reading_value is None:
        reading_year = reading_value = None

    def result(
        status: str,
        explanation: str,
        *,
        threshold: float | None = None,
        direction: bool | None = None,
        ratio: float | None = None,
        observed: float | None = None,
        required: float | None = None,
        method: str = "none",
    ) -> Assessment:
        if baseline_source == "observation":
            explanation += f" Baseline: the {base_year} reading, as no baseline was stated."
        return Assessment(
            status=status,
            ratio=ratio,
            observed_growth=observed,
            required_growth=required,
            method=method,
            baseline_year=base_year,
            baseline_value=base_value,
            baseline_source=baseline_source,
            latest_year=reading_year,
            latest_value=reading_value,
            threshold=threshold,
            higher_is_better=direction,
            explanation=explanation,
        )

    goal = goal_text.strip() or "no goal text"
    if lower_bound is None:
        return result("not_measurable", f"Not measurable (no numeric target): {goal}")
    if upper_bound is not None and upper_bound < lower_bound:
        raise ValueError(f"target range is reversed: {lower_bound} > {upper_bound}")
    direction = _as_direction(higher_is_better)
    if direction is None:
        direction = _direction_from_plan(base_value, lower_bound, upper_bound)
        if direction is None:
            return result(
                "insufficient_data",
                "Insufficient data: the indicator has no direction and the plan's baseline and "
                "target do not imply one.",
            )
    # A range is met at its less demanding end: the lower bound when higher is better, the upper
    # bound when lower is better. Going beyond the far end is never counted against the region.
    threshold = upper_bound if upper_bound is not None and not direction else lower_bound
    numbers: dict[str, Any] = {"threshold": threshold, "direction": direction}

    if reading_year is None:
        # A milestone measured by a reading (a baseline share) is measurable but unmeasured since.
        if kind == "milestone" and base_year is None:
            return result("not_measurable", f"Not measurable (no reading): {goal}", **numbers)
        since = f" after the {base_year} baseline" if base_year is not None else ""
        return result("insufficient_data", f"Insufficient data: no reading{since}.", **numbers)
    if base_year is not None and reading_year <= base_year:
        return result(
            "insufficient_data",
            f"Insufficient data: the latest reading ({reading_year}) is not after the "
            f"{base_year} baseline.",
            **numbers,
        )

    target_text = _describe_target(lower_bound, upper_bound, threshold, direction)
    if _meets(reading_value, threshold, direction):
        if base_year is not None:
            observed, method = _observed_growth(base_value, reading_value, reading_year - base_year)
            numbers.update(observed=observed, method=method)
        return result(
            "achieved",
            f"Achieved: {_format_number(reading_value)} in {reading_year} meets {target_text}.",
            **numbers,
        )
    if base_year is None:
        return result(
            "insufficient_data",
            f"Insufficient data: {_format_number(reading_value)} in {reading_year} does not yet "
            f"meet {target_text}, and there is no baseline to measure progress from.",
            **numbers,
        )

    elapsed = reading_year - base_year
    if _meets(base_value, threshold, direction):
        # The baseline already met the target and the latest reading no longer does, so the
        # series has moved the wrong way; a required growth of zero or less has no useful ratio.
        observed, method = _observed_growth(base_value, reading_value, elapsed)
        return result(
            "moving_away",
            f"Moving away from the target: {target_text} was met at the {base_year} baseline "
            f"({_format_number(base_value)}) but {_format_number(reading_value)} in {reading_year} "
            "no longer meets it.",
            observed=observed,
            method=method,
            **numbers,
        )
    if goal_year is None or goal_year <= base_year:
        return result(
            "insufficient_data",
            f"Insufficient data: the target year ({goal_year}) is not after the {base_year} "
            "baseline, so no required growth can be computed.",
            **numbers,
        )

    remaining = goal_year - base_year
    observed = required = None
    method = "cagr"
    if min(base_value, reading_value, threshold) > 0:
        observed = compound_annual_growth(base_value, reading_value, elapsed)
        required = compound_annual_growth(base_value, threshold, remaining)
    # Compound rates are undefined at or below zero (and a zero required rate can only come from
    # rounding when target and baseline differ by a hair), so use straight-line rates instead.
    if observed is None or required is None or required == 0:
        method = "linear"
        observed = linear_annual_change(base_value, reading_value, elapsed)
        required = linear_annual_change(base_value, threshold, remaining)
    sign = 1 if direction else -1
    ratio = sign * observed / abs(required)
    status = classify_ratio(ratio)
    rate_note = "" if method == "cagr" else "; straight-line rates, as a value is zero or below"
    explanation = (
        f"{RATIO_LABELS[status]}: {_format_growth(observed, method)} since {base_year} vs "
        f"{_format_growth(required, method)} needed to reach {_format_number(threshold)} by "
        f"{goal_year} (ratio {ratio:.2f}{rate_note})."
    )
    return result(
        status,
        explanation,
        ratio=ratio,
        observed=observed,
        required=required,
        method=method,
        **numbers,
    )


def assess_from_observations(
    *,
    observations: Iterable[tuple[int, float]] | pd.DataFrame,
    plan_start_year: int | None,
    target_year: int | None,
    target_value: float | None,
    target_value_upper: float | None = None,
    stated_baseline_year: int | None = None,
    stated_baseline_value: float | None = None,
    higher_is_better: bool | None = True,
    kind: str = "numeric",
    goal_text: str = "",
) -> Assessment:
    """choose_baseline, then latest_after that baseline, then assess_target, for one series."""
    baseline = choose_baseline(
        stated_baseline_year, stated_baseline_value, observations, plan_start_year
    )
    latest = latest_after(observations, baseline.year)
    latest_year, latest_value = latest if latest is not None else (None, None)
    return assess_target(
        baseline_year=baseline.year,
        baseline_value=baseline.value,
        target_year=target_year,
        target_value=target_value,
        target_value_upper=target_value_upper,
        latest_year=latest_year,
        latest_value=latest_value,
        higher_is_better=higher_is_better,
        kind=kind,
        goal_text=goal_text,
        baseline_source=baseline.source,
    )


def _as_float(value: Any) -> float | None:
    """A float, or None for None, NaN and pandas.NA (which refuses float conversion)."""
    if value is None:
        return None
    try:
        number = float(value)
    except TypeError:
        return None
    return None if math.isnan(number) else number


def _as_year(value: Any) -> int | None:
    number = _as_float(value)
    if number is None:
        return None
    if not number.is_integer():
        raise ValueError(f"a year must be a whole number, not {value!r}")
    return int(number)


def _as_direction(value: Any) -> bool | None:
    """True/False, or None when missing; strings are refused because bool('false') is True."""
    if isinstance(value, str):
        raise TypeError(f"higher_is_better must be a bool or None, not the string {value!r}")
    number = _as_float(value)
    return None if number is None else bool(number)


def _direction_from_plan(
    baseline_value: float | None, lower_bound: float, upper_bound: float | None
) -> bool | None:
    """The direction the plan itself implies: a target above the baseline means higher is better."""
    if baseline_value is None:
        return None
    if baseline_value < lower_bound:
        return True
    if baseline_value > (lower_bound if upper_bound is None else upper_bound):
        return False
    return None


def _meets(value: float, threshold: float, higher_is_better: bool) -> bool:
    return value >= threshold if higher_is_better else value <= threshold


def _observed_growth(start: float, end: float, years: int) -> tuple[float | None, str]:
    growth = compound_annual_growth(start, end, years)
    if growth is not None:
        return growth, "cagr"
    return linear_annual_change(start, end, years), "linear"


def _observation_series(
    observations: Iterable[tuple[int, float]] | pd.DataFrame,
) -> list[tuple[int, float]]:
    """Sorted (year, value) pairs without gaps; two different values for one year are an error."""
    if hasattr(observations, "columns"):
        missing_columns = {"year", "value"} - set(observations.columns)
        if missing_columns:
            raise ValueError(f"observations need columns year and value; missing {missing_columns}")
        pairs: Iterable[Any] = zip(
            observations["year"].tolist(), observations["value"].tolist(), strict=True
        )
    else:
        pairs = observations
    by_year: dict[int, float] = {}
    for raw_year, raw_value in pairs:
        year = _as_year(raw_year)
        value = _as_float(raw_value)
        if year is None or value is None:
            continue
        if year in by_year and by_year[year] != value:
            # Picking one would be a guess (e.g. both ends of a range, or two sources).
            raise ValueError(
                f"conflicting values for {year}: {by_year[year]} and {value}; "
                "pass one series per region and indicator"
            )
        by_year[year] = value
    return sorted(by_year.items())


def _describe_target(
    lower_bound: float, upper_bound: float | None, threshold: float, higher_is_better: bool
) -> str:
    if upper_bound is None:
        comparison = "at least" if higher_is_better else "at most"
        return f"the target ({comparison} {_format_number(threshold)})"
    end = "lower" if higher_is_better else "upper"
    return (
        f"the {end} end ({_format_number(threshold)}) of the target range "
        f"{_format_number(lower_bound)}–{_format_number(upper_bound)}"
    )


def _format_number(value: float) -> str:
    if value.is_integer():
        return f"{value:,.0f}"
    return f"{value:,.3f}".rstrip("0").rstrip(".")


def _format_growth(value: float, method: str) -> str:
    if method == "cagr":
        return f"{value:+.1%} a year"
    sign = "+" if value >= 0 else "-"
    return f"{sign}{_format_number(abs(value))} a year"
