"""Level and peer context: district and county marks, never-sum notes, peers, indicator search."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from civdash.core.formatting import year_span
from civdash.data.loader import Dataset
from civdash.data.region_names import regions_with_data
from civdash.i18n import category_name, join, text

LOWER_LEVELS = ("district", "county")
# The overview's search: longer queries are cut, results capped (a query runs on every rerun).
SEARCH_MAX_CHARS, SEARCH_MAX_RESULTS = 40, 12
PEER_NAMES_SHOWN = 6


def lower_level_regions(levels: dict[str, str]) -> set[str]:
    """Districts and counties shown beside a prefecture city or province: these get marked."""
    if not any(level in ("prefecture", "province") for level in levels.values()):
        return set()
    return {region for region, level in levels.items() if level in LOWER_LEVELS}


def level_suffix(level: str, lang: str) -> str:
    return text(f"level.suffix.{level}", lang) if level in LOWER_LEVELS else ""


def level_notes(dataset: Dataset, region_ids, lang: str) -> list[str]:
    """What a chart of these regions must say about levels: mixed sizes, and never summing."""
    regions = list(dict.fromkeys(str(region) for region in region_ids))
    levels = region_levels(dataset, regions)
    notes = []
    if lower_level_regions(levels):
        notes.append(text("level.mixed_note", lang))
    shown = set(regions)
    for region in regions:
        parent = dataset.parent_of.get(region)
        if parent in shown:
            notes.append(
                text(
                    "level.parent_child",
                    lang,
                    child=dataset.region_name(region, lang),
                    parent=dataset.region_name(parent, lang),
                )
            )
    return notes


def region_levels(dataset: Dataset, region_ids) -> dict[str, str]:
    levels = dataset.memo(
        ("region_levels",),
        lambda: dict(zip(dataset.regions["region_id"], dataset.regions["level"], strict=True)),
    )
    return {str(region): str(levels.get(str(region), "")) for region in region_ids}


# --- peers ------------------------------------------------------------------------------------


def peer_table(dataset: Dataset) -> dict[str, list[dict]]:
    """Per indicator, each reporting region's latest figure, highest value first."""

    def compute() -> dict[str, list[dict]]:
        # Four columns sorted once and read as plain lists: iterating the full frame row by row
        # took seconds. A stable sort keeps each indicator's ties in the order of `latest`.
        latest = dataset.latest[["indicator_id", "region_id", "year", "value"]]
        ordered = latest.sort_values("value", ascending=False, kind="stable")
        table: dict[str, list[dict]] = {}
        for indicator_id, region, year, value in zip(
            ordered["indicator_id"].astype(str).tolist(),
            ordered["region_id"].astype(str).tolist(),
            ordered["year"].astype(int).tolist(),
            ordered["value"].astype(float).tolist(),
            strict=True,
        ):
            table.setdefault(indicator_id, []).append(
                {"region_id": region, "year": year, "value": value}
            )
        return table

    return dataset.memo(("peer_table",), compute)


def peer_summary(dataset: Dataset, indicator_id: str, region_id: str, lang: str) -> str:
    """'3 regions report this: Nantong 2022, Quzhou 2013; … ranks 2 of 3 …' for one figure."""
    peers = peer_table(dataset).get(indicator_id, [])
    if len(peers) <= 1:
        return text("peer.only", lang)
    others = [peer for peer in peers if peer["region_id"] != region_id]
    names = [
        f"{dataset.region_name(peer['region_id'], lang)} {peer['year']}"
        for peer in others[:PEER_NAMES_SHOWN]
    ]
    listed = join(names, lang)
    if len(others) > PEER_NAMES_SHOWN:
        listed += text("map.and_more", lang, count=len(others) - PEER_NAMES_SHOWN)
    summary = text("peer.summary", lang, count=len(peers), regions=listed)
    positions = [index for index, peer in enumerate(peers) if peer["region_id"] == region_id]
    if not positions:
        return summary
    years = {peer["year"] for peer in peers}
    rank = positions[0] + 1
    if len(years) == 1:
        ranking = text(
            "peer.rank_same_year", lang, year=next(iter(years)), rank=rank, count=len(peers)
        )
    else:
        ranking = text("peer.rank", lang, rank=rank, count=len(peers))
    return f"{summary};{ranking}" if lang == "zh" else f"{summary}; {ranking}"


# --- indicator-first entry --------------------------------------------------------------------


@dataclass(frozen=True)
class SearchResult:
    indicator_id: str
    label: str
    regions: str
    region_count: int


def search_indicators(dataset: Dataset, query: str, lang: str) -> tuple[list[SearchResult], int]:
    """Indicators whose names (either language), id or category match every word of `query`.

    Plain substring tests on a capped query: no regular expression ever sees user input.
    Returns the first SEARCH_MAX_RESULTS and the number of further matches.
    """
    words = str(query or "")[:SEARCH_MAX_CHARS].casefold().split()
    if not words:
        return [], 0
    index = dataset.memo(("indicator_search_index",), lambda: _search_index(dataset))
    matches = [row for row in index if all(word in row["haystack"] for word in words)]
    name_key = "name_zh" if lang == "zh" else "name_en"
    # Indicators more regions report come first: they are the ones worth comparing.
    matches.sort(key=lambda row: (-len(row["regions"]), row[name_key]))
    results = [
        SearchResult(
            indicator_id=row["indicator_id"],
            label=f"{category_name(row['category'], lang)} · {row[name_key]}",
            regions=reporting_line(dataset, row["regions"], lang),
            region_count=len(row["regions"]),
        )
        for row in matches[:SEARCH_MAX_RESULTS]
    ]
    return results, max(0, len(matches) - SEARCH_MAX_RESULTS)


def _search_index(dataset: Dataset) -> list[dict]:
    facts = dataset.facts
    spans = (
        facts.groupby(["indicator_id", "region_id"], observed=True)["year"]
        .agg(["min", "max"])
        .reset_index()
    )
    order = {region: position for position, region in enumerate(regions_with_data(dataset))}
    by_indicator: dict[str, list[tuple[str, int, int]]] = {}
    for row in spans.itertuples():
        by_indicator.setdefault(str(row.indicator_id), []).append(
            (str(row.region_id), int(row.min), int(row.max))
        )
    index = []
    for indicator_id, regions in by_indicator.items():
        row = dataset.indicator_rows.get(indicator_id)
        if row is None:
            continue
        zh_category, en_category = (
            category_name(row["category"], "zh"),
            category_name(row["category"], "en"),
        )
        haystack = " ".join(
            str(part)
            for part in (
                indicator_id.replace("_", " "),
                row["name_zh"],
                row["name_en"],
                zh_category,
                en_category,
            )
        ).casefold()
        index.append(
            {
                "indicator_id": indicator_id,
                "name_zh": row["name_zh"],
                "name_en": row["name_en"],
                "category": row["category"],
                "haystack": haystack,
                "regions": sorted(regions, key=lambda item: order.get(item[0], len(order))),
            }
        )
    return index


def reporting_line(dataset: Dataset, regions: list[tuple[str, int, int]], lang: str) -> str:
    """'3 regions: Nantong 2022, Quzhou 2013, Huangshigang District 2010–2015'."""
    parts = []
    for region_id, first, last in regions[:PEER_NAMES_SHOWN]:
        span = year_span(first, last)
        parts.append(f"{dataset.region_name(region_id, lang)} {span}")
    listed = join(parts, lang)
    if len(regions) > PEER_NAMES_SHOWN:
        listed += text("map.and_more", lang, count=len(regions) - PEER_NAMES_SHOWN)
    if len(regions) == 1:
        return text("overview.search_region_one", lang, regions=listed)
    return text("overview.search_regions", lang, count=len(regions), regions=listed)


def mark_levels(frame: pd.DataFrame, levels: dict[str, str], lang: str) -> pd.DataFrame:
    """Add 'lower_level' (drawn with a pattern beside cities) and suffix the label of every
    district and county with (区)/(县), also when it stands alone: a single district bar must
    not read as a city."""
    marked = lower_level_regions(levels)
    frame = frame.copy()
    frame["lower_level"] = frame["region_id"].isin(marked)
    frame["region"] = [
        f"{region}{level_suffix(levels.get(region_id, ''), lang)}"
        for region, region_id in zip(frame["region"], frame["region_id"], strict=True)
    ]
    return frame
