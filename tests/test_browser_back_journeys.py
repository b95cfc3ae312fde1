"""Browser journeys: switch one control, press Back once: the previous view returns (issue 25 M1).

A replaceState after a widget change undoes the user's Back, so each journey also waits after
Back and checks that the app did not rewrite the URL forward again.
"""

from __future__ import annotations

import pytest

from tests.browser_helpers import wait_for_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHART = '[data-testid="stVegaLiteChart"]'
MAP = ".st-key-map_picture img"


def location(tab) -> str:
    return tab.evaluate("location.pathname + location.search")


def back_once(tab, before: str, changed: str) -> None:
    """Back after a change from `before` to `changed`: the URL and the view return and stay."""
    tab.go_back()
    try:
        tab.wait_for_function(f"location.pathname + location.search === {before!r}", timeout=30_000)
    except Exception as error:
        raise AssertionError((before, changed, location(tab))) from error
    wait_for_app(tab, '[data-testid="stAppViewContainer"]')
    tab.wait_for_timeout(2_000)  # the rerun after Back must not write the newer URL back
    assert location(tab) == before, (before, changed)


def changed_from(tab, before: str) -> str:
    tab.wait_for_function(f"location.pathname + location.search !== {before!r}", timeout=30_000)
    wait_for_app(tab, '[data-testid="stAppViewContainer"]')
    tab.wait_for_timeout(1_000)
    return location(tab)


def checked_radio(tab) -> str:
    return tab.locator('[data-testid="stRadio"] input:checked').first.evaluate(
        "input => input.closest('label').innerText"
    )


@pytest.mark.parametrize(
    ("path", "ready", "first", "second"),
    [
        ("/compare?indicator=elderly_care_beds", CHART, "每万名常住人口", "每千名60岁及以上老人"),
        ("/trends?indicator=elderly_care_beds", CHART, "每万名常住人口", "每千名60岁及以上老人"),
        ("/map?indicator=elderly_care_institutions", MAP, "原始数值", "每千名60岁及以上老人"),
    ],
)
def test_back_undoes_a_per_resident_switch(page, server, path, ready, first, second):
    page.goto(f"{server}{path}")
    wait_for_app(page, ready)
    page.get_by_text(first, exact=True).click()
    middle = changed_from(page, location(page))
    page.get_by_text(second, exact=True).click()
    changed = changed_from(page, middle)
    back_once(page, middle, changed)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=\"stRadio\"] input')]"
        f".some(input => input.checked && input.closest('label').innerText.includes({first!r}))",
        timeout=30_000,
    )


def test_back_undoes_an_indicator_change_on_compare(page, server):
    page.goto(f"{server}/compare?indicator=elderly_care_beds")
    wait_for_app(page, CHART)
    before = location(page)
    page.locator('[data-testid="stSelectbox"]').first.click()
    page.keyboard.type("养老服务 · 养老机构数")
    page.get_by_role("option", name="养老服务 · 养老机构数", exact=True).click()
    changed = changed_from(page, before)
    back_once(page, before, changed)
    chosen = "document.querySelector('[data-testid=\"stSelectbox\"] input').value"
    page.wait_for_function(f"{chosen} === '养老服务 · 养老床位数'", timeout=30_000)


def test_back_undoes_a_change_of_regions_on_trends(page, server):
    page.goto(f"{server}/trends?indicator=elderly_care_institutions")
    wait_for_app(page, CHART)
    before = location(page)
    tags = '[data-testid="stMultiSelect"] [data-baseweb="tag"]'
    count = page.locator(tags).count()
    page.locator('[data-testid="stMultiSelect"] input').first.click()
    page.keyboard.press("Backspace")
    changed = changed_from(page, before)
    assert "regions=" in changed
    back_once(page, before, changed)
    page.wait_for_function(f"document.querySelectorAll({tags!r}).length === {count}")


def test_back_undoes_a_year_window_change(page, server):
    page.goto(f"{server}/data")
    wait_for_app(page, '[data-testid="stDataFrame"]')
    before = location(page)
    page.get_by_role("slider").first.focus()
    page.keyboard.press("ArrowRight")
    changed = changed_from(page, before)
    assert "from=" in changed
    back_once(page, before, changed)


@pytest.mark.parametrize(
    ("label", "param", "ready"),
    [("English", "lang=en", CHART), ("演示模式", "present=1", CHART)],
)
def test_back_undoes_language_and_presentation_toggles(page, server, label, param, ready):
    page.goto(f"{server}/compare?indicator=elderly_care_beds")
    wait_for_app(page, ready)
    before = location(page)
    page.locator('[data-testid="stSidebar"]').get_by_text(label, exact=True).click()
    changed = changed_from(page, before)
    assert param in changed
    back_once(page, before, changed)
    page.wait_for_function("document.documentElement.lang.startsWith('zh')", timeout=30_000)
    page.wait_for_function(
        "document.querySelector('h1') && document.querySelector('h1').innerText === '城市对比'",
        timeout=30_000,
    )


def test_one_back_leaves_a_page_reached_through_the_sidebar(page, server):
    page.goto(f"{server}/compare?indicator=elderly_care_beds")
    wait_for_app(page, CHART)
    before = location(page)
    page.locator('[data-testid="stSidebarNav"]').get_by_text("城市档案", exact=True).click()
    changed = changed_from(page, before)
    assert changed.startswith("/profile")
    wait_for_app(page, CHART)
    page.wait_for_timeout(1_500)
    back_once(page, before, changed)
    wait_for_app(page, CHART)
