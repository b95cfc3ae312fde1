"""Browser: a presenter's first screen (?present=1 at 1920x1080) on every page (issue 25, M3).

Title, plot, both axes and the source sit inside the first 1080 px; on the chart pages no
control stands outside the folded controls; value labels are at least 22 px; the map takes
at least half the screen.
"""

from __future__ import annotations

import pytest

from tests.browser_helpers import MAIN_ELEMENT, wait_for_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FOLD = 1080
# Pages whose first screen is a chart or map: their choices fold into the expander.
CHART_PAGES = {
    "trends": "/trends?present=1&indicator=elderly_care_institutions",
    "compare": "/compare?present=1&indicator=elderly_care_institutions",
    "profile": "/profile?present=1&region=330200",
    "map": "/map?present=1",
    "plans": "/plans?present=1",
    "overview": "/?present=1",
}
OTHER_PAGES = {
    "data": "/data?present=1",
    "source": "/source?present=1",
    "method": "/method?present=1",
    "contribute": "/contribute?present=1",
}
# What must show on the first screen, where it is not the page's main element: the coverage
# matrix leads the overview, the first category of figures the profile, the text the method.
FIRST_SCREEN = {
    **MAIN_ELEMENT,
    "overview": '[class*="st-key-overview_matrix"]',
    "profile": '[class*="st-key-profile_category_"]',
    "method": '[data-testid="stMain"] h2',
}
WIDGETS = (
    '[data-testid="stRadio"], [data-testid="stSelectbox"], [data-testid="stMultiSelect"], '
    '[data-testid="stSlider"], [data-testid="stCheckbox"], [data-testid="stToggle"]'
)


@pytest.fixture
def screen(browser):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    tab = context.new_page()
    yield tab
    context.close()


def box(tab, selector: str) -> dict | None:
    return tab.evaluate(
        f"""() => {{
            const element = document.querySelector({selector!r});
            if (!element) return null;
            const r = element.getBoundingClientRect();
            return {{top: r.top, bottom: r.bottom, height: r.height, width: r.width}};
        }}"""
    )


def loose_widgets(tab) -> list[str]:
    """Widgets in the main area, above the fold, not inside an expander."""
    return tab.evaluate(
        f"""() => [...document.querySelectorAll('[data-testid="stMain"] :is({WIDGETS})')]
            .filter(w => !w.closest('[data-testid="stExpander"]'))
            .filter(w => w.getBoundingClientRect().top < {FOLD})
            .filter(w => w.getBoundingClientRect().height > 0)
            .map(w => w.getAttribute('data-testid') + ': ' + w.innerText.slice(0, 40))"""
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page_key", ["trends", "compare"])
def test_a_presented_chart_fits_the_first_screen(screen, server, page_key, lang):
    screen.goto(f"{server}{CHART_PAGES[page_key]}&lang={lang}")
    wait_for_app(screen, MAIN_ELEMENT[page_key])
    screen.wait_for_selector("g.role-frame > g > path.background", timeout=30_000)
    title = box(screen, "h1")
    plot = box(screen, "g.role-frame > g > path.background")
    chart = box(screen, '[data-testid="stVegaLiteChart"]')
    assert title["top"] >= 0 and title["bottom"] < plot["top"]
    assert plot["height"] >= 300, plot
    # The chart's whole drawing (axes, their titles and the source under the plot) fits.
    assert chart["bottom"] <= FOLD, chart
    labels = screen.evaluate(
        """() => [...document.querySelectorAll('g.role-mark.marks text, g.mark-text text')]
            .map(t => parseFloat(getComputedStyle(t).fontSize || t.getAttribute('font-size')))"""
    )
    assert labels and max(labels) >= 22, labels
    assert not loose_widgets(screen)


@pytest.mark.parametrize("page_key", sorted(CHART_PAGES))
def test_no_control_outside_the_folded_controls(screen, server, page_key):
    screen.goto(f"{server}{CHART_PAGES[page_key]}")
    wait_for_app(screen, MAIN_ELEMENT[page_key])
    assert box(screen, "h1")["top"] >= 0
    main = box(screen, FIRST_SCREEN[page_key])
    assert main["top"] < FOLD, main
    assert not loose_widgets(screen), page_key


@pytest.mark.parametrize(("lang", "source"), [("zh", "来源:"), ("en", "Source:")])
def test_the_presented_map_takes_half_the_screen_and_names_its_source(screen, server, lang, source):
    screen.goto(f"{server}{CHART_PAGES['map']}&lang={lang}")
    wait_for_app(screen, MAIN_ELEMENT["map"])
    picture = box(screen, MAIN_ELEMENT["map"])
    assert picture["height"] >= FOLD / 2, picture
    assert picture["bottom"] <= FOLD, picture
    source = screen.locator(
        '[data-testid="stCaptionContainer"]', has_text=source
    ).first.bounding_box()
    assert source["y"] + source["height"] <= FOLD


def test_the_presented_profile_names_its_region(screen, server):
    for lang, heading in (("zh", "宁波市 · 城市档案"), ("en", "Ningbo · City profile")):
        screen.goto(f"{server}{CHART_PAGES['profile']}&lang={lang}")
        wait_for_app(screen, MAIN_ELEMENT["profile"])
        assert screen.locator("h1").first.inner_text() == heading


@pytest.mark.parametrize("page_key", sorted(OTHER_PAGES))
def test_other_pages_show_their_title_and_main_element_on_the_first_screen(
    screen, server, page_key
):
    screen.goto(f"{server}{OTHER_PAGES[page_key]}")
    wait_for_app(screen, MAIN_ELEMENT[page_key])
    assert box(screen, "h1")["top"] >= 0
    assert box(screen, FIRST_SCREEN[page_key])["top"] < FOLD
