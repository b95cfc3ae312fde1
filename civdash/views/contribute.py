"""What the 数据采集 page needs besides its widgets: choices, keys and the bundle check."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from civdash.data.loader import Dataset, data_dir, sources_dir
from civdash.i18n import join, text
from civdash.workbench import bundle as contribution
from civdash.workbench import review

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
            "file": review.file_name_for(self.source_id),
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
        "statistical_rows": dataset.statistical_rows,
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
    added = [f"{review.NEW_INDICATOR_PREFIX}{row['indicator_id']}" for row in new_indicators]
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
    if not review.valid_source_id(form.source_id):
        return BundleCheck(error=text("contribute.bad_source_id", lang))
    if missing:
        return BundleCheck(
            error=text("contribute.missing_metadata", lang, fields=join(missing, lang))
        )
    observations = review.reviewed_observations(edited, form.source_id)
    if observations.empty:
        return BundleCheck(warning=text("contribute.none_accepted", lang))
    known = set(names) | {row["indicator_id"] for row in new_indicators}
    slips = review.precheck(observations, report_text, known)
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


def concat_rows(per_file: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every file's accepted rows in one frame (empty when none is accepted)."""
    frames = [rows for rows in per_file.values() if not rows.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


# ---------------------------------------------------------------- many files, in words


def lookups(dataset: Dataset, lang: str, new_indicators: list[dict]) -> review.Lookups:
    """The review table's names: regions, indicators (with those added on the page), units."""
    names = indicator_names(dataset, lang)
    prefix = text("contribute.new_prefix", lang)
    for row in new_indicators:
        label = row["name_zh"] if lang == "zh" else row["name_en"]
        names[f"{review.NEW_INDICATOR_PREFIX}{row['indicator_id']}"] = f"{prefix}{label}"
    regions = {region: dataset.region_name(region, lang) for region in dataset.regions["region_id"]}
    return review.Lookups.build(regions, names, lang)


def latest_by_region(dataset: Dataset) -> dict[tuple[str, str], tuple[int, float]]:
    """(region, indicator) → (year, value) of the latest curated figure: the slip check's anchor."""
    frame = dataset.observations[["region_id", "indicator_id", "year", "value"]].dropna()
    frame = frame.astype({"region_id": str, "indicator_id": str}).sort_values("year")
    last = frame.groupby(["region_id", "indicator_id"], sort=False).last()
    return {
        (region, indicator): (int(row.year), float(row.value))
        for (region, indicator), row in last.iterrows()
    }


def indicator_units(dataset: Dataset, new_indicators: list[dict]) -> dict[str, str]:
    units = dict(
        zip(dataset.indicators["indicator_id"], dataset.indicators["unit"].astype(str), strict=True)
    )
    for row in new_indicators:
        units[f"{review.NEW_INDICATOR_PREFIX}{row['indicator_id']}"] = row["unit"]
    return units


def source_id_for(region_id: str, year: int | None, kind: str, taken: set[str]) -> str:
    """A source id that says what the file is (330200_2024_statistical_table) and is unused."""
    base = "_".join(str(part) for part in (region_id or "region", year or "year", kind)).lower()
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}_{number}", number + 1
    return candidate


def file_rows(
    reads: list[tuple[str, review.ReadReport]], dataset: Dataset, lang: str
) -> pd.DataFrame:
    """One row per file: its detected region, year and kind, and a title and id to correct."""
    taken = set(dataset.sources["source_id"].astype(str))
    rows = []
    for name, report in reads:
        stem = Path(name).stem[:80]
        first_line = next(
            (line.strip() for line in (report.text or "").splitlines() if line.strip()), ""
        )
        if first_line.startswith("【"):  # a table's heading line: its title is the next line
            lines = [line.strip() for line in (report.text or "").splitlines() if line.strip()]
            first_line = lines[1] if len(lines) > 1 else ""
        first_line = first_line.split(" | ")[0]
        title = first_line if 0 < len(first_line) <= 60 else stem
        kind = review.guess_kind(title, name)
        region = report.region_id or ""
        year = report.reference_year
        source_id = source_id_for(region, year, kind, taken)
        taken.add(source_id)
        region_en = dataset.region_name(region, "en") if region else ""
        kind_en = text(f"kind.{kind}", "en")
        rows.append(
            {
                "file": name,
                "region": dataset.region_name(region, lang) if region else "",
                "year": year,
                "kind": text(f"kind.{kind}", lang),
                "title_zh": title,
                "title_en": f"{region_en} {kind_en} {year or ''}".strip(),
                "source_id": source_id,
            }
        )
    frame = pd.DataFrame(
        rows, columns=["file", "region", "year", "kind", "title_zh", "title_en", "source_id"]
    )
    frame["year"] = frame["year"].astype("Int64")
    return frame


@dataclass(frozen=True)
class Shared:
    """The metadata every file of one upload shares."""

    publisher: str
    publisher_en: str
    published: str
    language: str
    url: str


def forms_for(files: pd.DataFrame, shared: Shared, lookups: review.Lookups, lang: str):
    """A SourceForm per file from the files table (names back to ids)."""
    from civdash.core.vocab import SOURCE_KINDS

    kinds = {text(f"kind.{kind}", lang): kind for kind in SOURCE_KINDS}
    forms = {}
    for row in files.to_dict("records"):
        forms[row["file"]] = SourceForm(
            source_id=str(row["source_id"] or "").strip(),
            region_id=review.Lookups.back(lookups.regions, row["region"]),
            title_zh=str(row["title_zh"] or ""),
            title_en=str(row["title_en"] or ""),
            publisher=shared.publisher,
            publisher_en=shared.publisher_en,
            published=shared.published,
            language=shared.language,
            kind=kinds.get(str(row["kind"]), "annual_summary"),
            url=shared.url,
        )
    return forms


# precheck's column names → the review table's words for them.
COLUMN_WORDS = {
    "indicator_id": "indicator",
    "year": "year",
    "excerpt": "excerpt",
    "value_as_written": "value_as_written",
    "value": "value",
}


def check_many(
    forms: dict[str, SourceForm],
    edited: pd.DataFrame,
    texts: dict[str, str],
    lookups: review.Lookups,
    new_indicators: list[dict],
    lang: str,
) -> BundleCheck:
    """check_bundle for several files: every file's rows, each against its own text, in one
    bundle that `add` merges all or nothing."""
    for form in forms.values():
        if not review.valid_source_id(form.source_id):
            return BundleCheck(error=text("contribute.bad_source_id", lang))
        missing = [
            text(f"contribute.{name}", lang)
            for name in REQUIRED_METADATA
            if not getattr(form, name).strip()
        ]
        if missing:
            return BundleCheck(
                error=text("contribute.missing_metadata", lang, fields="、".join(missing))
            )
    if len({form.source_id for form in forms.values()}) < len(forms):
        return BundleCheck(error=text("contribute.duplicate_source_id", lang))
    per_file = review.reviewed_rows(
        edited, lookups, {name: form.source_id for name, form in forms.items()}
    )
    per_file = {name: rows for name, rows in per_file.items() if not rows.empty}
    if not per_file:
        return BundleCheck(warning=text("contribute.none_accepted", lang))
    known = {item.removeprefix(review.NEW_INDICATOR_PREFIX) for item in lookups.indicators} | {
        row["indicator_id"] for row in new_indicators
    }
    problem_rows = []
    for name, rows in per_file.items():
        for number, column, key, values in review.precheck(rows, texts[name], known):
            problem_rows.append(
                {
                    text("contribute.column.file", lang): name,
                    text("contribute.column.line", lang): number,
                    text("contribute.column.field", lang): text(
                        f"contribute.column.{COLUMN_WORDS.get(column, 'value')}", lang
                    ),
                    text("contribute.column.problem", lang): text(key, lang, **values),
                }
            )
    if problem_rows:
        return BundleCheck(problems=pd.DataFrame(problem_rows), problems_key="contribute_slips")
    observations = pd.concat(list(per_file.values()), ignore_index=True)
    used = set(observations["indicator_id"])
    sources = [(forms[name].record(), texts[name]) for name in per_file]
    bundle = contribution.build_bundle(
        sources[0][0],
        sources[0][1],
        observations,
        indicators=[row for row in new_indicators if row["indicator_id"] in used],
        more_sources=sources[1:],
    )
    result = contribution.check_and_merge(
        bundle, Path(data_dir()), Path(sources_dir()), write=False
    )
    problem_column = text("contribute.column.problem", lang)
    if result.conflicts:
        rows = [{problem_column: item} for item in result.conflicts]
        return BundleCheck(problems=pd.DataFrame(rows), problems_key="contribute_conflicts")
    if result.report is not None and result.report.errors:
        rows = [{problem_column: problem.text(lang)} for problem in result.report.errors]
        return BundleCheck(problems=pd.DataFrame(rows), problems_key="contribute_problems")
    return BundleCheck(bundle=bundle, rows=len(observations))


def slip_rows(edited: pd.DataFrame, slips: dict[int, str], lang: str) -> pd.DataFrame:
    """The rows whose unit looks wrong, with the reason, in the page's language."""
    return pd.DataFrame(
        [
            {
                text("contribute.column.file", lang): edited.loc[index, "file"],
                text("contribute.column.value_as_written", lang): edited.loc[
                    index, "value_as_written"
                ],
                text("contribute.column.check", lang): message,
            }
            for index, message in slips.items()
        ]
    )
