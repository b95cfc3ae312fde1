"""tools.live_server: the streamlit server the benchmark and browser tests drive starts on a
free loopback port and stops with its block; memory is sampled across the process tree."""

from __future__ import annotations

import subprocess
import sys
import urllib.request

import pytest

from tools import live_server
from tools.live_server import MemoryWatch, Server


@pytest.mark.slow
def test_server_answers_health_on_loopback_and_stops_with_its_block(tmp_path):
    script = tmp_path / "hello.py"
    script.write_text('import streamlit as st\n\nst.write("hello")\n', encoding="utf-8")
    with Server(script) as server:
        assert server.base.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(f"{server.base}/_stcore/health", timeout=10) as answer:
            assert answer.status == 200 and answer.read() == b"ok"
        process = server.process
    assert process.poll() is not None


def test_memory_watch_keeps_the_peak_of_a_child_process():
    # A child that holds 80 MB for a moment, then frees it.
    code = "import time\nblock = bytearray(80_000_000)\ntime.sleep(1.5)\n"
    child = subprocess.Popen([sys.executable, "-c", code])
    with MemoryWatch(child.pid, interval_s=0.05) as watch:
        child.wait(timeout=60)
    assert watch.peak_bytes > 60_000_000


def test_browser_available_names_what_is_missing(monkeypatch, tmp_path):
    monkeypatch.setattr(live_server, "CHROMIUM", tmp_path / "no-chromium")
    assert "chromium" in live_server.browser_available()
