"""Issue 26, N5: `add` is locked and atomic. Killed at any write step it leaves data/ as it
was or fully merged; two conflicting adds at once: one merges, the other fails cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from civdash.data.validate import validate_dataset
from civdash.workbench import bundle as contribution
from civdash.workbench.bundle import build_bundle, check_and_merge
from tests.cli.test_add import ROW, SOURCE, TEXT
from tests.conftest import REPO_ROOT


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by relative path (Parquet copies and texts included)."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def steps_of_a_merge(data: Path, bundle: bytes) -> list[str]:
    """The write steps one real merge goes through, in order."""
    seen: list[str] = []
    original = contribution._step
    contribution._step = seen.append
    try:
        check_and_merge(bundle, data, data / "sources")
    finally:
        contribution._step = original
    return seen


def killed_at(data: Path, bundle: bytes, step: str) -> int:
    """Run a merge in a forked child that SIGKILLs itself at `step`; its wait status."""
    pid = os.fork()
    if pid == 0:  # the child: never returns to pytest

        def stop(name: str) -> None:
            if name == step:
                os.kill(os.getpid(), signal.SIGKILL)

        try:
            contribution._step = stop
            check_and_merge(bundle, data, data / "sources")
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    return status


def copy_of(folder: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True)
    subprocess.run(["cp", "-a", str(folder), str(target)], check=True)
    return target


def test_a_kill_at_every_write_step_leaves_data_unchanged_or_fully_merged(tiny_dataset, tmp_path):
    pristine, _ = tiny_dataset
    bundle = build_bundle(SOURCE, TEXT, [ROW])
    before = tree(pristine)
    # The fully merged state, from an uninterrupted merge of a copy.
    merged = copy_of(pristine, tmp_path / "merged" / "data")
    steps = steps_of_a_merge(merged, bundle)
    after = tree(merged)
    assert after != before and len(steps) >= 7
    outcomes = []
    for index, step in enumerate(steps):
        data = copy_of(pristine, tmp_path / f"run{index}" / "data")
        status = killed_at(data, bundle, step)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, step
        state = tree(data)
        assert state in (before, after), f"half-merged after a kill at {step}"
        outcomes.append(state == after)
        if state == after:
            # Fully merged is fully valid (Parquet copies and descriptor included).
            assert not validate_dataset(data, data / "sources").errors
    # Killed before the exchange: unchanged; after it: merged. Both happen.
    assert outcomes[0] is False and outcomes[-1] is True
    # The stage a killed add leaves beside data/ is removed by the next add.
    data = tmp_path / f"run{len(steps) - 1}" / "data"
    leftovers = list(data.parent.glob(".data.add-stage-*"))
    assert leftovers
    check_and_merge(bundle, data, data / "sources")
    assert all(not path.exists() for path in leftovers)
    assert tree(data) == after


def test_every_step_before_the_exchange_leaves_data_unchanged(tiny_dataset):
    data, _ = tiny_dataset
    bundle = build_bundle(SOURCE, TEXT, [ROW])
    before = tree(data)
    pending = ["copy", "sources/demo_2013.txt", "sources.csv", "observations.csv"]
    pending += ["datapackage.json", "parquet", "exchange data"]
    for step in pending:
        killed_at(data, bundle, step)
        assert tree(data) == before, step


def test_a_failing_write_changes_nothing(tiny_dataset, monkeypatch):
    data, _ = tiny_dataset
    before = tree(data)

    def full_disk(name: str) -> None:
        if name == "observations.csv":
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(contribution, "_step", full_disk)
    with pytest.raises(OSError):
        check_and_merge(build_bundle(SOURCE, TEXT, [ROW]), data, data / "sources")
    assert tree(data) == before
    assert not list(data.parent.glob(".data.add-stage-*"))


def test_two_conflicting_adds_at_once_one_merges_and_one_fails_cleanly(tiny_dataset, tmp_path):
    data, _ = tiny_dataset
    first = tmp_path / "first.zip"
    second = tmp_path / "second.zip"
    first.write_bytes(build_bundle(SOURCE, TEXT, [ROW]))
    other_text = TEXT.replace("41000", "42000")
    other_row = {**ROW, "value": 42000, "value_as_written": "42000"}
    other_row["excerpt"] = ROW["excerpt"].replace("41000", "42000")
    second.write_bytes(build_bundle(SOURCE, other_text, [other_row]))
    command = [sys.executable, "-m", "civdash", "add", "--data", str(data)]
    runs = [
        subprocess.Popen(
            [*command, str(bundle)], cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for bundle in (first, second)
    ]
    results = [(run.wait(timeout=120), run.stderr.read().decode()) for run in runs]
    codes = sorted(code for code, _ in results)
    assert codes == [0, 1], results
    refused = next(error for code, error in results if code == 1)
    assert "exists with other content" in refused and "Traceback" not in refused
    report = validate_dataset(data, data / "sources")
    assert not report.errors, [problem.format() for problem in report.errors]
    assert (data / "observations.csv").read_text("utf-8").count("demo_2013:") == 1
