"""`python -m analysis COMMAND ...`: one sub-command per module, imported only when it runs.

Each command module defines `configure_parser(parser, command)` and `run_command(args) -> int`
(`args.command` names the sub-command, so one module can serve several). Importing
lazily keeps fast commands fast: `cite` never pays for matplotlib or a kernel.

Every command that loads data takes `--archives DIR`, the folder of archived source texts that excerpts are
verified against (default: $ANALYSIS_ARCHIVES, else `../shared` beside the repository). It is passed on as
$ANALYSIS_ARCHIVES, so the notebooks a report runs verify against the same folder.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

from analysis import paths

COMMANDS: dict[str, tuple[str, str]] = {
    "summary": ("analysis.loading", "validate the data and print a summary of events and figures"),
    "add-source": ("analysis.add_source", "add a source document: archive its text, its sha256, its date"),
    "datapackage": ("analysis.schema", "write data/datapackage.json from the field dictionary"),
    "check": ("analysis.checks", "consistency checks: stated facts against their derivations"),
    "cite": ("analysis.citations", "turn a figure or event id into words with a citation"),
    "sources": ("analysis.citations", "export sources as CSL-JSON or BibTeX"),
    "brief": ("analysis.briefs", "render a brief template or check a brief against the data"),
    "report": ("analysis.reports", "run the report notebooks into reports/"),
    "import": ("analysis.importers", "import a UCDP GED or ACLED export as a data folder"),
}
LOADS_DATA = {"summary", "check", "cite", "sources", "brief", "report", "import"}
ARCHIVES_HELP = ("folder of archived source texts that excerpts are verified against "
                 f"(default: ${paths.ARCHIVES_ENV}, else {paths.ARCHIVE_DIR})")


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
    if name in LOADS_DATA:
        # Taken out before the command's own parser runs, so it may stand anywhere (also after `brief check`).
        archives = argparse.ArgumentParser(add_help=False)
        archives.add_argument("--archives", type=Path)
        given, rest = archives.parse_known_args(rest)
        parser.add_argument("--archives", type=Path, metavar="DIR", help=ARCHIVES_HELP)
        if given.archives is not None:
            if not given.archives.is_dir():
                parser.error(f"--archives: {given.archives} is not a folder")
            os.environ[paths.ARCHIVES_ENV] = str(given.archives.resolve())
    args = parser.parse_args(rest)
    args.command = name
    try:
        return int(module.run_command(args) or 0)
    except BrokenPipeError:  # the reader went away (`... | head`): stop quietly, as Unix tools do
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - Python flushes it at exit
        return 0

