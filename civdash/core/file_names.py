"""Download file names: ASCII, meaningful, with the years they cover (one rule for every file)."""

from __future__ import annotations

import re


def slug(text: str) -> str:
    """ASCII file-name part: 'dibao_standard_urban' -> 'dibao-standard-urban'."""
    cleaned = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return cleaned or "all"


def file_name(subject: str, years: tuple[int | None, int | None] | None, extension: str) -> str:
    """e.g. civil-affairs_dibao-standard-urban_2012-2022.csv; no year part when `years` is None
    (a result that is not about years, such as a station analysis)."""
    if years is None:
        return f"civil-affairs_{slug(subject)}.{extension}"
    return f"civil-affairs_{slug(subject)}_{file_years(years)}.{extension}"


def file_years(years: tuple[int | None, int | None]) -> str:
    """The years part of a file name: 2012-2022, 2015, or all-years."""
    first, last = years
    if first is None and last is None:
        return "all-years"
    if first == last or last is None:
        return str(first)
    if first is None:
        return str(last)
    return f"{first}-{last}"
