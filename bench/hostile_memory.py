"""Server-side memory under repeated maximum-size station uploads, without a browser.

`.venv/bin/python bench/hostile_memory.py [COUNT]` does what the map page does for one
session, COUNT times in turn: run the analysis of a different maximum-size station file in
a worker process and keep only the latest result. It prints this process's RSS after each.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from civdash.core import limits  # noqa: E402
from civdash.jobs import (
    station_job,  # noqa: E402
    worker,  # noqa: E402
)
from tools.synthetic_data import station_file  # noqa: E402


def main(count: int) -> None:
    process = psutil.Process()
    bad = limits.MAX_STATION_ROWS - limits.MAX_STATIONS_PER_ANALYSIS
    held = None
    samples, seconds = [], []
    for seed in range(count):
        data = station_file(limits.MAX_STATIONS_PER_ANALYSIS, bad, seed=seed + 100)
        started = time.perf_counter()
        held = None  # the page drops the old analysis before the new one runs
        held = worker.run(
            station_job.analyse,
            data,
            f"stations_{seed}.csv",
            750.0,
            "330100",
            "zh",
            False,
            budget_seconds=600,
        )
        seconds.append(round(time.perf_counter() - started, 1))
        samples.append(round(process.memory_info().rss / 1e6, 1))
        print(f"upload {seed + 1}: {seconds[-1]} s, RSS {samples[-1]} MB", file=sys.stderr)
    assert held is not None and held.result is not None
    print(
        json.dumps(
            {
                "uploads": count,
                "rss_mb": samples,
                "seconds": seconds,
                "ratio_last_to_first": round(samples[-1] / samples[0], 2),
                "held_deck_mb": round(len(held.deck.spec) / 1e6, 1),
                "held_geojson_mb": round(len(held.circles_geojson) / 1e6, 1),
            }
        )
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
