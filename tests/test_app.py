"""AppTest: every page in zh and en, widget state from the URL, chart data and download bytes."""

from __future__ import annotations

import io
import json
import re

import openpyxl
import pytest

from civdash.i18n import PAGE_KEYS
from tests.conftest import REPO_ROOT, chart_rows, notices, run_page, shared_run, vega_specs

# What each page is for, as AppTest sees it (the map page has tests of its own).
MAIN_OUTPUT = {
    "overview": "dataframe",
    "trends": "vega_lite_chart",
    "compare": "vega_lite_chart",
    "profile": "vega_lite_chart",
    "map": "deck_gl_json_chart",
    "plans": "dataframe",
    "data": "dataframe",
    "source": "html",
    "method": "dataframe",
    "contribute": "file_uploader",
}
MISSING_WORD = re.compile(r"\b(None|nan|NaN|null|undefined)\b")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", [page for page in PAGE_KEYS if page != "map"])
def test_every_page_runs_in_both_languages(page, lang):
    app = shared_run(page, lang=lang)
    assert not app.exception, [item.value for item in app.exception]
    assert not app.error, [item.value for item in app.error]
    title = app.title[0].value
    has_cjk = any("\u4e00" <= char <= "\u9fff" for char in title)
    assert has_cjk == (lang == "zh"), title
    # The page drew what it is for, and no missing value reads as a word.
    drawn = app.get(MAIN_OUTPUT[page])
    if page == "source":  # every page has HTML (its <html lang>); the report is the marked one
        drawn = [item for item in drawn if "civdash-source" in item.proto.body]
    assert drawn, f"{page} drew no {MAIN_OUTPUT[page]}"
    shown = [
        str(item.value)
        for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning")
        for item in getattr(app, kind)
    ]
    assert not [line for line in shown if MISSING_WORD.search(line)], page


def test_taizhou_exam_applicants_trend_has_three_points():
    app = run_page("trends", indicator="social_work_exam_applicants", regions="331000")
    assert app.selectbox(key="trends_indicator").value == "social_work_exam_applicants"
    assert app.multiselect(key="trends_regions").value == ["331000"]
    spec = vega_specs(app)[0]
    points = {
        (row["year"], row["value"])
        for row in chart_rows(spec)
        if row.get("region_id") == "331000" and "label" in row
    }
    assert points == {(2017, 339.0), (2018, 17566.0), (2019, 15630.0)}


def test_trend_tooltip_carries_written_value_source_and_excerpt():
    app = run_page("trends", indicator="welfare_lottery_sales", regions="330200")
    spec = vega_specs(app)[0]
    early = next(row for row in chart_rows(spec) if row.get("year") == 2002 and "label" in row)
    assert early["value_as_written"] == "700多万"
    assert early["qualifier"] == "at_least"
    assert early["label"].startswith("≥")
    assert "700多万" in early["excerpt"]
    assert "宁波" in early["source"]
    dumped = json.dumps(spec, ensure_ascii=False)
    assert '"dashed"' in dumped  # 2002 -> 2011 is a gap, drawn dashed


def test_multi_year_total_is_not_drawn_as_a_yearly_point_line():
    app = run_page("trends", indicator="welfare_lottery_sales_cumulative", regions="330200")
    spec = vega_specs(app)[0]
    marks = json.dumps(spec)
    assert '"rule"' in marks
    assert not any(row.get("segment") for row in chart_rows(spec))


def test_comparison_labels_each_bar_with_its_year_and_warns_on_mixed_years():
    app = shared_run("compare", indicator="dibao_standard_urban", lang="en")
    spec = vega_specs(app)[0]
    labels = {row["region_id"]: row["bar_label"] for row in chart_rows(spec) if "bar_label" in row}
    assert labels["320600"].endswith("(2022)")
    assert labels["330800"].endswith("(2013)")
    warnings = " ".join(item.value for item in app.warning)
    assert "different years" in warnings
    text = " ".join(item.value for item in app.markdown)
    assert "do not report" in text and "Hangzhou" in text


def test_not_reported_regions_are_never_drawn_as_zero():
    app = shared_run("compare", indicator="dibao_standard_urban")
    regions = {row["region_id"] for row in chart_rows(vega_specs(app)[0]) if "bar_label" in row}
    assert regions == {"320600", "330800", "330400"}  # Nantong, Quzhou, Jiaxing


def test_query_params_reproduce_widget_state():
    app = run_page("data", region="330800", category="social_assistance", lang="en")
    assert app.multiselect(key="data_regions").value == ["330800"]
    assert app.multiselect(key="data_categories").value == ["social_assistance"]
    app.multiselect(key="data_regions").set_value(["330800", "320600"]).run()
    assert app.query_params["region"] == "330800,320600"


@pytest.mark.parametrize(
    ("page", "params", "state"),
    [
        ("trends", {"indicator": "no_such_indicator"}, "trends_indicator"),
        ("compare", {"indicator": "<script>alert(1)</script>"}, "compare_indicator"),
        ("profile", {"region": "999999"}, "profile_region"),
        ("data", {"from": "abc", "to": "3000"}, "data_years"),
        ("overview", {"lang": "fr"}, "lang"),
        ("overview", {"page": "nonsense"}, None),
        ("plans", {"plan": "nope"}, "plans_plan"),
    ],
)
def test_invalid_params_fall_back_to_the_default_view_with_a_notice(page, params, state):
    app = run_page(page, **params)
    assert not app.exception
    assert "无效" in notices(app) or "not valid" in notices(app)
    default = run_page(page)
    # The same page in the same language, with the widget the parameter drives at its default,
    # and the URL showing the view drawn, never the bad value.
    assert app.title[0].value == default.title[0].value
    if state:
        assert app.session_state[state] == default.session_state[state]
    for name in params:
        assert app.query_params.get(name) == default.query_params.get(name), name


def test_csv_download_has_bom_rows_sources_and_neutralised_cells(captured_files):
    app = run_page("trends", indicator="social_work_exam_applicants", regions="331000")
    assert not app.exception
    csv_file = next(f for f in captured_files if (f["filename"] or "").endswith(".csv"))
    assert csv_file["filename"] == "civil-affairs_social-work-exam-applicants_2017-2019.csv"
    data = csv_file["data"]
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.count("\n") == 4  # header + three rows
    assert "原文摘录" in text.splitlines()[0] and "来源" in text.splitlines()[0]
    assert "17566" in text


def test_xlsx_download_has_data_indicator_and_source_sheets(captured_files):
    app = run_page("data", indicator="dibao_standard_urban", lang="en")
    assert not app.exception
    xlsx = next(f for f in captured_files if (f["filename"] or "").endswith(".xlsx"))
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx["data"]))
    assert workbook.sheetnames == ["data", "indicators", "sources"]
    header = [cell.value for cell in workbook["data"][1]]
    assert "Excerpt" in header and "Source" in header
    observations = (REPO_ROOT / "data" / "observations.csv").read_text(encoding="utf-8")
    expected = sum(1 for line in observations.splitlines() if ",dibao_standard_urban," in line)
    assert expected == 4  # Nantong 2012 and 2022, Quzhou 2013, Jiaxing 2018
    assert workbook["data"].max_row == expected + 1
    # An app-relative link means nothing in a file: the link column stays on screen.
    assert "view in source" not in header


def test_presentation_mode_enlarges_chart_text():
    normal = vega_specs(shared_run("trends", indicator="dibao_standard_urban"))[0]
    present = vega_specs(shared_run("trends", indicator="dibao_standard_urban", present="1"))[0]
    assert present["config"]["title"]["fontSize"] > normal["config"]["title"]["fontSize"]
    subtitle = " ".join(normal["title"]["subtitle"])
    assert "来源" in subtitle and "单位" in subtitle


def test_region_colour_is_the_same_on_every_chart():
    trends = vega_specs(run_page("trends", indicator="elderly_care_beds", lang="en"))[0]
    compare = vega_specs(run_page("compare", indicator="elderly_care_institutions", lang="en"))[0]

    def colour_of(spec, region):
        for layer in spec.get("layer", []):
            scale = layer.get("encoding", {}).get("color", {}).get("scale")
            if scale and region in scale.get("domain", []):
                return scale["range"][scale["domain"].index(region)]
        return None

    assert colour_of(trends, "Nantong") is not None
    assert colour_of(trends, "Nantong") == colour_of(compare, "Nantong")


def test_plans_page_shows_every_huangshigang_target_in_both_languages():
    for lang in ("zh", "en"):
        app = shared_run("plans", lang=lang)
        table = app.dataframe[0].value
        assert set(table["target_id"]) == {f"001_t0{n}" for n in range(1, 7)}


def test_entering_an_actual_that_meets_the_target_marks_it_achieved():
    app = run_page("plans")
    table = app.dataframe[0].value
    status = table.set_index("target_id").loc["001_t02", "状态"]
    assert status == "数据不足"
    app.selectbox(key="plans_add_target_huangshigang_13fyp_2016_2020").set_value("001_t02")
    app.text_input(key="plans_add_value").set_value("3.2")
    app.number_input(key="plans_add_year").set_value(2019)
    app.text_input(key="plans_add_source").set_value("区民政局统计")
    next(button for button in app.button if "添加" in str(button.label)).click().run()
    table = app.dataframe[0].value.set_index("target_id")
    assert table.loc["001_t02", "状态"] == "已实现"
    assert "用户补充" in table.loc["001_t02", "最新实际值(年份 · 来源)"]


def test_a_bad_manual_entry_changes_nothing_and_shows_errors():
    app = run_page("plans", lang="en")
    app.selectbox(key="plans_add_target_huangshigang_13fyp_2016_2020").set_value("001_t02")
    app.text_input(key="plans_add_value").set_value("abc")
    next(button for button in app.button if "Add actual" in str(button.label)).click().run()
    assert app.error
    assert "user_rows" not in app.session_state
    table = app.dataframe[0].value.set_index("target_id")
    assert table.loc["001_t02", "Status"] == "insufficient data"


def test_source_page_deep_link_marks_the_figure():
    obs = "nantong_2012_2022_review:320600:dibao_standard_urban:2022"
    app = run_page("source", source="nantong_2012_2022_review", obs=obs)
    assert not app.exception
    assert app.selectbox(key="source_choice").value == "nantong_2012_2022_review"
    assert app.selectbox(key="source_figure").value == obs
    bodies = [item.proto.body for item in app.get("html")]
    marked = next(body for body in bodies if "civdash-source" in body)
    assert 'class="fig target"' in marked
    assert any("scrollIntoView" in body for body in bodies)


def test_source_page_refuses_an_unknown_figure_with_a_notice():
    app = run_page("source", source="ningbo_2012_review", obs="no:such:figure")
    assert not app.exception
    assert app.selectbox(key="source_figure").value == ""
    assert any("obs" in item.value for item in app.info)


def test_tables_link_every_row_to_its_sentence():
    app = shared_run("trends", indicator="dibao_standard_urban")
    frame = app.dataframe[0].value
    links = frame["查看原文"].tolist()
    assert links and all(link.startswith("source?source=") and "&obs=" in link for link in links)


def test_about_panel_under_the_trend_chart():
    app = shared_run("trends", indicator="dibao_standard_urban", lang="en")
    labels = [expander.label for expander in app.expander]
    assert "About this data" in labels


def test_chart_points_open_their_sentence_on_click():
    app = shared_run("compare", indicator="dibao_standard_urban", lang="en")
    spec = vega_specs(app)[0]
    assert '"href"' in json.dumps(spec)
    urls = [row["source_url"] for row in chart_rows(spec) if row.get("source_url")]
    assert urls and all(url.startswith("source?source=") and "lang=en" in url for url in urls)
