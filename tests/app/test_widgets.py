"""m1: a valid choice the view cannot offer is explained, never called invalid."""

from __future__ import annotations

from tests.conftest import notices, run_page


def test_a_per_mode_without_a_base_says_why_not_invalid():
    app = run_page(
        "compare", indicator="elderly_care_beds_institutional", per="per_1k_60", lang="zh"
    )
    assert not app.exception
    said = notices(app)
    assert "无效" not in said
    assert "每千名60岁及以上老人" in said and "不可用" in said
    english = run_page(
        "compare", indicator="elderly_care_beds_institutional", per="per_1k_60", lang="en"
    )
    assert "not valid" not in notices(english) and "not available" in notices(english)


def test_a_region_that_does_not_report_is_named_not_invalid():
    app = run_page("trends", indicator="elderly_care_institutions", regions="330100")
    assert not app.exception
    said = notices(app)
    assert "无效" not in said and "杭州市未报告该指标" in said


def test_a_malformed_value_is_still_invalid():
    app = run_page("compare", indicator="elderly_care_institutions", per="per_bogus")
    assert "无效" in notices(app)
