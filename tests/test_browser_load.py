"""One session uploads the worst allowed station file; another session stays responsive."""

from __future__ import annotations

import statistics
import time

import pytest

from civdash.core import limits
from tools.load_probe import HealthProbe, reloads_while, settled
from tools.synthetic_data import station_file

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_worst_station_upload_leaves_other_sessions_responsive(server, browser, tmp_path):
    worst = tmp_path / "stations.csv"
    worst.write_bytes(
        station_file(
            limits.MAX_STATIONS_PER_ANALYSIS,
            limits.MAX_STATION_ROWS - limits.MAX_STATIONS_PER_ANALYSIS,
        )
    )
    # The session's Chromium, with two contexts of its own: two independent sessions.
    contexts = [browser.new_context(viewport={"width": 1400, "height": 1000}) for _ in range(2)]
    try:
        uploader, other = (context.new_page() for context in contexts)
        uploader.goto(f"{server}/map?lang=en")
        settled(uploader, ".st-key-map_picture img")
        other.goto(f"{server}/trends?lang=en")
        settled(other, '[data-testid="stVegaLiteChart"]')

        probe = HealthProbe(server, timeout_s=30)
        probe.start()
        started = time.perf_counter()
        uploader.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(worst))
        done = uploader.get_by_text("Coverage result", exact=True)
        # The other session reloads its page over and over while the analysis runs.
        reloads = reloads_while(
            other, '[data-testid="stVegaLiteChart"]', lambda: not done.count(), limit_s=240
        )
        done.wait_for(timeout=240_000)
        own_work = time.perf_counter() - started
        latencies = probe.stop()
        # The page is busy drawing 5,000 circles in software WebGL: wait for the one caption
        # rather than reading the whole body.
        read = uploader.get_by_text(f"Read {limits.MAX_STATIONS_PER_ANALYSIS} station(s)")
        read.wait_for(timeout=180_000)
    finally:
        for context in contexts:
            context.close()

    # Responsive relative to the uploader's own work: whole reloads of the other page fit
    # inside the analysis, each far shorter than it, and health never waits on it.
    assert reloads, f"no reload finished during the {own_work:.1f} s analysis"
    assert statistics.median(reloads) < own_work / 2, (reloads, own_work)
    assert max(latencies) < own_work / 4, (max(latencies), own_work)
