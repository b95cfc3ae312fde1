"""Accessibility in a real browser: axe-core on every page, headings, page language, keyboard.

The per-view checks (axe, headings, page language, chart names) run inside test_render.test_view,
the one visit per view; this file holds them and the journeys that need their own visit.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlparse

import pytest

from civdash.figures.accessibility import html_lang
from civdash.i18n import text
from tests.browser_helpers import (
    ARTIFACTS,
    LOAD_TIMEOUT_MS,
    MAIN_ELEMENT,
    wait_for_app,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BLOCKING = {"serious", "critical"}
MODES = {
    "normal": ({"width": 1440, "height": 900}, {}),
    "present": ({"width": 1920, "height": 1080}, {"present": "1"}),
}
# Every visible chart's accessible name, and the map's hidden sentence, start with this.
SUMMARY_SEPARATOR = {"zh": ":", "en": ": "}
HEADINGS_JS = """() => [...document.querySelectorAll('main :is(h1,h2,h3,h4,h5,h6)')]
  .filter((node) => node.checkVisibility())
  .map((node) => [Number(node.tagName[1]), node.innerText.trim()])"""
CHART_NAMES_JS = """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
  .filter((node) => node.checkVisibility() && node.querySelector('svg'))
  .map((node) => node.getAttribute('aria-label') || '')"""
SCREEN_READER_JS = """() => [...document.querySelectorAll('p.civdash-sr-only')]
  .map((node) => [node.getAttribute('lang'), node.textContent])"""
# Resolves once the browser has drawn two more frames.
NEXT_FRAMES_JS = """() => new Promise((done) =>
  requestAnimationFrame(() => requestAnimationFrame(() => done(true))))"""
# Where keyboard focus is and whether it is drawn: an outline or a focus shadow on the element
# or on the label or field that wraps it (a switch's input is hidden inside its label).
FOCUS_JS = """() => {
  const active = document.activeElement;
  if (!active || active === document.body) return null;
  const drawn = (node) => {
    const style = getComputedStyle(node);
    return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2)
      || style.boxShadow !== 'none';
  };
  let node = active, visible = false;
  for (let depth = 0; node && depth < 6; depth += 1, node = node.parentElement) {
    if (drawn(node)) { visible = true; break; }
  }
  const block = active.closest('[data-testid]');
  return {
    tag: active.tagName, role: active.getAttribute('role'),
    name: (active.getAttribute('aria-label') || active.innerText || '').trim().slice(0, 60),
    block: block ? block.getAttribute('data-testid') : '', visible,
    grid: !!active.closest('[data-testid="stDataFrame"]'),
  };
}"""


def axe_results(tab) -> dict:
    from axe_playwright_python.sync_playwright import Axe

    # The bundled axe-core is injected from the package: nothing is fetched.
    return Axe().run(tab, options={"resultTypes": ["violations"]}).response


def describe(violation: dict) -> str:
    targets = [" ".join(node["target"])[:120] for node in violation["nodes"][:3]]
    return f"{violation['id']} ({violation['impact']}, {len(violation['nodes'])}): {targets}"


def check_accessibility(tab, page_key: str, lang: str, mode: str) -> None:
    """axe-core finds nothing serious; one h1 and headings in order; lang; charts are named.

    Run by test_render.test_view on its one visit per view (page x language x mode).
    """
    assert tab.locator('[data-testid="stException"]').count() == 0

    results = axe_results(tab)
    blocking = [item for item in results["violations"] if item["impact"] in BLOCKING]
    others = [item for item in results["violations"] if item["impact"] not in BLOCKING]
    report = ARTIFACTS / "axe" / f"{page_key}_{lang}_{mode}.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text(json.dumps(results["violations"], ensure_ascii=False, indent=1), "utf-8")
    assert not blocking, "\n".join(describe(item) for item in blocking)
    if others:
        print(f"{page_key} {lang} {mode}: " + "; ".join(describe(item) for item in others))

    headings = tab.evaluate(HEADINGS_JS)
    levels = [level for level, _ in headings]
    assert levels.count(1) == 1 and levels[0] == 1, headings
    assert all(later - earlier <= 1 for earlier, later in zip(levels, levels[1:], strict=False)), (
        headings
    )

    assert tab.evaluate("() => document.documentElement.lang") == html_lang(lang)

    # Each chart's accessible name is its summary sentence in the page language.
    for name in tab.evaluate(CHART_NAMES_JS):
        assert SUMMARY_SEPARATOR[lang] in name and name != "Vega visualization", name
        if lang == "en":
            assert not any("\u4e00" <= char <= "\u9fff" for char in name.split(":")[0]), name
    if page_key == "map":
        sentences = tab.evaluate(SCREEN_READER_JS)
        assert sentences and sentences[0][0] == html_lang(lang)
        assert SUMMARY_SEPARATOR[lang] in sentences[0][1]
        box = tab.locator("p.civdash-sr-only").first.bounding_box()
        assert box and box["width"] <= 1 and box["height"] <= 1  # read aloud, never drawn


def test_chart_summary_names_every_plotted_value(server, open_tab):
    """A screen reader hears the comparison's figures, years and units, in Chinese."""
    tab = open_tab(MODES["normal"][0], html_lang("zh"))
    tab.goto(f"{server}/compare?indicator=dibao_standard_urban")
    wait_for_app(tab, '[data-testid="stVegaLiteChart"] svg', timeout=LOAD_TIMEOUT_MS)
    name = tab.evaluate(CHART_NAMES_JS)[0]
    assert name.startswith("城市低保标准:各地区最新值:")
    assert "南通市 2022年 780元/人/月" in name and "衢州市 2013年 480元/人/月" in name
    # Regions come from the highest value down, as the bars do.
    assert name.index("南通市") < name.index("衢州市")


def test_page_language_follows_the_toggle_and_page_switches(server, open_tab):
    tab = open_tab(MODES["normal"][0], html_lang("zh"))
    tab.goto(f"{server}/trends")
    wait_for_app(tab, MAIN_ELEMENT["trends"], timeout=LOAD_TIMEOUT_MS)
    assert tab.evaluate("() => document.documentElement.lang") == "zh-CN"
    tab.get_by_text("English", exact=True).click()
    tab.wait_for_url("**lang=en**")
    wait_for_app(tab, MAIN_ELEMENT["trends"], timeout=LOAD_TIMEOUT_MS)
    assert tab.evaluate("() => document.documentElement.lang") == "en"
    tab.locator('[data-testid="stSidebarNav"] a').filter(
        has_text=text("page.compare", "en")
    ).click()
    tab.wait_for_url("**/compare**")
    wait_for_app(tab, MAIN_ELEMENT["compare"], timeout=LOAD_TIMEOUT_MS)
    assert tab.evaluate("() => document.documentElement.lang") == "en"
    assert text("page.compare", "en") in tab.inner_text("h1")
    tab.get_by_text("English", exact=True).click()
    tab.wait_for_url(lambda url: "lang=en" not in url)
    wait_for_app(tab, MAIN_ELEMENT["compare"], timeout=LOAD_TIMEOUT_MS)
    assert tab.evaluate("() => document.documentElement.lang") == "zh-CN"
    assert text("page.compare", "zh") in tab.inner_text("h1")


def press_tab_until(tab, wanted, limit: int = 60) -> list[dict]:
    """Tab forward until `wanted(focus)`; leaves a data grid with Escape, as Glide expects.

    Returns every stop on the way, so the caller can check each one shows its focus.
    """
    stops = []
    for _ in range(limit):
        tab.keyboard.press("Tab")
        tab.evaluate(NEXT_FRAMES_JS)  # the focus has moved and its ring is painted
        focus = tab.evaluate(FOCUS_JS)
        if focus is None:
            continue
        stops.append(focus)
        if wanted(focus):
            return stops
        if focus["grid"] and focus["block"] != "stBaseButton-elementToolbar":
            # Inside the grid, Tab moves between cells; Escape returns to the page's order.
            tab.keyboard.press("Escape")
            tab.keyboard.press("Escape")
    raise AssertionError(f"never reached the wanted control; stops: {stops[-8:]}")


def test_compare_page_works_by_keyboard_alone(server, open_tab, tmp_path):
    """Tab to the indicator, choose another by typing, open the year window, download a CSV."""
    tab = open_tab(MODES["normal"][0], html_lang("zh"))
    tab.goto(f"{server}/compare")
    wait_for_app(tab, '[data-testid="stVegaLiteChart"] svg', timeout=LOAD_TIMEOUT_MS)
    stops = press_tab_until(tab, lambda focus: focus["role"] == "combobox")
    assert stops[-1]["name"] == text("label.indicator", "zh")
    tab.keyboard.type("农村低保标准")
    tab.get_by_role("option").filter(has_text="农村低保标准").first.wait_for()
    tab.keyboard.press("Enter")
    tab.wait_for_url("**indicator=dibao_standard_rural**")
    wait_for_app(tab, '[data-testid="stVegaLiteChart"] svg', timeout=LOAD_TIMEOUT_MS)
    indicator = parse_qs(urlparse(tab.url).query)["indicator"][0]
    assert indicator == "dibao_standard_rural"

    stops += press_tab_until(tab, lambda focus: focus["role"] == "switch")
    assert stops[-1]["name"] == text("label.year_window", "zh")
    tab.keyboard.press("Space")
    tab.wait_for_selector('[data-testid="stSlider"]', timeout=30_000)
    wait_for_app(tab, '[data-testid="stVegaLiteChart"] svg', timeout=LOAD_TIMEOUT_MS)
    stops += press_tab_until(tab, lambda focus: focus["block"] == "stSlider")
    tab.keyboard.press("ArrowRight")
    tab.wait_for_url("**from=**")
    wait_for_app(tab, '[data-testid="stVegaLiteChart"] svg', timeout=LOAD_TIMEOUT_MS)

    csv_label = text("data.download_csv", "zh")
    stops += press_tab_until(tab, lambda focus: focus["name"] == csv_label)
    with tab.expect_download() as download_info:
        tab.keyboard.press("Enter")
    download = download_info.value
    assert indicator.replace("_", "-") in download.suggested_filename
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    data = saved.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and "原文摘录" in data.decode("utf-8-sig")

    xlsx_label = text("data.download_xlsx", "zh")
    stops += press_tab_until(tab, lambda focus: focus["name"] == xlsx_label, limit=3)
    # Every stop outside the grid's hidden cells draws a focus indicator.
    unseen = [stop for stop in stops if not stop["visible"] and stop["tag"] not in ("TD", "TH")]
    assert not unseen, unseen
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "a11y_keyboard_compare.png"))
