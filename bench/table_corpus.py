"""Write statistical tables in every layout, read them back, score values and suggestions."""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from civdash.core.vocab import TABLES_BY_NAME  # noqa: E402
from civdash.data.loader import data_dir, read_table  # noqa: E402
from civdash.workbench.statistical_tables import extract_tables  # noqa: E402
from civdash.workbench.suggest import IndicatorSuggester  # noqa: E402

CITIES = {
    "330100": "杭州市",
    "330200": "宁波市",
    "330300": "温州市",
    "330800": "衢州市",
    "331100": "丽水市",
    "320600": "南通市",
}
# The standard monthly/quarterly table (民政统计数据), in order: (label, printed unit, indicator,
# low, high, decimals). A unit of None is a heading; an indicator of None a row no indicator has.
ROWS = (
    ("一、民政事业费累计支出", "万元", "civil_affairs_expenditure", 20000, 900000, 1),
    ("二、民政机构和设施", None, None, 0, 0, 0),
    ("1.提供住宿的民政机构", "个", "residential_institutions", 100, 900, 0),
    ("养老机构", "个", "elderly_care_institutions", 80, 800, 0),
    ("其中:公办养老机构", "个", None, 10, 80, 0),
    ("2.提供住宿的民政机构床位", "万张", "residential_institution_beds", 1, 12, 1),
    ("养老机构床位", "万张", "elderly_care_beds_institutional", 1, 10, 1),
    ("三、社会救助", None, None, 0, 0, 0),
    ("城市最低生活保障", None, None, 0, 0, 0),
    ("最低生活保障人数", "万人", "dibao_recipients_urban", 0.2, 3, 2),
    ("最低生活保障户数", "万户", "dibao_households_urban", 0.1, 2, 2),
    ("最低生活保障平均标准", "元/人·月", "dibao_standard_urban", 800, 1300, 0),
    ("农村最低生活保障", None, None, 0, 0, 0),
    ("最低生活保障人数", "万人", "dibao_recipients_rural", 1, 9, 2),
    ("最低生活保障户数", "万户", "dibao_households_rural", 0.5, 6, 2),
    ("最低生活保障平均标准", "元/人·年", "dibao_standard_rural_annual", 9600, 15600, 0),
    ("城市特困人员救助供养人数", "人", "tekun_recipients_urban", 200, 3000, 0),
    ("农村特困人员救助供养人数", "人", "tekun_recipients_rural", 1000, 9000, 0),
    ("临时救助", "万人次", "temporary_assistance_person_times", 0.2, 5, 2),
    ("四、社区服务", None, None, 0, 0, 0),
    ("社区服务中心", "个", "community_service_centres", 50, 400, 0),
    ("社区服务站", "个", "community_service_stations", 500, 4000, 0),
    ("五、儿童福利和社会组织", None, None, 0, 0, 0),
    ("孤儿", "人", "orphans", 100, 900, 0),
    ("集中养育孤儿", "人", "orphans_institutional", 20, 200, 0),
    ("收养登记", "件", "adoption_registrations", 10, 200, 0),
    ("社会团体", "个", "social_groups", 1000, 5000, 0),
    ("民办非企业单位", "个", "private_non_enterprise_units", 1000, 6000, 0),
    ("基金会", "个", "foundations", 10, 120, 0),
    ("结婚登记", "万对", "marriage_registrations", 1, 6, 2),
    ("离婚登记", "万对", "divorce_registrations", 0.5, 2, 2),
    ("镇", "个", None, 20, 90, 0),
)
SCALES = {"万元": 1e4, "万张": 1e4, "万人": 1e4, "万户": 1e4, "万人次": 1e4, "万对": 1e4}
LAYOUTS = (
    "unit_column",
    "header_unit",
    "glued_label",
    "glued_cell",
    "codes",
    "merged_title",
    "prior_year",
    "yearbook",
)
# Layouts that hide the scale on purpose: scored apart, where the aim is 0 silent errors.
HOSTILE_LAYOUTS = ("no_unit",)
FORMATS = ("csv", "xlsx", "html", "docx")


@dataclass
class Truth:
    row: int  # 1-based grid row of the cell
    column: int  # 1-based grid column
    value: float  # in base units
    indicator: str | None
    role: str = "value"
    year: int | None = None


@dataclass
class Grid:
    rows: list[list[str]]
    truths: list[Truth]
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # 0-based r1,c1,r2,c2


def _figure(rng: random.Random, low: float, high: float, decimals: int) -> str:
    value = rng.uniform(low, high)
    return f"{value:.{decimals}f}" if decimals else str(int(value))


def _base(written: str, unit: str) -> float:
    return round(float(written.replace(",", "")) * SCALES.get(unit, 1.0), 6)


def build_grid(layout: str, city: str, year: int, rng: random.Random) -> Grid:
    title = f"{city}{year}年12月民政统计数据"
    rows: list[list[str]] = []
    truths: list[Truth] = []
    merges: list[tuple[int, int, int, int]] = []
    data_rows = [row for row in ROWS]
    if layout in (
        "unit_column",
        "no_unit",
        "glued_label",
        "glued_cell",
        "codes",
        "merged_title",
        "prior_year",
    ):
        if layout in ("unit_column", "no_unit"):
            rows += [[title, "", ""], ["指标名称", "单位", "数量"]]
            merges.append((0, 0, 0, 2))
        elif layout == "glued_label":
            rows += [[title, ""], ["指标名称", "数量"]]
        elif layout == "glued_cell":
            rows += [[title]]
        elif layout == "codes":
            rows += [
                [title, "", "", "", ""],
                ["指标代码", "指标名称", "计量单位", "本月", "本年累计"],
            ]
            merges.append((0, 0, 0, 4))
        elif layout == "merged_title":
            rows += [[title, "", "", ""], ["类别", "指标名称", "单位", "数量"]]
            merges.append((0, 0, 0, 3))
        elif layout == "prior_year":
            rows += [[title, "", "", "", ""], ["指标", "单位", "本期", "上年同期", "同比(%)"]]
            merges.append((0, 0, 0, 4))
        group = ""
        group_start: int | None = None
        group_merges: dict[str, tuple[int, int, int, int]] = {}
        for number, (label, unit, indicator, low, high, decimals) in enumerate(data_rows):
            r = len(rows) + 1
            if unit is None:
                if layout == "merged_title" and label[0] not in "一二三四五":
                    group, group_start = label, None
                    continue
                if layout == "merged_title":
                    group, group_start = "", None
                rows.append(
                    [label] + [""] * (len(rows[-1]) - 1) if layout != "glued_cell" else [label]
                )
                if layout == "codes":
                    rows[-1] = ["", label, "", "", ""]
                continue
            written = _figure(rng, low, high, decimals)
            value = _base(written, unit)
            if layout == "unit_column":
                rows.append([label, unit, written])
                truths.append(Truth(r, 3, value, indicator))
            elif layout == "no_unit":
                # The bureau left the 万 out of its unit column: the file cannot say the scale.
                rows.append([label, "" if unit in SCALES else unit, written])
                truths.append(Truth(r, 3, value, indicator))
            elif layout == "glued_label":
                glued = label + unit if unit in SCALES or "/" in unit else label
                rows.append([glued, written])
                truths.append(Truth(r, 2, value, indicator))
            elif layout == "glued_cell":
                glued = label + unit if unit in SCALES or "/" in unit else label
                rows.append([glued + written])
                truths.append(Truth(r, 1, value, indicator))
            elif layout == "codes":
                code = f"JZH{number:02d}{rng.randrange(10**7, 10**8)}"
                cumulative = _figure(rng, low, high, decimals)
                rows.append([code, label, unit, written, cumulative])
                truths.append(Truth(r, 4, value, indicator))
                truths.append(Truth(r, 5, _base(cumulative, unit), indicator, "cumulative"))
            elif layout == "merged_title":
                if group and "最低生活保障" in label:
                    first = group_start is None
                    rows.append([group if first else "", label, unit, written])
                    if first:
                        group_start = len(rows) - 1
                    group_merges[group] = (group_start, 0, len(rows) - 1, 0)
                else:
                    group, group_start = "", None
                    rows.append(["", label, unit, written])
                truths.append(Truth(len(rows), 4, value, indicator))
            elif layout == "prior_year":
                prior = _figure(rng, low, high, decimals)
                change = (float(written) / float(prior) - 1) * 100
                change_text = f"{change:.1f}"
                rows.append([label, unit, written, prior, change_text])
                truths.append(Truth(r, 3, value, indicator))
                truths.append(Truth(r, 4, _base(prior, unit), indicator, "prior", year - 1))
                truths.append(Truth(r, 5, float(change_text), None, "change"))
        merges += list(group_merges.values())
        return Grid(rows, truths, merges)
    if layout == "header_unit":
        rows += [[f"{city}{year}年社会救助情况", "", "", ""]]
        rows += [["项目", "人数(万人)", "户数(万户)", "平均标准(元/人·月)"]]
        merges.append((0, 0, 0, 3))
        for label, indicators in (
            (
                "城市最低生活保障",
                ("dibao_recipients_urban", "dibao_households_urban", "dibao_standard_urban"),
            ),
            (
                "农村最低生活保障",
                ("dibao_recipients_rural", "dibao_households_rural", "dibao_standard_rural"),
            ),
        ):
            people, households = _figure(rng, 0.5, 8, 2), _figure(rng, 0.3, 5, 2)
            standard = _figure(rng, 800, 1300, 0)
            rows.append([label, people, households, standard])
            r = len(rows)
            truths.append(Truth(r, 2, _base(people, "万人"), indicators[0]))
            truths.append(Truth(r, 3, _base(households, "万户"), indicators[1]))
            truths.append(Truth(r, 4, float(standard), indicators[2]))
        return Grid(rows, truths, merges)
    # yearbook: one column per year, the unit in the label's parentheses.
    years = [year - 2, year - 1, year]
    rows += [[f"{city}民政事业主要指标", "", "", ""], ["项目"] + [f"{y}年" for y in years]]
    merges.append((0, 0, 0, 3))
    for label, unit, indicator in (
        ("城镇居民最低生活保障人数(人)", "人", "dibao_recipients_urban"),
        ("农村居民最低生活保障人数(人)", "人", "dibao_recipients_rural"),
        ("民政事业费支出(万元)", "万元", "civil_affairs_expenditure"),
        ("养老机构床位数(张)", "张", "elderly_care_beds_institutional"),
        ("社会组织数(个)", "个", "social_organisations"),
        ("结婚登记(对)", "对", "marriage_registrations"),
    ):
        cells = [label]
        r = len(rows) + 1
        for column, y in enumerate(years, start=2):
            written = _figure(rng, 1000, 90000, 0)
            cells.append(written)
            truths.append(Truth(r, column, _base(written, unit), indicator, "value", y))
        rows.append(cells)
    return Grid(rows, truths, merges)


def write_grid(grid: Grid, fmt: str) -> bytes:
    """The grid as a file: CSV, XLSX (merged cells merged), HTML (colspan/rowspan), DOCX."""
    width = max(len(row) for row in grid.rows)
    rows = [row + [""] * (width - len(row)) for row in grid.rows]
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        return buffer.getvalue().encode("utf-8-sig")
    if fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = "月报"
        for r, row in enumerate(rows, start=1):
            for c, cell in enumerate(row, start=1):
                if cell == "":
                    continue
                try:
                    number = float(cell)
                    sheet.cell(
                        r, c, int(number) if number.is_integer() and "." not in cell else number
                    )
                except ValueError:
                    sheet.cell(r, c, cell)
        for top, left, bottom, right in grid.merges:
            sheet.merge_cells(
                start_row=top + 1, start_column=left + 1, end_row=bottom + 1, end_column=right + 1
            )
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()
    covered: set[tuple[int, int]] = set()
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for top, left, bottom, right in grid.merges:
        spans[(top, left)] = (bottom - top + 1, right - left + 1)
        for r in range(top, bottom + 1):
            for c in range(left, right + 1):
                if (r, c) != (top, left):
                    covered.add((r, c))
    if fmt == "html":
        from html import escape

        parts = ["<html><body><p>正文说明。</p><table border=1>"]
        for r, row in enumerate(rows):
            parts.append("<tr>")
            for c, cell in enumerate(row):
                if (r, c) in covered:
                    continue
                rowspan, colspan = spans.get((r, c), (1, 1))
                parts.append(f'<td rowspan="{rowspan}" colspan="{colspan}">{escape(cell)}</td>')
            parts.append("</tr>")
        parts.append("</table></body></html>")
        return "".join(parts).encode("utf-8")
    import docx

    document = docx.Document()
    document.add_paragraph(rows[0][0])
    table = document.add_table(rows=len(rows), cols=width)
    for top, left, bottom, right in grid.merges:
        table.cell(top, left).merge(table.cell(bottom, right))
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if (r, c) in covered or not cell:
                continue
            table.cell(r, c).text = cell
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def corpus(seed: int = 24, year: int = 2024):
    """Yield (file name, bytes, region_id, grid) for every city × layout, formats rotating."""
    rng = random.Random(seed)
    for city_number, (region_id, city) in enumerate(CITIES.items()):
        for layout_number, layout in enumerate(LAYOUTS + HOSTILE_LAYOUTS):
            fmt = FORMATS[(city_number + layout_number) % len(FORMATS)]
            if layout == "glued_cell" and fmt in ("csv", "xlsx"):
                fmt = "html"
            grid = build_grid(layout, city, year, rng)
            name = f"{city}{year}年12月民政统计_{layout}.{fmt}"
            yield name, write_grid(grid, fmt), region_id, grid, layout, fmt


def score(seed: int = 24) -> dict:
    folder = data_dir()
    tables = {
        name: read_table(folder, TABLES_BY_NAME[name])
        for name in ("regions", "indicators", "observations")
    }
    crosswalk = pd.read_csv(folder / "statistical_rows.csv", dtype=str, keep_default_na=False)
    suggester = IndicatorSuggester(tables["indicators"], tables["observations"])
    known = set(tables["indicators"]["indicator_id"])
    totals = {
        "cells": 0,
        "right_value": 0,
        "scale_errors": 0,
        "flagged_scale": 0,
        "mappable": 0,
        "right_first": 0,
        "right_year": 0,
        "right_region": 0,
        "files": 0,
    }
    hostile = dict.fromkeys(totals, 0)
    by_layout: dict[str, dict[str, int]] = {}
    misses: list[str] = []
    accepted_rows = []
    for name, raw, region_id, grid, layout, _ in corpus(seed):
        read = extract_tables(
            name,
            raw,
            regions=tables["regions"],
            indicators=tables["indicators"],
            observations=tables["observations"],
            statistical_rows=crosswalk,
            suggester=suggester,
        )
        totals["files"] += 1
        cells = {
            (c.row_index, c.column_index): c
            for c in read.candidates
            if getattr(c, "kind", "") == "table"
        }
        layout_score = by_layout.setdefault(
            layout, {"cells": 0, "right_value": 0, "mappable": 0, "right_first": 0}
        )
        bucket = hostile if layout in HOSTILE_LAYOUTS else totals
        for truth in grid.truths:
            bucket["cells"] += 1
            layout_score["cells"] += 1
            found = cells.get((truth.row, truth.column))
            if found is None:
                misses.append(f"{name} r{truth.row}c{truth.column}: not found")
                continue
            if abs(found.value - truth.value) <= 1e-6 * max(1.0, abs(truth.value)):
                bucket["right_value"] += 1
                layout_score["right_value"] += 1
            else:
                ratio = found.value / truth.value if truth.value else 0
                if ratio and (ratio >= 100 or ratio <= 0.01):
                    if found.flag:
                        bucket["flagged_scale"] += 1
                    else:
                        bucket["scale_errors"] += 1
                misses.append(
                    f"{name} r{truth.row}c{truth.column}: {found.value:g} ≠ {truth.value:g}"
                    f" ({found.flag})"
                )
            expected_year = truth.year or 2024
            bucket["right_year"] += found.year == expected_year
            bucket["right_region"] += found.region_id == region_id
            if truth.indicator and truth.indicator in known and truth.role != "change":
                bucket["mappable"] += 1
                layout_score["mappable"] += 1
                first = found.suggestions[0][0] if found.suggestions else ""
                if first == truth.indicator:
                    bucket["right_first"] += 1
                    layout_score["right_first"] += 1
                    if found.role == "value":
                        accepted_rows.append((found.region_id, first, found.year))
                else:
                    misses.append(
                        f"{name} r{truth.row}: first suggestion {first or '-'} ≠ {truth.indicator}"
                    )
    return {
        "hostile": hostile,
        "totals": totals,
        "by_layout": by_layout,
        "misses": misses,
        "accepted": accepted_rows,
    }


def comparability(
    observations: pd.DataFrame, extra: list[tuple[str, str, int]] = ()
) -> tuple[int, int]:
    """Indicators with 2+ regions, and with 2+ regions in one year."""
    frame = observations[["region_id", "indicator_id", "year"]].astype(str)
    if extra:
        frame = pd.concat(
            [frame, pd.DataFrame(extra, columns=["region_id", "indicator_id", "year"]).astype(str)]
        )
    regions = frame.groupby("indicator_id")["region_id"].nunique()
    same_year = frame.groupby(["indicator_id", "year"])["region_id"].nunique()
    return int((regions >= 2).sum()), int(
        same_year[same_year >= 2].reset_index()["indicator_id"].nunique()
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=24)
    parser.add_argument("--json", help="write the figures here as JSON")
    args = parser.parse_args(argv)
    result = score(args.seed)
    totals = result["totals"]
    cells = max(totals["cells"], 1)
    print(f"files {totals['files']}, cells {totals['cells']}")
    print(
        f"right value in base units: {totals['right_value']}/{cells}"
        f" = {totals['right_value'] / cells:.1%}"
    )
    print(f"silent scale errors: {totals['scale_errors']} (flagged: {totals['flagged_scale']})")
    mappable = max(totals["mappable"], 1)
    print(
        f"right first suggestion: {totals['right_first']}/{totals['mappable']}"
        f" = {totals['right_first'] / mappable:.1%}"
    )
    print(
        f"right year {totals['right_year'] / cells:.1%},"
        f" right region {totals['right_region'] / cells:.1%}"
    )
    hostile = result["hostile"]
    print(
        f"hostile (no unit printed for 万 rows): {hostile['cells']} cells, "
        f"{hostile['right_value']} right as printed, flagged scale {hostile['flagged_scale']}, "
        f"silent scale errors {hostile['scale_errors']}"
    )
    for layout, figures in result["by_layout"].items():
        print(
            f"  {layout:13} value {figures['right_value']}/{figures['cells']}"
            f"  first {figures['right_first']}/{figures['mappable']}"
        )
    observations = read_table(data_dir(), TABLES_BY_NAME["observations"])
    before = comparability(observations)
    after = comparability(observations, result["accepted"])
    print(
        f"indicators with 2+ regions: {before[0]} → {after[0]};"
        f" 2+ regions in one year: {before[1]} → {after[1]}"
    )
    for miss in result["misses"][:40]:
        print("  miss:", miss)
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "totals": totals,
                    "by_layout": result["by_layout"],
                    "before": before,
                    "after": after,
                },
                indent=1,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
