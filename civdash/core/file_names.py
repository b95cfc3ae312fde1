"""Download file names: ASCII, meaningful, with the years they cover (one rule for every file)."""

from __future__ import annotations

import re

from civdash.core.formatting import file_years


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
