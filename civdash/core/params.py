"""Parse URL query parameters: each with an explicit ASCII pattern, in this one place.

str.isdigit() and int() accept superscript, circled and Arabic-Indic digits ('²⁰¹⁵', '①'),
and \\d matches them too; a link must never crash a page, so every pattern here spells out
its characters. Each parser returns None (or a fallback with valid=False) for anything else,
and the page says so with a notice.
"""

from __future__ import annotations

import re

from civdash.i18n import DEFAULT_LANGUAGE, LANGUAGES

PRESENT_ON = ("1", "true", "yes")
PRESENT_OFF = ("0", "false", "no")
YEAR = re.compile(r"[0-9]{4}")
# Region, indicator, category, plan, source and observation ids (demo:330200:beds:2012):
# ASCII letters, digits and _ . : - , at most 128 of them.
IDENTIFIER = re.compile(r"[A-Za-z0-9_.:\-]{1,128}")
# Items in a comma-separated list; a longer list is a crafted link, not a view.
MAX_LIST_ITEMS = 200


def language(raw: str | None) -> tuple[str, bool]:
    """(language, was_valid): anything but zh/en falls back to Chinese; absent is valid."""
    if raw in LANGUAGES:
        return raw, True
    return DEFAULT_LANGUAGE, raw is None


def present(raw: str | None) -> tuple[bool | None, bool]:
    """(presentation mode or None when absent or invalid, was_valid)."""
    if raw is None:
        return None, True
    if raw in PRESENT_ON:
        return True, True
    if raw in PRESENT_OFF:
        return False, True
    return None, False


def year(raw: str | None) -> int | None:
    """A four-digit year in ASCII digits, else None."""
    return int(raw) if raw is not None and YEAR.fullmatch(raw) else None


def identifier(raw: str | None) -> str | None:
    """An id in the IDENTIFIER pattern, else None."""
    return raw if raw is not None and IDENTIFIER.fullmatch(raw) else None


def identifier_list(raw: str | None) -> tuple[list[str], bool]:
    """(the well-formed ids of 'a,b,c', whether every item was well-formed)."""
    if raw is None:
        return [], True
    items = [item for item in raw.split(",", MAX_LIST_ITEMS) if item]
    good = [item for item in items[:MAX_LIST_ITEMS] if IDENTIFIER.fullmatch(item)]
    return good, len(good) == len(items)
