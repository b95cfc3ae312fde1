"""Figures, years and regions the extractor finds in hand-written sentences."""

import pandas as pd
import pytest

from civdash.workbench.extract import extract, find_figures, guess_year

REGIONS = pd.DataFrame(
    [
        ("330000", "浙江省", "province"),
        ("330200", "宁波市", "prefecture"),
        ("330203", "海曙区", "district"),
        ("330800", "衢州市", "prefecture"),
    ],
    columns=["region_id", "name_zh", "level"],
)


def figures(text, year=2019, region="330200"):
    return [
        (c.value_as_written, c.value, c.unit_guess, c.qualifier, c.year, c.period_start)
        for c in extract(text, region_id=region, reference_year=year, regions=REGIONS)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全市养老机构205家", [("205", 205, "count", "exact", 2019, None)]),
        (
            "每百名老人拥有养老床位2.86张",
            [("2.86", 2.86, "beds_per_100_elderly", "exact", 2019, None)],
        ),
        ("低保标准780元/人/月", [("780", 780, "yuan_per_person_month", "exact", 2019, None)]),
        ("筹集善款超37億元", [("超37億", 3.7e9, "yuan", "at_least", 2019, None)]),
        ("救助困难群众180余萬人次", [("180余萬", 1.8e6, "person_times", "at_least", 2019, None)]),
        ("社会组织2万余个", [("2万余", 2e4, "count", "at_least", 2019, None)]),
        ("养老床位总数近800张", [("近800", 800, "beds", "approx", 2019, None)]),
        ("覆盖率达95%以上", [("95%以上", 95, "percent", "at_least", 2019, None)]),
        ("每个社区配有一名督导员", [("一", 1, "persons", "exact", 2019, None)]),
        ("建成三个中心", [("三", 3, "count", "exact", 2019, None)]),
        ("标准提高了两倍多", [("两倍多", 2, "times", "at_least", 2019, None)]),
        (
            "市场份额从1/20扩大到57.7%",
            [
                ("1/20", 0.05, "", "exact", 2019, None),
                ("57.7%", 57.7, "percent", "exact", 2019, None),
            ],
        ),
    ],
)
def test_each_kind_of_figure(text, expected):
    assert figures(text) == expected


def test_range_gives_a_lower_and_an_upper_bound_in_the_same_year():
    found = extract("到2020年,床位达到每千名老人30-35张", region_id="420202", reference_year=2015)
    # Per 1,000 elderly in the text, per 100 in the data (issue 24): converted, and said so.
    assert [(c.value, c.year) for c in found] == [(3, 2020), (3.5, 2020)]
    assert all("per 1,000" in c.note and c.derivation for c in found)
    assert "lower" in found[0].note and "upper" in found[1].note
    assert [c.value for c in extract("给予25万元-65万元不等的奖励", reference_year=2019)] == [
        250000,
        650000,
    ]


def test_spaces_and_line_breaks_from_a_pdf_are_tolerated():
    found = extract("新增床位430 张,服务628007人\n次", reference_year=2019)
    assert [(c.value, c.unit_guess) for c in found] == [(430, "beds"), (628007, "person_times")]
    assert extract("资金1.2 万元", reference_year=2019)[0].value == 12000


@pytest.mark.parametrize(
    "text",
    [
        "联系电话:0571-87654321",
        "浙ICP备05004583号",
        "第3页",
        "依据第十二条规定",
        "2013年10月12日召开会议",
        "党的十九大提出",
        "“十三五”规划",
        "1、严格规范社团登记管理",
        "一是加强领导",
        "为80周岁以上老人",
        "稿源: 2012-09-13 17:24:39",
        "[1] [2] 下一页",
        "《布局规划(2007-2020年)》",
        "建立一批项目",
        "创建5A级社会组织",
        "\n12\n",
    ],
)
def test_non_figures_are_left_out(text):
    assert extract(text, reference_year=2019) == []


@pytest.mark.parametrize(
    ("sentence", "year", "period_start"),
    [
        ("截止2011年底,全市养老机构205家", 2011, None),
        ("目前全市有低保户40520户", 2012, None),
        ("去年全市发放资金9亿元", 2011, None),
        ("五保集中供养率从2002年底的39%", 2002, None),
        ("养老机构由2011年的2家发展到6家", 2012, None),  # the end of a change
        ("城市低保标准比2002年提高了一倍多", 2012, None),  # a comparison base
        ("2011年-2014年10月,共发放优抚资金1530万元", 2014, 2011),
        ("十年来累计筹集善款超37億元", 2012, 2002),
        ("近两年新增床位3000张", 2012, 2011),
        ("十三五以来,全市支出低保金21.1億元", 2016, 2016),
        ("十二五期间累计新建社区用房26家", 2015, 2011),
        ("到2020年,床位达到3.5张", 2020, None),
    ],
)
def test_year_rules(sentence, year, period_start):
    figure = find_figures(sentence)[-1]
    guess = guess_year(sentence, figure.start, 2012)
    assert (guess.year, guess.period_start) == (year, period_start)


def test_region_named_near_the_figure_else_the_source_region():
    text = "宁波市民政局报告。总投资1.16亿元的海曙区广安养怡院。全市养老机构205家。"
    found = extract(text, region_id="330200", reference_year=2012, regions=REGIONS)
    assert [(c.value, c.region_id) for c in found] == [(1.16e8, "330203"), (205, "330200")]


def test_a_section_heading_sets_the_region_of_a_province_collection():
    text = "浙江民政\n\n衢州\n\n全市新建养老服务照料中心242个。\n"
    found = extract(text, region_id="330000", reference_year=2019, regions=REGIONS)
    assert [(c.value, c.region_id) for c in found] == [(242, "330800")]


def test_excerpt_is_verbatim_and_short_and_spans_point_at_the_figure():
    text = "一段很长的前言," * 30 + "截止2011年底,全市养老机构205家,每百名老人拥有养老床位2.86张。"
    for candidate in extract(text, reference_year=2012):
        assert candidate.excerpt in text
        assert len(candidate.excerpt) <= 130
        assert text[candidate.char_start : candidate.char_end] == candidate.value_as_written


def test_no_year_without_a_reference_year_says_so():
    found = extract("全市养老机构205家", reference_year=None)
    assert found[0].year is None and "reference year" in found[0].note
    assert found[0].row()["year"] == ""


def test_a_passage_repeated_by_the_scrape_gives_one_candidate_per_figure():
    passage = "全区有3个社区荣获全国称号,有3个社区荣获全省称号。\n"
    found = extract(passage + "页脚\n" + passage, reference_year=2015)
    assert [(c.value, c.char_start) for c in found] == [(3, 3), (3, 15)]


def test_a_county_missing_from_regions_csv_is_named_in_the_note():
    places = pd.DataFrame(
        [
            ("330521", "德清县", "county"),
            ("440305", "南山区", "county"),
            ("370102", "南山区", "county"),
        ],
        columns=["region_id", "name_zh", "level"],
    )
    found = extract(
        "德清县新建养老服务中心12家,南山区新增床位300张。",
        region_id="330200",
        reference_year=2019,
        regions=REGIONS,
        place_names=places,
    )
    assert [(c.region_id, c.note) for c in found] == [
        ("330200", "names 德清县 (330521), which regions.csv does not list yet"),
        ("330200", ""),  # 南山区 names two places; it proves nothing
    ]
