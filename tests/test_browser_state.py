"""Browser: Back undoes a change of view (one history entry per change, widgets follow the URL)."""

from __future__ import annotations

import pytest

from tests.browser_helpers import settle

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SELECTBOX = '[data-testid="stSelectbox"]'
CHART = '[data-testid="stVegaLiteChart"]'


def choose(tab, label_text: str) -> None:
    """Pick an option in the page's first selectbox by typing part of its label."""
    tab.locator(SELECTBOX).first.click()
    tab.keyboard.type(label_text)
    tab.get_by_role("option", name=label_text, exact=True).click()


def test_back_returns_to_the_previous_indicator_and_its_regions(page, server):
    page.goto(f"{server}/trends?indicator=dibao_standard_urban")
    page.wait_for_selector(CHART, timeout=60_000)
    # The default regions are not written into the URL (a second history entry, issue 25).
    page.wait_for_function("!location.search.includes('regions=')", timeout=30_000)
    before = page.evaluate("location.search")
    choose(page, "养老服务 · 养老床位数")
    page.wait_for_function("location.search.includes('indicator=elderly_care_beds')")
    page.wait_for_function(
        "document.querySelector('[data-testid=\"stMultiSelect\"]').innerText.includes('黄石港区')",
        timeout=30_000,
    )
    settle(page)
    history = page.evaluate("history.length")
    page.go_back()
    try:
        page.wait_for_function(f"location.search === {before!r}", timeout=30_000)
    except Exception as error:
        raise AssertionError((before, history, page.evaluate("location.search"))) from error
    chosen = "document.querySelector('[data-testid=\"stSelectbox\"] input').value"
    chart = "document.querySelector('[data-testid=\"stVegaLiteChart\"]').textContent"
    page.wait_for_function(f"{chosen} === '社会救助 · 城市低保标准'", timeout=30_000)
    page.wait_for_function(f"{chart}.includes('城市低保标准单位')", timeout=30_000)
    settle(page)  # the rerun that follows Back has ended, and it must not push the URL forward
    assert page.evaluate("location.search") == before
    assert "黄石港区" not in page.locator('[data-testid="stMultiSelect"]').first.inner_text()


@pytest.mark.parametrize(("width", "collapsed"), [(390, "true"), (1440, "false")])
def test_the_sidebar_folds_on_a_phone_and_opens_on_a_desktop(browser, server, width, collapsed):
    context = browser.new_context(viewport={"width": width, "height": 844}, locale="zh-CN")
    tab = context.new_page()
    try:
        tab.goto(f"{server}/overview")
        tab.wait_for_selector('[data-testid="stSidebar"]', state="attached", timeout=60_000)
        settle(tab)
        state = tab.get_attribute('[data-testid="stSidebar"]', "data-collapsed")
        assert state == collapsed, (width, state)
    finally:
        context.close()
