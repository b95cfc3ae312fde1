"""Hostile-load measurement for bench/RESULTS.md: `.venv/bin/python bench/hostile_load.py`.

1. While one session uploads the worst allowed station file (limits.MAX_STATIONS_PER_ANALYSIS
   stations plus bad rows up to MAX_STATION_ROWS) and, separately, the worst allowed
   observations file (MAX_OBSERVATION_ROWS rows with long notes, just under MAX_UPLOAD_BYTES),
   another session reloads /trends and /_stcore/health is polled every 100 ms.
2. Server RSS after 1 and after 20 maximum-size station uploads in turn (one session, each
   upload a different file replacing the last), and after 20 observation uploads.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from civdash.core import limits  # noqa: E402
from tools.live_server import CHROMIUM, CHROMIUM_FLAGS, Server  # noqa: E402
from tools.load_probe import HealthProbe, reload_time, reloads_while, settled  # noqa: E402
from tools.synthetic_data import station_file  # noqa: E402

UPLOAD_INPUT = '[data-testid="stFileUploaderDropzoneInput"]'
# The other session's page is drawn once its trend chart is.
CHART = '[data-testid="stVegaLiteChart"]'


def observations_file() -> bytes:
    """MAX_OBSERVATION_ROWS valid rows, notes padded so the file is just under the limit."""
    import csv

    header = "region_id,indicator_id,year,value,qualifier,source,note\n"
    regions = ["330100", "330200", "330300", "330400", "330500", "330600", "330700"]
    with open(ROOT / "data" / "indicators.csv", encoding="utf-8") as handle:
        indicators = [
            row["indicator_id"]
            for row in csv.DictReader(handle)
            if row["unit"] in ("count", "persons", "person_times", "beds", "households", "yuan")
        ]
    keys = (
        (region, indicator, year)
        for indicator in indicators
        for year in range(1990, 2036)
        for region in regions
    )
    rows = []
    for index, (region, indicator, year) in zip(
        range(limits.MAX_OBSERVATION_ROWS), keys, strict=False
    ):
        rows.append(f"{region},{indicator},{year},{1000 + index},exact,bench,")
    body = header + "".join(row + "\n" for row in rows)
    pad = (limits.MAX_UPLOAD_BYTES - len(body.encode()) - 1000) // len(rows)
    note = "说" * max(0, min(pad // 3, limits.MAX_FIELD_CHARS))
    return (header + "".join(f"{row}{note}\n" for row in rows)).encode()


def under_load(browser, base: str, page: str, data: Path, start_work, done_text: str) -> dict:
    """Times of the other session's reloads and of health while one upload is processed."""
    uploader = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    other = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    uploader.goto(f"{base}/{page}?lang=en")
    settled(uploader, '[data-testid="stAppViewContainer"]')
    other.goto(f"{base}/trends?lang=en")
    settled(other, CHART)
    # Baseline on this machine: the same reloads and health probes with no upload running.
    baseline_probe = HealthProbe(base)
    baseline_probe.start()
    baseline = [reload_time(other, CHART) for _ in range(3)]
    baseline_latencies = baseline_probe.stop()
    probe = HealthProbe(base)
    probe.start()
    started = time.perf_counter()
    start_work(uploader, data)
    # Exact: the map's prompt also mentions "the coverage result".
    done = uploader.get_by_text(done_text, exact=True)
    reloads = reloads_while(other, CHART, lambda: not done.count(), limit_s=300)
    done.first.wait_for(timeout=300_000)
    work = time.perf_counter() - started
    latencies = probe.stop()
    uploader.context.close()
    other.context.close()
    return {
        "baseline_reload_median_s": round(statistics.median(baseline), 2),
        "baseline_health_median_s": round(statistics.median(baseline_latencies), 4),
        "baseline_health_max_s": round(max(baseline_latencies), 4),
        "own_work_s": round(work, 2),
        "other_reloads": len(reloads),
        "other_reload_median_s": round(statistics.median(reloads), 2) if reloads else None,
        "other_reload_max_s": round(max(reloads), 2) if reloads else None,
        "health_median_s": round(statistics.median(latencies), 4),
        "health_max_s": round(max(latencies), 4),
        "health_samples": len(latencies),
    }


def upload_stations(tab, path: Path) -> None:
    tab.locator(UPLOAD_INPUT).set_input_files(str(path), timeout=180_000)


def upload_observations(tab, path: Path) -> None:
    tab.locator(UPLOAD_INPUT).set_input_files(str(path), timeout=180_000)
    button = tab.get_by_role("button", name="Validate and apply")
    button.wait_for(timeout=180_000)
    tab.wait_for_function(
        "() => ![...document.querySelectorAll('button')].some(b => "
        "b.innerText.includes('Validate and apply') && b.disabled)",
        timeout=120_000,
    )
    button.click()


def rss_mb(pid: int) -> float:
    return round(psutil.Process(pid).memory_info().rss / 1e6, 1)


def main() -> None:
    from playwright.sync_api import sync_playwright

    work = ROOT / "test-artifacts" / "hostile"
    work.mkdir(parents=True, exist_ok=True)
    worst_stations = work / "stations_worst.csv"
    bad = limits.MAX_STATION_ROWS - limits.MAX_STATIONS_PER_ANALYSIS
    worst_stations.write_bytes(station_file(limits.MAX_STATIONS_PER_ANALYSIS, bad))
    worst_observations = work / "observations_worst.csv"
    worst_observations.write_bytes(observations_file())
    results: dict = {
        "station_file_bytes": worst_stations.stat().st_size,
        "observations_file_bytes": worst_observations.stat().st_size,
    }
    log = work / "server.log"
    with Server(ROOT / "app.py", log=log) as server, sync_playwright() as playwright:
        pid = server.process.pid
        time.sleep(2)
        # On a shared machine another server can take the port first; then ours has exited
        # and the health check answered for someone else's app.
        if server.process.poll() is not None:
            raise SystemExit("the server exited (port taken?); run again")
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
        )
        results["rss_start_mb"] = rss_mb(pid)
        try:
            results["stations_under_load"] = under_load(
                browser, server.base, "map", worst_stations, upload_stations, "Coverage result"
            )
        except Exception:
            print(f"server exit code: {server.process.poll()}", file=sys.stderr, flush=True)
            raise
        print(json.dumps(results), file=sys.stderr, flush=True)
        results["observations_under_load"] = under_load(
            browser,
            server.base,
            "plans",
            worst_observations,
            upload_observations,
            f"Added {limits.MAX_OBSERVATION_ROWS} user-supplied row(s).",
        )
        print(json.dumps(results), file=sys.stderr, flush=True)
        # 20 maximum-size station uploads in turn: one session, each file replacing the last.
        tab = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        tab.goto(f"{server.base}/map?lang=en")
        settled(tab, '[data-testid="stAppViewContainer"]')
        samples = []
        for seed in range(20):
            path = work / f"stations_{seed}.csv"
            path.write_bytes(station_file(limits.MAX_STATIONS_PER_ANALYSIS, bad, seed=seed + 100))
            # Each upload replaces the last in the same uploader, as a user would.
            tab.locator(UPLOAD_INPUT).set_input_files(str(path), timeout=180_000)
            tab.get_by_text(path.name).wait_for(timeout=120_000)
            tab.wait_for_timeout(1000)
            settled(tab, '[data-testid="stDeckGlJsonChart"] >> nth=1', timeout=300_000)
            tab.get_by_text("Coverage result", exact=True).wait_for(timeout=300_000)
            samples.append(rss_mb(pid))
            print(f"upload {seed + 1}: RSS {samples[-1]} MB", file=sys.stderr, flush=True)
        results["station_rss_samples_mb"] = samples
        results["station_rss_ratio_20_to_1"] = round(samples[-1] / samples[0], 2)
        tab.context.close()
        browser.close()
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
