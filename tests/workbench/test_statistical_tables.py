"""The table reader: every layout and format gives base-unit values, one candidate per cell."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

from civdash.core.vocab import TABLES_BY_NAME
from civdash.data.loader import data_dir, read_table
from civdash.workbench import statistical_tables
from civdash.workbench.statistical_tables import (
    detect_period,
    extract_tables,
    read_tables,
)


@pytest.fixture(scope="module")
def curated():
    folder = data_dir()
    names = ("regions", "indicators", "observations", "statistical_rows")
    return {name: read_table(folder, TABLES_BY_NAME[name]) for name in names}


def read(name: str, raw: bytes, curated, **options):
    return extract_tables(
        name,
        raw,
        regions=curated["regions"],
        indicators=curated["indicators"],
        observations=options.pop("observations", curated["observations"]),
        statistical_rows=curated["statistical_rows"],
        **options,
    )


def csv_bytes(rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows, merges=()) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value != "":
                sheet.cell(r, c, value)
    for merge in merges:
        sheet.merge_cells(merge)
    second = book.create_sheet("第二张")
    second.append(["指标名称", "单位", "数量"])
    second.append(["基金会", "个", 37])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def docx_bytes(rows, title: str, merge=None) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(title)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    if merge:
        (r1, c1), (r2, c2) = merge
        table.cell(r1, c1).merge(table.cell(r2, c2))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                table.cell(r, c).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def by_label(candidates, label: str, role: str = "value"):
    return [c for c in candidates if c.row_label.endswith(label) and c.role == role]


STANDARD = [
    ["宁波市2024年12月民政统计数据", "", ""],
    ["指标名称", "单位", "数量"],
    ["一、民政事业费累计支出", "亿元", "42.6"],
    ["二、民政机构和设施", "", ""],
    ["1.提供住宿的民政机构", "个", "789"],
    ["养老机构", "个", "712"],
    ["2.提供住宿的民政机构床位", "万张", "10.2"],
    ["养老机构床位", "万张", "9.5"],
    ["三、社会救助", "", ""],
    ["城市最低生活保障", "", ""],
    ["最低生活保障人数", "万人", "0.61"],
    ["最低生活保障平均标准", "元/人·月", "1,050"],
    ["农村最低生活保障", "", ""],
    ["最低生活保障人数", "万人", "4.59"],
    ["最低生活保障平均标准", "元/人·年", "12,600"],
    ["临时救助", "万人次", "8.2"],
    ["结婚登记", "对", "2024"],
]


def test_unit_column_gives_base_units_parents_and_first_suggestions(curated):
    result = read("宁波市2024年12月民政统计.csv", csv_bytes(STANDARD), curated)
    assert result.region_id == "330200" and result.period.year == 2024
    cells = {(c.row_label, c.role): c for c in result.candidates}
    beds = cells[("民政机构和设施 › 提供住宿的民政机构床位 › 养老机构床位", "value")]
    assert beds.value == 95_000 and beds.unit_source == "unit column"
    assert beds.suggestions[0][0] == "elderly_care_beds_institutional"
    assert cells[("民政事业费累计支出", "value")].value == pytest.approx(4.26e9)
    urban, rural = by_label(result.candidates, "最低生活保障人数")
    assert urban.row_label.endswith("城市最低生活保障 › 最低生活保障人数")
    assert (urban.value, urban.suggestions[0][0]) == (6_100, "dibao_recipients_urban")
    assert (rural.value, rural.suggestions[0][0]) == (45_900, "dibao_recipients_rural")
    # Repeated rows are kept, a value that looks like a year is still a figure.
    marriages = by_label(result.candidates, "结婚登记")[0]
    assert marriages.value == 2024 and marriages.suggestions[0][0] == "marriage_registrations"
    standard = by_label(result.candidates, "最低生活保障平均标准")
    assert [c.suggestions[0][0] for c in standard] == [
        "dibao_standard_urban",
        "dibao_standard_rural_annual",
    ]
    assert all(c.preaccept for c in (beds, urban, rural))


def test_each_cell_stands_in_the_text_at_its_position(curated):
    result = read("宁波市2024年12月民政统计.csv", csv_bytes(STANDARD), curated)
    for candidate in result.candidates:
        assert result.text[candidate.char_start : candidate.char_end] == candidate.value_as_written
        assert candidate.excerpt in result.text


def test_glued_label_and_cell(curated):
    rows = [
        ["2022年社会服务统计3月份报表"],
        ["提供住宿的民政机构床位万张11.8"],
        ["养老机构床位万张11.3"],
        ["养老机构586"],
    ]
    result = read("北京.csv", csv_bytes(rows), curated, region_id="110000")
    values = {c.row_label: (c.value, c.unit_source, c.flag) for c in result.candidates}
    assert values["提供住宿的民政机构床位"][:2] == (118_000, "row label")
    assert values["养老机构床位"][0] == 113_000
    # No unit anywhere: read as printed, in the indicator's unit, and never pre-accepted.
    institutions = by_label(result.candidates, "养老机构")[0]
    assert institutions.value == 586 and not institutions.preaccept
    assert institutions.suggestions[0][0] == "elderly_care_institutions"
    assert result.period.year == 2022 and result.period.month == 3


def test_header_unit_and_wide_table(curated):
    rows = [
        ["项目", "人数(万人)", "户数(万户)", "平均标准(元/人·月)"],
        ["城市最低生活保障", "2.95", "1.74", "1120"],
    ]
    result = read("杭州市2024年社会救助.csv", csv_bytes(rows), curated)
    got = {c.column_label: (c.value, c.suggestions[0][0]) for c in result.candidates}
    assert got["人数(万人)"] == (29_500, "dibao_recipients_urban")
    assert got["户数(万户)"] == (17_400, "dibao_households_urban")
    assert got["平均标准(元/人·月)"] == (1120, "dibao_standard_urban")


def test_prior_year_change_and_codes(curated):
    rows = [
        ["指标代码", "指标", "单位", "本期", "上年同期", "同比(%)"],
        ["JZH011110000", "养老机构床位", "万张", "9.5", "10.0", "-5.0"],
    ]
    result = read("温州市2024年民政统计.csv", csv_bytes(rows), curated)
    value, prior, change = (
        by_label(result.candidates, "养老机构床位", r)[0] for r in ("value", "prior", "change")
    )
    assert (value.value, value.year) == (95_000, 2024)
    assert (prior.value, prior.year) == (100_000, 2023)
    assert change.value == -5.0 and change.unit_guess == "percent_change"
    assert not change.preaccept and not prior.preaccept
    assert value.code == "JZH011110000"
    assert all(c.code == "JZH011110000" for c in (value, prior, change))


def test_xlsx_every_sheet_and_merged_cells_once(curated):
    rows = [
        ["衢州市2024年第四季度民政统计季报", "", "", "", ""],
        ["类别", "指标名称", "单位", "本期", "累计"],
        ["城市最低生活保障", "最低生活保障人数", "人", 4610, ""],
        ["", "最低生活保障户数", "户", 2900, ""],
        ["社会组织", "社会团体", "个", 1200, ""],
        ["", "", "", "", ""],
        ["", "民办非企业单位", "个", 1500, ""],
    ]
    # A value merged over the two value columns (as some exports do) is one candidate.
    raw = xlsx_bytes(rows, merges=("A1:E1", "A3:A4", "D7:E7"))
    result = read("quzhou.xlsx", raw, curated)
    assert result.region_id == "330800"
    assert result.period.year == 2024 and result.period.quarter == 4
    households = by_label(result.candidates, "最低生活保障户数")[0]
    assert households.suggestions[0][0] == "dibao_households_urban"
    assert "城市最低生活保障" in households.row_label
    units = [c for c in result.candidates if c.row_label.endswith("民办非企业单位")]
    assert [(c.value, c.column_label) for c in units] == [(1500, "本期")]
    assert [c.value for c in by_label(result.candidates, "基金会")] == [37]
    assert by_label(result.candidates, "基金会")[0].table == "第二张"
    tables, _ = read_tables("quzhou.xlsx", raw)
    assert {(3, 0), (0, 4), (6, 4)} <= tables[0].copies


def test_docx_tables_through_the_table_model(curated):
    rows = [
        ["指标名称", "单位", "本月", "累计"],
        ["临时救助", "万人次", "0.3", "2.4"],
        ["社区服务站", "个", "7149", ""],
    ]
    raw = docx_bytes(rows, "丽水市2024年3月民政统计月报", merge=((2, 2), (2, 3)))
    result = read("report.docx", raw, curated)
    assert result.region_id == "331100"
    cumulative = by_label(result.candidates, "临时救助", "cumulative")[0]
    assert cumulative.value == 24_000 and cumulative.cumulative
    assert "not a full year" in cumulative.note and not cumulative.preaccept
    stations = by_label(result.candidates, "社区服务站")
    assert [c.value for c in stations] == [7149]


def test_html_tables_colspan_and_prose(curated):
    page = (
        "<html><body><p>2024年,全市新增养老机构12家。</p><table>"
        "<tr><td colspan=3>南通市2024年民政统计</td></tr>"
        "<tr><th>指标名称</th><th>单位</th><th>数量</th></tr>"
        "<tr><td>社会团体</td><td>个</td><td>1860</td></tr>"
        "<tr><td>基金会</td><td colspan=2>45</td></tr>"
        "</table></body></html>"
    ).encode()
    result = read("nantong.html", page, curated)
    table_cells = [c for c in result.candidates if getattr(c, "kind", "") == "table"]
    prose = [c for c in result.candidates if getattr(c, "kind", "") != "table"]
    assert {c.row_label: c.value for c in table_cells} == {"社会团体": 1860, "基金会": 45}
    for cell in table_cells:
        assert result.text[cell.char_start : cell.char_end] == cell.value_as_written
    assert [c.value for c in prose] == [12]
    assert result.region_id == "320600"


def test_undecidable_unit_is_said_and_not_preaccepted(curated):
    rows = [["指标", "数量"], ["残疾人康复服务", "12.5"], ["临时救助", "8.2"]]
    result = read("嘉兴市2024年.csv", csv_bytes(rows), curated)
    unknown = by_label(result.candidates, "残疾人康复服务")[0]
    assert unknown.unit_source == "undecided" and "cannot be decided" in unknown.flag
    assert not unknown.preaccept
    # The standard table prints 临时救助 in 万人次: a file without a unit is flagged, not scaled.
    temporary = by_label(result.candidates, "临时救助")[0]
    assert temporary.value == 8.2 and "万人次" in temporary.flag and not temporary.preaccept


def test_scale_slip_against_the_latest_figure_is_named(curated):
    observations = pd.DataFrame(
        {
            "region_id": ["330200"],
            "indicator_id": ["elderly_care_beds_institutional"],
            "year": [2022],
            "value": [95_000.0],
        }
    )
    rows = [["指标名称", "单位", "数量"], ["养老机构床位", "张", "9.5"]]
    result = read("宁波市2024年.csv", csv_bytes(rows), curated, observations=observations)
    beds = result.candidates[0]
    assert beds.value == 9.5 and "万" in beds.flag and not beds.preaccept


@pytest.mark.parametrize(
    ("texts", "label"),
    [
        (["宁波市2024年12月民政统计"], "2024年12月"),
        (["x", "2023年第四季度民政统计季报"], "2023年第4季度"),
        (["2021年末数"], "2021年末"),
        (["2022年1-6月"], "2022年6月"),
    ],
)
def test_detect_period(texts, label):
    assert detect_period(texts).label == label


def test_hostile_sizes_are_capped(curated):
    rows = [["指标名称", "单位", "数量"]] + [
        [f"行{i}" + "长" * 600, "个", str(i)]
        for i in range(statistical_tables.MAX_TABLE_ROWS + 500)
    ]
    tables, _ = read_tables("big.csv", csv_bytes(rows))
    assert len(tables[0].rows) == statistical_tables.MAX_TABLE_ROWS
    assert (
        max(len(cell) for row in tables[0].rows for cell in row)
        <= statistical_tables.MAX_CELL_CHARS
    )


def test_broken_spreadsheet_is_refused():
    with pytest.raises(statistical_tables.TableError) as refused:
        read_tables("broken.xlsx", b"PK\x03\x04 not a workbook")
    assert refused.value.code in ("table_unreadable", "table_archive")


def test_pdf_tables_with_a_text_layer(curated, tmp_path):
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF()
    pdf.add_page()
    font = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
    pdf.add_font("wqy", "", font, collection_font_number=0)
    pdf.set_font("wqy", size=11)
    pdf.cell(0, 10, "丽水市2024年12月民政统计数据", new_x="LMARGIN", new_y="NEXT")
    rows = [
        ["指标名称", "单位", "数量"],
        ["养老机构", "个", "128"],
        ["养老机构床位", "万张", "1.6"],
    ]
    with pdf.table(headings_style=FontFace(emphasis=None)) as table:
        for cells in rows:
            row = table.row()
            for cell in cells:
                row.cell(cell)
    pdf.cell(0, 10, "全市新增养老机构12家。", new_x="LMARGIN", new_y="NEXT")
    result = read("report.pdf", bytes(pdf.output()), curated)
    assert result.region_id == "331100"
    cells = {c.row_label: c.value for c in result.candidates if getattr(c, "kind", "") == "table"}
    assert cells == {"养老机构": 128, "养老机构床位": 16_000}
    # The prose around the table is read once; the table's figures are not read again as prose.
    prose = [c.value for c in result.candidates if getattr(c, "kind", "") != "table"]
    assert 12 in prose and 128 not in prose and 1.6 not in prose


def test_a_province_table_with_one_row_per_city(curated):
    rows = [
        ["浙江省2024年各市养老服务情况", "", ""],
        ["地区", "养老机构(个)", "养老机构床位(张)"],
        ["杭州市", "312", "68000"],
        ["宁波", "205", "51000"],
    ]
    result = read("浙江省2024年.csv", csv_bytes(rows), curated)
    got = {(c.region_id, c.suggestions[0][0]): c.value for c in result.candidates}
    assert got == {
        ("330100", "elderly_care_institutions"): 312,
        ("330100", "elderly_care_beds_institutional"): 68_000,
        ("330200", "elderly_care_institutions"): 205,
        ("330200", "elderly_care_beds_institutional"): 51_000,
    }


def test_a_figure_in_the_unit_column_is_kept_with_its_unit_undecided(curated):
    rows = [
        ["指标名称", "单位", "数量"],
        ["(1)困境儿童", "487,828", ""],
        ["A贫困家庭儿童", "人", "476,907"],
    ]
    result = read("福建省2020年3月.csv", csv_bytes(rows), curated, region_id="350000")
    children = by_label(result.candidates, "困境儿童")[0]
    assert children.value == 487_828 and not children.preaccept
    assert children.suggestions[0][0] == "children_in_difficulty"
    poor = by_label(result.candidates, "贫困家庭儿童")[0]
    assert poor.value == 476_907 and "困境儿童" in poor.row_label


def test_starred_rows_are_cumulative_and_a_month_is_not_a_year(curated):
    rows = [
        ["温州市2024年3月民政统计月报"],
        ["指标名称", "单位", "本月"],
        ["*临时救助", "万人次", "0.3"],
        ["养老机构", "个", "330"],
    ]
    result = read("wz.csv", csv_bytes(rows), curated)
    temporary, institutions = result.candidates
    assert (
        temporary.cumulative and temporary.suggestions[0][0] == "temporary_assistance_person_times"
    )
    assert "not a full year" in temporary.note and not temporary.preaccept
    # A stock at the end of March is a figure of 2024, said as such, and may be accepted.
    assert not institutions.cumulative and "end of 2024年3月" in institutions.note
    assert institutions.preaccept


def test_a_docx_or_html_without_tables_reads_as_today(curated):
    from civdash.workbench.documents import read_document

    page = "<html><body><p>2024年,宁波市新增养老机构12家。</p></body></html>".encode()
    tables, prose = read_tables("a.html", page)
    assert tables == [] and prose == read_document("a.html", page)


def test_a_unit_note_and_indentation_without_numbering(curated):
    rows = [
        ["台州市2024年民政事业费支出情况"],
        ["单位:万元"],
        ["项目", "本年累计", "上年同期"],
        ["民政事业费支出", "123,456.7", "118,000"],
        ["社会团体数", "", ""],
        ["民办非企业单位(社会服务机构)", "", ""],
    ]
    result = read("taizhou.csv", csv_bytes(rows), curated)
    value, prior = result.candidates
    assert (value.value, value.unit_source, value.year) == (1_234_567_000, "table note", 2024)
    assert (prior.value, prior.year, prior.role) == (1_180_000_000, 2023, "prior")
    assert value.suggestions[0][0] == "civil_affairs_expenditure"
    assert value.region_id == "331000"


def test_hostile_html_spans_and_nesting_stay_bounded():
    cells = '<td rowspan="999" colspan="999">1</td>' * 400
    nested = "<table><tr><td>" * 200 + "x" + "</td></tr></table>" * 200
    page = f"<table>{'<tr>' + cells + '</tr>'}" * 50 + "</table>" + nested
    tables, _ = read_tables("bomb.html", page.encode())
    grid_cells = sum(len(row) for table in tables for row in table.rows)
    assert grid_cells <= statistical_tables.MAX_TABLE_ROWS * statistical_tables.MAX_TABLE_COLUMNS
    assert all(len(row) <= statistical_tables.MAX_TABLE_COLUMNS for t in tables for row in t.rows)
