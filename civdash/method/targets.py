"""Targets of a plan joined with their latest actuals and assessed by civdash.method.progress."""

from __future__ import annotations

from html import escape

import pandas as pd

from civdash.core.formatting import MISSING, fact_text, fact_value, per_year, value_range, year_span
from civdash.core.numbers import as_number
from civdash.data.loader import Dataset, latest_values
from civdash.i18n import text
from civdash.method.progress import Target, assess_from_observations
from civdash.method.status import STATUSES, UNASSESSED, tint
from civdash.method.status import label as status_label


def target_observations(facts: pd.DataFrame, region_id: str, indicator_id: str) -> pd.DataFrame:
    """One reading per year for a target's series: point figures, lower range ends, and where
    two sources give the same year, the later-listed one (user-supplied rows come last)."""
    rows = facts[
        (facts["region_id"] == region_id)
        & (facts["indicator_id"] == indicator_id)
        & facts["period_start"].isna()
    ]
    # The one latest rule (loader.latest_values), applied to each year.
    return latest_values(rows, by=("indicator_id", "region_id", "year"))


def plan_facts(dataset: Dataset) -> pd.DataFrame:
    """The facts any plan can use (its targets' indicators in its own or its targets' regions),
    taken from the whole table once per dataset: at national scale that table holds millions
    of rows and the plans need a few hundred."""

    def compute() -> pd.DataFrame:
        facts = dataset.facts
        regions = set(dataset.targets["region_id"]) | set(dataset.plans["region_id"])
        indicators = set(dataset.targets["indicator_id"])
        return facts[facts["indicator_id"].isin(indicators) & facts["region_id"].isin(regions)]

    return dataset.memo(("plan_facts",), compute)


def assess_plan(dataset: Dataset, plan_id: str, lang: str) -> pd.DataFrame:
    """One row per target with baseline, target, latest actual, status and ratio."""
    facts = plan_facts(dataset)
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
            Target(
                target_year=int(target["target_year"]),
                target_value=as_number(target["target_value"]),
                target_value_upper=as_number(target["target_value_upper"]),
                higher_is_better=None if higher_is_better is pd.NA else bool(higher_is_better),
                kind=target["kind"],
                baseline_year=target["baseline_year"],
                baseline_value=as_number(target["baseline_value"]),
            ),
            observations[["year", "value"]],
            int(plan["start_year"]),
        )
        latest_source = ""
        latest_user = False
        if assessment.latest_year is not None:
            match = observations[observations["year"] == assessment.latest_year]
            if len(match):
                latest_source = str(match["source_id"].iloc[-1])
                latest_user = bool(match["user_supplied"].iloc[-1])
        target_value = as_number(target["target_value"])
        upper = as_number(target["target_value_upper"])
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
        return per_year(value, unit, lang)
    return f"{value * 100:+.1f}%"


def explain(assessment, unit: str, goal: str, lang: str) -> str:
    """One sentence, in the page's language, saying why the target has its status."""
    status, reason = assessment.status, assessment.reason
    if status == "not_measurable":
        return text("plans.why.not_measurable", lang, goal=goal)
    if reason in ("no_reading", "reading_not_after_baseline"):
        if assessment.baseline_year is None:
            return text("plans.why.no_baseline", lang)
        return text("plans.why.no_reading", lang, year=assessment.baseline_year)
    if reason in ("no_baseline", "no_direction"):
        return text(f"plans.why.{reason}", lang)
    threshold = fact_value(assessment.threshold, unit, lang)
    if reason == "target_year_not_after_baseline":
        return text("plans.why.target_year_not_after_baseline", lang, year=assessment.baseline_year)
    latest = fact_text(assessment.latest_value, unit, lang, year=assessment.latest_year)
    if reason == "met":
        return text("plans.why.met", lang, latest=latest, threshold=threshold)
    if reason == "met_at_baseline":
        baseline = fact_text(assessment.baseline_value, unit, lang, year=assessment.baseline_year)
        return text(
            "plans.why.met_at_baseline",
            lang,
            baseline=baseline,
            latest=latest,
            threshold=threshold,
        )
    label = status_label(status, lang)
    return text(
        "plans.why.pace",
        lang,
        status=label if lang == "zh" else label.capitalize(),
        latest=latest,
        observed=_growth(assessment.observed_growth, assessment.method, unit, lang),
        required=_growth(assessment.required_growth, assessment.method, unit, lang),
        threshold=threshold,
        ratio="–" if assessment.ratio is None else f"{assessment.ratio:.2f}",
    )


def status_counts(assessed: pd.DataFrame) -> dict[str, int]:
    counts = assessed["status"].value_counts().to_dict() if len(assessed) else {}
    return {status: int(counts.get(status, 0)) for status in STATUSES if counts.get(status)}


def target_text(row: dict, lang: str) -> str:
    """'3–3.5张/百名老人 (2020)': the target, its range and its year."""
    unit = row["unit"]
    if as_number(row["target_value"]) is None:
        return MISSING
    shown = value_range(row["target_value"], row["target_value_upper"], unit, lang)
    return f"{shown} ({int(row['target_year'])})"


def unit_note(row: dict, lang: str) -> str:
    """A sentence when the goal is written per 1,000 but the indicator is per 100 ('' if not)."""
    goal_zh = str(row.get("goal_zh") or row.get("excerpt") or "")
    if row["unit"] != "beds_per_100_elderly" or "每千" not in goal_zh:
        return ""
    lower, upper = as_number(row["target_value"]), as_number(row["target_value_upper"])
    if lower is None:
        return ""

    def span(scale: float) -> str:
        first = f"{lower * scale:g}"
        return first if upper is None else f"{first}–{upper * scale:g}"

    return text("plans.unit_note_per_1000", lang, written=span(10), shown=span(1))


def why_unassessed(dataset: Dataset, plan_id: str, assessed, lang: str) -> str:
    """One sentence saying why targets cannot be assessed ('' when every target can)."""
    facts = plan_facts(dataset)
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
        latest = fact_text(row["latest_value"], row["unit"], lang, year=row["latest_year"])
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
        fill = tint(row["status"])
        items.append(
            f'<li style="display:contents">'
            f'<span style="background:{fill};color:#111;border:1px solid #555;border-radius:4px;'
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
