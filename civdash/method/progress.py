"""Five-Year-Plan target progress: observed vs required growth (Open SDG / StatCan / Eurostat)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from civdash.core.numbers import as_number
from civdash.method.status import RATIO_STATUSES

if TYPE_CHECKING:
    import pandas as pd

KINDS = ("numeric", "milestone")
METHODS = ("cagr", "linear", "none")
BASELINE_SOURCES = ("stated", "observation", "none")
# Why a target has its status, for the explanation the page shows (plans.explain).
REASONS = (
    "no_numeric_target",  # not_measurable: the plan gives no number
    "no_reading",  # no reading (after the baseline, if there is one)
    "reading_not_after_baseline",  # the latest reading is in or before the baseline year
    "no_direction",  # neither the indicator nor the plan says which way is better
    "met",  # achieved
    "no_baseline",  # not yet met, and nothing to measure progress from
    "met_at_baseline",  # moving_away: met at the baseline, no longer met
    "target_year_not_after_baseline",  # no time left to compute a required growth
    "pace",  # on_track ... moving_away, from the pace ratio R
)

# A ratio that is exactly 0.95 on paper (0.095 / 0.10) comes out a few units in the last place
# below it in binary floating point; rounding before classifying keeps it on the documented side.
RATIO_DECIMALS = 9


@dataclass(frozen=True)
class Target:
    """What a plan promises for one series: a value (or range) by a year, from a stated baseline."""

    target_year: int | None
    target_value: float | None
    target_value_upper: float | None = None
    higher_is_better: bool | None = True
    kind: str = "numeric"
    # The baseline as the plan states it; either half missing means none was stated.
    baseline_year: int | None = None
    baseline_value: float | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {self.kind!r}")


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
    reason: str
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


def compound_annual_growth(start_value: float, end_value: float, years: float) -> float | None:
    """(end / start) ** (1 / years) - 1, or None unless both values and the span are positive."""
    start = as_number(start_value)
    end = as_number(end_value)
    span = as_number(years)
    if start is None or end is None or span is None or start <= 0 or end <= 0 or span <= 0:
        return None
    # expm1/log is the same formula, but keeps precision when growth is close to zero.
    return math.expm1(math.log(end / start) / span)


def linear_annual_change(start_value: float, end_value: float, years: float) -> float | None:
    """(end - start) / years, in the indicator's own unit per year; None unless years > 0."""
    start = as_number(start_value)
    end = as_number(end_value)
    span = as_number(years)
    if start is None or end is None or span is None or span <= 0:
        return None
    return (end - start) / span


def classify_ratio(ratio: float) -> str:
    """Map R = direction * observed / |required| onto on_track, moderate, limited, moving_away."""
    if ratio is None or math.isnan(ratio):
        raise ValueError("classify_ratio needs a number, not a missing ratio")
    rounded = round(ratio, RATIO_DECIMALS)
    return next(status.key for status in RATIO_STATUSES if rounded >= status.min_ratio)


def choose_baseline(
    stated_year: int | None,
    stated_value: float | None,
    observations: Iterable[tuple[int, float]] | pd.DataFrame,
    plan_start_year: int | None,
) -> Baseline:
    """The stated baseline if complete, else the earliest observation in or before the plan's
    start year (the method's rule), else none; `source` says which one was used."""
    year = _as_year(stated_year)
    value = as_number(stated_value)
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
    target: Target, latest: tuple[int, float] | None = None, baseline: Baseline | None = None
) -> Assessment:
    """Assess one target from its baseline (the stated one unless given) and latest reading;
    see docs/progress-method.md."""
    context = _Context.of(target, latest, baseline)
    if context.lower_bound is None:
        return context.verdict("not_measurable", "no_numeric_target")
    direction = context.direction()
    if direction is None:
        return context.verdict("insufficient_data", "no_direction")
    context = context.aimed(direction)
    return (
        context.unmeasured()
        or context.achieved()
        or context.unanchored()
        or context.slipped()
        or context.out_of_time()
        or context.paced()
    )


def assess_from_observations(
    target: Target,
    observations: Iterable[tuple[int, float]] | pd.DataFrame,
    plan_start_year: int | None,
) -> Assessment:
    """choose_baseline, then latest_after that baseline, then assess_target, for one series."""
    baseline = choose_baseline(
        target.baseline_year, target.baseline_value, observations, plan_start_year
    )
    return assess_target(target, latest_after(observations, baseline.year), baseline)


@dataclass(frozen=True)
class _Context:
    """One target's numbers made usable: half a baseline or reading counts as none."""

    target: Target
    baseline: Baseline
    reading_year: int | None
    reading_value: float | None
    lower_bound: float | None
    upper_bound: float | None
    goal_year: int | None
    higher_is_better: bool | None = None
    threshold: float | None = None

    @classmethod
    def of(
        cls, target: Target, latest: tuple[int, float] | None, baseline: Baseline | None
    ) -> _Context:
        if baseline is None:
            baseline = Baseline(target.baseline_year, target.baseline_value, "stated")
        year, value = _as_year(baseline.year), as_number(baseline.value)
        if year is None or value is None:
            # Half a baseline cannot anchor a growth rate, so it counts as no baseline at all.
            baseline = Baseline(None, None, "none")
        else:
            baseline = Baseline(year, value, baseline.source)
        if baseline.source not in BASELINE_SOURCES:
            raise ValueError(f"baseline source must be one of {BASELINE_SOURCES}")
        reading_year, reading_value = latest if latest is not None else (None, None)
        reading_year, reading_value = _as_year(reading_year), as_number(reading_value)
        if reading_year is None or reading_value is None:
            reading_year = reading_value = None
        lower_bound = as_number(target.target_value)
        upper_bound = as_number(target.target_value_upper)
        if lower_bound is not None and upper_bound is not None and upper_bound < lower_bound:
            raise ValueError(f"target range is reversed: {lower_bound} > {upper_bound}")
        return cls(
            target,
            baseline,
            reading_year,
            reading_value,
            lower_bound,
            upper_bound,
            _as_year(target.target_year),
        )

    def direction(self) -> bool | None:
        """The indicator's direction, else the one the plan implies, else None."""
        direction = _as_direction(self.target.higher_is_better)
        if direction is None:
            return _direction_from_plan(self.baseline.value, self.lower_bound, self.upper_bound)
        return direction

    def aimed(self, direction: bool) -> _Context:
        # A range is met at its less demanding end: the lower bound when higher is better, the
        # upper bound when lower is better. Going beyond the far end never counts against it.
        threshold = self.upper_bound if self.upper_bound is not None and not direction else None
        threshold = self.lower_bound if threshold is None else threshold
        return replace(self, higher_is_better=direction, threshold=threshold)

    def verdict(self, status: str, reason: str, **growth: Any) -> Assessment:
        return Assessment(
            status=status,
            reason=reason,
            ratio=growth.get("ratio"),
            observed_growth=growth.get("observed"),
            required_growth=growth.get("required"),
            method=growth.get("method", "none"),
            baseline_year=self.baseline.year,
            baseline_value=self.baseline.value,
            baseline_source=self.baseline.source,
            latest_year=self.reading_year,
            latest_value=self.reading_value,
            threshold=self.threshold,
            higher_is_better=self.higher_is_better,
        )

    def elapsed(self) -> int:
        return self.reading_year - self.baseline.year

    def unmeasured(self) -> Assessment | None:
        """No reading, or none after the baseline."""
        if self.reading_year is None:
            # A milestone measured by a reading (a baseline share) is measurable but unmeasured.
            if self.target.kind == "milestone" and self.baseline.year is None:
                return self.verdict("not_measurable", "no_reading")
            return self.verdict("insufficient_data", "no_reading")
        if self.baseline.year is not None and self.reading_year <= self.baseline.year:
            return self.verdict("insufficient_data", "reading_not_after_baseline")
        return None

    def achieved(self) -> Assessment | None:
        if not _meets(self.reading_value, self.threshold, self.higher_is_better):
            return None
        if self.baseline.year is None:
            return self.verdict("achieved", "met")
        observed, method = _observed_growth(self.baseline.value, self.reading_value, self.elapsed())
        return self.verdict("achieved", "met", observed=observed, method=method)

    def unanchored(self) -> Assessment | None:
        """Not met, and no baseline to measure progress from."""
        if self.baseline.year is None:
            return self.verdict("insufficient_data", "no_baseline")
        return None

    def slipped(self) -> Assessment | None:
        """Met at the baseline, no longer met: the series moved the wrong way. A required growth
        of zero or less has no useful ratio."""
        if not _meets(self.baseline.value, self.threshold, self.higher_is_better):
            return None
        observed, method = _observed_growth(self.baseline.value, self.reading_value, self.elapsed())
        return self.verdict("moving_away", "met_at_baseline", observed=observed, method=method)

    def out_of_time(self) -> Assessment | None:
        if self.goal_year is None or self.goal_year <= self.baseline.year:
            return self.verdict("insufficient_data", "target_year_not_after_baseline")
        return None

    def paced(self) -> Assessment:
        """Observed against required growth: R = direction * observed / |required|."""
        start, remaining = self.baseline.value, self.goal_year - self.baseline.year
        observed = required = None
        method = "cagr"
        if min(start, self.reading_value, self.threshold) > 0:
            observed = compound_annual_growth(start, self.reading_value, self.elapsed())
            required = compound_annual_growth(start, self.threshold, remaining)
        # Compound rates are undefined at or below zero (and a zero required rate can only come
        # from rounding when target and baseline differ by a hair): use straight-line rates.
        if observed is None or required is None or required == 0:
            method = "linear"
            observed = linear_annual_change(start, self.reading_value, self.elapsed())
            required = linear_annual_change(start, self.threshold, remaining)
        ratio = (1 if self.higher_is_better else -1) * observed / abs(required)
        return self.verdict(
            classify_ratio(ratio),
            "pace",
            ratio=ratio,
            observed=observed,
            required=required,
            method=method,
        )


def _as_year(value: Any) -> int | None:
    number = as_number(value)
    if number is None:
        return None
    if not number.is_integer():
        raise ValueError(f"a year must be a whole number, not {value!r}")
    return int(number)


def _as_direction(value: Any) -> bool | None:
    """True/False, or None when missing; strings are refused because bool('false') is True."""
    if isinstance(value, str):
        raise TypeError(f"higher_is_better must be a bool or None, not the string {value!r}")
    number = as_number(value)
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
        value = as_number(raw_value)
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
