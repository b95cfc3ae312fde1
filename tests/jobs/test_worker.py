"""The worker process: results come back, a job past its budget is killed, slots are bounded."""

from __future__ import annotations

import os
import threading
import time

import pytest

from civdash.core import limits
from civdash.jobs import worker


def test_a_job_runs_in_another_process_and_returns_its_result():
    assert worker.run(os.getpid, budget_seconds=60) != os.getpid()
    assert worker.run(divmod, 7, 2, budget_seconds=60) == (3, 1)


def test_a_job_past_its_budget_is_killed_and_reported():
    start = time.monotonic()
    with pytest.raises(worker.WorkerError) as raised:
        worker.run(time.sleep, 30, budget_seconds=1)
    assert raised.value.key == "input.timeout" and raised.value.values == {"seconds": "1"}
    assert time.monotonic() - start < 15


def test_a_failing_job_is_reported_without_its_traceback():
    with pytest.raises(worker.WorkerError) as raised:
        worker.run(int, "not a number", budget_seconds=60)
    assert raised.value.key == "input.failed"


def test_at_most_max_workers_large_jobs_run_at_once(monkeypatch):
    monkeypatch.setattr(limits, "WORKER_WAIT_SECONDS", 0.5)
    outcomes: list[str] = []

    def sleeper():
        try:
            # Large jobs of separate sessions: the small-job slot is not theirs.
            worker.run(
                time.sleep,
                4,
                budget_seconds=30,
                owner=f"session-{threading.get_ident()}",
                input_bytes=limits.SMALL_JOB_BYTES + 1,
            )
            outcomes.append("done")
        except worker.WorkerError as error:
            outcomes.append(error.key)

    threads = [threading.Thread(target=sleeper) for _ in range(limits.MAX_WORKERS + 1)]
    for thread in threads:
        thread.start()
        time.sleep(0.1)
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["done"] * limits.MAX_WORKERS + ["input.busy"]
