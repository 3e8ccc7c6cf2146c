"""`python -m analysis COMMAND ...`: one sub-command per module, imported only when it runs.

Each command module defines `configure_parser(parser, command)` and `run_command(args) -> int`
(`args.command` names the sub-command, so one module can serve several). Importing
lazily keeps fast commands fast: `cite` never pays for matplotlib or a kernel.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

COMMANDS: dict[str, tuple[str, str]] = {
    "summary": ("analysis.loading", "validate the data and print a summary of events and figures"),
    "datapackage": ("analysis.schema", "write data/datapackage.json from the field dictionary"),
    "check": ("analysis.checks", "consistency checks: stated facts against their derivations"),
    "cite": ("analysis.citations", "turn a figure or event id into words with a citation"),
    "sources": ("analysis.citations", "export sources as CSL-JSON or BibTeX"),
    "brief": ("analysis.briefs", "render a brief template or check a brief against the data"),
    "report": ("analysis.reports", "run the report notebooks into reports/"),
    "import": ("analysis.importers", "import a UCDP GED or ACLED export as a data folder"),
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    top = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.splitlines()[0])
    top.add_argument("command", choices=sorted(COMMANDS), help="; ".join(
        f"{name}: {text}" for name, (_, text) in sorted(COMMANDS.items())))
    if not argv or argv[0] in {"-h", "--help"} or argv[0] not in COMMANDS:
        top.parse_args(argv[:1] or ["--help"])
        return 2
    name, rest = argv[0], argv[1:]
    module = importlib.import_module(COMMANDS[name][0])
    parser = argparse.ArgumentParser(prog=f"python -m analysis {name}", description=COMMANDS[name][1])
    module.configure_parser(parser, name)
    args = parser.parse_args(rest)
    args.command = name
    try:
        return int(module.run_command(args) or 0)
    except BrokenPipeError:  # the reader went away (`... | head`): stop quietly, as Unix tools do
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - Python flushes it at exit
        return 0

