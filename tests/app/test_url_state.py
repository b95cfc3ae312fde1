"""A page opened without parameters leaves its defaults out of the URL (a write would push a
second history entry, so one Back would not leave the page), yet its share link spells them
out; the profile's heading names its region (issue 25, M1 and M4)."""

from __future__ import annotations

import pytest

from tests.conftest import run_page


def share_link(app) -> str:
    codes = [element for element in app.sidebar if element.type == "code"]
    assert len(codes) == 1
    return codes[0].proto.code_text


@pytest.mark.parametrize(
    ("page", "name", "key"),
    [
        ("profile", "region", "profile_region"),
        ("compare", "indicator", "compare_indicator"),
        ("trends", "indicator", "trends_indicator"),
        ("map", "indicator", "map_indicator"),
    ],
)
def test_defaults_stay_out_of_the_url_but_in_the_share_link(page, name, key):
    app = run_page(page)
    assert not app.exception
    assert name not in app.query_params
    value = app.session_state[key]
    assert f"{name}={value}" in share_link(app)


def test_an_explicit_choice_stays_in_the_url():
    app = run_page("profile", region="330800")
    assert app.query_params["region"] == "330800"


@pytest.mark.parametrize(
    ("lang", "heading"), [("zh", "衢州市 · 城市档案"), ("en", "Quzhou · City profile")]
)
def test_the_profile_heading_names_its_region(lang, heading):
    app = run_page("profile", region="330800", lang=lang)
    assert app.title[0].value == heading


def test_a_real_mode_without_a_base_is_explained_not_called_invalid():
    app = run_page("compare", indicator="elderly_care_beds_institutional", per="per_1k_60")
    assert not app.exception
    shown = " ".join(item.value for item in app.info)
    assert "无效" not in shown
    assert "每千名60岁及以上老人" in shown and "人口基数" in shown


def test_the_zoomable_map_is_kept_in_the_url():
    app = run_page("map", zoom="1")
    assert not app.exception
    assert app.toggle(key="map_interactive").value is True
    assert app.query_params["zoom"] == "1"
    app.toggle(key="map_interactive").set_value(False).run()
    assert "zoom" not in app.query_params


def test_a_region_that_does_not_report_is_named_not_called_invalid():
    app = run_page("trends", indicator="elderly_care_institutions", regions="330100")
    assert not app.exception
    shown = " ".join(item.value for item in app.info)
    assert "无效" not in shown
    assert "杭州市" in shown and "未报告" in shown
