"""Downloads: CSV with a BOM, XLSX with data, indicator and source sheets, safe file names."""

from __future__ import annotations

import io
import re

import pandas as pd

from civdash.wording import export_number, file_years

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
UTF8_BOM = b"\xef\xbb\xbf"


def neutralise(value):
    """Prefix text that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy in which every text cell is neutralised; numbers stay numbers."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    safe.columns = [neutralise(str(column)) for column in safe.columns]
    return safe


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a BOM, so that Excel on Chinese Windows shows the characters correctly."""
    safe = safe_frame(frame)
    for column in safe.columns:
        if pd.api.types.is_float_dtype(safe[column]):
            # A whole number is written 320, not 320.0; other values keep every digit.
            safe[column] = pd.Series(
                [export_number(value) for value in safe[column]], index=safe.index, dtype=object
            )
    return UTF8_BOM + safe.to_csv(index=False).encode("utf-8")


# An Excel sheet holds 1,048,576 rows, one of them the header.
XLSX_MAX_ROWS = 1_048_575


def xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """One workbook, a sheet per frame, with a frozen header row and sensible widths."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            sheet_name = re.sub(r"[\[\]:*?/\\]", "_", name)[:31]
            safe_frame(frame).to_excel(writer, sheet_name=sheet_name, index=False)
            worksheet = writer.sheets[sheet_name]
            worksheet.freeze_panes = "A2"
            for index, column in enumerate(frame.columns, start=1):
                longest = max([len(str(column))] + [len(str(v)) for v in frame[column].head(200)])
                letter = worksheet.cell(row=1, column=index).column_letter
                worksheet.column_dimensions[letter].width = min(60, max(8, longest * 1.3))
    return buffer.getvalue()


def slug(text: str) -> str:
    """ASCII file-name part: 'dibao_standard_urban' -> 'dibao-standard-urban'."""
    cleaned = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return cleaned or "all"


def file_name(subject: str, years: tuple[int | None, int | None] | None, extension: str) -> str:
    """e.g. civil-affairs_dibao-standard-urban_2012-2022.csv; no year part when `years` is None
    (a result that is not about years, such as a station analysis)."""
    if years is None:
        return f"civil-affairs_{slug(subject)}.{extension}"
    return f"civil-affairs_{slug(subject)}_{file_years(*years)}.{extension}"
