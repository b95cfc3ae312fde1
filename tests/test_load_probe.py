"""The responsiveness probe: health latencies from a live HTTP server, reloads counted honestly."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tools.load_probe import HealthProbe, reloads_while


class Health(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self.send_response(200 if self.path == "/_stcore/health" else 404)
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args) -> None:
        pass


def test_health_probe_keeps_one_latency_per_poll_until_stopped():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Health)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        probe = HealthProbe(f"http://127.0.0.1:{server.server_port}", timeout_s=5)
        probe.start()
        deadline = time.monotonic() + 30
        while len(probe.latencies) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        latencies = probe.stop()
        count = len(latencies)
        time.sleep(0.3)
    finally:
        server.shutdown()
    assert count >= 3
    assert all(latency > 0 for latency in latencies)
    # Stopped means stopped: no poll after stop() returned.
    assert not probe.is_alive() and len(probe.latencies) == count


class Tab:
    """A Playwright page stand-in: each reload takes `seconds`."""

    def __init__(self, seconds: float) -> None:
        self.seconds, self.reloads = seconds, 0

    def reload(self) -> None:
        self.reloads += 1
        time.sleep(self.seconds)

    def wait_for_selector(self, selector, timeout, state) -> None:
        pass

    def wait_for_function(self, script, timeout) -> None:
        pass


def test_a_reload_that_outlasts_the_work_is_not_counted():
    tab = Tab(0.05)
    # The work is done during the third reload: only the first two happened under load.
    reloads = reloads_while(tab, "#chart", lambda: tab.reloads < 3, limit_s=10)
    assert tab.reloads == 3
    assert len(reloads) == 2
    assert all(seconds >= 0.05 for seconds in reloads)


def test_reloads_stop_at_the_time_limit():
    tab = Tab(0.02)
    reloads = reloads_while(tab, "#chart", lambda: True, limit_s=0.1)
    # The loop checks the limit before each reload: the last one starts before 0.1 s.
    assert tab.reloads == len(reloads) >= 1
    assert sum(reloads[:-1]) < 0.1
