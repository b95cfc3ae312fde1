"""The report workbench's model: candidates as an editable table, reviewed rows, marked text."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import pandas as pd

from civdash.core import limits
from civdash.data.loader import read_place_names
from civdash.workbench.documents import DocumentError, read_document
from civdash.workbench.extract import Candidate, extract
from civdash.workbench.suggest import IndicatorSuggester

NEW_INDICATOR_PREFIX = "new:"
EDITOR_COLUMNS = (
    "accept",
    "value_as_written",
    "value",
    "unit_guess",
    "qualifier",
    "year",
    "period_start",
    "region_id",
    "indicator_id",
    "suggestions",
    "excerpt",
    "confidence",
    "note",
    "char_start",
    "char_end",
    "derivation",
)
# Carried through the review table to the bundle but not shown: the extractor's own arithmetic.
HIDDEN_COLUMNS = ("char_start", "char_end", "derivation")
SOURCE_ID_PATTERN = re.compile(r"[a-z0-9_]{3,60}")


def read_report(name: str, raw: bytes) -> str:
    """The report's text, or DocumentError (whose code the page translates)."""
    text = read_document(name, raw)
    if len(text) > limits.MAX_REPORT_CHARACTERS:
        raise DocumentError("length", characters=len(text), limit=limits.MAX_REPORT_CHARACTERS)
    return text


@dataclass(frozen=True)
class ReadReport:
    """What the page keeps of an uploaded report: its text and candidate figures, or why not."""

    text: str | None
    candidates: list[Candidate]
    refusal: DocumentError | None = None
    region_id: str = ""
    reference_year: int | None = None


def read_and_extract(
    name: str,
    raw: bytes,
    region_id: str | None,
    reference_year: int | None,
    tables: dict[str, pd.DataFrame],
) -> ReadReport:
    """Read the report and find its figures: the job the page runs in a worker process.

    Parsing a PDF and segmenting a long text take seconds of CPU; in a worker they never hold
    the server every session shares. `tables` are the regions, indicators and observations
    the suggestions learn from. With no region given, the one the text names most is used.
    """
    try:
        text = read_report(name, raw)
    except DocumentError as refusal:
        return ReadReport(None, [], refusal)
    region = region_id or guess_source_region(text, tables["regions"]) or ""
    year = reference_year or guess_reference_year(text, "")
    suggester = IndicatorSuggester(tables["indicators"], tables["observations"])
    candidates = extract(
        text,
        region_id=region,
        reference_year=year,
        regions=tables["regions"],
        place_names=read_place_names(),
        suggester=suggester,
    )
    return ReadReport(text, candidates, None, region, year)


def editor_frame(candidates: list[Candidate], indicator_names: dict[str, str]) -> pd.DataFrame:
    """One row per candidate: nothing accepted yet, the top suggestion preselected."""
    rows = []
    for candidate in candidates:
        row = candidate.row()
        top = candidate.suggestions[0][0] if candidate.suggestions else ""
        rows.append(
            {
                **row,
                "accept": False,
                "indicator_id": top,
                "period_start": ""
                if candidate.period_start is None
                else str(candidate.period_start),
                "suggestions": " · ".join(
                    f"{indicator_names.get(indicator, indicator)} {score:.2f}"
                    for indicator, score in candidate.suggestions
                ),
                "year": candidate.year,
                "value": candidate.value,
            }
        )
    frame = pd.DataFrame(rows, columns=list(EDITOR_COLUMNS))
    frame["year"] = frame["year"].astype("Int64")
    frame["value"] = frame["value"].astype(float)
    return frame


def reviewed_observations(edited: pd.DataFrame, source_id: str) -> pd.DataFrame:
    """Accepted rows in the observations schema; the range part comes from the extractor's note."""
    accepted = edited[edited["accept"].fillna(False).astype(bool)].copy()
    rows = []
    for row in accepted.to_dict("records"):
        note = str(row.get("note") or "")
        range_part = "lower" if "range lower" in note else "upper" if "range upper" in note else ""
        rows.append(
            {
                "region_id": str(row["region_id"] or ""),
                "indicator_id": str(row["indicator_id"] or "").removeprefix(NEW_INDICATOR_PREFIX),
                "year": "" if pd.isna(row["year"]) else int(row["year"]),
                "value": row["value"],
                "qualifier": row["qualifier"],
                "value_as_written": row["value_as_written"],
                "source_id": source_id,
                "excerpt": row["excerpt"],
                "period_start": str(row["period_start"] or "").strip(),
                "range_part": range_part,
                "derivation": str(row.get("derivation") or ""),
                "note": "",
            }
        )
    return pd.DataFrame(rows)


def precheck(observations: pd.DataFrame, text: str, known_indicators: set[str]) -> list[tuple]:
    """The common slips, found before the validator and named in the page's words.

    Returns (row number in the review table, column, i18n key, values); the validator still runs
    afterwards and has the last word.
    """
    from civdash.core.numbers import values_match
    from civdash.workbench.extract import parse_written

    squeezed = re.sub(r"\s", "", text)
    problems = []
    for number, row in enumerate(observations.to_dict("records"), start=1):
        if not row["indicator_id"]:
            problems.append((number, "indicator_id", "precheck.no_indicator", {}))
        elif row["indicator_id"] not in known_indicators:
            problems.append(
                (number, "indicator_id", "precheck.unknown_indicator", {"id": row["indicator_id"]})
            )
        if row["year"] == "":
            problems.append((number, "year", "precheck.no_year", {}))
        if re.sub(r"\s", "", str(row["excerpt"])) not in squeezed:
            problems.append((number, "excerpt", "precheck.excerpt", {}))
        written = str(row["value_as_written"])
        if re.sub(r"\s", "", written) not in re.sub(r"\s", "", str(row["excerpt"])):
            problems.append((number, "value_as_written", "precheck.written", {"written": written}))
        parsed = parse_written(written)
        if parsed is not None and not values_match(parsed[0], float(row["value"])):
            problems.append(
                (
                    number,
                    "value",
                    "precheck.value",
                    {"written": written, "parsed": f"{parsed[0]:g}"},
                )
            )
    return problems


def highlighted_html(text: str, candidates: list[Candidate], accepted: set[int]) -> str:
    """The report with every candidate marked; accepted ones stronger. All text is escaped."""
    parts = []
    cursor = 0
    for index, candidate in enumerate(candidates):
        if candidate.char_start < cursor:
            continue
        parts.append(html.escape(text[cursor : candidate.char_start]))
        css = "accepted" if index in accepted else "candidate"
        title = html.escape(f"#{index} {candidate.value_as_written} · {candidate.year or ''}")
        parts.append(
            f'<mark class="{css}" title="{title}">'
            f"{html.escape(text[candidate.char_start : candidate.char_end])}</mark>"
        )
        cursor = candidate.char_end
    parts.append(html.escape(text[cursor:]))
    body = "".join(parts).replace("\n", "<br>")
    return (
        "<style>.workbench-text{max-height:420px;overflow-y:auto;line-height:1.8;"
        "border:1px solid #d0d4da;padding:0.75rem;font-size:0.95rem}"
        ".workbench-text mark.candidate{background:#fff1b8;color:#111}"
        ".workbench-text mark.accepted{background:#b7e4c7;color:#111;font-weight:600}</style>"
        f'<div class="workbench-text" lang="zh">{body}</div>'
    )


def guess_source_region(text: str, regions: pd.DataFrame) -> str | None:
    """The region a report is most about: the city or county it names most often."""
    from collections import Counter

    from civdash.workbench.extract import RegionFinder, region_names

    levels = dict(zip(regions["region_id"], regions["level"], strict=True))
    counts = Counter(
        region
        for _, region in RegionFinder(region_names(regions)).mentions(text)
        if levels.get(region) != "province"
    )
    return counts.most_common(1)[0][0] if counts else None


def guess_reference_year(text: str, published: str) -> int | None:
    """The year 目前 most likely means: the title's year, a plan's base year, a summary's year,
    else the publication year (extract.report_year has the rules)."""
    from civdash.workbench.extract import report_year

    return report_year(text, published).year


def valid_source_id(source_id: str) -> bool:
    return bool(SOURCE_ID_PATTERN.fullmatch(source_id or ""))


def file_name_for(source_id: str) -> str:
    return f"{source_id}.txt"
