"""Map page reruns vs the reference page: server CPU per rerun in AppTest, three ways of changing.

`python bench/map_rerun.py [--runs 8] [--profile]` reports the median process CPU time of a
rerun after (1) moving to the next indicator each time (as `python -m civdash bench` does), (2)
going back and forth between two indicators, (3) changing another widget (walking minutes),
each against bench/reference_page.py in the same process. CPU time, because wall time on a
shared machine swings several-fold. `--profile` prints a cProfile of the next-indicator reruns,
taken inside the script thread (AppTest runs the script in a thread of its own).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.runtime.scriptrunner import script_runner  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

PROFILE = cProfile.Profile()
PROFILING = [False]
_run_script = script_runner.ScriptRunner._run_script


def _profiled_run_script(self, *args, **kwargs):
    if not PROFILING[0]:
        return _run_script(self, *args, **kwargs)
    PROFILE.enable()
    try:
        return _run_script(self, *args, **kwargs)
    finally:
        PROFILE.disable()


script_runner.ScriptRunner._run_script = _profiled_run_script


def next_option(key: str):
    def change(app: AppTest, step: int) -> None:
        widget = app.selectbox(key=key)
        widget.select_index(((widget.index or 0) + 1) % len(widget.options))

    return change


def two_indicators(app: AppTest, step: int) -> None:
    app.selectbox(key="map_indicator").select_index(step % 2)


def other_widget(app: AppTest, step: int) -> None:
    widget = app.radio(key="map_stations_minutes")
    widget.set_value(widget.options[step % 2])


def cpu_per_rerun(page: str | None, change, runs: int, profile: bool = False) -> float:
    script = ROOT / ("bench/reference_page.py" if page is None else "app.py")
    app = AppTest.from_file(str(script), default_timeout=600)
    if page:
        app.switch_page(f"pages/{page}.py")
    app.run()
    seconds = []
    for step in range(runs):
        change(app, step)
        PROFILING[0] = profile
        started = time.process_time()
        app.run()
        seconds.append(time.process_time() - started)
        PROFILING[0] = False
        if app.exception:
            raise RuntimeError(app.exception[0].value)
    return statistics.median(seconds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=8)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    reference = cpu_per_rerun(None, next_option("reference_series"), args.runs)
    print(f"reference: {reference * 1000:.0f} ms")
    for name, change in (
        ("next indicator", next_option("map_indicator")),
        ("two indicators", two_indicators),
        ("other widget", other_widget),
    ):
        profile = args.profile and name == "next indicator"
        seconds = cpu_per_rerun("map", change, args.runs, profile)
        print(f"map, {name}: {seconds * 1000:.0f} ms ({seconds / reference:.1f}x reference)")
    if args.profile:
        pstats.Stats(PROFILE).sort_stats("cumulative").print_stats(40)
    return 0


if __name__ == "__main__":
    sys.exit(main())
