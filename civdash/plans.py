"""Targets of a plan joined with their latest actuals and assessed by civdash.progress."""

from __future__ import annotations

import math
from html import escape

import pandas as pd

from civdash.i18n import text
from civdash.loader import Dataset
from civdash.numbers import format_number, format_value
from civdash.progress import STATUSES, assess_from_observations
from civdash.wording import MISSING, year_span

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
# Light tints behind dark text (contrast well above 4.5:1); the text label carries the meaning.
STATUS_TINTS = {
    "achieved": "#CDEFE3",
    "on_track": "#D6ECFA",
    "moderate": "#FCE8C3",
    "limited": "#F8D5C2",
    "moving_away": "#F3D6E7",
    "insufficient_data": "#E6E6E6",
    "not_measurable": "#F2F2F2",
}
UNASSESSED = ("insufficient_data", "not_measurable")
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
        return MISSING
    shown = format_value(value, unit, lang)
    return f"{shown} ({int(year)})" if year is not None else shown


def display_table(dataset: Dataset, assessed: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The localised table behind the page; the same frame feeds the downloads."""
    from civdash.views import source_titles

    records = []
    for row in assessed.to_dict("records"):
        unit = row["unit"]
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
                text("plans.ratio", lang): MISSING
                if _number(row["ratio"]) is None
                else f"{row['ratio']:.2f}",
                text("plans.baseline", lang): baseline,
                text("plans.target", lang): target_text(row, lang),
                text("plans.latest", lang): latest,
                text("label.region", lang): dataset.region_name(row["region_id"], lang),
                text("label.indicator", lang): dataset.indicator_name(row["indicator_id"], lang),
                text("plans.explanation", lang): row["explanation"],
                text("label.excerpt", lang): row["excerpt"],
                text("label.note", lang): row["note"] if isinstance(row["note"], str) else "",
                "target_id": row["target_id"],
            }
        )
    return pd.DataFrame(records)


def without_empty_ratio(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The table without its ratio column when no row has a ratio to show."""
    column = text("plans.ratio", lang)
    if column in table.columns and (table[column] == MISSING).all():
        return table.drop(columns=[column])
    return table


def target_text(row: dict, lang: str) -> str:
    """'3–3.5张/百名老人 (2020)': the target, its range and its year."""
    unit = row["unit"]
    if _number(row["target_value"]) is None:
        return MISSING
    shown = format_value(row["target_value"], unit, lang)
    if _number(row["target_value_upper"]) is not None:
        shown = (
            f"{format_number(row['target_value'], lang, unit)}–"
            f"{format_value(row['target_value_upper'], unit, lang)}"
        )
    return f"{shown} ({int(row['target_year'])})"


def unit_note(row: dict, lang: str) -> str:
    """A sentence when the goal is written per 1,000 but the indicator is per 100 ('' if not)."""
    goal_zh = str(row.get("goal_zh") or row.get("excerpt") or "")
    if row["unit"] != "beds_per_100_elderly" or "每千" not in goal_zh:
        return ""
    lower, upper = _number(row["target_value"]), _number(row["target_value_upper"])
    if lower is None:
        return ""

    def span(scale: float) -> str:
        first = f"{lower * scale:g}"
        return first if upper is None else f"{first}–{upper * scale:g}"

    return text("plans.unit_note_per_1000", lang, written=span(10), shown=span(1))


def why_unassessed(dataset: Dataset, facts: pd.DataFrame, plan_id: str, assessed, lang: str):
    """One sentence saying why targets cannot be assessed ('' when every target can)."""
    unassessed = assessed[assessed["status"].isin(UNASSESSED)]
    if unassessed.empty:
        return ""
    plan = dataset.plans.set_index("plan_id").loc[plan_id]
    start, end = int(plan["start_year"]), int(plan["end_year"])
    indicators = set(assessed["indicator_id"])
    in_period = facts[
        facts["indicator_id"].isin(indicators)
        & (facts["region_id"] == plan["region_id"])
        & (facts["year"] > start - 1)
        & (facts["year"] <= end)
        & ~facts["user_supplied"].astype(bool)
    ]
    key = "plans.why_no_figures" if in_period.empty else "plans.why_some_figures"
    return text(
        key,
        lang,
        count=len(unassessed),
        total=len(assessed),
        period=year_span(start, end),
    )


def meeting_summary(dataset: Dataset, plan_id: str, assessed: pd.DataFrame, lang: str) -> dict:
    """What the one-screen summary shows: the plan, its period, counts and one row per target."""
    plan = dataset.plans.set_index("plan_id").loc[plan_id]
    rows = []
    for row in assessed.to_dict("records"):
        latest = _value_text(row["latest_value"], row["unit"], lang, row["latest_year"])
        if latest == MISSING:
            latest = text("plans.summary_no_actual", lang)
        elif row["latest_user_supplied"]:
            latest += " · " + text("label.user_supplied", lang)
        rows.append(
            {
                "target_id": row["target_id"],
                "status": row["status"],
                "status_label": status_label(row["status"], lang),
                "goal": row["goal"],
                "latest": latest,
                "target": target_text(row, lang),
            }
        )
    return {
        "region": dataset.region_name(plan["region_id"], lang),
        "name": plan["name_zh" if lang == "zh" else "name_en"],
        "period": year_span(plan["start_year"], plan["end_year"]),
        "counts": {
            status_label(status, lang): count for status, count in status_counts(assessed).items()
        },
        "rows": rows,
    }


def summary_html(summary: dict, lang: str, present: bool, why: str = "") -> str:
    """The summary as escaped HTML: a heading, status counts, why targets cannot be assessed,
    and one large line per target (status label, goal, latest against target)."""
    scale = 1.35 if present else 1.0
    counts = " · ".join(f"{escape(label)} {count}" for label, count in summary["counts"].items())
    items = []
    for row in summary["rows"]:
        tint = STATUS_TINTS[row["status"]]
        items.append(
            f'<li style="display:contents">'
            f'<span style="background:{tint};color:#111;border:1px solid #555;border-radius:4px;'
            f'padding:0 0.4em;font-size:0.85em;justify-self:start">{escape(row["status_label"])}'
            f"</span><span><strong>{escape(row['goal'])}</strong>"
            f'<span style="color:#333"> — {escape(text("plans.summary_latest", lang))} '
            f"{escape(row['latest'])} · {escape(text('plans.summary_target', lang))} "
            f"{escape(row['target'])}</span></span></li>"
        )
    return (
        f'<section aria-label="{escape(text("plans.summary", lang))}">'
        f'<p style="font-size:{1.3 * scale:.2f}rem;margin:0"><strong>{escape(summary["region"])}'
        f" · {escape(summary['name'])}</strong> ({escape(summary['period'])})</p>"
        f'<p style="font-size:{1.05 * scale:.2f}rem;margin:0.2em 0 0.2em">{counts}</p>'
        + (
            f'<p style="font-size:{1.05 * scale:.2f}rem;margin:0 0 0.5em">{escape(why)}</p>'
            if why
            else ""
        )
        + f'<ul style="list-style:none;padding:0;margin:0;display:grid;'
        f"grid-template-columns:max-content 1fr;gap:0.45em 0.8em;align-items:baseline;"
        f'font-size:{1.15 * scale:.2f}rem;line-height:1.35">{"".join(items)}</ul></section>'
    )
