"""`python -m civdash extract TABLE.xlsx` writes one row per cell with its table columns."""

from __future__ import annotations

import csv
import io

from civdash.cli import main
from civdash.workbench.statistical_tables import ALL_COLUMNS


def workbook() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in (
        ["湖州市2024年12月民政统计数据"],
        ["指标名称", "单位", "数量"],
        ["养老机构床位", "万张", 3.4],
        ["城市特困人员救助供养人数", "人", 812],
    ):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_table_cells_with_base_units_region_and_period(tmp_path, capsys):
    path = tmp_path / "民政统计.xlsx"
    path.write_bytes(workbook())
    out = tmp_path / "out.csv"
    assert main(["extract", str(path), "--region", "330500", "--out", str(out)]) == 0
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == ALL_COLUMNS
    beds = next(row for row in rows if row["row_label"] == "养老机构床位")
    assert beds["value"] == "34000" and beds["unit_as_printed"] == "万张"
    assert beds["unit_source"] == "unit column" and beds["year"] == "2024"
    assert beds["indicator_suggestions"].startswith("elderly_care_beds_institutional:1.00")
    assert beds["preaccept"] == "true" and beds["region_id"] == "330500"
    tekun = next(row for row in rows if row["row_label"] == "城市特困人员救助供养人数")
    assert tekun["value"] == "812"
    assert "period 2024年12月" in capsys.readouterr().out


def test_reference_year_overrides_the_title(tmp_path):
    path = tmp_path / "t.xlsx"
    path.write_bytes(workbook())
    out = tmp_path / "out.csv"
    args = ["extract", str(path), "--reference-year", "2023", "--out", str(out)]
    assert main(args) == 0
    with open(out, encoding="utf-8-sig", newline="") as handle:
        assert {row["year"] for row in csv.DictReader(handle)} == {"2023"}


def test_a_broken_workbook_exits_2(tmp_path, capsys):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04garbage")
    assert main(["extract", str(path), "--out", str(tmp_path / "o.csv")]) == 2
    assert "broken.xlsx" in capsys.readouterr().err


def test_the_publication_date_does_not_override_the_tables_own_year(tmp_path):
    path = tmp_path / "t.xlsx"
    path.write_bytes(workbook())
    out = tmp_path / "out.csv"
    assert main(["extract", str(path), "--published", "2025-02-10", "--out", str(out)]) == 0
    with open(out, encoding="utf-8-sig", newline="") as handle:
        assert {row["year"] for row in csv.DictReader(handle)} == {"2024"}
