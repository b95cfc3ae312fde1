"""Which regions a page offers: focus regions first, related regions beside them, never summed."""

from __future__ import annotations

import pandas as pd

from civdash.data.loader import Dataset, used_categories
from civdash.i18n import join, text


def focus_regions(dataset: Dataset) -> list[str]:
    return dataset.regions.loc[dataset.regions["focus"].fillna(False), "region_id"].tolist()


def regions_with_data(dataset: Dataset) -> list[str]:
    """Regions that report at least one figure, focus regions first, then in file order."""

    def compute() -> list[str]:
        ordered = focus_regions(dataset) + dataset.regions["region_id"].tolist()
        reported = dataset.reported_regions
        return [region for region in dict.fromkeys(ordered) if region in reported]

    return dataset.memo(("regions_with_data",), compute)


def related_regions(dataset: Dataset, focus: list[str], reporting: pd.Series) -> list[str]:
    """Regions beside the focus ones that report this indicator and sit next to one of them.

    A county or district of a focus city, or the city that contains a focus district (Huangshi
    for Huangshigang), is shown beside it, never summed into it. Unrelated regions stay out, so
    a comparison of the focus cities never turns into thousands of bars at national scale.
    """
    focus_set = set(focus)
    parents_of_focus = {dataset.parent_of.get(region) for region in focus}
    reported = used_categories(reporting)
    return [
        region
        for region in regions_with_data(dataset)
        if region in reported
        and region not in focus_set
        and (dataset.parent_of.get(region) in focus_set or region in parents_of_focus)
    ]


def reporting_regions(dataset: Dataset, indicator_id: str) -> list[str]:
    """Regions with a figure for the indicator, focus regions first, in file order."""
    facts = dataset.facts
    reporting = used_categories(facts.loc[facts["indicator_id"] == indicator_id, "region_id"])
    return [region for region in regions_with_data(dataset) if region in reporting]


def regions_after_indicator_change(
    chosen: list[str], previous_default: list[str], reporting: list[str], default: list[str]
) -> list[str]:
    """Trend regions once the indicator changes.

    Regions left at the old indicator's default reset to the new indicator's reporting
    regions; regions the user chose are kept where they report the new indicator, and reset
    when none of them does. A region that does not report it is never kept silently.
    """
    if not chosen or list(chosen) == list(previous_default):
        return list(default)
    kept = [region for region in chosen if region in set(reporting)]
    return kept or list(default)


def also_reported_by(chosen: list[str], reporting: list[str]) -> list[str]:
    """Regions that report the indicator but are not on the chart."""
    shown = set(chosen)
    return [region for region in reporting if region not in shown]


def region_names(dataset: Dataset, region_ids, lang: str, limit: int | None = None) -> str:
    """'宁波、温州' or 'Ningbo, Wenzhou' (and how many more beyond `limit`), for a sentence."""
    region_ids = list(region_ids)
    shown = region_ids if limit is None else region_ids[:limit]
    names = join([dataset.region_name(r, lang) for r in shown], lang)
    if limit is not None and len(region_ids) > limit:
        names += text("map.and_more", lang, count=len(region_ids) - limit)
    return names
