"""Which indicators a page offers, how a picker labels them, and their comparability notes."""

from __future__ import annotations

from civdash.core.vocab import CATEGORIES
from civdash.data.loader import Dataset, used_categories
from civdash.i18n import category_name, text


def category_options(dataset: Dataset) -> list[str]:
    """Categories that have figures, in the fixed category order."""

    def compute() -> list[str]:
        reported = used_categories(dataset.facts["category"])
        return [category for category in CATEGORIES if category in reported]

    return dataset.memo(("category_options",), compute)


def indicator_options(dataset: Dataset, lang: str) -> list[str]:
    """Indicator ids that have figures, grouped by category in the fixed category order."""

    def compute() -> list[str]:
        used = dataset.reported_indicators
        indicators = dataset.indicators[dataset.indicators["indicator_id"].isin(used)].copy()
        indicators["category_order"] = indicators["category"].map(
            {category: position for position, category in enumerate(CATEGORIES)}
        )
        name_column = "name_zh" if lang == "zh" else "name_en"
        indicators = indicators.sort_values(["category_order", name_column])
        return indicators["indicator_id"].tolist()

    return dataset.memo(("indicator_options", lang), compute)


def indicator_label(dataset: Dataset, indicator_id: str, lang: str) -> str:
    """'Category · Indicator name' so that a searchable list stays grouped by category."""
    row = dataset.indicator_rows.get(indicator_id)
    if row is None:
        return indicator_id
    name = row["name_zh"] if lang == "zh" else row["name_en"]
    return f"{category_name(row['category'], lang)} · {name}"


def comparability_note(dataset: Dataset, indicator_id: str, lang: str) -> str:
    """The indicator's comparability note in the language ('' when it has none)."""
    row = dataset.indicator_rows.get(indicator_id) or {}
    note = row.get("comparability_zh" if lang == "zh" else "comparability")
    return note if isinstance(note, str) else ""


def comparability_caption(dataset: Dataset, indicator_id: str, lang: str) -> str:
    """'可比性：…' under a chart or map of the indicator ('' when it has no note)."""
    note = comparability_note(dataset, indicator_id, lang)
    return text("compare.comparability", lang, text=note) if note else ""
