"""A Streamlit server on a free loopback port and Debian's Chromium: for benchmarks and tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--no-pings",
]


@dataclass
class MemoryWatch:
    """Samples a process tree's resident memory in a thread and keeps the peak."""

    pid: int
    interval_s: float = 0.1
    peak_bytes: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)

    def _sample(self) -> None:
        import psutil

        try:
            process = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        while not self._stop.is_set():
            try:
                tree = [process, *process.children(recursive=True)]
                self.peak_bytes = max(self.peak_bytes, sum(p.memory_info().rss for p in tree))
            except psutil.Error:
                pass
            self._stop.wait(self.interval_s)

    def __enter__(self) -> MemoryWatch:
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=2)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`streamlit run SCRIPT` on a free loopback port, optionally on another data folder.

    Used by the benchmark and by the browser tests.
    """

    def __init__(self, script: Path, data_dir: Path | None = None, log: Path | None = None):
        self.script, self.data_dir, self.log = script, data_dir, log
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        env = dict(os.environ)
        if self.data_dir:
            env["CIVDASH_DATA_DIR"] = str(self.data_dir)
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", str(self.script),
                "--server.port", str(self.port), "--server.address", "127.0.0.1",
                "--server.headless", "true", "--browser.gatherUsageStats", "false",
                "--server.fileWatcherType", "none", "--logger.level", "warning",
            ],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
            stderr=self.log.open("wb") if self.log else subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            # On a shared machine another server may take the port first: ours then exits,
            # and a health answer would come from someone else's app.
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited for {self.script} (port {self.port} taken?)")
            try:
                with urllib.request.urlopen(f"{self.base}/_stcore/health", timeout=2):
                    time.sleep(0.5)
                    if self.process.poll() is not None:
                        continue
                    return self
            except OSError:
                time.sleep(0.3)
        self.process.kill()
        raise RuntimeError(f"streamlit did not start for {self.script}")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def browser_available() -> str:
    """'' when Chromium and Playwright are there, else the reason they are not."""
    if not CHROMIUM.exists():
        return "Debian's chromium is not installed (/usr/bin/chromium)"
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        return "python playwright is not installed (requirements-dev.txt)"
    return ""
