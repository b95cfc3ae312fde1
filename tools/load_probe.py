"""Is the server responsive while one session works? Health polls and another tab's reloads."""

from __future__ import annotations

import threading
import time
import urllib.request

HEALTH_INTERVAL_S = 0.1


class HealthProbe(threading.Thread):
    """Polls /_stcore/health every 100 ms until `running` is cleared; keeps each latency."""

    def __init__(self, base: str, timeout_s: float = 60) -> None:
        super().__init__(daemon=True)
        self.url, self.timeout_s = f"{base}/_stcore/health", timeout_s
        self.latencies: list[float] = []
        self.running = True

    def run(self) -> None:
        while self.running:
            start = time.perf_counter()
            with urllib.request.urlopen(self.url, timeout=self.timeout_s) as response:
                response.read()
            self.latencies.append(time.perf_counter() - start)
            time.sleep(HEALTH_INTERVAL_S)

    def stop(self) -> list[float]:
        self.running = False
        self.join()
        return self.latencies


def settled(tab, selector: str, timeout: int = 120_000) -> None:
    """Wait until `selector` is visible and the script has stopped running (Playwright, sync)."""
    tab.wait_for_selector(selector, timeout=timeout, state="visible")
    tab.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout
    )


def reload_time(tab, selector: str) -> float:
    """Seconds for one reload of `tab` until `selector` is drawn and the script has finished."""
    begin = time.perf_counter()
    tab.reload()
    settled(tab, selector)
    return time.perf_counter() - begin


def reloads_while(tab, selector: str, busy, limit_s: float) -> list[float]:
    """Reload `tab` over and over while `busy()` holds (at most `limit_s`).

    Only reloads that finished while the work was still running count: a reload that
    overlapped its end says nothing about the server under load.
    """
    started = time.perf_counter()
    times = []
    while busy() and time.perf_counter() - started < limit_s:
        seconds = reload_time(tab, selector)
        if busy():
            times.append(seconds)
    return times
