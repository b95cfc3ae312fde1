"""AppTest: user-supplied actuals, plan summary, page state across links and the words shown."""

from __future__ import annotations

import csv
import io
import json
import re
from urllib.parse import parse_qsl

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from civdash.data.loader import cached_dataset, data_dir
from civdash.i18n import PAGE_KEYS
from tests.conftest import APP, chart_rows, run_page, shared_run, vega_specs

PLAN = "huangshigang_13fyp_2016_2020"
BEDS_TARGET = "001_t02"
BEDS_PER_100 = "elderly_care_beds_per_100_elderly"
FORBIDDEN_WORDS = re.compile(r"\b(None|nan|NaN|null|True|False)\b")


def submit_actual(app: AppTest, target: str, value: str, year: int = 2020) -> AppTest:
    app.selectbox(key=f"plans_add_target_{PLAN}").set_value(target).run()
    app.text_input(key="plans_add_value").set_value(value)
    app.number_input(key="plans_add_year").set_value(year)
    form_button = next(button for button in app.button if button.proto.is_form_submitter)
    return form_button.click().run()


def table_with(app: AppTest, column: str):
    """The first table showing `column` (AppTest does not expose a read-only grid's key)."""
    return next(frame for frame in app.dataframe if column in frame.value.columns)


def plans_table(app: AppTest):
    return table_with(app, "target_id")


def status_of(app: AppTest, target: str, column: str = "状态") -> str:
    return plans_table(app).value.set_index("target_id").loc[target, column]


def with_user_beds(lang: str = "zh") -> AppTest:
    """The plans page after a correct user-supplied 3.2 beds per 100 elderly for 2020."""
    app = run_page("plans", lang=lang)
    submit_actual(app, BEDS_TARGET, "3.2")
    assert "user_rows" in app.session_state
    return app


def texts(app: AppTest) -> str:
    parts = []
    for kind in ("markdown", "caption", "warning", "info", "success", "error", "title"):
        parts += [str(item.value) for item in getattr(app, kind)]
    # Data text reaches Markdown escaped (ui.plain); read it as the screen shows it.
    return " ".join(parts).replace("\\", "")


# --- B3: user-supplied actuals ---------------------------------------------------------------


def test_value_field_names_the_unit_of_the_chosen_target():
    app = run_page("plans")
    app.selectbox(key=f"plans_add_target_{PLAN}").set_value(BEDS_TARGET).run()
    assert app.text_input(key="plans_add_value").label == "数值(张/百名老人)"
    english = run_page("plans", lang="en")
    english.selectbox(key=f"plans_add_target_{PLAN}").set_value(BEDS_TARGET).run()
    assert english.text_input(key="plans_add_value").label == "Value (beds per 100 elderly)"
    # The goal is written per 1,000 elderly; the page says so before anyone types.
    assert any("每千名老人" in item.value for item in app.warning)


def test_32_per_1000_asks_for_confirmation_and_is_not_silently_achieved():
    app = run_page("plans")
    assert status_of(app, BEDS_TARGET) == "数据不足"
    submit_actual(app, BEDS_TARGET, "32")
    assert "user_rows" not in app.session_state
    assert status_of(app, BEDS_TARGET) == "数据不足"
    prompt = " ".join(item.value for item in app.warning)
    assert "12 倍" in prompt and "2015" in prompt  # 32 / 2.7 ≈ 12× the 2015 baseline
    assert "3\\.2" in prompt and "每千名老人 32 张" in prompt  # names the likely unit slip
    assert app.button(key="plans_use_suggestion").label == "改为 3.2 添加"
    app.button(key="plans_use_suggestion").click().run()
    assert status_of(app, BEDS_TARGET) == "已实现"
    latest = plans_table(app).value.set_index("target_id")
    assert latest.loc[BEDS_TARGET, "最新实际值(年份 · 来源)"].startswith("3.2张/百名老人 (2020)")
    success = " ".join(item.value for item in app.success)
    assert "已实现" in success and "状态" in success


def test_confirming_an_implausible_value_keeps_it_as_typed():
    app = run_page("plans", lang="en")
    submit_actual(app, BEDS_TARGET, "32")
    assert "32 is 12× the 2015 baseline" in " ".join(item.value for item in app.warning)
    app.button(key="plans_confirm").click().run()
    rows = app.session_state["user_rows"]
    assert rows["value"].tolist() == [32.0]


def test_a_value_with_a_unit_gets_a_translated_inline_message_about_the_form():
    app = run_page("plans")
    submit_actual(app, "001_t05", "3个")
    errors = " ".join(item.value for item in app.error)
    assert "带了单位" in errors and "文件" not in errors
    assert not re.search(r"[A-Za-z]{4,}", errors), errors  # no English in the Chinese UI
    assert "user_rows" not in app.session_state
    english = run_page("plans", lang="en")
    submit_actual(english, "001_t05", "abc")
    message = " ".join(item.value for item in english.error)
    assert "is not a number" in message and "file" not in message


def test_a_chinese_numeral_is_accepted_and_echoed_as_read():
    app = run_page("plans")
    submit_actual(app, "001_t05", "三")
    assert app.session_state["user_rows"]["value"].tolist() == [3.0]
    assert "3个" in " ".join(item.value for item in app.success)


@pytest.mark.parametrize("page", ["overview", "trends", "compare", "profile", "map", "data"])
def test_a_banner_says_user_rows_are_active_on_every_page(page):
    app = with_user_beds()
    app.switch_page(f"pages/{page}.py").run()
    assert not app.exception
    banner = " ".join(item.value for item in app.warning)
    assert "1 行用户补充数据" in banner and "刷新页面" in banner


def test_user_rows_are_drawn_differently_and_labelled_on_every_chart():
    app = with_user_beds()
    bullet = next(
        spec for spec in vega_specs(app) if "用户补充" in json.dumps(spec, ensure_ascii=False)
    )
    dashed = [
        layer
        for layer in bullet["layer"]
        if isinstance(layer.get("mark"), dict) and layer["mark"].get("strokeDash")
    ]
    assert dashed and dashed[0]["mark"]["fill"] == "white"

    app.switch_page("pages/compare.py")
    app.query_params["indicator"] = BEDS_PER_100
    app.run()
    assert not app.exception, [item.value for item in app.exception]
    spec = vega_specs(app)[0]
    user_bar = next(row for row in chart_rows(spec) if row.get("user_supplied"))
    assert "用户补充" in user_bar["bar_label"]
    encoding = json.dumps(spec["layer"][0]["encoding"])
    assert "strokeDash" in encoding and "datum.user_supplied" in encoding
    assert "空心虚线框 = 用户补充" in " ".join(spec["title"]["subtitle"])

    app.switch_page("pages/trends.py")
    app.query_params["indicator"] = BEDS_PER_100
    app.run()
    assert not app.exception, [item.value for item in app.exception]
    spec = vega_specs(app)[0]
    point = next(row for row in chart_rows(spec) if row.get("user_supplied") and "label" in row)
    assert point["short_label"].endswith("用户补充")
    assert "datum.user_supplied" in json.dumps(spec)

    app.switch_page("pages/profile.py")
    app.query_params["region"] = "420202"
    app.session_state["profile_category_elderly_care"] = True  # the category is opened
    app.run()
    assert not app.exception, [item.value for item in app.exception]
    small = [spec for spec in vega_specs(app) if "用户补充" in json.dumps(spec, ensure_ascii=False)]
    assert small, "the profile's small multiple shows the user row marked"


def test_exports_carry_a_localised_user_supplied_column(captured_files):
    app = with_user_beds()
    app.switch_page("pages/compare.py")
    app.query_params["indicator"] = BEDS_PER_100
    app.run()
    assert not app.exception, [item.value for item in app.exception]
    csv_file = [f for f in captured_files if (f["filename"] or "").endswith(".csv")][-1]
    text = csv_file["data"].decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {row["用户补充"] for row in rows} == {"是", "否"}
    assert not FORBIDDEN_WORDS.search(text)


# --- M9, M3: the plans page --------------------------------------------------------------------


def test_plan_summary_fits_a_meeting_and_says_why_targets_cannot_be_assessed():
    app = shared_run("plans", present="1")
    summary = next(element.proto.body for element in app.get("html") if "<li" in element.proto.body)
    assert "黄石港区民政事业第十三个五年发展规划" in summary and "2016–2020" in summary
    assert "数据不足 2" in summary and "无法用已报告数据衡量 4" in summary
    assert summary.count("<li") == 6  # one row per target
    assert "6 项目标中有 6 项暂无法评估" in summary and "规划期内(2016–2020年)" in summary


def test_plan_tables_never_show_none_and_hide_an_uncomputable_ratio():
    for lang in ("zh", "en"):
        app = shared_run("plans", lang=lang)
        for frame in app.dataframe:
            values = [str(value) for value in frame.value.to_numpy().ravel()]
            assert not any(FORBIDDEN_WORDS.fullmatch(value) for value in values), values
        # Huangshigang has no ratio to show: the column is hidden rather than filled with None.
        assert not any("R)" in column for column in plans_table(app).value.columns)


def test_the_pace_column_has_a_plain_label_and_help_when_a_ratio_exists():
    plan = "huzhou_neighbourhood_centres_2020"
    app = run_page("plans", plan=plan, lang="en")
    app.selectbox(key=f"plans_add_target_{plan}").set_value("004a_t1").run()
    app.text_input(key="plans_add_value").set_value("100")
    app.number_input(key="plans_add_year").set_value(2020)
    next(button for button in app.button if button.proto.is_form_submitter).click().run()
    table = plans_table(app)
    column = "Pace: actual ÷ needed (R)"
    paces = table.value.set_index("target_id")[column]
    assert paces["004a_t1"] == "0.29" and paces["004a_t2"] == "–"
    assert "needed to meet the target on time" in table.proto.columns


# --- M1, M2, M8: state -------------------------------------------------------------------------


def test_changing_the_trend_indicator_shows_every_region_that_reports_it():
    app = run_page("trends")
    before = app.multiselect(key="trends_regions").value
    assert "420202" not in before  # Huangshigang reports no urban dibao standard
    app.selectbox(key="trends_indicator").set_value("elderly_care_beds").run()
    reporting = set(app.multiselect(key="trends_regions").options)
    chosen = app.multiselect(key="trends_regions").value
    assert "420202" in chosen and len(chosen) == len(reporting)
    drawn = {row["region_id"] for row in chart_rows(vega_specs(app)[0]) if "label" in row}
    assert drawn == {"320600", "420202"} == set(chosen)  # Nantong and Huangshigang report beds


def test_chosen_trend_regions_are_kept_and_the_others_are_named():
    app = run_page("trends", indicator="elderly_care_institutions", regions="320600")
    app.selectbox(key="trends_indicator").set_value("elderly_care_beds").run()
    assert app.multiselect(key="trends_regions").value == ["320600"]
    also = " ".join(item.value for item in app.caption)
    assert "也报告该指标" in also and "黄石港区" in also
    app.button(key="trends_show_all").click().run()
    assert set(app.multiselect(key="trends_regions").value) == {"320600", "420202"}


def link_target(link) -> tuple[str, dict[str, str]]:
    """(page key, query parameters) a page link opens."""
    return link.proto.page.strip("/") or "overview", dict(parse_qsl(link.proto.query_string))


def follow(link, lang: str) -> tuple[str, dict[str, str], AppTest]:
    """Open a page link's target with its query, as a browser would."""
    page, params = link_target(link)
    app = AppTest.from_file(APP, default_timeout=60)
    for name, value in params.items():
        app.query_params[name] = value
    if page != "overview":
        app.switch_page(f"pages/{page}.py")
    return page, params, app.run()


@pytest.mark.parametrize(("region", "lang"), [("330200", "zh"), ("420202", "en"), ("331000", "zh")])
def test_every_profile_link_opens_a_view_about_the_region(region, lang):
    """One link per target page is opened (a page run each); every other link is checked
    against the data without a run: it names a real figure and the same parameters."""
    profile = run_page("profile", region=region, lang=lang)
    links = profile.get("page_link")
    assert len(links) >= 4
    name = profile.selectbox(key="profile_region").format_func(region)
    first_per_page: dict[str, object] = {}
    for link in links:
        page, params = link_target(link)
        first_per_page.setdefault(page, link)
    # 420202's profile links to the source page about 50 times, once per figure: those links
    # differ only in the figure they mark, which the data can confirm without a page run.
    dataset = cached_dataset(str(data_dir()))
    facts = dataset.facts
    by_id = facts.set_index("observation_id")
    reported = set(zip(facts["region_id"], facts["indicator_id"], strict=True))
    for link in links:
        page, params = link_target(link)
        assert page in PAGE_KEYS, page
        assert set(params) == set(link_target(first_per_page[page])[1]), (page, params)
        if page in ("trends", "compare") and "indicator" in params:
            assert (region, params["indicator"]) in reported, params
        if page == "plans":
            assert params["plan"] in set(dataset.plans["plan_id"]), params
        if page == "source":
            # The figure the link marks exists, in the report the link opens.
            assert by_id.loc[params["obs"], "source_id"] == params["source"], params
    for link in first_per_page.values():
        page, params, app = follow(link, lang)
        assert not app.exception, page
        notices = " ".join(item.value for item in app.info)
        assert "无效" not in notices and "not valid" not in notices, (page, notices)
        if page == "overview":
            assert app.selectbox(key="overview_region").value == region
        elif page == "trends":
            assert app.multiselect(key="trends_regions").value == [region]
            drawn = {row["region_id"] for row in chart_rows(vega_specs(app)[0])}
            assert drawn == {region}
        elif page == "compare":
            drawn = {row.get("region_id") for row in chart_rows(vega_specs(app)[0])}
            assert region in drawn, (params, drawn)
        elif page == "map":
            table = app.dataframe[0].value.astype(str)
            mine = table[table.apply(lambda column: column == name).any(axis=1)]
            assert len(mine) == 1, (params, name)
            assert not mine.apply(lambda c: c.str.contains("未报告|not reported")).any().any()
        elif page == "plans":
            plan = app.selectbox(key="plans_plan").value
            assert app.session_state["plans_plan"] == plan
            assert plan.startswith(params["plan"]) and params["plan"] in plan
        elif page == "data":
            assert app.multiselect(key="data_regions").value == [region]


def test_a_year_window_names_regions_whose_figures_fall_outside_it():
    app = run_page(
        "compare",
        indicator="elderly_care_institutions",
        lang="en",
        **{"from": "2012", "to": "2015"},
    )
    text = texts(app)
    assert "No figure in 2012–2015: Ningbo (2011), Nantong (2022)" in text
    not_reported = next(item.value for item in app.markdown if "do not report" in item.value)
    assert "Ningbo" not in not_reported and "Nantong" not in not_reported


# --- Words ------------------------------------------------------------------------------------


def test_data_exports_read_as_words_not_code(captured_files):
    run_page("data", category="elderly_care", lang="zh", **{"from": "2012", "to": "2019"})
    csv_file = next(f for f in captured_files if (f["filename"] or "").endswith(".csv"))
    assert csv_file["filename"] == "civil-affairs_elderly-care_2012-2019.csv"
    text = csv_file["data"].decode("utf-8-sig")
    assert not FORBIDDEN_WORDS.search(text)
    assert not re.search(r",\d+\.0,", text)  # 320, not 320.0
    header = next(csv.reader(io.StringIO(text)))
    assert header[:7] == ["地区", "指标", "年份", "显示值", "原文数字", "来源", "原文摘录"]
    assert header[-3:] == ["地区 ID", "indicator_id", "source_id"]
    xlsx = next(f for f in captured_files if (f["filename"] or "").endswith(".xlsx"))
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx["data"]))
    for sheet in workbook.worksheets:
        headers = [cell.value for cell in sheet[1]]
        assert "name_zh" not in headers and "higher_is_better" not in headers, headers
        for row in sheet.iter_rows(values_only=True):
            for cell in row:
                assert not isinstance(cell, bool), (sheet.title, row)
                assert not (isinstance(cell, str) and FORBIDDEN_WORDS.fullmatch(cell))


def test_english_pages_show_english_source_titles():
    overview = shared_run("overview", lang="en")
    sources = table_with(overview, "Source").value
    assert not sources["Source"].str.contains(r"[\u4e00-\u9fff]").any()
    assert "2013–2013" not in sources.to_string()
    data = shared_run("data", lang="en")
    titles = " ".join(item.value for item in data.markdown)
    assert "Huangshigang District 13th Five" in titles


def test_an_increase_of_one_fold_and_more_reads_more_than_doubled():
    app = shared_run("profile", region="330200", lang="en")
    text = texts(app)
    assert "more than doubled (+100% or more)" in text
    assert "≥1×" not in text
