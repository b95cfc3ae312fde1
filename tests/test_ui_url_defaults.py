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
