"""AppTest timings of every page and the reference page: first run and median rerun, as JSON.

Run by `python -m civdash bench` in a subprocess of its own, so that CIVDASH_DATA_DIR picks the
dataset and the process's peak memory belongs to one dataset only.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from civdash.i18n import PAGE_KEYS  # noqa: E402
from civdash.loader import cached_dataset, data_dir  # noqa: E402
from civdash.views import focus_regions  # noqa: E402

# The widget each rerun changes: the page's main choice, as a user would change it.
WIDGETS = {
    "overview": ("selectbox", "overview_region"),
    "trends": ("selectbox", "trends_indicator"),
    "compare": ("selectbox", "compare_indicator"),
    "profile": ("selectbox", "profile_region"),
    "map": ("selectbox", "map_indicator"),
    "plans": ("selectbox", "plans_plan"),
    "data": ("multiselect", "data_regions"),
    "reference": ("selectbox", "reference_series"),
}
TIMEOUT_S = 600


def fail_if_broken(app: AppTest, page: str) -> None:
    if app.exception:
        raise RuntimeError(f"{page}: {app.exception[0].value}")


def change(app: AppTest, page: str, step: int, regions: list[str]) -> None:
    """Move the page's widget to a different value on every step (alternating two values)."""
    kind, key = WIDGETS[page]
    if kind == "selectbox":
        widget = app.selectbox(key=key)
        count = len(widget.options)
        current = widget.index or 0
        widget.select_index((current + 1) % count if count > 1 else 0)
    else:
        app.multiselect(key=key).set_value([regions[step % len(regions)]])


def time_page(page: str, runs: int, regions: list[str]) -> dict:
    script = ROOT / ("bench/reference_page.py" if page == "reference" else "app.py")
    app = AppTest.from_file(str(script), default_timeout=TIMEOUT_S)
    if page not in ("reference", "overview"):
        app.switch_page(f"pages/{page}.py")
    started = time.perf_counter()
    app.run()
    first = time.perf_counter() - started
    fail_if_broken(app, page)
    reruns = []
    for step in range(runs):
        change(app, page, step, regions)
        started = time.perf_counter()
        app.run()
        reruns.append(time.perf_counter() - started)
        fail_if_broken(app, page)
    return {"first": first, "rerun": statistics.median(reruns), "reruns": reruns}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--output", type=Path, required=True)
    args = parser.parse_args(argv)

    started = time.perf_counter()
    dataset = cached_dataset(str(data_dir()))
    load = time.perf_counter() - started
    regions = focus_regions(dataset)[:2] or list(dataset.regions["region_id"][:2])
    # The very first app run of the process also builds the shared caches (validation, latest).
    cold = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT_S)
    started = time.perf_counter()
    cold.run()
    cold_start = time.perf_counter() - started
    fail_if_broken(cold, "overview")

    pages = {page: time_page(page, args.runs, regions) for page in ["reference", *PAGE_KEYS]}
    result = {
        "data_dir": str(data_dir()),
        "observations": len(dataset.facts),
        "load_s": load,
        "cold_start_s": cold_start,
        # ru_maxrss is in kilobytes on Linux.
        "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "pages": pages,
    }
    args.output.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
