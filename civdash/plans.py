"""Targets of a plan joined with their latest actuals and assessed by civdash.progress."""

from __future__ import annotations

import math

import pandas as pd

from civdash.i18n import text
from civdash.loader import Dataset
from civdash.numbers import format_value
from civdash.progress import STATUSES, assess_from_observations

DEFAULT_PLAN = "huangshigang_13fyp_2016_2020"
# Colour-blind-safe traffic-light stand-ins (Okabe-Ito), always shown with their text label.
STATUS_COLOURS = {
    "achieved": "#009E73",
    "on_track": "#56B4E9",
    "moderate": "#E69F00",
    "limited": "#D55E00",
    "moving_away": "#CC79A7",
    "insufficient_data": "#999999",
    "not_measurable": "#BBBBBB",
}
STATUS_LABELS = {
    "achieved": ("已实现", "target achieved"),
    "on_track": ("按计划推进", "on track"),
    "moderate": ("进展一般", "moderate progress"),
    "limited": ("进展有限", "limited progress"),
    "moving_away": ("偏离目标", "moving away"),
    "insufficient_data": ("数据不足", "insufficient data"),
    "not_measurable": ("无法用已报告数据衡量", "not measurable from reported data"),
}
BADGE_COLOURS = {
    "achieved": "green",
    "on_track": "blue",
    "moderate": "orange",
    "limited": "red",
    "moving_away": "violet",
    "insufficient_data": "gray",
    "not_measurable": "gray",
}


def status_label(status: str, lang: str) -> str:
    zh, en = STATUS_LABELS[status]
    return zh if lang == "zh" else en


def target_observations(facts: pd.DataFrame, region_id: str, indicator_id: str) -> pd.DataFrame:
    """One reading per year for a target's series: point figures, lower range ends, and where
    two sources give the same year, the later-listed one (user-supplied rows come last)."""
    rows = facts[
        (facts["region_id"] == region_id)
        & (facts["indicator_id"] == indicator_id)
        & facts["period_start"].isna()
        & (facts["range_part"].isna() | (facts["range_part"] == "lower"))
    ]
    return rows.sort_values(["year", "user_supplied"], kind="stable").drop_duplicates(
        "year", keep="last"
    )


def _number(value) -> float | None:
    if value is None or value is pd.NA:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def assess_plan(dataset: Dataset, facts: pd.DataFrame, plan_id: str, lang: str) -> pd.DataFrame:
    """One row per target with baseline, target, latest actual, status and ratio."""
    plan = dataset.plans.set_index("plan_id").loc[plan_id]
    targets = dataset.targets[dataset.targets["plan_id"] == plan_id]
    rows = []
    for target in targets.to_dict("records"):
        indicator = dataset.indicator_rows[target["indicator_id"]]
        unit = indicator["unit"]
        observations = target_observations(facts, target["region_id"], target["indicator_id"])
        higher_is_better = indicator["higher_is_better"]
        goal = target["goal_zh"] if lang == "zh" else target["goal_en"]
        assessment = assess_from_observations(
            observations=observations[["year", "value"]],
            plan_start_year=int(plan["start_year"]),
            target_year=int(target["target_year"]),
            target_value=_number(target["target_value"]),
            target_value_upper=_number(target["target_value_upper"]),
            stated_baseline_year=target["baseline_year"],
            stated_baseline_value=_number(target["baseline_value"]),
            higher_is_better=None if higher_is_better is pd.NA else bool(higher_is_better),
            kind=target["kind"],
            goal_text=goal,
        )
        latest_source = ""
        latest_user = False
        if assessment.latest_year is not None:
            match = observations[observations["year"] == assessment.latest_year]
            if len(match):
                latest_source = str(match["source_id"].iloc[-1])
                latest_user = bool(match["user_supplied"].iloc[-1])
        target_value = _number(target["target_value"])
        upper = _number(target["target_value_upper"])
        rows.append(
            {
                "target_id": target["target_id"],
                "region_id": target["region_id"],
                "indicator_id": target["indicator_id"],
                "unit": unit,
                "kind": target["kind"],
                "goal": goal,
                "excerpt": target["excerpt"],
                "baseline_value": assessment.baseline_value,
                "baseline_year": assessment.baseline_year,
                "baseline_source": assessment.baseline_source,
                "target_value": target_value,
                "target_value_upper": upper,
                "target_year": int(target["target_year"]),
                "latest_value": assessment.latest_value,
                "latest_year": assessment.latest_year,
                "latest_source": latest_source,
                "latest_user_supplied": latest_user,
                "status": assessment.status,
                "ratio": assessment.ratio,
                "explanation": explain(assessment, unit, goal, lang),
                "method": assessment.method,
                "observed_growth": assessment.observed_growth,
                "required_growth": assessment.required_growth,
                # The curation note in the reader's language.
                "note": target["note_zh" if lang == "zh" and "note_zh" in target else "note"],
            }
        )
    return pd.DataFrame(rows)


def _growth(value: float | None, method: str, unit: str, lang: str) -> str:
    if value is None:
        return "–"
    if method == "linear":
        return format_value(value, unit, lang) + ("/年" if lang == "zh" else "/year")
    return f"{value * 100:+.1f}%"


def explain(assessment, unit: str, goal: str, lang: str) -> str:
    """One sentence, in the page's language, saying why the target has its status."""
    zh = lang == "zh"
    status = assessment.status
    latest = (
        _value_text(assessment.latest_value, unit, lang, assessment.latest_year)
        if assessment.latest_year is not None
        else ""
    )
    if status == "not_measurable":
        return (
            f"无法用已报告数据衡量:{goal}" if zh else f"Not measurable from reported data: {goal}"
        )
    if status == "insufficient_data":
        if assessment.baseline_year is not None:
            return (
                f"数据不足:{assessment.baseline_year}年基期之后没有实际值。"
                if zh
                else f"Insufficient data: no actual after the {assessment.baseline_year} baseline."
            )
        return (
            "数据不足:没有可用的基期或实际值。"
            if zh
            else ("Insufficient data: no usable baseline or actual.")
        )
    threshold = format_value(assessment.threshold, unit, lang)
    if status == "achieved":
        return (
            f"已实现:{latest} 达到目标 {threshold}。"
            if zh
            else f"Achieved: {latest} meets the target of {threshold}."
        )
    observed = _growth(assessment.observed_growth, assessment.method, unit, lang)
    required = _growth(assessment.required_growth, assessment.method, unit, lang)
    ratio = "–" if assessment.ratio is None else f"{assessment.ratio:.2f}"
    if zh:
        return (
            f"{status_label(status, lang)}:最新 {latest};观测年均增速 {observed},"
            f"达到目标 {threshold} 所需 {required};R = {ratio}。"
        )
    return (
        f"{status_label(status, lang).capitalize()}: latest {latest}; observed growth "
        f"{observed} a year against {required} needed for {threshold}; R = {ratio}."
    )


def status_counts(assessed: pd.DataFrame) -> dict[str, int]:
    counts = assessed["status"].value_counts().to_dict() if len(assessed) else {}
    return {status: int(counts.get(status, 0)) for status in STATUSES if counts.get(status)}


def _value_text(value, unit: str, lang: str, year=None) -> str:
    if _number(value) is None:
        return "–"
    shown = format_value(value, unit, lang)
    return f"{shown} ({int(year)})" if year is not None else shown


def display_table(dataset: Dataset, assessed: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The localised table behind the page; the same frame feeds the downloads."""
    from civdash.views import source_titles

    records = []
    for row in assessed.to_dict("records"):
        unit = row["unit"]
        if _number(row["target_value"]) is None:
            target = "–"
        elif _number(row["target_value_upper"]) is not None:
            target = (
                f"{format_value(row['target_value'], unit, lang)}–"
                f"{format_value(row['target_value_upper'], unit, lang)}"
            )
        else:
            target = format_value(row["target_value"], unit, lang)
        baseline = _value_text(row["baseline_value"], unit, lang, row["baseline_year"])
        if row["baseline_source"] == "observation":
            baseline += " · " + text("plans.baseline_observed", lang)
        latest = _value_text(row["latest_value"], unit, lang, row["latest_year"])
        if row["latest_user_supplied"]:
            latest += " · " + text("label.user_supplied", lang)
        elif row["latest_source"]:
            latest += " · " + source_titles(dataset, [row["latest_source"]], lang)
        records.append(
            {
                text("plans.goal", lang): row["goal"],
                text("plans.status", lang): status_label(row["status"], lang),
                text("plans.ratio", lang): None
                if _number(row["ratio"]) is None
                else round(row["ratio"], 2),
                text("plans.baseline", lang): baseline,
                text("plans.target", lang): f"{target} ({row['target_year']})",
                text("plans.latest", lang): latest,
                text("label.region", lang): dataset.region_name(row["region_id"], lang),
                text("label.indicator", lang): dataset.indicator_name(row["indicator_id"], lang),
                text("plans.explanation", lang): row["explanation"],
                text("label.excerpt", lang): row["excerpt"],
                text("label.note", lang): row["note"],
                "target_id": row["target_id"],
            }
        )
    return pd.DataFrame(records)
