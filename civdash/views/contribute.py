"""What the 数据采集 page needs besides its widgets: choices, keys and the bundle check."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from civdash import contribution, workbench
from civdash.i18n import join, text
from civdash.loader import Dataset, data_dir, sources_dir

# The metadata fields a bundle cannot do without, with the label each is asked for by.
REQUIRED_METADATA = ("title_zh", "title_en", "publisher", "publisher_en", "published")


@dataclass(frozen=True)
class SourceForm:
    """The report's metadata as typed into the page."""

    source_id: str
    region_id: str
    title_zh: str
    title_en: str
    publisher: str
    publisher_en: str
    published: str
    language: str
    kind: str
    url: str

    def record(self) -> dict[str, str]:
        """The row the bundle adds to sources.csv."""
        return {
            "source_id": self.source_id,
            "file": workbench.file_name_for(self.source_id),
            "title": self.title_zh.strip(),
            "publisher": self.publisher.strip(),
            "published": self.published.strip(),
            "region_id": self.region_id,
            "language": self.language,
            "kind": self.kind,
            "notes": "",
            "url": self.url.strip(),
            "title_en": self.title_en.strip(),
            "publisher_en": self.publisher_en.strip(),
        }


@dataclass
class BundleCheck:
    """The outcome of 'build the bundle': a message, or problem rows, or the bundle itself."""

    error: str = ""
    warning: str = ""
    problems: pd.DataFrame | None = None
    problems_key: str = ""
    bundle: bytes | None = None
    rows: int = 0


def extraction_tables(dataset: Dataset) -> dict[str, pd.DataFrame]:
    """The tables the extractor matches a report's figures against (sent to a worker)."""
    return {
        "regions": dataset.regions,
        "indicators": dataset.indicators,
        "observations": dataset.observations,
    }


def file_key(data: bytes) -> str:
    """Which upload a held reading belongs to."""
    return hashlib.sha256(data).hexdigest()


def editor_key(held_file: str, region_id: str, reference_year: int) -> str:
    """A key that gives the review table fresh state when the file, region or year changes."""
    return hashlib.sha256(f"{held_file}|{region_id}|{reference_year}".encode()).hexdigest()[:16]


def indicator_names(dataset: Dataset, lang: str) -> dict[str, str]:
    """Indicator id -> name in the page's language."""
    names = dataset.indicators["name_zh" if lang == "zh" else "name_en"]
    return dict(zip(dataset.indicators["indicator_id"], names, strict=True))


def indicator_options(names: dict[str, str], new_indicators: list[dict]) -> list[str]:
    """The review table's indicator choices: indicators added on the page first, then the rest."""
    added = [f"{workbench.NEW_INDICATOR_PREFIX}{row['indicator_id']}" for row in new_indicators]
    return added + sorted(names)


def new_indicator(
    indicator_id: str,
    names: tuple[str, str],
    category: str,
    unit: str,
    period_type: str,
    definitions: tuple[str, str],
) -> dict[str, str]:
    """A row for indicators.csv from the page's small form."""
    return {
        "indicator_id": indicator_id.strip(),
        "name_zh": names[0].strip(),
        "name_en": names[1].strip(),
        "category": category,
        "unit": unit,
        "higher_is_better": "true",
        "definition_zh": definitions[0].strip(),
        "definition_en": definitions[1].strip(),
        "comparability": "",
        "comparability_zh": "",
        "period_type": period_type,
    }


def check_bundle(
    form: SourceForm,
    edited: pd.DataFrame,
    report_text: str,
    names: dict[str, str],
    new_indicators: list[dict],
    lang: str,
) -> BundleCheck:
    """Check the accepted rows, then build the bundle and check it against the data, all in
    memory (nothing is written): the page shows the first thing that stops it, or the bundle.
    Problem cells are plain text: a table draws them as they are, Markdown is not rendered."""
    missing = [
        text(f"contribute.{name}", lang)
        for name in REQUIRED_METADATA
        if not getattr(form, name).strip()
    ]
    if not workbench.valid_source_id(form.source_id):
        return BundleCheck(error=text("contribute.bad_source_id", lang))
    if missing:
        return BundleCheck(
            error=text("contribute.missing_metadata", lang, fields=join(missing, lang))
        )
    observations = workbench.reviewed_observations(edited, form.source_id)
    if observations.empty:
        return BundleCheck(warning=text("contribute.none_accepted", lang))
    known = set(names) | {row["indicator_id"] for row in new_indicators}
    slips = workbench.precheck(observations, report_text, known)
    if slips:
        rows = [
            {
                text("contribute.column.line", lang): number,
                text("contribute.column.field", lang): column,
                text("contribute.column.problem", lang): text(key, lang, **values),
            }
            for number, column, key, values in slips
        ]
        return BundleCheck(problems=pd.DataFrame(rows), problems_key="contribute_slips")
    used = set(observations["indicator_id"])
    bundle = contribution.build_bundle(
        form.record(),
        report_text,
        observations,
        indicators=[row for row in new_indicators if row["indicator_id"] in used],
    )
    result = contribution.check_and_merge(
        bundle, Path(data_dir()), Path(sources_dir()), write=False
    )
    problem_column = text("contribute.column.problem", lang)
    if result.conflicts:
        rows = [{problem_column: item} for item in result.conflicts]
        return BundleCheck(problems=pd.DataFrame(rows), problems_key="contribute_conflicts")
    if result.report is not None and result.report.errors:
        rows = [
            {
                text("contribute.column.field", lang): problem.column,
                problem_column: problem.text(lang),
            }
            for problem in result.report.errors
        ]
        return BundleCheck(problems=pd.DataFrame(rows), problems_key="contribute_problems")
    return BundleCheck(bundle=bundle, rows=len(observations))
