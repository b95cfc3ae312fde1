"""Command-line interface: `python -m civdash SUBCOMMAND`."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

# Each subcommand lives in its own module with `add_arguments(parser)` and `run(args)`.
# Only the chosen module is imported, so `--help` stays fast. The benchmark and the boundary
# build are developer tools: `python -m tools.bench`, `python -m tools.geo_build`.
SUBCOMMANDS = {
    "validate": ("civdash.cli.validate", "Validate data/, or an observations CSV against it"),
    "extract": ("civdash.cli.extract", "List the figures of a new report as candidate rows"),
    "add": ("civdash.cli.add", "Merge a contribution bundle into data/, all or nothing"),
    "package": (
        "civdash.data.package",
        "Write data/datapackage.json, the Parquet copies and the data-package zip",
    ),
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m civdash",
        description="Civil-affairs dashboard data: validate, extract, add and package.",
    )
    sub = parser.add_subparsers(dest="command", metavar="SUBCOMMAND")
    for name, (module_name, help_text) in SUBCOMMANDS.items():
        command_parser = sub.add_parser(name, help=help_text, description=help_text)
        command_parser.set_defaults(module_name=module_name)
        if name == command:
            importlib.import_module(module_name).add_arguments(command_parser)
    return parser


# Exit status when the reader of our output went away (`... | head -1`): 128 + SIGPIPE, as a
# shell reports it; 1 and 2 mean "problems found" and "unreadable".
BROKEN_PIPE_EXIT = 141


def main(argv: list[str] | None = None) -> int:
    """Run a subcommand; a closed output pipe ends it quietly, never with a traceback."""
    # Messages are escaped already (safe_text.printable); this covers any locale whose
    # encoding lacks a character, e.g. Chinese text under LANG=C.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    # Warnings of the modules it runs reach the operator with a time and level (page=-).
    from civdash.core import logs

    logs.configure(default_level="WARNING")
    try:
        code = _main(argv)
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        # Python would report the pipe again while flushing stdout at exit; point it at
        # /dev/null instead (the recipe in the signal module's documentation).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return BROKEN_PIPE_EXIT


def _main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    command = next((arg for arg in argv if not arg.startswith("-")), None)
    parser = build_parser(command if command in SUBCOMMANDS else None)
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 0
    module = importlib.import_module(args.module_name)
    return int(module.run(args) or 0)
