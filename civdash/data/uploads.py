"""Check an analyst's observations CSV against the dataset's regions, indicators and units."""

from __future__ import annotations

import difflib
import math
import os
import re
import stat
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from civdash.core import limits, units
from civdash.core.numbers import (
    APPROX_MARKERS,
    AT_LEAST_MARKERS,
    AT_MOST_MARKERS,
    CHINESE_DIGITS,
    CHINESE_UNITS,
    EXACT,
    FULL_WIDTH,
    MULTIPLIERS,
    NumberParseError,
    parse_chinese_number,
)
from civdash.core.safe_text import strip_bidi
from civdash.core.vocab import QUALIFIERS, YEAR_MAX, YEAR_MIN
from civdash.data import csv_input
from civdash.data.csv_input import ERROR, INFO, WARNING, InputRefused
from civdash.data.loader import Dataset, load_dataset
from civdash.data.validate import Report, check_value_range

# Documented limit (README, "Limits"): a year of figures for every region fits in well under
# 1 MB, so anything near 10 MB is almost certainly the wrong file.
MAX_UPLOAD_BYTES = limits.MAX_UPLOAD_BYTES

REQUIRED_COLUMNS = ("region_id", "indicator_id", "year", "value")
OPTIONAL_COLUMNS = ("qualifier", "source", "note")
DELIMITERS = ",\t;"
DELIMITER_NAMES = {",": "comma", "\t": "tab", ";": "semicolon"}
USER_SOURCE_ID = "user"
FRAME_COLUMNS = {
    "region_id": "str",
    "indicator_id": "str",
    "year": "Int64",
    "value": "Float64",
    "qualifier": "str",
    "value_as_written": "str",
    "source_id": "str",
    "excerpt": "str",
    "period_start": "Int64",
    "range_part": "str",
    "derivation": "str",
    "note": "str",
    "user_supplied": "bool",
    "user_source": "str",
}
# Column name used for problems that concern the whole file rather than one cell.
WHOLE_FILE = "-"
DUPLICATE_KEY = "region_id/indicator_id/year"

# Every pattern below runs on a cell already capped at limits.MAX_VALUE_CHARS, with its
# whitespace collapsed to single spaces and full-width digits mapped to ASCII; each is
# anchored (fullmatch), uses ASCII digits only, and has no two quantifiers that can take the
# same character, with possessive quantifiers where a group repeats: matching is linear.
PLAIN_NUMBER = re.compile(r"[-+]?+(?:[0-9]++(?:\.[0-9]*+)?+|\.[0-9]++)(?:[eE][-+]?+[0-9]++)?+")
# Longest first, so that 不超过 is tried before 超过 and 超 (no backtracking to fix a choice).
_MARKERS = "|".join(
    re.escape(marker)
    for marker in sorted({*APPROX_MARKERS, *AT_LEAST_MARKERS, *AT_MOST_MARKERS}, key=len)[::-1]
)
_NUMERALS = "".join([*CHINESE_DIGITS, *CHINESE_UNITS])
# A figure as Chinese reports write it: markers, one numeral (which may continue after a
# multiplier: 1万2千, 一亿二千万), then only markers, % or 倍. parse_chinese_number reads the
# numeral positionally or refuses it; this keeps '12abc' and two figures in one cell out.
_ARABIC = r"[0-9]++(?:,[0-9]{3})*+(?:\.[0-9]++)?+"
CHINESE_FIGURE = re.compile(
    rf"(?:(?:{_MARKERS}) ?)*+"
    rf"[-−+]?+(?:{_ARABIC}|[{_NUMERALS}]++)"
    rf"(?:[{''.join(MULTIPLIERS)}多余餘](?:{_ARABIC}|[{_NUMERALS}]++)?+)*+"
    rf" ?(?:(?:{_MARKERS}|[%倍]) ?)*+"
)
ASCII_YEAR = re.compile(r"[0-9]{4}")
FULL_WIDTH_YEAR = re.compile(r"[０-９]{4}")
# An id a spreadsheet turned into a decimal number: 330100.0
DECIMAL_ID = re.compile(r"([0-9]++)\.0++")
LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass
class UploadResult:
    """The checks on one uploaded file; `frame` holds its rows only when nothing was refused."""

    report: Report
    frame: pd.DataFrame | None = None
    encoding: str = ""
    delimiter: str = ""


@dataclass(frozen=True)
class Vocabulary:
    """What the checks need from a dataset: small enough to send to a worker process."""

    regions: frozenset[str]
    units: dict[str, str] = field(hash=False)

    @classmethod
    def of(cls, dataset: Dataset) -> Vocabulary:
        return cls(
            frozenset(dataset.regions["region_id"].dropna()),
            dict(zip(dataset.indicators["indicator_id"], dataset.indicators["unit"], strict=True)),
        )


def _first_line(text: str) -> str:
    """The header line, split where csv splits lines (str.splitlines also splits at form feeds)."""
    return LINE_END.split(text, maxsplit=1)[0]


def _sniff_delimiter(text: str) -> str | None:
    """Comma, tab or semicolon: whichever the header line holds most often.

    The header holds only column names, so counting is reliable; csv.Sniffer is not used
    because its patterns backtrack (a crafted 16 KB sample costs over a second of CPU).
    """
    header = _first_line(text)
    counts = {candidate: header.count(candidate) for candidate in DELIMITERS}
    best = max(counts, key=counts.get)
    return best if counts[best] else None


def _parse_value(
    text: str, unit: str, filename: str, line: int, report: Report
) -> tuple[float | None, str | None]:
    """(value, qualifier read from the figure or None) or (None, None) after an error."""
    if not text:
        report.add_message(filename, line, "value", "upload.empty_cell")
        return None, None
    if len(text) > limits.MAX_VALUE_CHARS:
        report.add_message(
            filename,
            line,
            "value",
            "input.field_too_long",
            {"length": f"{len(text):,}", "limit": limits.MAX_VALUE_CHARS},
        )
        return None, None
    written, text = text, csv_input.normalise_cell(text)
    if PLAIN_NUMBER.fullmatch(text):
        value, qualifier = float(text), None
    elif CHINESE_FIGURE.fullmatch(text):
        try:
            parsed = parse_chinese_number(text)
        except NumberParseError:
            report.add_message(filename, line, "value", "upload.not_number", {"written": written})
            return None, None
        if parsed.is_percent and unit and not units.is_percent(unit):
            values = {"written": written, "unit": unit}
            report.add_message(filename, line, "value", "upload.percent_unit", values)
            return None, None
        if parsed.is_multiple and unit and unit != "times":
            values = {"written": written, "unit": unit}
            report.add_message(filename, line, "value", "upload.multiple_unit", values)
            return None, None
        value, qualifier = parsed.value, parsed.qualifier
        values = {"written": written, "value": f"{value:,.15g}", "qualifier": qualifier}
        report.add_message(filename, line, "value", "upload.converted", values, INFO)
    else:
        report.add_message(filename, line, "value", "upload.not_number", {"written": written})
        return None, None
    if not math.isfinite(value):
        report.add_message(filename, line, "value", "upload.not_finite", {"written": written})
        return None, None
    # -0 is 0: a signed zero would print as "-0" in a table.
    return value + 0.0, qualifier


class _Checker:
    """Row checks against one dataset, collecting problems for one file."""

    def __init__(self, filename: str, vocabulary: Vocabulary, report: Report) -> None:
        self.filename = filename
        self.report = report
        self.regions = vocabulary.regions
        self.units = vocabulary.units
        self.sorted_known = {"regions": sorted(self.regions), "indicators": sorted(self.units)}
        # A file may repeat one misspelt id on thousands of rows, or hold thousands of different
        # ones; difflib costs about 2 ms a value, so only the first MAX_SUGGESTIONS get one.
        self.suggestions: dict[str, str] = {}

    def add(self, line: int, column: str, message: str, severity: str = ERROR) -> None:
        self.report.add(self.filename, line, column, message, severity)

    def say(self, line: int, column: str, key: str, severity: str = ERROR, **values) -> None:
        """A problem whose message lives in i18n, so the page shows it in its own language."""
        self.report.add_message(self.filename, line, column, key, values, severity)

    def header(self, names: list[str]) -> dict[str, int] | None:
        """Column positions by name, or None when a required column is missing."""
        positions: dict[str, int] = {}
        expected = ", ".join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)
        for index, raw_name in enumerate(names):
            name = raw_name.strip().lower()
            if name not in REQUIRED_COLUMNS and name not in OPTIONAL_COLUMNS:
                label = raw_name.strip() or f"field {index + 1}"
                self.say(1, label, "upload.unknown_column", WARNING, expected=expected)
            elif name in positions:
                self.say(
                    1, name, "upload.twice_in_header", first=positions[name] + 1, second=index + 1
                )
            else:
                positions[name] = index
        missing = [column for column in REQUIRED_COLUMNS if column not in positions]
        for column in missing:
            self.say(1, column, "upload.missing_column")
        return None if missing else positions

    def suggestion(self, value: str, known: Collection[str], table: str) -> tuple[str, str]:
        """(i18n key of the message, the id it suggests): a near id, or the id a spreadsheet
        turned into a decimal number, or no suggestion."""
        if value in self.suggestions:
            return self.suggestions[value]
        decimal = DECIMAL_ID.fullmatch(value)
        if decimal and decimal.group(1) in known:
            hint = ("upload.unknown_id_decimal", decimal.group(1))
        elif len(self.suggestions) >= limits.MAX_SUGGESTIONS:
            return "upload.unknown_id", ""
        else:
            close = difflib.get_close_matches(value, self.sorted_known[table], n=1)
            hint = ("upload.unknown_id_close", close[0]) if close else ("upload.unknown_id", "")
        self.suggestions[value] = hint
        return hint

    def identifier(
        self, line: int, column: str, value: str, known: Collection[str], table: str
    ) -> bool:
        if not value:
            self.say(line, column, "upload.empty_cell")
            return False
        if len(value) > limits.MAX_VALUE_CHARS:
            self.report.add_message(
                self.filename,
                line,
                column,
                "input.field_too_long",
                {"length": f"{len(value):,}", "limit": limits.MAX_VALUE_CHARS},
            )
            return False
        if value not in known:
            key, close = self.suggestion(value, known, table)
            self.say(line, column, key, value=value, table=table, close=close)
            return False
        return True

    def year(self, line: int, text: str) -> int | None:
        if not text:
            self.say(line, "year", "upload.empty_cell")
            return None
        if FULL_WIDTH_YEAR.fullmatch(text):
            text = text.translate(FULL_WIDTH)
        if not ASCII_YEAR.fullmatch(text):
            self.say(line, "year", "upload.not_year", written=text[: limits.MAX_VALUE_CHARS])
            return None
        year = int(text)
        if not YEAR_MIN <= year <= YEAR_MAX:
            self.say(line, "year", "upload.year_range", year=year, low=YEAR_MIN, high=YEAR_MAX)
            return None
        return year

    def row(self, line: int, cells: dict[str, str]) -> tuple[dict | None, tuple | None]:
        """(accepted row or None, duplicate key or None when the key itself is invalid)."""
        problems_before = len(self.report.problems)
        region_id, indicator_id = cells["region_id"], cells["indicator_id"]
        region_ok = self.identifier(line, "region_id", region_id, self.regions, "regions")
        indicator_ok = self.identifier(line, "indicator_id", indicator_id, self.units, "indicators")
        year = self.year(line, cells["year"])
        unit = self.units.get(indicator_id, "")
        written = cells["value"]
        value, parsed_qualifier = _parse_value(written, unit, self.filename, line, self.report)
        if value is not None and unit:
            problem = check_value_range(value, unit)
            if problem:
                self.say(line, "value", problem[0], **problem[1])
        qualifier = cells.get("qualifier", "")
        if qualifier and qualifier not in QUALIFIERS:
            known = ", ".join(QUALIFIERS)
            self.say(line, "qualifier", "upload.bad_qualifier", written=qualifier, known=known)
        elif qualifier and parsed_qualifier not in (None, EXACT, qualifier):
            self.say(
                line,
                "qualifier",
                "upload.qualifier_differs",
                WARNING,
                written=written,
                read=parsed_qualifier,
                given=qualifier,
            )
        key = (
            (region_id, indicator_id, year)
            if region_ok and indicator_ok and year is not None
            else None
        )
        new_problems = self.report.problems[problems_before:]
        if any(problem.severity == ERROR for problem in new_problems):
            return None, key
        # A bidirectional override would make the note read otherwise on screen and in files.
        source = strip_bidi(cells.get("source", ""))
        note = strip_bidi(cells.get("note") or "")
        return {
            "region_id": region_id,
            "indicator_id": indicator_id,
            "year": year,
            "value": value,
            "qualifier": qualifier or parsed_qualifier or EXACT,
            "value_as_written": written,
            "source_id": USER_SOURCE_ID,
            "excerpt": source,
            "period_start": None,
            "range_part": None,
            "derivation": None,
            "note": note or None,
            "user_supplied": True,
            "user_source": source,
        }, key


def _accepted_frame(rows: list[dict]) -> pd.DataFrame:
    """The accepted rows with the observation table's dtypes, so they can be concatenated."""
    return pd.DataFrame(rows, columns=list(FRAME_COLUMNS)).astype(FRAME_COLUMNS)


def _ragged_column(header: list[str], field_count: int) -> str:
    if field_count < len(header):
        return header[field_count].strip() or f"field {field_count + 1}"
    return f"field {len(header) + 1}"


def validate_upload(data: bytes, filename: str, dataset: Dataset) -> UploadResult:
    """Check an uploaded observations CSV; its rows are returned only if none is refused."""
    return check_upload(data, filename, Vocabulary.of(dataset))


def check_upload(data: bytes, filename: str, vocabulary: Vocabulary) -> UploadResult:
    """Check an observations CSV against a dataset's vocabulary; all rows or none.

    Reads UTF-8 (with or without BOM) and plausible GB18030/GBK, separated by commas, tabs
    or semicolons, within the limits of civdash.core.limits. Lines in problems are the file's
    own: the header is line 1. At most limits.MAX_PROBLEMS problems are kept; the rest are
    counted (Report.omitted_line).
    """
    report = Report(limit=limits.MAX_PROBLEMS)
    result = UploadResult(report)

    def refuse(line: int | None, key: str, **values) -> UploadResult:
        report.add_message(filename, line, WHOLE_FILE, key, values)
        return result

    def refused(error: InputRefused) -> UploadResult:
        report.add_message(filename, error.line, WHOLE_FILE, error.key, error.values, first=True)
        report.unreadable = report.unreadable or error.unreadable
        return result

    try:
        decoded = csv_input.decode(data)
    except InputRefused as error:
        return refused(error)
    text, encoding = decoded.text, decoded.encoding
    for key, values in decoded.warnings:
        report.add_message(filename, 1, WHOLE_FILE, key, values, WARNING)
    result.encoding = encoding
    header_example = ",".join(REQUIRED_COLUMNS)
    if not text.strip():
        return refuse(1, "upload.empty_file", header=header_example)
    if not _first_line(text).strip():
        return refuse(1, "upload.blank_header", header=header_example)
    delimiter = _sniff_delimiter(text)
    if delimiter is None:
        return refuse(1, "upload.no_delimiter")
    result.delimiter = delimiter
    report.notices.append(f"read {filename} as {encoding}, {DELIMITER_NAMES[delimiter]}-separated")

    checker = _Checker(filename, vocabulary, report)
    rows: list[dict] = []
    first_line_of: dict[tuple, int] = {}
    data_rows = 0
    header: list[str] = []
    positions: dict[str, int] | None = None
    try:
        for line, record in csv_input.records(text, delimiter):
            if line == 1:
                header = record
                positions = checker.header(header)
                if positions is None:
                    return result
                continue
            if not any(cell.strip() for cell in record):
                continue
            data_rows += 1
            if data_rows > limits.MAX_OBSERVATION_ROWS:
                report.add_message(
                    filename,
                    line,
                    WHOLE_FILE,
                    "input.too_many_rows",
                    {"limit": f"{limits.MAX_OBSERVATION_ROWS:,}"},
                    first=True,
                )
                data_rows -= 1
                break
            too_long = csv_input.long_field(record)
            if too_long is not None:
                index, length = too_long
                report.add_message(
                    filename,
                    line,
                    _ragged_column(header, index) if index < len(header) else f"field {index + 1}",
                    "input.field_too_long",
                    {"length": f"{length:,}", "limit": f"{limits.MAX_FIELD_CHARS:,}"},
                )
                continue
            if len(record) != len(header):
                # More fields than the header, split at commas: a number like 1,200 unquoted.
                thousands = delimiter == "," and len(record) > len(header)
                checker.say(
                    line,
                    _ragged_column(header, len(record)),
                    "upload.ragged_thousands" if thousands else "upload.ragged",
                    fields=len(record),
                    header=len(header),
                )
                continue
            cells = {name: record[position].strip() for name, position in positions.items()}
            row, key = checker.row(line, cells)
            if key is not None:
                if key in first_line_of:
                    checker.say(
                        line,
                        DUPLICATE_KEY,
                        "upload.duplicate",
                        first=first_line_of[key],
                        second=line,
                        given=", ".join(str(part) for part in key),
                    )
                    row = None
                else:
                    first_line_of[key] = line
            if row is not None:
                rows.append(row)
    except InputRefused as error:
        refused(error)
    report.row_counts["observations"] = data_rows
    if not header and not report.errors:
        return refuse(1, "upload.empty_file", header=header_example)
    if data_rows == 0 and not report.error_count:
        return refuse(1, "upload.no_rows")
    if not report.error_count:
        result.frame = _accepted_frame(rows)
    return result


def check_cells(cells: dict[str, str], filename: str, vocabulary: Vocabulary) -> UploadResult:
    """One row typed into a form, held to the rules every uploaded row meets (as line 2, under
    a header); its row is returned only when nothing was refused."""
    report = Report(limit=limits.MAX_PROBLEMS)
    result = UploadResult(report)
    for column, cell in cells.items():
        if csv_input.CONTROL_CHARACTERS.search(cell):
            report.add_message(filename, 2, column, "input.control")
        elif len(cell) > limits.MAX_FIELD_CHARS:
            values = {"length": f"{len(cell):,}", "limit": f"{limits.MAX_FIELD_CHARS:,}"}
            report.add_message(filename, 2, column, "input.field_too_long", values)
    if report.error_count:
        return result
    checker = _Checker(filename, vocabulary, report)
    row, _ = checker.row(2, {column: cell.strip() for column, cell in cells.items()})
    report.row_counts["observations"] = 1
    if row is not None and not report.error_count:
        result.frame = _accepted_frame([row])
    return result


def _open_regular_file(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_UPLOAD_BYTES, else InputRefused or OSError.

    A FIFO, a device or a directory is refused from its metadata: opening a FIFO without a
    writer would block forever, and a device such as /dev/zero never ends.
    """
    # O_NONBLOCK: should the path become a FIFO between stat and open, open still returns.
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            kind = (
                "a directory"
                if stat.S_ISDIR(mode)
                else "a named pipe (FIFO)"
                if stat.S_ISFIFO(mode)
                else "a device"
                if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
                else "a socket"
                if stat.S_ISSOCK(mode)
                else "not a regular file"
            )
            raise OSError(f"is {kind}, not a regular file; give the path of a CSV file")
        csv_input.check_size(os.fstat(descriptor).st_size)
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            # One byte over the limit is enough to refuse a file that grew after stat.
            data = handle.read(MAX_UPLOAD_BYTES + 1)
    finally:
        os.close(descriptor)
    csv_input.check_size(len(data))
    return data


def validate_upload_path(path: Path, data_folder: Path) -> Report:
    """Check a CSV on disk against the dataset in `data_folder`, for `python -m civdash validate`.

    A file that cannot be read, is not a regular file, is too large or is binary marks the
    report unreadable (exit 2).
    """
    filename = str(path)
    report = Report()
    try:
        data = _open_regular_file(path)
    except InputRefused as error:
        report.add_message(filename, error.line, WHOLE_FILE, error.key, error.values)
        report.unreadable = True
        return report
    except OSError as error:
        reason = error.strerror or str(error.args[0] if error.args else error)
        report.add(filename, None, WHOLE_FILE, f"cannot be read: {reason}")
        report.unreadable = True
        return report
    try:
        dataset = load_dataset(data_folder)
    except (OSError, ValueError, KeyError) as error:
        report.add(
            str(data_folder),
            None,
            WHOLE_FILE,
            f"the dataset cannot be loaded ({error}); check it with `python -m civdash validate`",
        )
        report.unreadable = True
        return report
    return validate_upload(data, filename, dataset).report
