"""AppTest timings of every page and the reference page: first run and median rerun, as JSON.

Run by `python -m tools.bench` in a subprocess of its own, so that CIVDASH_DATA_DIR picks the
dataset and the process's peak memory belongs to one dataset only.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# A page part that fails must fail its timing, not show the calm warning an official sees and
# pass as a fast page (civdash.app.errors.raise_errors); its message must not be redacted (below).
os.environ["CIVDASH_RAISE_ERRORS"] = "1"

from streamlit import config  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from civdash.data.loader import cached_dataset, data_dir  # noqa: E402
from civdash.i18n import PAGE_KEYS  # noqa: E402
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
    # The source page lets ?source= win over the session's choice (ui.follow_link_params), so
    # its change goes through the URL too, as a link to another report would.
    "source": ("selectbox", "source_choice", "source"),
    # The method page has no choice of its own: its reader switches the language.
    "method": ("toggle", "toggle_lang"),
    # The contribute page before an upload holds only the uploader: its reader switches the
    # language, as on the method page.
    "contribute": ("toggle", "toggle_lang"),
    "reference": ("selectbox", "reference_series"),
}
# One run of a page longer than this is reported as that page's error, far beyond every aim.
# AppTest cannot cut a run short: it asks the script to stop and waits for its next Streamlit
# call, so a page busy in pure Python still holds the benchmark until it gets there.
TIMEOUT_S = 180
REFERENCE_FACTOR = 3


ERROR_CHARS = 300


class PageError(RuntimeError):
    """A page that raised or ignored its widget: reported in place of its timing."""


def fail_if_broken(app: AppTest, page: str) -> None:
    if app.exception:
        raise PageError(f"{page}: {app.exception[0].value}"[:ERROR_CHARS])


def identifiers(dataset) -> list[str]:
    """Every region, indicator, source and plan id: the values the pages' selectboxes hold."""
    columns = (
        ("regions", "region_id"),
        ("indicators", "indicator_id"),
        ("sources", "source_id"),
        ("plans", "plan_id"),
    )
    return [str(value) for table, column in columns for value in getattr(dataset, table)[column]]


def option_values(widget, candidates: list[str]) -> dict[str, object]:
    """A selectbox's labels mapped back to its values.

    AppTest knows a selectbox's options only by their labels, and `select_index` sets the label
    as the value; that works only where format_func happens to map a label to itself (a region
    name is not an id, so region_name returns it unchanged), and fails on labels such as the
    contribute page's "name (id)". The values are found among the dataset's identifiers.
    """
    labels = set(widget.options)
    values: dict[str, object] = {}
    for candidate in candidates:
        try:
            label = str(widget.format_func(candidate))
        except Exception:  # noqa: BLE001 - a candidate of another kind (a region for an indicator)
            continue
        if label in labels:
            values.setdefault(label, candidate)
    # A label shared by two options (synthetic plans of same-named districts) is left out:
    # Streamlit resolves it to one of them, not necessarily the one asked for.
    unique = [label for label, count in Counter(widget.options).items() if count == 1]
    # Options shown as themselves (the reference page's "a", "b", ...).
    return {label: values.get(label, label) for label in unique}


def change(app: AppTest, page: str, step: int, candidates: list[str], regions: list[str]) -> None:
    """Move the page's main widget to a value it has not had in this run yet (cycling)."""
    kind, key, *param = WIDGETS[page]
    if kind == "selectbox":
        widget = app.selectbox(key=key)
        values = list(option_values(widget, candidates).values())
        current = values.index(widget.value) if widget.value in values else -1
        following = values[current + 1 :] + values[: current + 1]
        value = next((item for item in following if item != widget.value), widget.value)
        widget.set_value(value)
        if param:
            app.query_params[param[0]] = value
    elif kind == "toggle":
        widget = app.toggle(key=key)
        widget.set_value(not widget.value)
    else:
        app.multiselect(key=key).set_value([regions[step % len(regions)]])


def check_changed(app: AppTest, page: str, before: object) -> None:
    """Fail when the page threw the new value away: that rerun would have measured nothing."""
    kind, key, *_ = WIDGETS[page]
    widget = getattr(app, kind)(key=key)
    if widget.value == before:
        raise PageError(f"{page}: {key} stayed {before!r} after the change")


def time_page(page: str, runs: int, candidates: list[str], regions: list[str]) -> dict:
    """First run and reruns of one page; {"error": ...} instead when the page fails."""
    try:
        return time_runs(page, runs, candidates, regions)
    except Exception as error:  # noqa: BLE001 - one broken page must not hide the other nine
        text = str(error) if isinstance(error, PageError) else f"{type(error).__name__}: {error}"
        return {"error": text[:ERROR_CHARS]}


def time_runs(page: str, runs: int, candidates: list[str], regions: list[str]) -> dict:
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
        kind, key, *_ = WIDGETS[page]
        before = getattr(app, kind)(key=key).value
        change(app, page, step, candidates, regions)
        started = time.perf_counter()
        app.run()
        reruns.append(time.perf_counter() - started)
        fail_if_broken(app, page)
        check_changed(app, page, before)
    return {"first": first, "rerun": statistics.median(reruns), "reruns": reruns}


def progress(entry: dict) -> str:
    if "error" in entry:
        return f"error: {entry['error']}"
    return f"first run {entry['first']:.2f} s, median rerun {entry['rerun']:.3f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument(
        "--pages", nargs="+", choices=PAGE_KEYS, default=list(PAGE_KEYS), help="only these pages"
    )
    args = parser.parse_args(argv)
    config.set_option("client.showErrorDetails", "full")

    started = time.perf_counter()
    dataset = cached_dataset(str(data_dir()))
    load = time.perf_counter() - started
    # The multiselect steps through these regions, a different one on each rerun.
    regions = focus_regions(dataset) or list(dataset.regions["region_id"][: args.runs + 1])
    candidates = identifiers(dataset)
    # The very first app run of the process also builds the shared caches (validation, latest).
    cold = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT_S)
    started = time.perf_counter()
    cold.run()
    cold_start = time.perf_counter() - started

    pages = {}
    # Every ratio divides by the reference's median rerun: it is measured before and after the
    # pages, REFERENCE_FACTOR times as often as a page, so a busy spell does not skew them all.
    reference_runs = args.runs * REFERENCE_FACTOR
    early = time_page("reference", reference_runs, candidates, regions)
    print(f"  reference: {progress(early)}", flush=True)
    for page in args.pages:
        pages[page] = time_page(page, args.runs, candidates, regions)
        # Progress on stdout, which the benchmark passes through: a national run takes minutes.
        print(f"  {page}: {progress(pages[page])}", flush=True)
    late = time_page("reference", reference_runs, candidates, regions)
    reruns = early.get("reruns", []) + late.get("reruns", [])
    pages["reference"] = {
        "first": early.get("first"),
        "rerun": statistics.median(reruns) if reruns else None,
        "reruns": reruns,
    }
    pages = {"reference": pages.pop("reference"), **pages}
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
