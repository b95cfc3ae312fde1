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
        # A table cell read with its unit (9.5 in a 万张 column) carries its derivation.
        derived = bool(str(row.get("derivation") or "").strip())
        if parsed is not None and not derived and not values_match(parsed[0], float(row["value"])):
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


# ---------------------------------------------------------------- tables and many files

# Files one upload may carry (one table per city of a province, plus a few more); the bundle
# holds each file's text, and read_bundle accepts at most contribution.MAX_MEMBERS members.
MAX_FILES = 12
# The review table's columns, in the page's language: codes never reach the grid.
REVIEW_COLUMNS = (
    "accept",
    "indicator",
    "value_as_written",
    "value",
    "unit",
    "year",
    "region",
    "check",
    "file",
    "qualifier",
    "period_start",
    "suggestions",
    "where",
    "excerpt",
    "confidence",
    "note",
)
# The official picks the indicator by name and sees what to check first; where the figure
# came from and the evidence follow.
HIDDEN_COLUMNS = ("derivation", "row_number")


def guess_kind(title: str, name: str = "") -> str:
    """The kind of report its title or file name says: 统计 → table, 总结 → summary, 规划 → plan."""
    words = f"{title} {name}"
    if any(word in words for word in ("统计", "統計", "报表", "報表", "月报", "季报", "年报")):
        return "statistical_table"
    if any(word in words for word in ("规划", "規劃", "计划", "計劃", "纲要", "綱要")):
        return "five_year_plan"
    if any(word in words for word in ("总结", "總結", "工作报告", "工作報告", "公报", "公報")):
        return "annual_summary"
    if any(word in words for word in ("回顾", "回顧", "成就", "巡礼", "巡禮")):
        return "review"
    return "feature_article" if title else "annual_summary"


def read_file(
    name: str,
    raw: bytes,
    region_id: str | None,
    reference_year: int | None,
    tables: dict[str, pd.DataFrame],
) -> ReadReport:
    """One uploaded file in a worker: a table file cell by cell (and its prose), else as prose."""
    from civdash.workbench import statistical_tables

    if not statistical_tables.is_table_file(name):
        return read_and_extract(name, raw, region_id, reference_year, tables)
    try:
        read = statistical_tables.extract_tables(
            name,
            raw,
            region_id=region_id or "",
            reference_year=reference_year,
            regions=tables["regions"],
            indicators=tables["indicators"],
            observations=tables["observations"],
            statistical_rows=tables.get("statistical_rows"),
            suggester=IndicatorSuggester(tables["indicators"], tables["observations"]),
            place_names=read_place_names(),
        )
    except DocumentError as refusal:
        return ReadReport(None, [], refusal)
    if len(read.text) > limits.MAX_REPORT_CHARACTERS:
        refusal = DocumentError(
            "length", characters=len(read.text), limit=limits.MAX_REPORT_CHARACTERS
        )
        return ReadReport(None, [], refusal)
    year = read.period.year or reference_year or guess_reference_year(read.text, "")
    region = read.region_id or region_id or guess_source_region(read.text, tables["regions"])
    return ReadReport(read.text, read.candidates, None, region or "", year)


@dataclass(frozen=True)
class Lookups:
    """Display names in the page's language and back: the grid shows names, never codes."""

    units: dict[str, str]
    qualifiers: dict[str, str]
    regions: dict[str, str]
    indicators: dict[str, str]

    @staticmethod
    def build(regions: dict[str, str], indicators: dict[str, str], lang: str) -> Lookups:
        from civdash.core import units as unit_records
        from civdash.core.units import unit_name
        from civdash.core.vocab import QUALIFIERS
        from civdash.i18n import qualifier_name

        units = {}
        for unit in unit_records.ids():
            shown = unit_name(unit, lang)
            units[unit] = (
                shown if shown not in units.values() else f"{shown} · {unit_name(unit, 'en')}"
            )
        return Lookups(
            units=units,
            qualifiers={q: qualifier_name(q, lang) for q in QUALIFIERS},
            regions=regions,
            indicators=indicators,
        )

    @staticmethod
    def back(mapping: dict[str, str], shown) -> str:
        if shown is None or (isinstance(shown, float) and pd.isna(shown)):
            return ""
        reverse = {name: code for code, name in mapping.items()}
        return reverse.get(str(shown), str(shown) if str(shown) in mapping else "")


def evidence_confidence(candidate: Candidate) -> float:
    """How sure the first suggestion is, from the evidence: a crosswalk row, the lead of the
    first suggestion over the second, a stated unit and year; never one flat number."""
    base = float(candidate.confidence)
    if getattr(candidate, "kind", "") == "table":
        return base
    suggestions = candidate.suggestions
    if not suggestions:
        return round(min(base, 0.3), 2)
    lead = suggestions[0][1] - (suggestions[1][1] if len(suggestions) > 1 else 0.0)
    # BM25 normalises the first score to 1.0: only the distance to the runner-up says anything.
    score = 0.25 + 0.5 * min(lead / 0.5, 1.0)
    if candidate.unit_guess:
        score += 0.1
    if candidate.year is not None and "year" not in (candidate.note or ""):
        score += 0.05
    return round(min(score, base + 0.1, 0.9), 2)


def _where(candidate: Candidate, lang: str) -> str:
    from civdash.i18n import text

    if getattr(candidate, "kind", "") != "table":
        return text("contribute.where_prose", lang)
    return text(
        "contribute.where_table",
        lang,
        table=candidate.table,
        row=candidate.row_index,
        column=candidate.column_index,
        label=candidate.row_label,
        header=candidate.column_label,
    )


NOTE_KEYS = {
    "target year": "contribute.note.target_year",
    "multi-year total": "contribute.note.multi_year",
    "range lower bound": "contribute.note.range_lower",
    "range upper bound": "contribute.note.range_upper",
    "written in Chinese numerals": "contribute.note.chinese_numerals",
    "region named earlier in the sentence": "contribute.note.region_earlier",
}


def review_note(candidate: Candidate, lang: str) -> str:
    """The extractor's note in the page's language: known parts translated, the rest left out
    in Chinese (an English working phrase never reaches the zh grid)."""
    from civdash.i18n import text

    if getattr(candidate, "kind", "") == "table":
        parts = []
        if candidate.role != "value":
            parts.append(text(f"contribute.role.{candidate.role}", lang))
        if candidate.unit_source and candidate.unit_as_printed:
            source = UNIT_SOURCE_KEYS.get(candidate.unit_source, "other")
            parts.append(
                text(f"contribute.unit_source.{source}", lang, unit=candidate.unit_as_printed)
            )
        if candidate.period:
            parts.append(text("contribute.note.period", lang, period=candidate.period))
        return "；".join(parts) if lang == "zh" else "; ".join(parts)
    parts = []
    for part in (candidate.note or "").split("; "):
        key = next((key for phrase, key in NOTE_KEYS.items() if part.startswith(phrase)), None)
        if key:
            parts.append(text(key, lang))
        elif part and lang == "en":
            parts.append(part)
    return "；".join(parts) if lang == "zh" else "; ".join(parts)


UNIT_SOURCE_KEYS = {
    "unit column": "unit_column",
    "row label": "row_label",
    "column header": "column_header",
    "table note": "table_note",
    "cell": "cell",
}


def table_checks(candidate: Candidate, lang: str) -> list[str]:
    """The table reader's flags, in the page's language."""
    from civdash.i18n import text

    if getattr(candidate, "kind", "") != "table":
        return []
    checks = []
    for key, values in getattr(candidate, "flag_keys", []):
        checks.append(text(f"contribute.flag.{key}", lang, **values))
    return checks


def unit_slip(
    value: float,
    unit: str,
    excerpt: str,
    written: str,
    reference: tuple[int | None, float | None],
    lang: str,
) -> str:
    """The plans form's unit-slip check for one reviewed row: per 1,000 offered for a per-100
    indicator, or a value over 5× from the region's latest figure (a 万 or 千 slip)."""
    from civdash.i18n import text
    from civdash.method import actuals

    position = excerpt.find(written) if written else -1
    before = excerpt[max(0, position - 20) : position] if position >= 0 else excerpt
    if unit == "beds_per_100_elderly" and any(word in before for word in ("每千", "千名", "/千")):
        return text("contribute.check.per_1000", lang, value=f"{value:g}", meant=f"{value / 10:g}")
    if unit in ("percent",) and "‰" in excerpt:
        return text("contribute.check.per_mille", lang)
    year, latest = reference
    if latest is None or pd.isna(latest) or not value or latest <= 0 or value <= 0:
        return ""
    # The plans form's rule: over 5× from the reference is probably a unit slip, and the
    # nearest power-of-ten reading is offered.
    message, suggestion = actuals.implausible(float(value), unit, lang, (year, float(latest)), None)
    if not message:
        return ""
    return text(
        "contribute.check.slip",
        lang,
        value=f"{value:g}",
        times=f"{max(value / latest, latest / value):,.0f}",
        year=year,
        latest=f"{latest:,.6g}",
        meant=f"{suggestion:,.6g}" if suggestion is not None else "?",
    )


def row_checks(
    decoded: pd.DataFrame,
    latest: dict[tuple[str, str], tuple[int, float]],
    units_of: dict[str, str],
    lang: str,
) -> dict[int, str]:
    """The unit-slip check on every accepted row, against the indicator chosen on the page."""
    found = {}
    for index, row in decoded.iterrows():
        if not bool(row.get("accept")) or not row.get("indicator_id"):
            continue
        try:
            value = float(row["value"])
        except (TypeError, ValueError):
            continue
        message = unit_slip(
            value,
            units_of.get(row["indicator_id"], ""),
            str(row.get("excerpt") or ""),
            str(row.get("value_as_written") or ""),
            latest.get((row.get("region_id"), row["indicator_id"]), (None, None)),
            lang,
        )
        table_flag = str(row.get("check") or "") if "万" in str(row.get("check") or "") else ""
        if message or table_flag:
            found[int(index)] = message or table_flag
    return found


def review_frame(
    reports: list[tuple[str, ReadReport]],
    lookups: Lookups,
    latest: dict[tuple[str, str], tuple[int, float]],
    units_of: dict[str, str],
    lang: str,
    accept: bool | None = None,
) -> pd.DataFrame:
    """Every file's candidates in one table, in the page's language. `accept` None keeps the
    reader's pre-acceptance (table cells whose unit, indicator and year are all certain)."""
    rows = []
    for file_name, report in reports:
        for number, candidate in enumerate(report.candidates):
            top = candidate.suggestions[0][0] if candidate.suggestions else ""
            checks = table_checks(candidate, lang)
            if top:
                slip = unit_slip(
                    candidate.value,
                    units_of.get(top, ""),
                    candidate.excerpt,
                    candidate.value_as_written,
                    latest.get((candidate.region_id, top), (None, None)),
                    lang,
                )
                if slip and not any("万" in check for check in checks):
                    checks.append(slip)
            preaccept = bool(getattr(candidate, "preaccept", False)) and not checks
            rows.append(
                {
                    "accept": preaccept if accept is None else accept,
                    "file": file_name,
                    "value_as_written": candidate.value_as_written,
                    "value": float(candidate.value),
                    "unit": lookups.units.get(candidate.unit_guess, ""),
                    "qualifier": lookups.qualifiers.get(candidate.qualifier, ""),
                    "year": candidate.year,
                    "period_start": ""
                    if candidate.period_start is None
                    else str(candidate.period_start),
                    "region": lookups.regions.get(candidate.region_id, ""),
                    "indicator": lookups.indicators.get(top, ""),
                    "suggestions": " · ".join(
                        lookups.indicators.get(indicator, indicator)
                        for indicator, _ in candidate.suggestions
                    ),
                    "check": "；".join(checks) if lang == "zh" else "; ".join(checks),
                    "where": _where(candidate, lang),
                    "excerpt": candidate.excerpt,
                    "confidence": evidence_confidence(candidate),
                    "note": review_note(candidate, lang),
                    "derivation": getattr(candidate, "derivation", ""),
                    "row_number": number,
                }
            )
    frame = pd.DataFrame(rows, columns=list(REVIEW_COLUMNS + HIDDEN_COLUMNS))
    frame["year"] = frame["year"].astype("Int64")
    frame["value"] = frame["value"].astype(float)
    frame["accept"] = frame["accept"].astype(bool)
    return frame


def decoded_review(edited: pd.DataFrame, lookups: Lookups) -> pd.DataFrame:
    """The review table with ids again (region_id, indicator_id, unit_guess, qualifier)."""
    frame = edited.copy()
    frame["region_id"] = [Lookups.back(lookups.regions, item) for item in frame["region"]]
    frame["indicator_id"] = [Lookups.back(lookups.indicators, item) for item in frame["indicator"]]
    frame["unit_guess"] = [Lookups.back(lookups.units, item) for item in frame["unit"]]
    frame["qualifier"] = [
        Lookups.back(lookups.qualifiers, item) or "exact" for item in frame["qualifier"]
    ]
    return frame


def reviewed_rows(edited: pd.DataFrame, lookups: Lookups, source_ids: dict[str, str]):
    """Accepted rows per file in the observations schema, derivations kept: {file: frame}."""
    decoded = decoded_review(edited, lookups)
    result = {}
    for file_name, source_id in source_ids.items():
        part = decoded[decoded["file"] == file_name]
        observations = reviewed_observations(part, source_id)
        if not observations.empty:
            accepted = part[part["accept"].fillna(False).astype(bool)]
            observations["derivation"] = [str(d or "") for d in accepted["derivation"].tolist()]
        result[file_name] = observations
    return result


def preview_grid(
    observations: pd.DataFrame, lookups: Lookups, units_of: dict[str, str], lang: str
) -> pd.DataFrame:
    """City × indicator: what the bundle will add, each value with its year."""
    from civdash.core.formatting import fact_value

    if observations.empty:
        return pd.DataFrame()
    cells: dict[tuple[str, str], str] = {}
    for row in observations.to_dict("records"):
        region = lookups.regions.get(row["region_id"], row["region_id"])
        indicator = lookups.indicators.get(row["indicator_id"], row["indicator_id"])
        unit = units_of.get(row["indicator_id"], "count")
        shown = f"{fact_value(float(row['value']), unit, lang)} ({row['year']})"
        key = (region, indicator)
        cells[key] = f"{cells[key]}；{shown}" if key in cells else shown
    regions = sorted({region for region, _ in cells})
    indicators = sorted({indicator for _, indicator in cells})
    return pd.DataFrame(
        [[cells.get((region, indicator), "") for indicator in indicators] for region in regions],
        index=regions,
        columns=indicators,
    )
