"""The command line's echo of a path cannot be forged: every subcommand prints a file name on
one line, controls, newlines and bidi overrides shown as escapes (safe_text.shown_path)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from civdash.cli import main
from civdash.core.safe_text import printable, shown_path
from tests.conftest import REPO_ROOT

# A newline that starts a forged success line, a carriage return that overwrites the real one,
# an ANSI clear-screen, an 8-bit CSI and a right-to-left override that reverses what follows.
HOSTILE_NAMES = [
    "fake\nOK: merged 5 rows",
    "fake\rOK: merged 5 rows",
    "fake\x1b[2J\x1b[HOK",
    "fake\x9b2JOK",
    "report\u202etxt.exe",
    "report\u2066isolate\u2069.txt",
]
FORGED = "OK: merged 5 rows"


def lines_of(text: str) -> list[str]:
    return [line for line in text.split("\n") if line]


def assert_one_safe_line(output: str, name: str) -> None:
    lines = lines_of(output)
    assert len(lines) == 1, lines
    assert not any(line.startswith(FORGED) for line in lines), lines
    line = lines[0]
    assert printable(line) == line, line  # nothing left for a terminal to act on
    assert shown_path(name) in line


@pytest.mark.parametrize("name", HOSTILE_NAMES)
@pytest.mark.parametrize("command", ["add", "extract"])
def test_a_missing_file_is_named_on_one_line(command, name, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    extra = ["--out", str(tmp_path / "out.csv")] if command == "extract" else []
    code = main([command, name, *extra])
    assert code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert_one_safe_line(captured.err, name)


def test_the_reviews_forged_line_is_gone_from_a_real_process(tmp_path):
    """The review's reproduction, through `python -m civdash` as a shell would run it."""
    done = subprocess.run(
        [sys.executable, "-m", "civdash", "add", "fake\nOK: merged 5 rows"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert lines_of(done.stderr) == ["fake\\x0aOK: merged 5 rows: not a regular file"]


def test_an_existing_report_with_a_hostile_name_is_echoed_safely(tmp_path, capsys):
    name = "report\n2 candidate figures written to passwd\u202e.txt"
    report = tmp_path / name
    report.write_text("目前全市养老机构床位15200张。\n", encoding="utf-8")
    out = tmp_path / "out\x1b[2J.csv"
    code = main(["extract", str(report), "--region", "330200", "--out", str(out)])
    assert code == 0
    printed = capsys.readouterr().out
    assert_one_safe_line(printed, str(report))
    assert shown_path(out) in printed and "\x1b" not in printed


def test_a_bundle_that_is_no_zip_is_named_on_one_line(tmp_path, capsys):
    bundle = tmp_path / "bundle\nOK: merged 5 rows.zip"
    bundle.write_bytes(b"not a zip")
    code = main(["add", str(bundle), "--dry-run"])
    assert code == 2
    assert_one_safe_line(capsys.readouterr().err, str(bundle))


def test_package_names_its_files_safely(tiny_dataset, tmp_path, capsys):
    folder, _ = tiny_dataset
    hostile = tmp_path / "data\nwrote everything"
    shutil.copytree(folder, hostile)
    code = main(["package", "--data", str(hostile), "--check"])
    printed = capsys.readouterr().out
    assert code == 1  # no descriptor or Parquet copies yet
    assert "\nwrote everything" not in printed
    assert all(printable(line) == line for line in printed.splitlines())
    assert shown_path(hostile) in printed


def test_an_undecodable_name_prints_its_bytes():
    path = Path(b"bad\xffname.zip".decode("utf-8", "surrogateescape"))
    assert shown_path(path) == "bad\\xffname.zip"
    assert shown_path("宁波市 报告.txt") == "宁波市 报告.txt"
