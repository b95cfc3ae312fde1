"""Every user-facing string in Chinese and English, and the helpers that pick one."""

from __future__ import annotations

import tomllib
from pathlib import Path

# The UI languages; Chinese first (the default, without ?lang=).
LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "STRINGS", "text"]

CATALOGUES = Path(__file__).parent


def _load_catalogues() -> dict[str, tuple[str, str]]:
    """Every *.toml beside this file: [key] with zh and en; a key in two files is an error."""
    strings: dict[str, tuple[str, str]] = {}
    for path in sorted(CATALOGUES.glob("*.toml")):
        with path.open("rb") as handle:
            for key, entry in tomllib.load(handle).items():
                if key in strings:
                    raise ValueError(f"UI string {key!r} is defined twice ({path.name})")
                strings[key] = (entry["zh"], entry["en"])
    return strings


STRINGS: dict[str, tuple[str, str]] = _load_catalogues()

PAGE_KEYS = (
    "overview",
    "trends",
    "compare",
    "profile",
    "map",
    "plans",
    "data",
    "source",
    "method",
    "contribute",
)


def text(key: str, lang: str, **values) -> str:
    """The string for `key` in `lang`, with {placeholders} filled in."""
    pair = STRINGS.get(key)
    if pair is None:
        raise KeyError(f"no UI string named {key!r}")
    chosen = pair[0] if lang == "zh" else pair[1]
    return chosen.format(**values) if values else chosen


def join(items, lang: str) -> str:
    """The one list joiner per language: 宁波市、衢州市 / Ningbo, Quzhou. Items that hold the
    separator themselves ('Quzhou 14,820 beds (2013)') are set off with semicolons instead."""
    items = [str(item) for item in items]
    separator, fallback = ("、", ";") if lang == "zh" else (", ", "; ")
    if any(separator.strip() in item for item in items):
        return fallback.join(items)
    return separator.join(items)


def category_name(category: str, lang: str) -> str:
    key = f"category.{category}"
    return text(key, lang) if key in STRINGS else category


def qualifier_name(qualifier: str, lang: str) -> str:
    return text(f"qualifier.{qualifier}", lang) if qualifier else ""
