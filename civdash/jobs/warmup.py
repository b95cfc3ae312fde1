"""Imported once by the worker forkserver: what report jobs need is loaded before any fork."""

from __future__ import annotations

import csv

from civdash.data.loader import data_dir
from civdash.workbench import (
    review,  # noqa: F401 - imported so each job starts with them
    suggest,  # noqa: F401 - imported so each job starts with them
)

# jieba's dictionary takes some 5 s to load; loaded here, every job forked afterwards shares
# it, and a small report is answered in about a second instead of six.
suggest._jieba()
suggest._simplifier()


def _prime_indicator_words() -> None:
    """Cut the words of every indicator field and curated excerpt in data/ once, so a job's
    suggester (built from the same texts) finds them cached."""
    folder = data_dir()
    try:
        with open(folder / "indicators.csv", encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                for field in ("name_zh", "definition_zh", "name_en"):
                    suggest.tokens(row.get(field) or "")
        with open(folder / "observations.csv", encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                suggest.tokens(row.get("excerpt") or "")
    except (OSError, csv.Error, UnicodeDecodeError):
        pass  # a job then cuts its words itself, as before


_prime_indicator_words()
