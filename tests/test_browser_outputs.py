"""Chromium: a chart's SVG, a briefing deck and the share link, as a user gets them."""

from __future__ import annotations

import io
import os
import xml.etree.ElementTree as ElementTree

import pytest
from pptx import Presentation

from civdash.figures import chart_images
from tests.browser_helpers import MAIN_ELEMENT, wait_for_app

# On CI a missing font is a failure (make test installs it); elsewhere the tests say why they skip.
NO_FONT = not chart_images.font_available() and os.environ.get("CI") != "true"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(NO_FONT, reason="fonts-wqy-microhei is not installed"),
]


def open_popover(tab, label: str) -> None:
    tab.get_by_role("button", name=label).first.click()
    tab.wait_for_selector('[data-testid="stPopoverBody"]', state="visible", timeout=10_000)


def test_chart_svg_downloads_with_title_and_source(server, page, tmp_path):  # noqa: F811
    page.goto(f"{server}/trends?indicator=welfare_lottery_sales&regions=330200")
    wait_for_app(page, MAIN_ELEMENT["trends"])
    open_popover(page, "下载图片")
    body = page.locator('[data-testid="stPopoverBody"]')
    with page.expect_download(timeout=120_000) as download_info:
        body.get_by_role("button", name="SVG").first.click()
    download = download_info.value
    assert download.suggested_filename == (
        "civil-affairs_welfare-lottery-sales-ningbo_yuan_2002-2011_slide.svg"
    )
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    root = ElementTree.fromstring(saved.read_text(encoding="utf-8"))
    words = "".join(root.itertext())
    assert root.get("width") == "960" and root.get("height") == "540"
    assert "福利彩票销售额" in words and "来源:宁波市民政局" in words


def test_briefing_deck_downloads_from_the_profile(server, page, tmp_path):  # noqa: F811
    page.goto(f"{server}/profile?region=330200")
    wait_for_app(page, MAIN_ELEMENT["profile"])
    with page.expect_download(timeout=180_000) as download_info:
        page.get_by_role("button", name="生成汇报PPT").click()
    download = download_info.value
    assert download.suggested_filename.startswith("civil-affairs_briefing_ningbo_")
    assert download.suggested_filename.endswith(".pptx")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    deck = Presentation(io.BytesIO(saved.read_bytes()))
    titles = [slide.shapes.title.text_frame.text for slide in deck.slides]
    assert titles[0] == "宁波市" and titles[1] == "关键数字" and titles[-1] == "来源"


def test_share_link_is_the_address_the_browser_reached(server, page):  # noqa: F811
    for base in (server, server.replace("127.0.0.1", "localhost")):
        page.goto(f"{base}/compare?indicator=dibao_standard_urban&lang=en")
        wait_for_app(page, MAIN_ELEMENT["compare"])
        open_popover(page, "Share link")
        shown = page.locator('[data-testid="stPopoverBody"] code').inner_text().strip()
        assert shown == f"{base}/compare?indicator=dibao_standard_urban&lang=en"
        assert "not part of a link" in page.locator('[data-testid="stPopoverBody"]').inner_text()
        page.keyboard.press("Escape")
