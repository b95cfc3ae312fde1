"""civdash.cli: one entry point that lists every subcommand, imports only the one asked for,
and ends quietly when its reader goes away."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys

import pytest

from civdash import cli
from tests.conftest import REPO_ROOT


def run_module(*args: str, code: str | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "civdash", *args]
    return subprocess.run(
        command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120, check=False
    )


def test_without_a_subcommand_the_help_lists_every_subcommand(capsys):
    assert cli.main([]) == 0
    # argparse wraps long help lines, also after a hyphen: compare without whitespace.
    shown = "".join(capsys.readouterr().out.split())
    for name, (_, help_text) in cli.SUBCOMMANDS.items():
        assert name in shown and "".join(help_text.split()) in shown, name


@pytest.mark.parametrize("name", cli.SUBCOMMANDS)
def test_each_subcommand_explains_itself_and_has_a_runner(name, capsys):
    module_name, help_text = cli.SUBCOMMANDS[name]
    assert callable(importlib.import_module(module_name).run)
    with pytest.raises(SystemExit) as stopped:
        cli.main([name, "--help"])
    assert stopped.value.code == 0
    shown = capsys.readouterr().out
    words = "".join(shown.split())
    assert f"python-mcivdash{name}" in words and "".join(help_text.split()) in words
    # The module's own arguments are there, not only argparse's -h.
    assert re.search(r"^  (?!-h, --help)\S", shown, re.MULTILINE), shown


def test_an_unknown_subcommand_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["no-such-command"])
    assert stopped.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_python_m_civdash_runs_the_validator_with_its_exit_code():
    result = run_module("validate", "--quiet")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 error(s)" in result.stdout


def test_help_imports_neither_geopandas_nor_streamlit():
    code = (
        "import sys\n"
        "from civdash.cli import main\n"
        "try:\n"
        "    main(['validate', '--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(name for name in ('geopandas', 'streamlit') if name in sys.modules))\n"
    )
    result = run_module(code=code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_a_closed_output_pipe_ends_quietly_with_141():
    # The reader is gone before the command writes its first line (`... | head -0`).
    process = subprocess.Popen(
        [sys.executable, "-m", "civdash", "validate"],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.close()
    errors = process.stderr.read().decode("utf-8", "replace")
    assert process.wait(timeout=120) == cli.BROKEN_PIPE_EXIT
    assert "Traceback" not in errors and "BrokenPipe" not in errors
