"""Check an analyst's observations CSV against the dataset's regions, indicators and units."""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import math
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from civdash.loader import Dataset, load_dataset
from civdash.numbers import (
    APPROX_MARKERS,
    AT_LEAST_MARKERS,
    AT_MOST_MARKERS,
    CHINESE_DIGITS,
    CHINESE_UNITS,
    EXACT,
    MULTIPLIERS,
    NumberParseError,
    parse_chinese_number,
)
from civdash.validate import ERROR, INFO, WARNING, Report, check_value_range
from civdash.vocab import QUALIFIERS, UNITS, YEAR_MAX, YEAR_MIN

# Documented limit: a year of figures for every region fits in well under 1 MB, so anything
# near 10 MB is almost certainly the wrong file, and it keeps validation under a few seconds.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
LIMIT_TEXT = f"the {MAX_UPLOAD_BYTES // (1024 * 1024)} MB upload limit"

REQUIRED_COLUMNS = ("region_id", "indicator_id", "year", "value")
OPTIONAL_COLUMNS = ("qualifier", "source", "note")
# utf-8-sig also reads plain UTF-8; GB18030 is a superset of the GBK that Chinese Excel writes.
ENCODINGS = ("utf-8-sig", "gb18030")
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
# The sniffer only needs the first lines; on a whole 10 MB file its regexes take seconds.
SNIFF_SAMPLE_CHARS = 16 * 1024

# Control characters other than tab, line ends, vertical tab and form feed never occur in a
# CSV that a person typed or Excel saved, but are common in images, workbooks and PDFs.
BINARY_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1f]")
PLAIN_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")
_MARKERS = "|".join(
    re.escape(marker) for marker in sorted({*APPROX_MARKERS, *AT_LEAST_MARKERS, *AT_MOST_MARKERS})
)
_NUMERALS = "".join([*CHINESE_DIGITS, *CHINESE_UNITS])
# A figure as Chinese reports write it: markers, one number, then only markers, multipliers,
# % or 倍. parse_chinese_number takes the first number it finds in any text, so this keeps
# '12abc' and '1万2千' (which it would misread) from reaching it.
CHINESE_FIGURE = re.compile(
    rf"(?:{_MARKERS})*\s*"
    rf"(?:[-−+]?\d+(?:[,，]\d{{3}})*(?:[.．]\d+)?|[{_NUMERALS}]+)"
    rf"\s*(?:{_MARKERS}|[{''.join(MULTIPLIERS)}%％倍]|\s)*"
)
PERCENT_FAMILY = {unit for unit in UNITS if unit.startswith("percent")}
YEAR_PATTERN = re.compile(r"\d{4}")
LINE_END = re.compile(r"\r\n|\r|\n")
NUMBER_EXAMPLES = "write e.g. 1200, 1.2万 or 14.27亿"


@dataclass
class UploadResult:
    """The checks on one uploaded file; `frame` holds its rows only when nothing was refused."""

    report: Report
    frame: pd.DataFrame | None = None
    encoding: str = ""
    delimiter: str = ""


def _decode(data: bytes) -> tuple[str | None, str]:
    """The text and the name of the encoding that read it, or (None, '') if none did."""
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8-sig":
            encoding = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
        return text, encoding
    return None, ""


def _first_line(text: str) -> str:
    """The header line, split where csv splits lines (str.splitlines also splits at form feeds)."""
    return LINE_END.split(text, maxsplit=1)[0]


def _sniff_delimiter(text: str) -> str | None:
    """Comma, tab or semicolon; the header line decides when the sniffer cannot."""
    header = _first_line(text)
    sample = text[:SNIFF_SAMPLE_CHARS]
    if len(text) > SNIFF_SAMPLE_CHARS and "\n" in sample:
        # A cut-off last line has fewer fields and would make the sniffer doubt the delimiter.
        sample = sample[: sample.rindex("\n")]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        delimiter = None
    # The header holds only column names, so a delimiter missing from it is a wrong guess.
    if delimiter in DELIMITER_NAMES and delimiter in header:
        return delimiter
    counts = {candidate: header.count(candidate) for candidate in DELIMITERS}
    best = max(counts, key=counts.get)
    return best if counts[best] else None


def _parse_value(
    text: str, unit: str, filename: str, line: int, report: Report
) -> tuple[float | None, str | None]:
    """(value, qualifier read from the figure or None) or (None, None) after an error."""
    if not text:
        report.add(filename, line, "value", "is required but empty")
        return None, None
    if PLAIN_NUMBER.fullmatch(text):
        value, qualifier = float(text), None
    elif CHINESE_FIGURE.fullmatch(text):
        try:
            parsed = parse_chinese_number(text)
        except NumberParseError:
            report.add(filename, line, "value", f"'{text}' is not a number; {NUMBER_EXAMPLES}")
            return None, None
        if parsed.is_percent and unit and unit not in PERCENT_FAMILY:
            report.add(filename, line, "value", f"'{text}' is a percentage but the unit is {unit}")
            return None, None
        if parsed.is_multiple and unit and unit != "times":
            report.add(filename, line, "value", f"'{text}' is a multiple but the unit is {unit}")
            return None, None
        value, qualifier = parsed.value, parsed.qualifier
        report.add(
            filename,
            line,
            "value",
            f"'{text}' converted to {value:,.15g} ({qualifier})",
            INFO,
        )
    else:
        report.add(filename, line, "value", f"'{text}' is not a number; {NUMBER_EXAMPLES}")
        return None, None
    if not math.isfinite(value):
        report.add(filename, line, "value", f"'{text}' is not a finite number")
        return None, None
    return value, qualifier


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


class _Checker:
    """Row checks against one dataset, collecting problems for one file."""

    def __init__(self, filename: str, dataset: Dataset, report: Report) -> None:
        self.filename = filename
        self.report = report
        self.regions = set(dataset.regions["region_id"].dropna())
        self.units = dict(
            zip(dataset.indicators["indicator_id"], dataset.indicators["unit"], strict=True)
        )
        # A file may repeat one misspelt id on thousands of rows; difflib is slow enough to matter.
        self.suggestions: dict[str, str] = {}

    def add(self, line: int, column: str, message: str, severity: str = ERROR) -> None:
        self.report.add(self.filename, line, column, message, severity)

    def header(self, names: list[str]) -> dict[str, int] | None:
        """Column positions by name, or None when a required column is missing."""
        positions: dict[str, int] = {}
        expected = ", ".join(REQUIRED_COLUMNS + OPTIONAL_COLUMNS)
        for index, raw_name in enumerate(names):
            name = raw_name.strip().lower()
            if name not in REQUIRED_COLUMNS and name not in OPTIONAL_COLUMNS:
                label = raw_name.strip() or f"field {index + 1}"
                self.add(1, label, f"unknown column, ignored; known columns: {expected}", WARNING)
            elif name in positions:
                self.add(
                    1,
                    name,
                    f"appears twice in the header (fields {positions[name] + 1} and {index + 1})",
                )
            else:
                positions[name] = index
        missing = [column for column in REQUIRED_COLUMNS if column not in positions]
        for column in missing:
            self.add(1, column, "required column is missing from the header")
        return None if missing else positions

    def suggestion(self, value: str, known: Collection[str]) -> str:
        if value not in self.suggestions:
            close = difflib.get_close_matches(value, sorted(known), n=1)
            self.suggestions[value] = f"; did you mean '{close[0]}'?" if close else ""
        return self.suggestions[value]

    def identifier(
        self, line: int, column: str, value: str, known: Collection[str], table: str
    ) -> bool:
        if not value:
            self.add(line, column, "is required but empty")
            return False
        if value not in known:
            hint = self.suggestion(value, known)
            self.add(line, column, f"'{value}' is not in the dataset's {table}.csv{hint}")
            return False
        return True

    def year(self, line: int, text: str) -> int | None:
        if not text:
            self.add(line, "year", "is required but empty")
            return None
        if not YEAR_PATTERN.fullmatch(text):
            self.add(line, "year", f"'{text}' is not a four-digit year")
            return None
        year = int(text)
        if not YEAR_MIN <= year <= YEAR_MAX:
            self.add(line, "year", f"{year} is outside {YEAR_MIN}-{YEAR_MAX}")
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
            message = check_value_range(value, unit)
            if message:
                self.add(line, "value", message)
        qualifier = cells.get("qualifier", "")
        if qualifier and qualifier not in QUALIFIERS:
            self.add(line, "qualifier", f"'{qualifier}' is not one of: {', '.join(QUALIFIERS)}")
        elif qualifier and parsed_qualifier not in (None, EXACT, qualifier):
            self.add(
                line,
                "qualifier",
                f"'{written}' reads as {parsed_qualifier}, not {qualifier}",
                WARNING,
            )
        key = (
            (region_id, indicator_id, year)
            if region_ok and indicator_ok and year is not None
            else None
        )
        new_problems = self.report.problems[problems_before:]
        if any(problem.severity == ERROR for problem in new_problems):
            return None, key
        source = cells.get("source", "")
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
            "note": cells.get("note") or None,
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
    """Check an uploaded observations CSV; its rows are returned only if none is refused.

    Reads UTF-8 (with or without BOM) and GB18030/GBK, separated by commas, tabs or
    semicolons. Lines in problems are the file's own: the header is line 1.
    """
    report = Report()
    result = UploadResult(report)

    def refuse(line: int | None, message: str, unreadable: bool = False) -> UploadResult:
        report.add(filename, line, WHOLE_FILE, message)
        report.unreadable = unreadable
        return result

    if len(data) > MAX_UPLOAD_BYTES:
        return refuse(None, f"is larger than {LIMIT_TEXT}; split it into smaller files", True)
    if data.startswith(b"PK\x03\x04"):
        return refuse(None, "is a ZIP or Excel workbook, not a CSV; save it as CSV UTF-8", True)
    if b"\x00" in data:
        return refuse(
            None,
            "contains NUL bytes: a binary or UTF-16 file, not a CSV; save it as CSV UTF-8",
            True,
        )
    text, encoding = _decode(data)
    if text is None:
        return refuse(None, "is neither UTF-8 nor GB18030/GBK text; save it as CSV UTF-8", True)
    binary = BINARY_CHARACTERS.search(text)
    if binary:
        line = text.count("\n", 0, binary.start()) + 1
        return refuse(line, "contains control characters: a binary file, not a CSV", True)
    result.encoding = encoding
    header_example = ",".join(REQUIRED_COLUMNS)
    if not text.strip():
        return refuse(1, f"the file is empty; line 1 must be the header: {header_example}")
    if not _first_line(text).strip():
        return refuse(1, f"line 1 is blank; it must be the header: {header_example}")
    delimiter = _sniff_delimiter(text)
    if delimiter is None:
        return refuse(
            1, "cannot tell how the columns are separated; use commas, tabs or semicolons"
        )
    result.delimiter = delimiter
    report.notices.append(f"read {filename} as {encoding}, {DELIMITER_NAMES[delimiter]}-separated")

    checker = _Checker(filename, dataset, report)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[dict] = []
    first_line_of: dict[tuple, int] = {}
    data_rows = 0
    last_line = 0
    try:
        header = next(reader)
        last_line = reader.line_num
        positions = checker.header(header)
        if positions is None:
            return result
        for record in reader:
            # line_num is where a record ends; a quoted cell may span lines, so it starts here.
            line, last_line = last_line + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            data_rows += 1
            if len(record) != len(header):
                hint = (
                    '; quote numbers written with thousands separators, e.g. "1,200"'
                    if delimiter == "," and len(record) > len(header)
                    else ""
                )
                checker.add(
                    line,
                    _ragged_column(header, len(record)),
                    f"row has {len(record)} fields but the header has {len(header)}{hint}",
                )
                continue
            cells = {name: record[position].strip() for name, position in positions.items()}
            row, key = checker.row(line, cells)
            if key is not None:
                if key in first_line_of:
                    checker.add(
                        line,
                        DUPLICATE_KEY,
                        f"lines {first_line_of[key]} and {line} both give "
                        f"{key[0]}, {key[1]}, {key[2]}",
                    )
                    row = None
                else:
                    first_line_of[key] = line
            if row is not None:
                rows.append(row)
    except csv.Error as error:
        checker.add(last_line + 1, WHOLE_FILE, f"cannot be read as CSV: {error}")
    report.row_counts["observations"] = data_rows
    if data_rows == 0 and not report.errors:
        return refuse(1, "has a header but no data rows")
    if not report.errors:
        result.frame = _accepted_frame(rows)
    return result


def validate_upload_path(path: Path, data_folder: Path) -> Report:
    """Check a CSV on disk against the dataset in `data_folder`, for `python -m civdash validate`.

    A file that cannot be read, is too large or is binary marks the report unreadable (exit 2).
    """
    filename = str(path)
    report = Report()
    try:
        size = path.stat().st_size
        if path.is_file() and size > MAX_UPLOAD_BYTES:
            report.add(filename, None, WHOLE_FILE, f"is {_megabytes(size)}, over {LIMIT_TEXT}")
            report.unreadable = True
            return report
        with path.open("rb") as handle:
            # One byte over the limit is enough to refuse a stream whose size stat cannot tell.
            data = handle.read(MAX_UPLOAD_BYTES + 1)
    except OSError as error:
        report.add(filename, None, WHOLE_FILE, f"cannot be read: {error.strerror or error}")
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
