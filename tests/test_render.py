"""One browser visit per view: every page, zh and en, normal and presentation, in Chromium.

Each visit runs every check a view needs at once: the geometry and no-"None" rules below (the DOM
and element geometry: what a user sees, not what the script sent), axe-core and the heading and
language rules (test_a11y.check_accessibility) and the deep-link rules (test_browser.check_view).
The tables' own values, which Chromium cannot read off the canvas, are checked without a browser
in tests/app/test_display.py.
"""

from __future__ import annotations

import pytest

from civdash.figures.accessibility import html_lang
from civdash.i18n import PAGE_KEYS
from tests.app.test_display import MISSING_WORDS
from tests.browser_helpers import (
    ARTIFACTS,
    MAIN_ELEMENT,
    page_url,
    wait_for_app,
    wait_for_layout,
)
from tests.test_a11y import check_accessibility
from tests.test_browser import check_view

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MODES = {
    # mode: (viewport, query)
    "normal": ({"width": 1440, "height": 900}, {}),
    "present": ({"width": 1920, "height": 1080}, {"present": "1"}),
}
MIN_PLOT_PX = 120
MAIN_CHART_SHARE = 0.45
# The chart a presenter shows on each page; pages of small multiples, tables or forms have none.
MAIN_CHART = {
    "overview": '[data-testid="stVegaLiteChart"]',
    "trends": '[data-testid="stVegaLiteChart"]',
    "compare": '[data-testid="stVegaLiteChart"]',
    "map": ".st-key-map_picture img",
}
# Rectangles that share less than this many pixels each way are neighbours, not overlapping.
OVERLAP_TOLERANCE_PX = 1.5
# Glyph boxes reach a little past the text line; a title clipped away is off by tens of pixels.
TITLE_TOLERANCE_PX = 3

# A map's legend and its inset are keys, not plots: their height follows their entries, so the
# 120 px plot rule does not apply to them; every other rule (text inside, no overlap) does.
KEY_CHARTS = ".st-key-map_legend_box, .st-key-map_inset_box"

MEASURE_JS = (
    """
(mainSelector) => {
  const KEY_CHARTS = '"""
    + KEY_CHARTS
    + """';
  const main = document.querySelector('[data-testid="stMain"]') || document.body;
  const visible = (node) => node.checkVisibility({opacityProperty: true, visibilityProperty: true});
  const opacity = (node) => {
    let value = 1;
    for (let item = node; item && item.tagName !== 'svg'; item = item.parentElement) {
      const style = getComputedStyle(item);
      value *= parseFloat(style.opacity || '1') * parseFloat(style.fillOpacity || '1');
      const attribute = item.getAttribute && item.getAttribute('opacity');
      if (attribute !== null && attribute !== undefined) value *= parseFloat(attribute);
    }
    return value;
  };
  const rect = (node) => {
    const box = node.getBoundingClientRect();
    return {x: box.x, y: box.y, width: box.width, height: box.height,
            right: box.right, bottom: box.bottom};
  };
  const charts = [...main.querySelectorAll('[data-testid="stVegaLiteChart"]')]
    .filter(visible)
    .map((chart) => {
      const svg = chart.querySelector('svg');
      const plot = chart.querySelector('g.role-frame > g > path.background');
      const texts = svg ? [...svg.querySelectorAll('text')]
        .filter((node) => node.textContent.trim() && opacity(node) > 0.05)
        .map((node) => ({text: node.textContent.trim(), box: rect(node),
                         title: !!node.closest('.role-title')})) : [];
      return {box: rect(chart), plot: plot ? rect(plot) : null, texts,
              svgText: svg ? svg.textContent : '',
              key: !!chart.closest(KEY_CHARTS)};
    });
  const mainChart = mainSelector ? [...main.querySelectorAll(mainSelector)].filter(visible)[0]
    : null;
  let mainPlot = null;
  if (mainChart) {
    const plot = mainChart.querySelector('g.role-frame > g > path.background');
    mainPlot = plot ? rect(plot) : null;
  }
  const cut = [...main.querySelectorAll(
      '[data-testid="stMetricValue"], [data-testid="stMetricValue"] *, ' +
      '[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *, .civdash-card *')]
    .filter((node) => visible(node) && node.scrollWidth > node.clientWidth + 1
            && getComputedStyle(node).overflowX !== 'visible')
    .map((node) => node.textContent.trim());
  // Grid cells are drawn on a canvas; the grid keeps their text in an accessible table.
  const gridText = [...main.querySelectorAll('[data-testid="stDataFrame"] table')]
    .map((table) => table.textContent).join(' ');
  return {
    text: main.innerText, gridText, charts, cut,
    exceptions: main.querySelectorAll('[data-testid="stException"]').length,
    mainChart: mainChart ? rect(mainChart) : null, mainPlot,
    viewport: {width: window.innerWidth, height: window.innerHeight},
    scrollHeight: (document.querySelector('[data-testid="stMain"]') || document.body).scrollHeight,
  };
}
"""
)


def overlapping(first: dict, second: dict) -> bool:
    width = min(first["right"], second["right"]) - max(first["x"], second["x"])
    height = min(first["bottom"], second["bottom"]) - max(first["y"], second["y"])
    return width > OVERLAP_TOLERANCE_PX and height > OVERLAP_TOLERANCE_PX


def problems_in(measured: dict, page_key: str, mode: str) -> list[str]:
    """Every rule the rendered page breaks, as readable sentences."""
    problems = []
    if measured["exceptions"]:
        problems.append(f"{measured['exceptions']} exception box(es)")
    words = " ".join(
        [
            measured["text"],
            measured["gridText"],
            *(chart["svgText"] for chart in measured["charts"]),
        ]
    )
    missing = sorted(set(MISSING_WORDS.findall(words)))
    if missing:
        problems.append(f"missing-value words on screen: {missing}")
    for number, chart in enumerate(measured["charts"]):
        name = f"chart {number + 1}"
        titles = [item for item in chart["texts"] if item["title"]]
        if titles:
            name += f" ({titles[0]['text'][:40]})"
        plot = chart["plot"]
        if plot is None:
            problems.append(f"{name}: no plot area drawn")
        elif plot["height"] < MIN_PLOT_PX and not chart["key"]:
            problems.append(f"{name}: plot {plot['height']:.0f} px tall (< {MIN_PLOT_PX})")
        box = chart["box"]
        # Titles, axis labels and bar-end labels alike: text past the chart's box is cut off.
        for item in chart["texts"]:
            inside = (
                item["box"]["y"] >= box["y"] - TITLE_TOLERANCE_PX
                and item["box"]["bottom"] <= box["bottom"] + TITLE_TOLERANCE_PX
                and item["box"]["x"] >= box["x"] - TITLE_TOLERANCE_PX
                and item["box"]["right"] <= box["right"] + TITLE_TOLERANCE_PX
            )
            if not inside:
                kind = "title" if item["title"] else "label"
                problems.append(f"{name}: {kind} '{item['text'][:40]}' outside the chart box")
        texts = chart["texts"]
        for index, first in enumerate(texts):
            for second in texts[index + 1 :]:
                if overlapping(first["box"], second["box"]):
                    problems.append(
                        f"{name}: labels overlap: '{first['text'][:30]}' / '{second['text'][:30]}'"
                    )
    if measured["cut"]:
        problems.append(f"truncated headline text: {measured['cut'][:5]}")
    if mode == "present" and page_key in MAIN_CHART:
        viewport = measured["viewport"]["height"]
        chart = measured["mainChart"]
        if chart is None:
            problems.append("no main chart")
        elif chart["height"] < MAIN_CHART_SHARE * viewport:
            problems.append(
                f"main chart {chart['height']:.0f} px = {chart['height'] / viewport:.0%} of the "
                f"{viewport} px viewport (< {MAIN_CHART_SHARE:.0%})"
            )
    return problems


def failures(check, *args) -> list[str]:
    """The check's failed assertion as a problem line, so one visit reports every broken rule."""
    try:
        check(*args)
    except AssertionError as error:
        return [f"{check.__name__}: {error}"]
    return []


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page_key", PAGE_KEYS)
def test_view(server, open_tab, page_key, lang, mode):
    """Geometry, no missing-value word, axe and headings, and the deep link: one visit each."""
    viewport, query = MODES[mode]
    query = {**query, **({"lang": "en"} if lang == "en" else {})}
    tab = open_tab(viewport, html_lang(lang))
    tab.goto(page_url(server, page_key, query))
    wait_for_app(tab, MAIN_ELEMENT[page_key])
    wait_for_layout(tab)
    measured = tab.evaluate(MEASURE_JS, MAIN_CHART.get(page_key))
    ARTIFACTS.mkdir(exist_ok=True)
    stem = ARTIFACTS / f"render_{page_key}_{lang}_{mode}"
    # What the audience sees on the screen; axe and the deep-link rules read the same layout.
    tab.screenshot(path=f"{stem}.png")
    problems = problems_in(measured, page_key, mode)
    problems += failures(check_accessibility, tab, page_key, lang, mode)
    problems += failures(check_view, tab, page_key, lang)
    # Then the whole page (Streamlit scrolls inside its own container, so a tall viewport
    # captures the rest).
    tall = min(6000, max(viewport["height"], int(measured["scrollHeight"]) + 100))
    if tall > viewport["height"]:
        tab.set_viewport_size({"width": viewport["width"], "height": tall})
        wait_for_layout(tab)
        tab.screenshot(path=f"{stem}_full.png")
    assert not problems, f"{page_key} {lang} {mode}:\n  " + "\n  ".join(problems)
