"""Browser benchmark: time-to-chart per page in headless Chromium, and concurrent sessions."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from pathlib import Path

from civdash.i18n import PAGE_KEYS
from tools.live_server import CHROMIUM, CHROMIUM_FLAGS, ROOT, MemoryWatch, Server

HELLO = "hello"
PAGE_TIMEOUT_MS = 60_000
# A page counts as painted when the script has stopped running and every visible chart, map and
# table has drawn its canvas or SVG (those in a closed expander draw only when opened); the
# count must then hold for this long.
SETTLE_S = 0.5
PAINTED_JS = """
(hello) => {
  if (!document.querySelector('[data-testid="stAppViewContainer"]')) return -1;
  if (document.querySelector('[data-testid="stStatusWidget"]')) return -1;
  if (hello) {
    return [...document.querySelectorAll('[data-testid="stMarkdown"]')]
      .some((node) => node.innerText.includes("hello")) ? 1 : -1;
  }
  const blocks = [...document.querySelectorAll(
    '[data-testid="stVegaLiteChart"], [data-testid="stDeckGlJsonChart"], ' +
    '[data-testid="stDataFrame"]')].filter((block) => block.checkVisibility());
  if (!blocks.length) return -1;
  const drawn = blocks.every((block) => block.querySelector("canvas, svg"));
  return drawn ? blocks.length : -1;
}
"""


def page_url(base: str, page: str) -> str:
    if page == HELLO:
        return f"{base}/"
    return f"{base}/" if page == "overview" else f"{base}/{page}"


@dataclass
class Visit:
    page: str
    seconds: float | None
    error: str = ""


async def time_to_chart(tab, url: str, hello: bool) -> float:
    """Seconds from navigation until every chart, map and table has painted and held still."""
    started = time.perf_counter()
    await tab.goto(url, wait_until="commit", timeout=PAGE_TIMEOUT_MS)
    while True:
        handle = await tab.wait_for_function(
            f"() => ({PAINTED_JS})({'true' if hello else 'false'}) > 0",
            timeout=PAGE_TIMEOUT_MS,
            polling=50,
        )
        await handle.dispose()
        painted_at = time.perf_counter()
        count = await tab.evaluate(f"({PAINTED_JS})({'true' if hello else 'false'})")
        await asyncio.sleep(SETTLE_S)
        again = await tab.evaluate(f"({PAINTED_JS})({'true' if hello else 'false'})")
        if again == count and again > 0:
            return painted_at - started


async def visit(tab, base: str, page: str) -> Visit:
    try:
        seconds = await time_to_chart(tab, page_url(base, page), page == HELLO)
        if await tab.locator('[data-testid="stException"]').count():
            return Visit(page, seconds, "exception shown")
        return Visit(page, seconds)
    except Exception as error:  # noqa: BLE001 - every failure is counted, none may stop the run
        return Visit(page, None, f"{type(error).__name__}: {str(error)[:120]}")


async def _launch(playwright):
    return await playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
    )


async def _page_timings(app_base: str, hello_base: str, pages: list[str], runs: int) -> dict:
    """Cold (fresh browser context: empty cache) and warm (same tab, reloaded) medians."""
    from playwright.async_api import async_playwright

    results: dict[str, dict[str, list]] = {}
    async with async_playwright() as playwright:
        browser = await _launch(playwright)
        for page in [HELLO, *pages]:
            base = hello_base if page == HELLO else app_base
            cold, warm, errors = [], [], []
            for _ in range(runs):
                context = await browser.new_context(viewport={"width": 1400, "height": 1000})
                tab = await context.new_page()
                first = await visit(tab, base, page)
                second = await visit(tab, base, page)
                await context.close()
                cold.append(first.seconds)
                warm.append(second.seconds)
                errors += [item.error for item in (first, second) if item.error]
            results[page] = {"cold": cold, "warm": warm, "errors": errors}
        await browser.close()
    return results


async def _sessions(base: str, pages: list[str], count: int) -> list[Visit]:
    """`count` sessions at once, each in its own context, each visiting every page in turn."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await _launch(playwright)

        async def session() -> list[Visit]:
            context = await browser.new_context(viewport={"width": 1400, "height": 1000})
            tab = await context.new_page()
            visits = [await visit(tab, base, page) for page in pages]
            await context.close()
            return visits

        batches = await asyncio.gather(*(session() for _ in range(count)))
        await browser.close()
    return [item for batch in batches for item in batch]


def page_timings(data_dir: Path | None, runs: int, pages: list[str] | None = None) -> dict:
    """Time-to-chart of every page and of the hello-world page, plus the server's peak memory."""
    pages = list(pages or PAGE_KEYS)
    with (
        Server(ROOT / "bench" / "hello_page.py") as hello,
        Server(ROOT / "app.py", data_dir) as app,
    ):
        with MemoryWatch(app.process.pid) as memory:
            results = asyncio.run(_page_timings(app.base, hello.base, pages, runs))
        return {"pages": results, "server_peak_rss_bytes": memory.peak_bytes}


def concurrency(data_dir: Path | None, sessions: int, pages: list[str] | None = None) -> dict:
    """One session alone, then `sessions` at once, against one fresh server each time."""
    pages = list(pages or PAGE_KEYS)
    results = {}
    for label, count in (("single", 1), ("concurrent", sessions)):
        with Server(ROOT / "app.py", data_dir) as app, MemoryWatch(app.process.pid) as memory:
            started = time.perf_counter()
            visits = asyncio.run(_sessions(app.base, pages, count))
            results[label] = {
                "sessions": count,
                "wall_s": time.perf_counter() - started,
                "times": [item.seconds for item in visits if item.seconds is not None],
                "errors": [f"{item.page}: {item.error}" for item in visits if item.error],
                "server_peak_rss_bytes": memory.peak_bytes,
            }
    return results
