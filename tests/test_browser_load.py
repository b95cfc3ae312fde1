"""One session uploads the worst allowed station file; another session stays responsive."""

from __future__ import annotations

import os
import statistics
import threading
import time
import urllib.request

import pytest

from civdash import limits
from civdash.bench_browser import CHROMIUM, CHROMIUM_FLAGS, Server, browser_available
from civdash.synthetic import station_file
from tests.conftest import REPO_ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def server():
    reason = browser_available()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests must run on CI: {reason}")
        pytest.skip(reason)
    with Server(REPO_ROOT / "app.py") as app:
        yield app.base


class HealthProbe(threading.Thread):
    """Polls /_stcore/health every 100 ms and keeps each answer's latency."""

    def __init__(self, base: str) -> None:
        super().__init__(daemon=True)
        self.url, self.latencies, self.running = f"{base}/_stcore/health", [], True

    def run(self) -> None:
        while self.running:
            start = time.perf_counter()
            with urllib.request.urlopen(self.url, timeout=30) as response:
                response.read()
            self.latencies.append(time.perf_counter() - start)
            time.sleep(0.1)


def settled(tab, selector: str, timeout: int = 60_000) -> None:
    tab.wait_for_selector(selector, timeout=timeout, state="visible")
    tab.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout
    )


def test_worst_station_upload_leaves_other_sessions_responsive(server, tmp_path):
    from playwright.sync_api import sync_playwright

    worst = tmp_path / "stations.csv"
    worst.write_bytes(
        station_file(
            limits.MAX_STATIONS_PER_ANALYSIS,
            limits.MAX_STATION_ROWS - limits.MAX_STATIONS_PER_ANALYSIS,
        )
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
        )
        uploader = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        other = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        uploader.goto(f"{server}/map?lang=en")
        settled(uploader, ".st-key-map_picture img")
        other.goto(f"{server}/trends?lang=en")
        settled(other, '[data-testid="stVegaLiteChart"]')

        probe = HealthProbe(server)
        probe.start()
        started = time.perf_counter()
        uploader.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(worst))
        done = uploader.get_by_text("Coverage result", exact=True)
        reloads: list[float] = []
        # The other session reloads its page over and over while the analysis runs.
        while not done.count() and time.perf_counter() - started < 240:
            reload_start = time.perf_counter()
            other.reload()
            settled(other, '[data-testid="stVegaLiteChart"]')
            if not done.count():
                reloads.append(time.perf_counter() - reload_start)
        done.wait_for(timeout=240_000)
        own_work = time.perf_counter() - started
        probe.running = False
        probe.join()
        # The page is busy drawing 5,000 circles in software WebGL: wait for the one caption
        # rather than reading the whole body.
        read = uploader.get_by_text(f"Read {limits.MAX_STATIONS_PER_ANALYSIS} station(s)")
        read.wait_for(timeout=180_000)
        browser.close()

    # Responsive relative to the uploader's own work: whole reloads of the other page fit
    # inside the analysis, each far shorter than it, and health never waits on it.
    assert reloads, f"no reload finished during the {own_work:.1f} s analysis"
    assert statistics.median(reloads) < own_work / 2, (reloads, own_work)
    assert max(probe.latencies) < own_work / 4, (max(probe.latencies), own_work)
