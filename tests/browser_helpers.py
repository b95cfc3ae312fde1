"""Browser fixtures shared by every browser test: one served app and one Chromium per test process.

The server and the browser are session-scoped: every browser file of a run shares them (conftest
sends every `browser`-marked test to one xdist worker, so a parallel run starts them once). Each
test still gets its own browser context (cookies, storage, viewport), so tests stay independent.
Waits are on conditions (the script has stopped, nothing is stale, the layout holds still), never
fixed sleeps.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tools.live_server import CHROMIUM, CHROMIUM_FLAGS, Server, browser_available

REPO_ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO_ROOT / "test-artifacts"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# Main element each page must paint: a chart, a map or a table.
MAIN_ELEMENT = {
    "overview": '[data-testid="stDataFrame"]',
    "trends": '[data-testid="stVegaLiteChart"]',
    "compare": '[data-testid="stVegaLiteChart"]',
    "profile": '[data-testid="stVegaLiteChart"]',
    "map": ".st-key-map_picture img",
    "plans": '[data-testid="stDataFrame"]',
    "data": '[data-testid="stDataFrame"]',
    "source": ".civdash-source mark.fig",
    "method": '[data-testid="stDataFrame"]',
    "contribute": '[data-testid="stFileUploader"]',
}
# A cold map page builds its geometry first; on a shared two-core machine that can take a minute.
LOAD_TIMEOUT_MS = 120_000
# The app counts as settled once it has been idle for this many polls in a row.
QUIET_POLLS = 3
POLL_MS = 100

# True while Streamlit runs the script or still shows elements of the previous run.
BUSY_JS = """() => !!document.querySelector(
  '[data-testid="stStatusWidget"], [data-stale="true"]')"""
# Idle for QUIET_POLLS polls in a row: a rerun that starts just after another ended resets it.
QUIET_JS = """(needed) => {
  const busy = !!document.querySelector('[data-testid="stStatusWidget"], [data-stale="true"]');
  window.__civdashQuiet = busy ? 0 : (window.__civdashQuiet || 0) + 1;
  return window.__civdashQuiet >= needed;
}"""
# Every visible chart has drawn its plot area, and no chart's box or plot moved since the last
# poll (Vega sizes a chart to its container after the first draw).
LAYOUT_STILL_JS = """(needed) => {
  const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
    .filter((chart) => chart.checkVisibility());
  const drawn = (chart) => chart.querySelector('svg g.role-frame > g > path.background');
  if (!charts.every(drawn)) {
    window.__civdashStill = 0;
    return false;
  }
  const shape = JSON.stringify(charts.map((chart) => {
    const plot = chart.querySelector('g.role-frame > g > path.background');
    const box = chart.getBoundingClientRect();
    const area = plot ? plot.getBoundingClientRect() : {width: 0, height: 0};
    return [box.x, box.y, box.width, box.height, area.width, area.height];
  }));
  window.__civdashStill = shape === window.__civdashShape ? (window.__civdashStill || 0) + 1 : 0;
  window.__civdashShape = shape;
  return window.__civdashStill >= needed;
}"""


@pytest.fixture(scope="session")
def server():
    reason = browser_available()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests must run on CI: {reason}")
        pytest.skip(reason)
    with Server(REPO_ROOT / "app.py") as app:
        yield app.base


@pytest.fixture(scope="session")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
        )
        yield instance
        instance.close()


def guarded_tab(context, external: list[str]):
    """A new tab in `context` that records every request leaving the machine in `external`."""
    tab = context.new_page()

    def record(request):
        parsed = urlparse(request.url)
        if parsed.scheme in ("http", "https", "ws", "wss") and parsed.hostname not in LOCAL_HOSTS:
            external.append(request.url)

    tab.on("request", record)
    tab.external_requests = external
    return tab


@pytest.fixture
def page(browser):
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000}, accept_downloads=True, locale="zh-CN"
    )
    external: list[str] = []
    tab = guarded_tab(context, external)
    yield tab
    context.close()
    assert not external, f"requests left the machine: {external[:5]}"


@pytest.fixture
def open_tab(browser):
    """Opens guarded tabs at a chosen viewport and locale, each in a fresh context."""
    contexts, external = [], []

    def opener(viewport: dict, locale: str = "zh-CN"):
        context = browser.new_context(viewport=viewport, accept_downloads=True, locale=locale)
        contexts.append(context)
        return guarded_tab(context, external)

    yield opener
    for context in contexts:
        context.close()
    assert not external, f"requests left the machine: {external[:5]}"


def settle(tab, timeout: int = LOAD_TIMEOUT_MS) -> None:
    """Wait until the script has stopped and nothing on the page is stale, for a few polls."""
    tab.evaluate("() => { window.__civdashQuiet = 0; }")
    tab.wait_for_function(QUIET_JS, arg=QUIET_POLLS, polling=POLL_MS, timeout=timeout)


def wait_for_layout(tab, timeout: int = 30_000) -> None:
    """Wait until the app is idle and every visible chart has drawn its plot area and holds its
    size (after a load or a resize).

    A chart that never draws its plot is left for the caller's checks to report by name, so
    the wait gives up quietly after `timeout`.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    settle(tab)
    tab.evaluate("() => { window.__civdashStill = 0; window.__civdashShape = null; }")
    with contextlib.suppress(PlaywrightTimeout):
        tab.wait_for_function(LAYOUT_STILL_JS, arg=QUIET_POLLS, polling=POLL_MS, timeout=timeout)
    settle(tab)


def wait_for_app(tab, selector: str, timeout: int = LOAD_TIMEOUT_MS) -> None:
    """Wait until the app has drawn `selector` and finished its run."""
    tab.wait_for_selector('[data-testid="stAppViewContainer"]', timeout=timeout)
    tab.wait_for_selector(selector, timeout=timeout, state="visible")
    settle(tab, timeout)


def page_url(base: str, page_key: str, params: dict) -> str:
    """The deep link to a page with these query parameters."""
    path = "" if page_key == "overview" else page_key
    query = "&".join(f"{name}={value}" for name, value in params.items())
    return f"{base}/{path}" + (f"?{query}" if query else "")
