"""Browser: the comparison of elderly-care beds per 1,000 aged 60+, drawn and screenshotted."""

from __future__ import annotations

import pytest

from tests.browser_helpers import ARTIFACTS, wait_for_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize(
    ("lang", "present", "size", "words"),
    [
        (
            "zh",
            False,
            (1440, 900),
            ("每千名60岁及以上老人", "分母为60岁及以上常住人口", "无人口基数"),
        ),
        ("en", True, (1920, 1080), ("Per 1,000 aged 60+", "denominator residents aged 60+")),
    ],
)
def test_compare_beds_per_thousand_elderly(server, page, lang, present, size, words):  # noqa: F811
    page.set_viewport_size({"width": size[0], "height": size[1]})
    query = (
        "indicator=elderly_care_beds&per=per_1k_60"
        + ("&lang=en" if lang == "en" else "")
        + ("&present=1" if present else "")
    )
    page.goto(f"{server}/compare?{query}")
    wait_for_app(page, '[data-testid="stVegaLiteChart"] svg')
    assert page.locator('[data-testid="stException"]').count() == 0
    body = page.inner_text("body")
    svg_text = page.locator('[data-testid="stVegaLiteChart"] svg').first.text_content()
    for word in words:
        assert word in body + svg_text, word
    ARTIFACTS.mkdir(exist_ok=True)
    name = f"compare_beds_per_1k_60_{lang}{'_present' if present else ''}.png"
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)
    plot = page.locator('[data-testid="stVegaLiteChart"] g.role-frame > g > path.background')
    assert plot.first.bounding_box()["height"] >= 100
    assert "per=per_1k_60" in page.url
