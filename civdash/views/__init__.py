"""View models: what each page shows, already selected, localised and memoised per dataset.

Shared building blocks live in purpose-named modules (regions, indicators, sources, facts);
each page has its own module (views/trends.py, ...) with one `build` entry point. The names
below are re-exported so that `views.source_titles` and the like keep reading naturally.
"""

from civdash.core.formatting import figures_span, years_span
from civdash.data.choices import default
from civdash.data.indicator_names import (
    category_options,
    comparability_caption,
    comparability_note,
    indicator_label,
    indicator_options,
)
from civdash.data.region_names import (
    also_reported_by,
    focus_regions,
    region_names,
    regions_after_indicator_change,
    regions_with_data,
    related_regions,
    reporting_regions,
)
from civdash.data.source_names import (
    card_source,
    source_column,
    source_line,
    source_names,
    source_ranges,
    source_sheet,
    source_titles,
)
from civdash.views.facts import (
    Comparison,
    comparison,
    display_table,
    filter_rows,
    headline_cards,
    indicator_sheet,
    mixed_years_note,
    nearest_years,
    note_column,
    outside_window_text,
    period_label,
    profile_rows,
    trend_rows,
)

__all__ = [
    "default",
    "Comparison",
    "also_reported_by",
    "card_source",
    "category_options",
    "comparability_caption",
    "comparability_note",
    "comparison",
    "display_table",
    "filter_rows",
    "focus_regions",
    "headline_cards",
    "indicator_label",
    "indicator_options",
    "indicator_sheet",
    "mixed_years_note",
    "nearest_years",
    "note_column",
    "outside_window_text",
    "period_label",
    "profile_rows",
    "region_names",
    "regions_after_indicator_change",
    "regions_with_data",
    "related_regions",
    "reporting_regions",
    "source_column",
    "source_line",
    "source_names",
    "source_ranges",
    "source_sheet",
    "source_titles",
    "figures_span",
    "trend_rows",
    "years_span",
]
