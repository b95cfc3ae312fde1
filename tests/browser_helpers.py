"""Browser fixtures shared by every browser test: a served app, Debian's Chromium, a guarded tab."""

from __future__ import annotations

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


@pytest.fixture(scope="module")
def server():
    reason = browser_available()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests must run on CI: {reason}")
        pytest.skip(reason)
    with Server(REPO_ROOT / "app.py") as app:
        yield app.base


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser, tmp_path):
    context = browser.new_context(
        viewport={"width": 1400, "height": 1000}, accept_downloads=True, locale="zh-CN"
    )
    tab = context.new_page()
    requests: list[str] = []
    external: list[str] = []

    def record(request):
        requests.append(request.url)
        parsed = urlparse(request.url)
        if parsed.scheme in ("http", "https", "ws", "wss") and parsed.hostname not in LOCAL_HOSTS:
            external.append(request.url)

    tab.on("request", record)
    tab.external_requests = external
    yield tab
    context.close()
    assert not external, f"requests left the machine: {external[:5]}"


def wait_for_app(tab, selector: str, timeout: int = 45_000) -> None:
    tab.wait_for_selector('[data-testid="stAppViewContainer"]', timeout=timeout)
    tab.wait_for_selector(selector, timeout=timeout, state="visible")
    # Streamlit shows a running indicator while the script runs; wait until it has finished.
    tab.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout
    )
    tab.wait_for_timeout(800)
