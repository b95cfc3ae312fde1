"""Map page vs overview: seconds until painted AND the tab responds again, in one Chromium run.

`python bench/map_paint.py [--runs 5] [--url-suffix '?present=1']` serves app.py, opens each page
in a fresh browser context (cold cache) and reports per run and the median. Reuses the benchmark's
Chromium flags (software WebGL), server and paint check from civdash.bench_browser.

Besides wall time it reports the CPU seconds that Chromium's processes (renderer, GPU and
browser) spent on each load: on a shared, busy machine wall time swings several-fold between
runs, while CPU time tracks the work the page makes the browser do.

"Painted" is the benchmark's own check (every visible chart, map and table has its canvas or
SVG). That fires as soon as deck.gl has created its canvas, before it has drawn a frame, so this
script also waits until two animation frames in a row come back within FRAME_BUDGET_S: while
deck.gl tessellates polygons or builds a glyph atlas the main thread is blocked and no frame
comes back, which is the freeze users saw.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from civdash.bench_browser import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_FLAGS,
    PAGE_TIMEOUT_MS,
    PAINTED_JS,
    ROOT,
    Server,
    page_url,
)

FRAME_BUDGET_S = 0.1
QUIET_FRAMES = 3
# The benchmark's paint check looks at charts and tables; a map shown as a picture must also
# have its image decoded.
IMAGES_JS = """() => [...document.querySelectorAll('[data-testid="stMain"] img')]
  .filter((image) => image.checkVisibility())
  .every((image) => image.complete && image.naturalWidth > 0)"""
DOUBLE_FRAME_JS = (
    "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
)


async def time_to_painted_map(tab, url: str, timeout_ms: int = PAGE_TIMEOUT_MS) -> float:
    started = time.perf_counter()
    await tab.goto(url, wait_until="commit", timeout=timeout_ms)
    handle = await tab.wait_for_function(
        f"() => ({PAINTED_JS})(false) > 0 && ({IMAGES_JS})()", timeout=timeout_ms, polling=50
    )
    await handle.dispose()
    quiet, quiet_since = 0, None
    while quiet < QUIET_FRAMES:
        before = time.perf_counter()
        await tab.evaluate(DOUBLE_FRAME_JS)
        after = time.perf_counter()
        if after - before <= FRAME_BUDGET_S and await tab.evaluate(f"({PAINTED_JS})(false)") > 0:
            quiet, quiet_since = quiet + 1, quiet_since or before
        else:
            quiet, quiet_since = 0, None
        if after - started > timeout_ms / 1000:
            raise TimeoutError(url)
    return quiet_since - started


def chromium_cpu_seconds() -> float:
    """User + system CPU seconds of every Chromium process started from this script."""
    import psutil

    total = 0.0
    for process in psutil.Process(os.getpid()).children(recursive=True):
        try:
            if "chrom" in process.name():
                times = process.cpu_times()
                total += times.user + times.system
        except psutil.Error:
            continue
    return total


async def run(
    pages: list[str], runs: int, suffix: str, width: int, height: int, timeout_ms: int
) -> dict:
    from playwright.async_api import async_playwright

    timings: dict[str, list[float]] = {page: [] for page in pages}
    cpu: dict[str, list[float]] = {page: [] for page in pages}
    with Server(ROOT / "app.py") as app:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
            )
            # One warm-up visit per page, so the server's first-run caches are not measured.
            for number in range(runs + 1):
                for page in pages:
                    context = await browser.new_context(viewport={"width": width, "height": height})
                    tab = await context.new_page()
                    before = chromium_cpu_seconds()
                    url = page_url(app.base, page) + suffix
                    seconds = await time_to_painted_map(tab, url, timeout_ms)
                    used = chromium_cpu_seconds() - before
                    await context.close()
                    if number:
                        timings[page].append(seconds)
                        cpu[page].append(used)
            await browser.close()
    return {"wall": timings, "cpu": cpu}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", default="overview,map")
    parser.add_argument("--url-suffix", default="")
    parser.add_argument("--width", type=int, default=1440)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--timeout", type=float, default=240, help="seconds per page load")
    args = parser.parse_args()
    pages = args.pages.split(",")
    results = asyncio.run(
        run(pages, args.runs, args.url_suffix, args.width, args.height, int(args.timeout * 1000))
    )
    for measure, timings in results.items():
        overview = statistics.median(timings[pages[0]])
        for page, values in timings.items():
            runs = ", ".join(f"{value:.2f}" for value in values)
            median = statistics.median(values)
            print(
                f"{measure} {page}: median {median:.2f} s "
                f"({median / overview:.2f}x {pages[0]}); runs {runs}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
