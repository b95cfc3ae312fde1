"""What the plans page shows, localised and memoised per dataset: the page only lays it out."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from civdash.core.formatting import MISSING, fact_text, is_missing
from civdash.data.loader import Dataset
from civdash.data.uploads import UploadResult, Vocabulary, check_cells
from civdash.i18n import text
from civdash.method import targets
from civdash.method.status import label as status_label
from civdash.views import display_table as display_facts
from civdash.views import source_line, source_titles


@dataclass(frozen=True)
class Bullet:
    """One numeric target's bullet chart: its row, title and unit note ('' if none)."""

    row: dict
    title: str
    note: str


@dataclass(frozen=True)
class PlanView:
    """Everything the page shows for one plan in one language; read-only (shared by sessions)."""

    plan_id: str
    assessed: pd.DataFrame
    # The table on screen and in the downloads (target_id last, for the analyst's joins).
    table: pd.DataFrame
    summary: dict
    why_unassessed: str
    bullets: tuple[Bullet, ...]
    source: str
    last_target_year: int
    # Per target: its baseline as the table shows it, and the per-1,000 note ('' if none).
    baselines: dict[str, str]
    unit_notes: dict[str, str]

    def target_choice(self, target_id: str) -> dict:
        """The assessed row of one target, with its id, for the add-an-actual form."""
        row = self.assessed.set_index("target_id").loc[target_id].to_dict()
        return {**row, "target_id": target_id}


def plan_choices(dataset: Dataset, lang: str) -> dict[str, str]:
    """Plan id -> 'region · plan name', in the data's order."""
    names = dataset.plans["name_zh" if lang == "zh" else "name_en"]
    return {
        plan_id: f"{dataset.region_name(region_id, lang)} · {name}"
        for plan_id, region_id, name in zip(
            dataset.plans["plan_id"], dataset.plans["region_id"], names, strict=True
        )
    }


def plan_view(dataset: Dataset, plan_id: str, lang: str) -> PlanView:
    """The view of one plan, built once per dataset, plan and language."""
    return dataset.memo(("plan_view", plan_id, lang), lambda: _plan_view(dataset, plan_id, lang))


def _plan_view(dataset: Dataset, plan_id: str, lang: str) -> PlanView:
    assessed = targets.assess_plan(dataset, plan_id, lang)
    table = display_table(dataset, assessed, lang)
    goal_zh = dict(zip(dataset.targets["target_id"], dataset.targets["goal_zh"], strict=True))
    unit_notes = {
        row["target_id"]: targets.unit_note({**row, "goal_zh": goal_zh.get(row["target_id"])}, lang)
        for row in assessed.to_dict("records")
    }
    numeric = assessed[(assessed["kind"] == "numeric") & assessed["target_value"].notna()]
    bullets = tuple(
        Bullet(
            row,
            f"{dataset.region_name(row['region_id'], lang)} · {row['goal']}",
            unit_notes[row["target_id"]],
        )
        for row in numeric.to_dict("records")
    )
    source_ids = dataset.plans.set_index("plan_id").loc[[plan_id], "source_id"]
    return PlanView(
        plan_id=plan_id,
        assessed=assessed,
        table=table,
        summary=targets.meeting_summary(dataset, plan_id, assessed, lang),
        why_unassessed=targets.why_unassessed(dataset, plan_id, assessed, lang),
        bullets=bullets,
        source=source_line(dataset, source_ids, lang),
        last_target_year=int(assessed["target_year"].max()),
        baselines=dict(zip(table["target_id"], table[text("plans.baseline", lang)], strict=True)),
        unit_notes=unit_notes,
    )


def display_table(dataset: Dataset, assessed: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The localised table behind the page; the same frame feeds the downloads."""
    records = []
    for row in assessed.to_dict("records"):
        unit = row["unit"]
        baseline = fact_text(row["baseline_value"], unit, lang, year=row["baseline_year"])
        if row["baseline_source"] == "observation":
            baseline += " · " + text("plans.baseline_observed", lang)
        latest = fact_text(row["latest_value"], unit, lang, year=row["latest_year"])
        if row["latest_user_supplied"]:
            latest += " · " + text("label.user_supplied", lang)
        elif row["latest_source"]:
            latest += " · " + source_titles(dataset, [row["latest_source"]], lang)
        records.append(
            {
                text("plans.goal", lang): row["goal"],
                text("plans.status", lang): status_label(row["status"], lang),
                text("plans.ratio", lang): MISSING
                if is_missing(row["ratio"])
                else f"{row['ratio']:.2f}",
                text("plans.baseline", lang): baseline,
                text("plans.target", lang): targets.target_text(row, lang),
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


def cross_plan_table(dataset: Dataset, lang: str) -> pd.DataFrame:
    """Every dated target of every plan, without excerpts and notes; it also fills the memo of
    each plan's view, so switching plans afterwards builds nothing."""

    def compute() -> pd.DataFrame:
        every = pd.concat(
            [plan_view(dataset, plan_id, lang).table for plan_id in dataset.plans["plan_id"]],
            ignore_index=True,
        )
        shown = every.drop(columns=[text("label.excerpt", lang), text("label.note", lang)])
        return without_empty_ratio(shown, lang)

    return dataset.memo(("plans_cross", lang), compute)


def user_rows_table(dataset: Dataset, lang: str) -> pd.DataFrame:
    """The rows this session added (the page shows them above their downloads)."""
    return display_facts(dataset, dataset.facts[dataset.facts["user_supplied"]], lang)


def typed_actual(
    dataset: Dataset, target_id: str, written: str, year: int, source_note: str, lang: str
) -> UploadResult:
    """One actual typed into the form, checked by the same rules as an uploaded file's rows."""
    target = dataset.targets.set_index("target_id").loc[target_id]
    cells = {
        "region_id": str(target["region_id"]),
        "indicator_id": str(target["indicator_id"]),
        "year": str(int(year)),
        "value": written,
        "source": source_note or text("plans.user_source_default", lang),
        "note": "",
    }
    return check_cells(cells, "form", Vocabulary.of(dataset))


def problem_table(result: UploadResult, lang: str) -> pd.DataFrame:
    """The problems of a refused upload, one row each, in the page's language."""
    return pd.DataFrame(
        [
            {
                # A whole-file problem has no line; the table shows a dash, never "None".
                text("plans.problem_line", lang): MISSING
                if problem.line is None
                else str(problem.line),
                text("plans.problem_column", lang): problem.column,
                text("plans.problem_message", lang): problem.text(lang),
            }
            for problem in result.report.problems
        ]
    )
