# ruff: noqa: E501 - report paragraphs are kept whole, as bureaus print them
"""The extractor on prose written the way bureaus write: year-end summaries, statistical
bulletins and plans from different cities. Each text is written here for the test; none is
copied from data/sources."""

from __future__ import annotations

import pandas as pd
import pytest

from civdash.workbench.extract import extract, report_year

REGIONS = pd.DataFrame(
    [
        ("330000", "浙江省", "province"),
        ("330100", "杭州市", "prefecture"),
        ("330200", "宁波市", "prefecture"),
        ("330300", "温州市", "prefecture"),
        ("330400", "嘉兴市", "prefecture"),
        ("330500", "湖州市", "prefecture"),
        ("330600", "绍兴市", "prefecture"),
        ("330700", "金华市", "prefecture"),
        ("330800", "衢州市", "prefecture"),
        ("330900", "舟山市", "prefecture"),
        ("331000", "台州市", "prefecture"),
        ("331100", "丽水市", "prefecture"),
        ("330523", "安吉县", "county"),
        ("330782", "义乌市", "county"),
        ("320600", "南通市", "prefecture"),
    ],
    columns=["region_id", "name_zh", "level"],
)

JIAXING_SUMMARY = """嘉兴市民政局2024年工作总结

2024年,市民政局在市委、市政府的坚强领导下,深入学习贯彻党的二十届三中全会精神,增强“四个意识”,坚定“四个自信”,做到“两个维护”,扎实推进“九大先行计划”和“1+8+X”救助体系建设,各项工作取得新成效。

一、兜牢民生底线
全年累计发放城乡低保金3.9亿元,全市城乡低保对象1万2千户、两万零三百人,比上年下降2.4%;城乡低保标准提高到每人每月1180元,比上年增长5.4%。特困人员供养标准为每人每年22800元。临时救助12万5千人次。困境儿童基本生活费标准为1520元/月。

二、养老服务提质增效
全市共有养老机构126家,养老床位2.86万张,每千名老年人拥有养老床位42张,护理型床位占比提高3.2个百分点,达到65%。居家养老服务中心实现镇街全覆盖,老年助餐服务满意度位居全省第一。全市80 周岁以上老人1.2万人享受高龄津贴。

三、社会组织和社会工作
全市登记社会组织5210家,比上年减少36家。见图 7 和表 4。持证社工人数增长12%,每万人拥有持证社工18.5人。
"""

ZHEJIANG_BULLETIN = """浙江省2023年民政事业发展统计公报
发布时间:2024-06-18

全省养老服务体系不断完善。宁波、温州、湖州、绍兴、金华、衢州、舟山、台州、丽水等9个设区市实现街道区域养老服务中心全覆盖,全省共建成区域养老服务中心1465家,康养联合体2100个。
安吉县新建老年食堂86家。全省认定星级养老机构1200家,在湖州召开现场会后,全省又新增示范型居家养老服务中心300家。
"""

WENZHOU_PLAN = """温州市民政事业发展“十四五”规划

“十三五”期间,全市城乡低保标准由每人每月620元提高到每人每月1010元,累计筹集福彩公益金12.3亿元。目前,全市共有社区居家养老服务照料中心4218家。
到2025年,全市每百名老人拥有养老床位达到4张以上,持证社会工作者达到1.2万人。
"""


def rows(text, region="330400", year=None, published=""):
    reference = year if year is not None else report_year(text, published).year
    return extract(text, region_id=region, reference_year=reference, regions=REGIONS)


def by_written(candidates):
    return {c.value_as_written: c for c in candidates}


def test_summary_published_next_february_describes_the_year_it_names():
    assert report_year(JIAXING_SUMMARY, "2025-02-11").year == 2024
    found = rows(JIAXING_SUMMARY, published="2025-02-11")
    dated = [c for c in found if c.year is not None]
    assert len(dated) >= 15
    assert sum(c.year == 2024 for c in dated) / len(dated) >= 0.9


def test_bulletin_and_plan_years():
    assert report_year(ZHEJIANG_BULLETIN, "").year == 2023  # title, not the 2024 date line
    assert report_year(WENZHOU_PLAN, "2021-09-30").year == 2020  # 十四五 begins in 2021
    found = by_written(rows(WENZHOU_PLAN, region="330300", published="2021-09-30"))
    assert found["4218"].year == 2020
    assert found["1.2万"].year == 2025 and found["1.2万"].value == 12_000
    assert found["620"].unit_guess == "yuan_per_person_month"


def test_mixed_numerals_in_prose():
    found = by_written(rows(JIAXING_SUMMARY, year=2024))
    assert found["1万2千"].value == 12_000 and found["1万2千"].unit_guess == "households"
    assert found["两万零三百"].value == 20_300
    assert found["12万5千"].value == 125_000
    assert found["3.9亿"].value == 390_000_000
    assert found["2.86万"].value == 28_600


def test_changes_keep_their_sign_and_unit():
    found = rows(JIAXING_SUMMARY, year=2024)
    changes = {(c.value, c.unit_guess) for c in found}
    assert (-2.4, "percent_change") in changes  # 比上年下降2.4%
    assert (5.4, "percent_change") in changes  # 比上年增长5.4%
    assert (3.2, "percentage_points") in changes  # 提高3.2个百分点: not a count
    assert (-36, "count") in changes  # 比上年减少36家
    assert (12, "percent_change") in changes  # 增长12%
    level = next(c for c in found if c.value_as_written == "65%")
    assert (level.value, level.unit_guess) == (65, "percent")  # 达到65%: a level


def test_per_period_standards_and_rates():
    found = by_written(rows(JIAXING_SUMMARY, year=2024))
    assert found["1180"].unit_guess == "yuan_per_person_month"
    assert found["22800"].unit_guess == "yuan_per_person_year"
    assert found["1520"].unit_guess == "yuan_per_person_month"
    per_thousand = found["42"]
    assert (per_thousand.value, per_thousand.unit_guess) == (4.2, "beds_per_100_elderly")
    assert "per 1,000" in per_thousand.note and per_thousand.derivation


def test_ranks_are_offered_as_ranks():
    found = rows(JIAXING_SUMMARY, year=2024)
    ranks = [c for c in found if c.unit_guess == "rank"]
    assert [(c.value_as_written, c.value) for c in ranks] == [("第一", 1)]


@pytest.mark.parametrize(
    "not_a_figure",
    ["二十", "三", "四", "两", "九", "1", "8", "7", "4", "80"],
)
def test_names_captions_meetings_and_ages_are_not_figures(not_a_figure):
    """二十届三中全会, 四个意识, 两个维护, 九大先行计划, 1+8+X, 图 7, 表 4, 80 周岁."""
    found = rows(JIAXING_SUMMARY, year=2024)
    assert not_a_figure not in {c.value_as_written for c in found}


def test_a_list_of_cities_does_not_own_the_figure_after_it():
    found = rows(ZHEJIANG_BULLETIN, region="330000", year=2023)
    regions = {c.value_as_written: c.region_id for c in found}
    assert regions["9"] == "330000"
    assert regions["1465"] == "330000"  # not 丽水, the last city named
    assert regions["2100"] == "330000"
    assert regions["86"] == "330523"  # the sentence is about 安吉县
    assert regions["1200"] == "330000"
    assert regions["300"] == "330000"  # 湖州 is where a meeting was held, not the subject


def test_versions_anniversaries_and_page_numbers_are_not_figures():
    text = (
        "上线“浙里养”2.0版,庆祝建党100周年,开展“银龄互助”3.0时代建设。"
        "详见第12页,本报告共36页。全市新增养老床位1500张。"
    )
    assert [c.value for c in rows(text, year=2021)] == [1500]


def test_shorthand_numerals_are_refused_not_guessed():
    found = rows("全市共有志愿者一万二人,床位三千五张,社工1万5人。", year=2024)
    assert [c.value for c in found] == []


def test_this_year_after_last_year_in_one_sentence_is_this_year():
    text = "去年全市新增床位800张,今年7月起特困人员基本生活标准调整为16187元/人/年。"
    years = {c.value_as_written: c.year for c in rows(text, year=2019)}
    assert years == {"800": 2018, "16187": 2019}


def test_a_per_100_rate_that_reads_like_per_1000_is_flagged():
    found = rows("全市每百名老年人拥有养老床位42张,每百名老人拥有床位4.5张。", year=2024)
    flagged = {c.value: "implausible" in c.note for c in found}
    assert flagged == {42: True, 4.5: False}


def test_a_named_rate_is_a_change_and_a_target_level_is_not():
    found = rows("福彩销量增长率为6.5%,社会组织降幅为2%,覆盖率提高到85%。", year=2024)
    assert [(c.value, c.unit_guess) for c in found] == [
        (6.5, "percent_change"),
        (-2, "percent_change"),
        (85, "percent"),
    ]
