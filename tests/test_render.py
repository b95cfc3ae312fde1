"""Rendered-page checks: every page, zh and en, normal and presentation, measured in Chromium.

The checks read the DOM and element geometry: what a user sees, not what the script sent.
"""

from __future__ import annotations

import re

import pytest

from civdash.i18n import PAGE_KEYS
from tests.browser_helpers import ARTIFACTS, MAIN_ELEMENT, wait_for_app

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
MISSING_WORDS = re.compile(r"(?<![\w-])(None|nan|NaN|null)(?![\w-])")
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


@pytest.fixture
def sized_page(browser, request):  # noqa: F811
    viewport = MODES[request.param][0]
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    tab = context.new_page()
    yield request.param, tab
    context.close()


def wait_for_charts(tab) -> None:
    """Vega draws after the script finishes; wait until every visible chart has its SVG."""
    tab.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
             .filter((chart) => chart.checkVisibility())
             .every((chart) => chart.querySelector('svg g.role-frame'))""",
        timeout=45_000,
    )
    tab.wait_for_timeout(500)


@pytest.mark.parametrize("sized_page", list(MODES), indirect=True)
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page_key", PAGE_KEYS)
def test_rendered_page(server, sized_page, page_key, lang):  # noqa: F811
    mode, tab = sized_page
    query = dict(MODES[mode][1])
    if lang == "en":
        query["lang"] = "en"
    path = "" if page_key == "overview" else page_key
    suffix = "?" + "&".join(f"{name}={value}" for name, value in query.items()) if query else ""
    tab.goto(f"{server}/{path}{suffix}")
    wait_for_app(tab, MAIN_ELEMENT[page_key], timeout=90_000)
    wait_for_charts(tab)
    measured = tab.evaluate(MEASURE_JS, MAIN_CHART.get(page_key))
    ARTIFACTS.mkdir(exist_ok=True)
    stem = ARTIFACTS / f"render_{page_key}_{lang}_{mode}"
    # What the audience sees on the screen, then the whole page (Streamlit scrolls inside its
    # own container, so a tall viewport captures the rest).
    tab.screenshot(path=f"{stem}.png")
    viewport = MODES[mode][0]
    tall = min(6000, max(viewport["height"], int(measured["scrollHeight"]) + 100))
    if tall > viewport["height"]:
        tab.set_viewport_size({"width": viewport["width"], "height": tall})
        tab.wait_for_timeout(800)
        tab.screenshot(path=f"{stem}_full.png")
    problems = problems_in(measured, page_key, mode)
    assert not problems, f"{page_key} {lang} {mode}:\n  " + "\n  ".join(problems)


# Grid cells are painted on a canvas, where Streamlit draws a missing value as "None"; the DOM
# keeps only an empty cell. So the tables' own values are checked, as the page sends them.
def missing_cells(frame) -> list[str]:
    import pandas as pd

    found = []
    for column in frame.columns:
        values = frame[column]
        for value in (
            values[values.isna()].head(1).tolist()
            + [
                value
                for value in values.dropna().head(5000).tolist()
                if isinstance(value, str) and MISSING_WORDS.fullmatch(value.strip())
            ][:1]
        ):
            found.append(f"{column}: {value!r}")
    return found if isinstance(frame, pd.DataFrame) else []


@pytest.mark.parametrize("present", ["", "1"])
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page_key", PAGE_KEYS)
def test_tables_never_show_a_missing_value_word(page_key, lang, present):
    from tests.conftest import run_page

    params = {"lang": lang}
    if present:
        params["present"] = present
    app = run_page(page_key, timeout=180, **params)
    assert not app.exception
    problems = []
    for number, grid in enumerate([*app.dataframe, *app.table]):
        frame = grid.value
        frame = getattr(frame, "data", frame)  # a Styler carries its frame
        problems += [f"table {number + 1} {cell}" for cell in missing_cells(frame)]
    assert not problems, f"{page_key} {lang} present={present!r}: {problems[:8]}"
