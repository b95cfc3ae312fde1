"""The method page's sections (curation, checks, rules and citation), read from i18n.py."""

from __future__ import annotations

from civdash.i18n import LANGUAGES, STRINGS, text

# The sections are i18n keys method.section.<n>.heading / .body (trusted Markdown written there,
# never data), numbered from 1 in page order.
SECTION_COUNT = sum(
    1 for key in STRINGS if key.startswith("method.section.") and key.endswith(".heading")
)


def section(number: int, lang: str) -> tuple[str, str]:
    """(heading, body) of one section in `lang`."""
    return (
        text(f"method.section.{number}.heading", lang),
        text(f"method.section.{number}.body", lang),
    )


SECTIONS: tuple[dict[str, tuple[str, str]], ...] = tuple(
    {lang: section(number, lang) for lang in LANGUAGES} for number in range(1, SECTION_COUNT + 1)
)
