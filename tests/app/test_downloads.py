"""AppTest: the share link on every page, image downloads on every chart, the deck buttons."""

from __future__ import annotations

import pytest

from civdash.i18n import PAGE_KEYS
from tests.conftest import run_page, shared_run

pytestmark = pytest.mark.slow


def share_link(app) -> str:
    codes = [element for element in app.sidebar if element.type == "code"]
    assert len(codes) == 1
    return codes[0].proto.code_text


def buttons(app) -> dict[str, object]:
    """Download buttons by the key they were given."""
    return {
        button.proto.id.split("-", 2)[-1]: button.proto for button in app.get("download_button")
    }


@pytest.mark.parametrize("page", [page for page in PAGE_KEYS if page != "map"])
def test_every_page_shares_its_full_url(page):
    app = shared_run(page, lang="en")
    assert not app.exception
    link = share_link(app)
    path = "" if page == "overview" else page
    assert link.startswith(f"http://localhost:8501/{path}?")
    assert "lang=en" in link


def test_share_link_follows_the_final_view_of_the_run():
    app = run_page("trends", indicator="welfare_lottery_sales", regions="330200")
    assert share_link(app).endswith("/trends?indicator=welfare_lottery_sales&regions=330200")
    app.selectbox(key="trends_indicator").set_value("dibao_standard_urban").run()
    # The regions reset to those reporting the new indicator (issue 12, M1) and the link says so.
    regions = "%2C".join(app.multiselect(key="trends_regions").value)
    assert "330200" not in regions
    assert share_link(app).endswith(f"/trends?indicator=dibao_standard_urban&regions={regions}")
    popover_text = " ".join(element.value for element in app.sidebar if element.type == "caption")
    assert "用户补充的数据" in popover_text


@pytest.mark.parametrize(
    ("page", "params", "prefix"),
    [
        ("trends", {"indicator": "welfare_lottery_sales", "regions": "330200"}, "trends_image"),
        ("compare", {"indicator": "dibao_standard_urban"}, "compare_image"),
        ("profile", {"region": "330200"}, "profile_image_"),
        ("plans", {"plan": "huangshigang_13fyp_2016_2020"}, "plans_image_"),
    ],
)
def test_charts_offer_png_and_svg_at_two_sizes_built_only_on_click(page, params, prefix):
    app = run_page(page, **params)
    assert not app.exception
    images = {key: proto for key, proto in buttons(app).items() if key.startswith(prefix)}
    assert images
    for suffix in ("slide_png", "slide_svg", "a4_png", "a4_svg"):
        assert any(key.endswith(suffix) for key in images)
    for proto in images.values():
        # Deferred: nothing is drawn until someone clicks, so a rerun stays fast.
        assert proto.deferred_file_id and not proto.url


@pytest.mark.parametrize(
    ("page", "params", "key"),
    [
        ("profile", {"region": "330200"}, "profile_deck"),
        ("plans", {"plan": "huangshigang_13fyp_2016_2020"}, "plans_deck"),
    ],
)
def test_deck_button_is_deferred(page, params, key):
    app = run_page(page, **params)
    proto = buttons(app)[key]
    assert proto.label == "生成汇报PPT"
    assert proto.deferred_file_id and not proto.url
