"""Check the curated tables: types, vocabularies, keys, ranges, figures and verbatim excerpts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from civdash.core.numbers import (
    EXACT,
    NumberParseError,
    parse_chinese_number,
    qualifier_of,
    values_match,
)
from civdash.core.safe_text import BIDI_CONTROLS, formula_like
from civdash.core.units import get as get_unit
from civdash.core.units import parse_row as parse_unit_row
from civdash.core.units import range_problem
from civdash.core.vocab import (
    CENSUS_YEARS,
    TABLES,
    UNIT_TABLE,
    YEAR_MAX,
    YEAR_MIN,
    Table,
    observation_id,
)
from civdash.data.choices import check_choices
from civdash.data.csv_input import ERROR, WARNING, Problem
from civdash.i18n import text

CJK = re.compile(r"[\u3400-\u9fff]")
WHITESPACE = re.compile(r"\s+")
DATE_OR_YEAR = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
EXCERPT_SOFT_LIMIT = 160
# Public text must read without the curation history: no working file names, no instructions.
WORKING_NOTE = re.compile(r"[\w.-]{1,80}\.(?:md|txt)\b|instructed", re.IGNORECASE)
# Public text names things as a reader would: never by an internal id or a column name, which
# are snake_case (social_organisations, period_start, 001_t05). A web address may hold one.
SNAKE_CASE = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z0-9]+(?:_[A-Za-z0-9]+)+(?![A-Za-z0-9_])")
WEB_ADDRESS = re.compile(r"(?:https?://|www\.)[^\s,;()()]+", re.IGNORECASE)
PUBLIC_TEXT_COLUMNS = {
    "sources": ("title", "title_en", "publisher", "publisher_en", "notes"),
    "regions": ("name_zh", "name_en", "note"),
    "indicators": (
        "name_zh",
        "name_en",
        "definition_zh",
        "definition_en",
        "comparability",
        "comparability_zh",
    ),
    "observations": ("note", "note_zh", "derivation"),
    "plans": ("name_zh", "name_en"),
    "targets": ("note", "note_zh", "goal_zh", "goal_en"),
    "population": ("source_title", "publisher", "note"),
    "defaults": ("note",),
    "statistical_rows": ("note",),
}
# A report text is a plain file name in the sources folder (the bundle's sources/ member): no
# folder, no '..', no absolute path, nothing a shell or a zip tool would read another way.
SOURCE_FILE_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,79}\.txt")
SAFE_URL = re.compile(r"https?://\S+", re.IGNORECASE)
# Context characters around a figure in which a qualifier word may stand (超1900, 2万余).
QUALIFIER_WINDOW = 3


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    row_counts: dict[str, int] = field(default_factory=dict)
    unreadable: bool = False
    # Problems kept; later ones are only counted (an upload keeps limits.MAX_PROBLEMS).
    limit: int | None = None
    omitted: dict[str, int] = field(default_factory=dict)

    def add(self, *args, first: bool = False, **kwargs) -> None:
        """Keep a problem, or only count it past `limit`; `first` puts a refusal of the whole
        file at the top, however many problems came before."""
        problem = Problem(*args, **kwargs)
        if first:
            self.problems.insert(0, problem)
            return
        if self.limit is not None and len(self.problems) >= self.limit:
            self.omitted[problem.severity] = self.omitted.get(problem.severity, 0) + 1
            return
        self.problems.append(problem)

    def add_message(
        self,
        file: str,
        line: int | None,
        column: str,
        key: str,
        values=None,
        severity: str = ERROR,
        first: bool = False,
    ) -> None:
        """A problem whose message lives in i18n, so that a page can show it translated."""
        values = values or {}
        self.add(file, line, column, text(key, "en", **values), severity, key, values, first=first)

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == WARNING]

    @property
    def error_count(self) -> int:
        return len(self.errors) + self.omitted.get(ERROR, 0)

    @property
    def omitted_count(self) -> int:
        return sum(self.omitted.values())

    def omitted_line(self, lang: str = "en") -> str | None:
        """'N more problem(s) not listed', or None when every problem is listed."""
        if not self.omitted_count:
            return None
        return text("input.more_problems", lang, count=f"{self.omitted_count:,}", limit=self.limit)

    @property
    def exit_code(self) -> int:
        if self.unreadable:
            return 2
        return 1 if self.error_count else 0

    def summary(self) -> str:
        rows = ", ".join(f"{name} {count}" for name, count in self.row_counts.items())
        warnings = len(self.warnings) + self.omitted.get(WARNING, 0)
        return f"{self.error_count} error(s), {warnings} warning(s)" + (
            f"; rows: {rows}" if rows else ""
        )


def _line(index: int) -> int:
    """CSV line of a data row: the header is line 1."""
    return int(index) + 2


def _blank(value) -> bool:
    return (
        value is None
        or (isinstance(value, float) and pd.isna(value))
        or value is pd.NA
        or (isinstance(value, str) and not value.strip())
    )


def read_raw_tables(folder: Path, report: Report, display: str) -> dict[str, pd.DataFrame]:
    """Read every table as text so that type errors can be reported by line."""
    tables: dict[str, pd.DataFrame] = {}
    for table in TABLES:
        path = folder / table.file
        if table.optional and not path.is_file():
            report.notices.append(f"skipped: {table.file} (optional) is not in {display}")
            continue
        try:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
        except FileNotFoundError:
            report.add(f"{display}/{table.file}", None, "-", "file is missing")
            report.unreadable = True
            continue
        except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
            report.add(f"{display}/{table.file}", None, "-", f"cannot be read: {error}")
            report.unreadable = True
            continue
        tables[table.name] = frame
        report.row_counts[table.name] = len(frame)
    return tables


def check_columns_and_types(frame: pd.DataFrame, table: Table, file: str, report: Report) -> None:
    """Required columns, required cells, enumerations and cell types."""
    missing = [column for column in table.column_names if column not in frame.columns]
    for column in missing:
        report.add(file, 1, column, "required column is missing from the header")
    for column_spec in table.columns:
        if column_spec.name not in frame.columns:
            continue
        values = frame[column_spec.name]
        for index, value in values.items():
            if _blank(value):
                if column_spec.required:
                    report.add(file, _line(index), column_spec.name, "is required but empty")
                continue
            text = str(value).strip()
            if column_spec.enum is not None and text not in column_spec.enum:
                allowed = ", ".join(column_spec.enum)
                report.add(
                    file, _line(index), column_spec.name, f"'{text}' is not one of: {allowed}"
                )
            elif column_spec.type == "integer" and not re.fullmatch(r"-?\d+", text):
                report.add(file, _line(index), column_spec.name, f"'{text}' is not an integer")
            elif column_spec.type == "number":
                try:
                    float(text)
                except ValueError:
                    report.add(file, _line(index), column_spec.name, f"'{text}' is not a number")
            elif column_spec.type == "boolean" and text not in ("true", "false"):
                report.add(file, _line(index), column_spec.name, f"'{text}' is not true/false")
            elif column_spec.type == "date_or_year" and not DATE_OR_YEAR.match(text):
                report.add(
                    file,
                    _line(index),
                    column_spec.name,
                    f"'{text}' is not a date (YYYY-MM-DD) or a year",
                )


def check_public_text(frame: pd.DataFrame, table: Table, file: str, report: Report) -> None:
    """Public text is read by people with only the data package: no file names, no working
    chatter, no internal ids or column names."""
    for column in PUBLIC_TEXT_COLUMNS.get(table.name, ()):
        if column not in frame.columns:
            continue
        for index, value in frame[column].items():
            if _blank(value):
                continue
            found = WORKING_NOTE.search(str(value))
            if found:
                report.add(
                    file,
                    _line(index),
                    column,
                    f"reads like a working note ('{found.group(0)}'); write it for a reader "
                    "of the data, without file names or instructions",
                )
                continue
            found = SNAKE_CASE.search(WEB_ADDRESS.sub(" ", str(value)))
            if found:
                report.add(
                    file,
                    _line(index),
                    column,
                    f"shows an internal id or column name ('{found.group(0)}'); name the "
                    "indicator, field or period in words a reader of the data knows",
                )


def check_inert_text(frame: pd.DataFrame, table: Table, file: str, report: Report) -> None:
    """No cell a spreadsheet would run as a formula, and no bidirectional override.

    Every file the product writes neutralises such cells too; refusing them here keeps the
    curated tables free of them, so the data package is the data as curated.
    """
    for column in table.columns:
        if column.name not in frame.columns or column.type in ("number", "integer"):
            continue
        for index, value in frame[column.name].items():
            if _blank(value):
                continue
            value = str(value)
            if formula_like(value):
                report.add(
                    file,
                    _line(index),
                    column.name,
                    f"begins with '{value[0]}', which a spreadsheet would run as a formula",
                )
            if BIDI_CONTROLS.search(value):
                report.add(
                    file,
                    _line(index),
                    column.name,
                    "holds a bidirectional override character, which reorders text on screen",
                )


def source_text_path(folder: Path, name: str) -> Path | None:
    """The path of a source's text inside `folder`, or None when the name is not a plain
    file name there (the one rule for every reader: validator, package, source page)."""
    if not SOURCE_FILE_NAME.fullmatch(str(name)):
        return None
    path = Path(folder) / name
    if path.is_symlink() or path.resolve().parent != Path(folder).resolve():
        return None
    return path


def check_source_rows(frame: pd.DataFrame, file: str, report: Report) -> None:
    """A source's text is a plain .txt name inside sources/; its link is http(s) or empty."""
    for index, row in frame.iterrows():
        name = str(row.get("file", ""))
        if name and not SOURCE_FILE_NAME.fullmatch(name):
            report.add(
                file,
                _line(index),
                "file",
                f"'{name}' is not a plain file name in sources/ (lower-case letters, digits, "
                "_ or -, ending .txt)",
            )
        url = str(row.get("url", "") or "").strip()
        if url and not SAFE_URL.fullmatch(url):
            report.add(file, _line(index), "url", f"'{url[:60]}' is not an http(s) address")


def check_unique(frame: pd.DataFrame, table: Table, file: str, report: Report) -> None:
    for key in (table.primary_key, table.unique_key):
        if not key or any(column not in frame.columns for column in key):
            continue
        duplicated = frame.duplicated(subset=list(key), keep="first")
        for index in frame.index[duplicated]:
            values = ", ".join(f"{column}={frame.at[index, column] or '∅'}" for column in key)
            report.add(file, _line(index), key[0], f"duplicate key ({values})")


def check_observation_ids(frame: pd.DataFrame, file: str, report: Report) -> None:
    if "observation_id" not in frame.columns:
        return
    for index, row in frame.iterrows():
        expected = observation_id(row)
        if row["observation_id"] != expected:
            report.add(
                file,
                _line(index),
                "observation_id",
                f"'{row['observation_id']}' should be '{expected}'",
            )


def check_foreign_keys(
    tables: dict[str, pd.DataFrame], table: Table, file: str, report: Report
) -> None:
    frame = tables[table.name]
    for column, other_name, other_column in table.foreign_keys:
        if column not in frame.columns or other_name not in tables:
            continue
        known = set(tables[other_name].get(other_column, pd.Series(dtype=str)))
        for index, value in frame[column].items():
            if not _blank(value) and value not in known:
                report.add(file, _line(index), column, f"'{value}' is not in {other_name}.csv")


def check_years(frame: pd.DataFrame, columns: list[str], file: str, report: Report) -> None:
    for column in columns:
        if column not in frame.columns:
            continue
        for index, value in frame[column].items():
            if _blank(value) or not re.fullmatch(r"-?\d+", str(value).strip()):
                continue
            if not YEAR_MIN <= int(value) <= YEAR_MAX:
                report.add(
                    file, _line(index), column, f"year {value} is outside {YEAR_MIN}-{YEAR_MAX}"
                )


def check_value_range(value: float, unit: str) -> tuple[str, dict] | None:
    """(i18n key, values) when a value cannot be right for its unit, else None.

    The range is the unit's record (civdash.core.units); the page and the CLI each say it in their
    own language.
    """
    reason = range_problem(value, unit)
    if reason is None:
        return None
    return f"range.{reason}", {"value": f"{value:g}", "ceiling": f"{get_unit(unit).ceiling:g}"}


def check_indicators(frame: pd.DataFrame, used: set[str], file: str, report: Report) -> None:
    for index, row in frame.iterrows():
        if not _blank(row.get("name_zh")) and not CJK.search(str(row["name_zh"])):
            report.add(file, _line(index), "name_zh", "has no Chinese characters")
        if not _blank(row.get("name_en")) and CJK.search(str(row["name_en"])):
            report.add(file, _line(index), "name_en", "contains Chinese characters")
        # Both languages must carry the same caveat, so a Chinese reader is never told less.
        if _blank(row.get("comparability")) != _blank(row.get("comparability_zh")):
            report.add(
                file,
                _line(index),
                "comparability_zh",
                "must be given exactly when comparability is",
            )
        if row.get("indicator_id") not in used:
            report.add(
                file,
                _line(index),
                "indicator_id",
                f"'{row.get('indicator_id')}' is not used by any observation or target",
            )


def check_regions(frame: pd.DataFrame, file: str, report: Report) -> None:
    for index, row in frame.iterrows():
        if not re.fullmatch(r"\d{6}", str(row.get("region_id", ""))):
            report.add(file, _line(index), "region_id", "is not a 6-digit division code")
        if not _blank(row.get("name_en")) and CJK.search(str(row["name_en"])):
            report.add(file, _line(index), "name_en", "contains Chinese characters")


def check_figure(row: pd.Series, unit: str, file: str, line: int, report: Report) -> None:
    """value_as_written parses to value, stands in the excerpt, and keeps its qualifier."""
    written = str(row.get("value_as_written") or "").strip()
    excerpt = str(row.get("excerpt") or "")
    if not written:
        return
    if written not in excerpt:
        report.add(file, line, "value_as_written", f"'{written}' does not stand in the excerpt")
    try:
        parsed = parse_chinese_number(written)
    except NumberParseError:
        report.add(file, line, "value_as_written", f"'{written}' cannot be parsed as a figure")
        return
    try:
        value = float(row["value"])
    except (TypeError, ValueError):
        return
    derived = not _blank(row.get("derivation"))
    # A change written as 下降32% is stored as -32; the sign lives in the words, not the figure.
    sign_free = unit in ("percent_change", "percentage_points")
    matches = values_match(parsed.value, value) or (
        sign_free and values_match(parsed.value, -value)
    )
    if not matches and not derived:
        report.add(
            file,
            line,
            "value",
            f"{value:g} does not equal '{written}' parsed ({parsed.value:g}); "
            "explain a derived figure in derivation",
        )
    qualifier = str(row.get("qualifier") or "")
    if parsed.qualifier != EXACT and qualifier and parsed.qualifier != qualifier:
        report.add(
            file, line, "qualifier", f"'{written}' reads as {parsed.qualifier}, not {qualifier}"
        )
    elif parsed.qualifier == EXACT and qualifier and qualifier != EXACT:
        position = excerpt.find(written)
        window = (
            excerpt[
                max(0, position - QUALIFIER_WINDOW) : position + len(written) + QUALIFIER_WINDOW
            ]
            if position >= 0
            else ""
        )
        if qualifier_of(window) != qualifier:
            report.add(
                file,
                line,
                "qualifier",
                f"is {qualifier} but no matching word stands next to '{written}'",
                WARNING,
            )


def normalise_text(text: str) -> str:
    return WHITESPACE.sub("", text)


def load_source_texts(sources: pd.DataFrame, folder: Path, report: Report) -> dict[str, str]:
    """Source texts keyed by source_id with whitespace removed; a missing text is an error.

    Every excerpt must be checked: a clone without its texts fails, it never skips the check.
    """
    texts = {}
    for index, row in sources.iterrows():
        name = str(row.get("file", ""))
        path = source_text_path(folder, name)
        if path is None:
            # check_source_rows reports the name; nothing outside sources/ is ever opened.
            continue
        if path.is_file():
            texts[row["source_id"]] = normalise_text(path.read_text(encoding="utf-8"))
        else:
            report.add(
                "sources.csv",
                _line(index),
                "file",
                f"the text '{name}' of {row.get('source_id')} is not in {folder}",
            )
    return texts


def check_excerpts(frame: pd.DataFrame, texts: dict[str, str], file: str, report: Report) -> None:
    for index, row in frame.iterrows():
        excerpt, source_id = row.get("excerpt"), row.get("source_id")
        if _blank(excerpt) or source_id not in texts:
            continue
        if normalise_text(str(excerpt)) not in texts[source_id]:
            report.add(
                file,
                _line(index),
                "excerpt",
                f"does not stand verbatim in the source of {source_id}",
            )
        if len(str(excerpt)) > EXCERPT_SOFT_LIMIT:
            report.add(
                file,
                _line(index),
                "excerpt",
                f"is {len(str(excerpt))} characters; keep excerpts near 120",
                WARNING,
            )


def check_observations(
    frame: pd.DataFrame, indicators: pd.DataFrame, file: str, report: Report
) -> None:
    units = dict(zip(indicators["indicator_id"], indicators["unit"], strict=False))
    period_types = dict(
        zip(indicators["indicator_id"], indicators.get("period_type", ""), strict=False)
    )
    for index, row in frame.iterrows():
        line = _line(index)
        unit = units.get(row.get("indicator_id"), "")
        try:
            value = float(row["value"])
        except (TypeError, ValueError):
            value = None
        if value is not None and unit:
            problem = check_value_range(value, unit)
            if problem:
                report.add_message(file, line, "value", *problem)
        if unit:
            check_figure(row, unit, file, line, report)
        start, year = row.get("period_start"), row.get("year")
        if not _blank(start):
            if period_types.get(row.get("indicator_id")) == "point":
                report.add(
                    file,
                    line,
                    "period_start",
                    "a multi-year figure needs a multi_year indicator, not a point one",
                )
            if (
                re.fullmatch(r"\d+", str(start))
                and re.fullmatch(r"\d+", str(year))
                and int(start) > int(year)
            ):
                report.add(file, line, "period_start", f"{start} is after year {year}")
        if not _blank(row.get("range_part")) and _blank(row.get("note")):
            report.add(file, line, "note", "a range end needs a note")
        # A Chinese reader is never told less than an English one.
        if "note_zh" in row.index and _blank(row.get("note")) != _blank(row.get("note_zh")):
            report.add(file, line, "note_zh", "must be given exactly when note is")


def check_conflicts(frame: pd.DataFrame, file: str, report: Report) -> None:
    """Two sources giving different values for one region, indicator and year: a warning."""
    if frame.empty:
        return
    keyed = frame.assign(
        _period=frame["period_start"].fillna(""), _range=frame["range_part"].fillna("")
    )
    for _, group in keyed.groupby(["region_id", "indicator_id", "year", "_period", "_range"]):
        if group["source_id"].nunique() > 1 and group["value"].nunique() > 1:
            index = group.index[-1]
            values = ", ".join(f"{row.source_id}={row.value}" for row in group.itertuples())
            report.add(
                file,
                _line(index),
                "value",
                f"sources disagree ({values}); the note must say which value is shown",
                WARNING,
            )


def base_year_problem(year: int, source_title: str) -> str | None:
    """Why a population figure's year does not fit its source (None when it does).

    A census communiqué (人口普查) describes a census year; it may restate the previous census,
    so any census year is accepted. A statistical bulletin (公报 without 普查) describes the
    year printed in its title, e.g. 2022年…统计公报 -> 2022.
    """
    if "普查" in source_title:
        if year not in CENSUS_YEARS:
            census = ", ".join(map(str, CENSUS_YEARS))
            return f"{year} is not a census year ({census}) but the source is a census communiqué"
        return None
    title_years = {int(found) for found in re.findall(r"(?<!\d)(\d{4})年", source_title)}
    if year not in title_years:
        return f"{year} is neither a census year nor the year in the bulletin's title"
    return None


def check_population(frame: pd.DataFrame, file: str, report: Report) -> None:
    """Population bases: the quote holds the figure, the figure parses, the year fits the source."""
    for index, row in frame.iterrows():
        line = _line(index)
        written = str(row.get("value_as_written") or "").strip()
        quote = str(row.get("quote") or "")
        if written and written not in quote:
            report.add(file, line, "value_as_written", f"'{written}' does not stand in the quote")
        if written:
            try:
                parsed = parse_chinese_number(written)
            except NumberParseError:
                report.add(file, line, "value_as_written", f"'{written}' cannot be parsed")
            else:
                try:
                    value = float(row["value"])
                except (TypeError, ValueError):
                    value = None
                if value is not None and not values_match(parsed.value, value):
                    report.add(
                        file,
                        line,
                        "value",
                        f"{value:g} does not equal '{written}' parsed ({parsed.value:g})",
                    )
                if value is not None and value <= 0:
                    report.add(file, line, "value", f"{value:g} persons is not a population")
        year = str(row.get("year") or "").strip()
        if re.fullmatch(r"\d{4}", year):
            problem = base_year_problem(int(year), str(row.get("source_title") or ""))
            if problem:
                report.add(file, line, "year", problem)
    check_population_consistency(frame, file, report)


def check_population_consistency(frame: pd.DataFrame, file: str, report: Report) -> None:
    """Warn when two sources disagree, and when an age group exceeds the whole."""
    if frame.empty:
        return
    numeric = frame.assign(number=pd.to_numeric(frame["value"], errors="coerce"))
    for (region, year, measure), group in numeric.groupby(["region_id", "year", "measure"]):
        if group["number"].nunique() > 1:
            values = ", ".join(
                f"{row.source_title}={row.number:g}" for row in group.itertuples(index=False)
            )
            report.add(
                file,
                _line(group.index[-1]),
                "value",
                f"sources disagree on {measure} of {region} in {year} ({values}); "
                "the dashboard uses the census figure",
                WARNING,
            )
    wide = numeric.pivot_table(
        index=["region_id", "year"], columns="measure", values="number", aggfunc="max"
    )
    order = ("resident_total", "aged_60_plus", "aged_65_plus")
    for (region, year), values in wide.iterrows():
        for larger, smaller in zip(order, order[1:], strict=False):
            if larger in values and smaller in values and values[smaller] > values[larger]:
                report.add(
                    file,
                    None,
                    "value",
                    f"{region} {year}: {smaller} ({values[smaller]:g}) exceeds "
                    f"{larger} ({values[larger]:g})",
                )


def check_targets(frame: pd.DataFrame, indicators: pd.DataFrame, file: str, report: Report) -> None:
    units = dict(zip(indicators["indicator_id"], indicators["unit"], strict=False))
    for index, row in frame.iterrows():
        unit = units.get(row.get("indicator_id"), "")
        for column in ("baseline_value", "target_value", "target_value_upper"):
            try:
                value = float(row.get(column))
            except (TypeError, ValueError):
                continue
            problem = check_value_range(value, unit) if unit else None
            if problem:
                report.add_message(file, _line(index), column, *problem)
        if row.get("kind") == "numeric" and _blank(row.get("target_value")):
            report.add(file, _line(index), "target_value", "a numeric target needs a value")
        if "note_zh" in row.index and _blank(row.get("note")) != _blank(row.get("note_zh")):
            report.add(file, _line(index), "note_zh", "must be given exactly when note is")


def check_statistical_rows(
    frame: pd.DataFrame, indicators: pd.DataFrame, file: str, report: Report
) -> None:
    """Each crosswalk row names its indicator's unit, and its printed unit means that scale."""
    from civdash.core.printed_units import parse_unit

    units = dict(zip(indicators["indicator_id"], indicators["unit"], strict=False))
    for index, row in frame.iterrows():
        indicator_unit = units.get(row.get("indicator_id"))
        if indicator_unit is not None and row.get("unit") != indicator_unit:
            report.add(
                file,
                _line(index),
                "unit",
                f"is {row.get('unit')}, but {row.get('indicator_id')} is in {indicator_unit}",
            )
        printed = parse_unit(str(row.get("printed_unit") or ""))
        if printed is None:
            report.add(
                file, _line(index), "printed_unit", f"'{row.get('printed_unit')}' is not a unit"
            )
            continue
        try:
            scale = float(row.get("scale"))
        except (TypeError, ValueError):
            continue
        if printed.base != row.get("unit") or not values_match(printed.scale, scale):
            report.add(
                file,
                _line(index),
                "scale",
                f"'{row.get('printed_unit')}' is {printed.scale:g} {printed.base}, "
                f"not {scale:g} {row.get('unit')}",
            )


def check_store(folder: Path | str, report: Report, display: str | None = None) -> None:
    """Each Parquet copy must have been written from the CSV beside it (`package` rewrites them).

    A folder without copies passes (the loader reads the CSVs); a copy that is missing beside
    others, or stale after an edit, is an error, so a CSV change is never shipped unpackaged.
    """
    from civdash.data import store

    folder = Path(folder)
    if not store.parquet_folder(folder).is_dir():
        return
    display = display or str(folder)
    for name, state in store.stale_tables(folder).items():
        report.add(
            f"{display}/{store.PARQUET_FOLDER}/{name}.parquet",
            None,
            "",
            f"{state}: not written from {name}.csv as it is now; run `python -m civdash package`",
        )


def check_unit_table(folder: Path, indicators: pd.DataFrame, display: str, report: Report) -> None:
    """The unit table: schema, one well-formed record per unit, names in their language, and
    every indicator's unit defined. A folder without units.csv uses the one shipped in data/."""
    path = folder / UNIT_TABLE.file
    if not path.is_file():
        report.notices.append(
            f"skipped: {UNIT_TABLE.file} (optional) is not in {display}; the shipped one applies"
        )
        return
    file = f"{display}/{UNIT_TABLE.file}"
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        report.add(file, None, "-", f"cannot be read: {error}")
        return
    check_columns_and_types(frame, UNIT_TABLE, file, report)
    check_unique(frame, UNIT_TABLE, file, report)
    if any(column not in frame.columns for column in UNIT_TABLE.column_names):
        return
    for index, row in frame.iterrows():
        try:
            parse_unit_row(dict(row))
        except ValueError as error:
            column, _, reason = str(error).partition(": ")
            report.add(file, _line(index), column, reason)
        # A sign such as % is a name in every language.
        if re.search(r"[A-Za-z]", row["name_zh"]) or not row["name_zh"].strip():
            report.add(file, _line(index), "name_zh", "has Latin letters or is empty")
        for column in ("name_en", "suffix_en"):
            if CJK.search(row[column]):
                report.add(file, _line(index), column, "contains Chinese characters")
    known = set(frame["unit_id"])
    for index, unit in indicators.get("unit", pd.Series(dtype=str)).items():
        if not _blank(unit) and unit not in known:
            report.add(
                f"{display}/indicators.csv", _line(index), "unit", f"'{unit}' is not in units.csv"
            )


def validate_dataset(
    folder: Path | str,
    sources_folder: Path | str | None = None,
    display: str | None = None,
    limit: int | None = None,
) -> Report:
    """Run every dataset check on `folder`; `display` is the folder name used in messages,
    `limit` the number of problems kept (the rest are counted)."""
    folder = Path(folder)
    display = display or str(folder)
    report = Report(limit=limit)
    tables = read_raw_tables(folder, report, display)
    if report.unreadable:
        return report

    def where(name: str) -> str:
        return f"{display}/{name}.csv"

    for table in TABLES:
        if table.name not in tables:
            continue
        frame = tables[table.name]
        check_columns_and_types(frame, table, where(table.name), report)
        check_unique(frame, table, where(table.name), report)
        check_public_text(frame, table, where(table.name), report)
        check_inert_text(frame, table, where(table.name), report)
        check_foreign_keys(tables, table, where(table.name), report)
    observations, indicators, targets = (
        tables["observations"],
        tables["indicators"],
        tables["targets"],
    )
    check_years(observations, ["year", "period_start"], where("observations"), report)
    check_years(targets, ["baseline_year", "target_year"], where("targets"), report)
    check_years(tables["plans"], ["start_year", "end_year"], where("plans"), report)
    used = set(observations.get("indicator_id", [])) | set(targets.get("indicator_id", []))
    if "statistical_rows" in tables:
        # A standard table row is what an indicator is for before any city reports it.
        used |= set(tables["statistical_rows"].get("indicator_id", []))
        check_statistical_rows(
            tables["statistical_rows"], indicators, where("statistical_rows"), report
        )
    check_indicators(indicators, used, where("indicators"), report)
    check_unit_table(folder, indicators, display, report)
    check_regions(tables["regions"], where("regions"), report)
    check_source_rows(tables["sources"], where("sources"), report)
    check_observations(observations, indicators, where("observations"), report)
    check_observation_ids(observations, where("observations"), report)
    check_conflicts(observations, where("observations"), report)
    check_targets(targets, indicators, where("targets"), report)
    if "population" in tables:
        check_population(tables["population"], where("population"), report)
    check_choices(tables, where, report)
    texts = load_source_texts(
        tables["sources"], Path(sources_folder) if sources_folder else folder / "sources", report
    )
    check_excerpts(observations, texts, where("observations"), report)
    check_excerpts(targets, texts, where("targets"), report)
    return report
