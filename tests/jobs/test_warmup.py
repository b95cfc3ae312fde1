"""civdash.jobs.warmup: every worker job starts with jieba's dictionary already loaded."""

from __future__ import annotations

from civdash.jobs import worker


def jieba_loaded_before_the_job() -> bool:
    """True when the forked job finds jieba initialised without having asked for it."""
    from civdash.workbench import suggest

    return suggest._jieba.cache_info().currsize == 1 and suggest._jieba().dt.initialized


def test_a_forked_job_finds_jieba_loaded():
    assert "civdash.jobs.warmup" in worker.PRELOAD
    assert worker.run(jieba_loaded_before_the_job, budget_seconds=60) is True
