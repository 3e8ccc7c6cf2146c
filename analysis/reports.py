"""Run the report notebooks named in reports.yml into reports/<name>/: executed notebook, offline HTML, files.

Each report runs through papermill in a fresh `python3` kernel (this interpreter), with the report's folder
passed as the `output_dir` parameter; the notebook writes its charts and tables there. Every report's
parameters are checked before any notebook runs. A report replaces its folder only when it succeeds, and
a rerun with unchanged data and parameters writes the same bytes.
"""

from __future__ import annotations

import argparse
import copy
import logging
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat
import yaml

from analysis import paths
from analysis.atomic import replacing_dir, write_text
from analysis.parameters import Parameter, Setting, read_parameters, resolve

if TYPE_CHECKING:
    from papermill.exceptions import PapermillExecutionError

OUTPUT_DIR = "output_dir"  # the parameter through which a notebook learns its report folder
KERNEL_NAME = "python3"  # jupyter_client starts it with this interpreter (sys.executable)
# Set for the kernel only, so that outputs do not depend on the machine, the shell or the clock.
KERNEL_ENV = {
    "SOURCE_DATE_EPOCH": "0",  # matplotlib (SVG, PDF) and other tools stamp this date instead of now
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",  # Jupyter's, whatever the shell sets
    "PYTHONHASHSEED": "0",  # stable set and str-keyed iteration order
    "TZ": "UTC",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",  # silences ipykernel's debugger warning about frozen modules
}
CONFIG_KEYS = ("notebook", "description", "parameters", "requires")
_REPORT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_INJECTED_TAG = "injected-parameters"
_CELL_LINE = re.compile(r"Cell In\[\d+\], line (\d+)")
# lab's template minus every script it would fetch from a CDN (require.js, MathJax, mermaid, widgets):
# the HTML opens offline. Charts are inline images already; LaTeX and mermaid stay as source text.
_HTML_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""


class ReportConfigError(ValueError):
    """reports.yml, a report name or a parameter is wrong, so nothing ran; `problems` lists every one."""

    def __init__(self, problems: Sequence[str]):
        super().__init__("\n".join(problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class Report:
    """One entry of reports.yml: `notebook` is absolute, `parameters` as written in the file."""

    name: str
    notebook: Path
    parameters: dict[str, object] = field(default_factory=dict)
    description: str = ""
    requires: tuple[str, ...] = ()  # parameters without which the report is skipped (event data, say)


@dataclass(frozen=True)
class Plan:
    """A checked report: its declared parameters, and the values it runs with (typed, without output_dir)."""

    report: Report
    declared: dict[str, Parameter]
    values: dict[str, object]
    origins: dict[str, str]


@dataclass(frozen=True)
class ReportResult:
    """How one report went: `message` says why it failed, `details` holds the notebook's traceback."""

    name: str
    ok: bool
    seconds: float
    output_dir: Path
    message: str = ""
    details: str = ""
    kept_previous: bool = False  # a failed report whose folder from an earlier run is still there
    skipped: bool = False  # a parameter it requires has no value: nothing ran, nothing failed

    @property
    def status(self) -> str:
        return "skipped" if self.skipped else "ok" if self.ok else "failed"


def display_path(path: Path) -> str:
    """`path` relative to the repository when inside it (the same on every machine), else absolute."""
    path = Path(path).resolve()
    try:
        return path.relative_to(paths.REPO_DIR).as_posix()
    except ValueError:
        return path.as_posix()


def load_config(config_path: Path) -> dict[str, Report]:
    """The reports named in `config_path`, in file order; ReportConfigError lists every problem."""
    config_path = Path(config_path)
    where = display_path(config_path)
    try:
        document = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ReportConfigError([f"{where}: cannot read it: {error.strerror}"]) from None
    except yaml.YAMLError as error:
        raise ReportConfigError([f"{where}: not valid YAML: {error}"]) from None
    if not isinstance(document, dict) or set(document) - {"reports"}:
        raise ReportConfigError([f"{where}: expected a mapping with one key, `reports` (see its header)"])
    entries = document.get("reports") or {}
    if not isinstance(entries, dict):
        raise ReportConfigError([f"{where}: `reports` must map report names to settings"])
    reports: dict[str, Report] = {}
    problems: list[str] = []
    for name, entry in entries.items():
        report, found = _parse_entry(where, name, entry)
        problems += found
        if report is not None:
            reports[report.name] = report
    if problems:
        raise ReportConfigError(problems)
    return reports


def _parse_entry(where: str, name: object, entry: object) -> tuple[Report | None, list[str]]:
    label = f"{where}: report {name!r}"
    if not isinstance(name, str) or not _REPORT_NAME.fullmatch(name):
        return None, [f"{label}: a report name is its folder name: letters, digits, '_', '.', '-'"]
    if not isinstance(entry, dict):
        return None, [f"{label}: expected a mapping with {', '.join(CONFIG_KEYS)}"]
    problems = [f"{label}: unknown key {key!r} (expected {', '.join(CONFIG_KEYS)})"
                for key in entry if key not in CONFIG_KEYS]
    notebook, parameters = entry.get("notebook"), entry.get("parameters") or {}
    description = entry.get("description") or ""
    requires = entry.get("requires") or []
    if not isinstance(requires, list) or not all(isinstance(name, str) for name in requires):
        problems.append(f"{label}: `requires` must list parameter names")
    if not isinstance(notebook, str) or not notebook:
        problems.append(f"{label}: `notebook` must be a path relative to the repository")
    elif not (paths.REPO_DIR / notebook).is_file():
        problems.append(f"{label}: notebook {notebook} not found (paths are relative to {paths.REPO_DIR})")
    if not isinstance(parameters, dict) or not all(isinstance(key, str) for key in parameters):
        problems.append(f"{label}: `parameters` must map parameter names to values")
    if not isinstance(description, str):
        problems.append(f"{label}: `description` must be text")
    if problems:
        return None, problems
    return Report(name, (paths.REPO_DIR / notebook).resolve(), dict(parameters), description, tuple(requires)), []


def select_reports(reports: Mapping[str, Report], only: Iterable[str] | None = None) -> list[Report]:
    """The reports named in `only` (every report when None), in config order; unknown names are an error."""
    if only is None:
        return list(reports.values())
    wanted = list(dict.fromkeys(only))
    unknown = [name for name in wanted if name not in reports]
    if unknown:
        known = ", ".join(reports) or "(none: reports.yml names no report)"
        raise ReportConfigError([f"unknown report {name!r}; known reports: {known}" for name in unknown])
    return [report for name, report in reports.items() if name in wanted]


def parse_overrides(pairs: Iterable[str]) -> dict[str, str]:
    """`["top_n=5", "date_to=2020-10-01"]` as a dict; values stay text until checked against a notebook."""
    overrides: dict[str, str] = {}
    problems: list[str] = []
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip().isidentifier():
            problems.append(f"-p {pair!r}: expected NAME=VALUE, e.g. -p date_to=2020-10-01")
        else:
            overrides[name.strip()] = value
    if problems:
        raise ReportConfigError(problems)
    return overrides


def plan_reports(reports: Sequence[Report], overrides: Mapping[str, object] | None = None) -> list[Plan]:
    """Check every report's parameters before anything runs; ReportConfigError lists all problems at once."""
    plans, problems = _plan(reports, overrides or {})
    if problems:
        raise ReportConfigError(problems)
    return plans


def _plan(reports: Sequence[Report], overrides: Mapping[str, object]) -> tuple[list[Plan], list[str]]:
    declared_by: dict[str, dict[str, Parameter]] = {}
    problems: list[str] = []
    for report in reports:
        try:
            declared_by[report.name] = read_parameters(report.notebook)
        except (OSError, ValueError) as error:  # nbformat's read errors are ValueErrors
            problems.append(f"report {report.name!r}: cannot read {display_path(report.notebook)}: {error}")
    # A -p override goes to the reports whose notebook declares it; one that none declares goes to all,
    # so that each report says it does not know it.
    everywhere = {name for name in overrides if not any(name in d for d in declared_by.values())}
    plans: list[Plan] = []
    for report in reports:
        if report.name not in declared_by:
            continue
        declared = declared_by[report.name]
        problems += [f"report {report.name!r}: `requires` names {name!r}, which the notebook does not declare"
                     for name in report.requires if name not in declared]
        settings = [Setting(name, value, "reports.yml") for name, value in report.parameters.items()]
        settings += [Setting(name, value, "-p", text=isinstance(value, str))
                     for name, value in overrides.items() if name in declared or name in everywhere]
        values, found = resolve(report.name, declared, settings, reserved=(OUTPUT_DIR,))
        problems += found
        origins = {setting.name: setting.origin for setting in settings if setting.name in values}
        plans.append(Plan(report, declared, values, origins))
    return plans, problems


def run_reports(
    config_path: Path = paths.REPORTS_CONFIG,
    reports_dir: Path = paths.REPORTS_DIR,
    only: Iterable[str] | None = None,
    overrides: Mapping[str, object] | None = None,
    *,
    progress: bool | None = False,
    log: Callable[[str], None] | None = None,
) -> list[ReportResult]:
    """Check, then run the reports of `config_path` into `reports_dir`/<name>/, one result per report.

    Raises ReportConfigError, before any notebook runs, when the config or a parameter is wrong.
    `overrides` values that are strings are parsed like `-p` values. `progress` None: bars on a terminal.
    """
    plans = plan_reports(select_reports(load_config(config_path), only), overrides)
    reports_dir = Path(reports_dir).resolve()
    progress = sys.stderr.isatty() if progress is None else progress
    from tqdm import tqdm  # here: `--list` and config errors need not pay for it

    results: list[ReportResult] = []
    bar = tqdm(plans, desc="reports", unit="report", file=sys.stderr, disable=not progress)
    for plan in bar:
        bar.set_postfix_str(plan.report.name)
        result = skipped(plan, reports_dir) or run_report(plan, reports_dir, progress=progress)
        results.append(result)
        if log is not None:
            log(_result_line(result))
    bar.close()
    return results


def skipped(plan: Plan, reports_dir: Path) -> ReportResult | None:
    """A result saying the report was skipped when a parameter it `requires` has no value; None otherwise."""
    missing = [name for name in plan.report.requires
               if not plan.values.get(name, plan.declared[name].default if name in plan.declared else None)]
    if not missing:
        return None
    given = " ".join(f"-p {name}=..." for name in missing)
    return ReportResult(plan.report.name, True, 0.0, Path(reports_dir) / plan.report.name,
                        f"skipped: no {', '.join(missing)} given (run it with {given})", skipped=True)


def run_report(plan: Plan, reports_dir: Path, *, progress: bool = False) -> ReportResult:
    """Run one checked report into `reports_dir`/<name>/, which changes only if the run succeeds."""
    from papermill.exceptions import PapermillExecutionError

    name = plan.report.name
    target = Path(reports_dir) / name
    started = time.perf_counter()
    try:
        with replacing_dir(target) as work:
            executed = execute(plan, work, progress=progress)
            # The kernel saw the temporary folder; the files record the folder they end up in.
            replacements = {str(work): display_path(target), work.name: target.name}
            notebook = normalise_notebook(executed, plan.report.notebook, replacements, display_path(target))
            write_text(work / f"{name}.ipynb", notebook_json(notebook))
            write_text(work / f"{name}.html", notebook_html(notebook, name, plan.report.notebook.parent))
    except Exception as error:  # a failing cell, a dead kernel, an export error: report it, run the others
        if isinstance(error, PapermillExecutionError):
            message, details = describe_cell_error(plan.report, error)
        else:
            message, details = f"report {name!r} failed: {type(error).__name__}: {error}", ""
        return ReportResult(name, False, time.perf_counter() - started, target, message, details,
                            kept_previous=target.is_dir())
    return ReportResult(name, True, time.perf_counter() - started, target)


def execute(plan: Plan, output_dir: Path, *, progress: bool = False) -> nbformat.NotebookNode:
    """Execute the report's notebook with its parameters and `output_dir`; raises on a failing cell."""
    import papermill  # imported here: it costs a second, and `--list` never needs it

    notebook = plan.report.notebook
    bar: bool | dict[str, object] = False
    if progress:
        bar = {"desc": plan.report.name, "leave": False, "file": sys.stderr}
    _quiet_papermill()
    values = {**plan.values, OUTPUT_DIR: str(output_dir)}
    # In the notebook's order, so the injected cell reads like the parameters cell, whatever the -p order.
    parameters = {name: values[name] for name in plan.declared if name in values}
    with kernel_environment():
        return papermill.execute_notebook(
            str(notebook),
            None,  # nothing written mid-run: the runner writes the normalised notebook once
            parameters=parameters,
            kernel_name=KERNEL_NAME,
            language="python",
            progress_bar=bar,
            cwd=str(notebook.parent),  # as Jupyter and nbval run it, so relative paths mean the same
            record_timing=False,  # no nbclient timestamps in cell metadata
            # The kernel's own log is noise here: "running over TCP without encryption" on every start,
            # "KeyboardInterrupt caught" when jupyter_client stops it. Cell errors come as outputs anyway.
            extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
        )


def refresh_notebook(notebook: Path) -> Path:
    """Run a committed notebook with its own defaults and store its outputs in place, normalised.

    nbval (`make test`) compares a fresh run against these stored outputs; `make notebooks` calls this after
    the data or the package changes. Raises PapermillExecutionError on a failing cell, leaving the file as it was.
    """
    import papermill

    notebook = Path(notebook).resolve()
    _quiet_papermill()
    with kernel_environment():
        executed = papermill.execute_notebook(
            str(notebook), None, parameters={}, kernel_name=KERNEL_NAME, language="python", progress_bar=False,
            cwd=str(notebook.parent), record_timing=False, extra_arguments=["--IPKernelApp.log_level=CRITICAL"])
    normalised = normalise_notebook(executed, notebook, {}, display_path(notebook.parent))
    normalised.metadata.papermill["output_path"] = display_path(notebook)
    write_text(notebook, notebook_json(normalised))
    return notebook


class _PapermillParameterNoise(logging.Filter):
    """Drop papermill's own parameter-parsing warnings: its line parser cannot read annotations such as
    `str | None` and then calls injected values unknown, though `analysis.parameters` has checked them all."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(("Passed unknown parameter", "Unable to parse line"))


_NOISE_FILTER = _PapermillParameterNoise()


def _quiet_papermill() -> None:
    logger = logging.getLogger("papermill")
    if _NOISE_FILTER not in logger.filters:
        logger.addFilter(_NOISE_FILTER)


@contextmanager
def kernel_environment(env: Mapping[str, str] = KERNEL_ENV) -> Iterator[None]:
    """Set `env` in os.environ while kernels start (they inherit it), then restore what was there."""
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def normalise_notebook(
    notebook: nbformat.NotebookNode, source: Path, replacements: Mapping[str, str], output_dir: str
) -> nbformat.NotebookNode:
    """A copy of the executed notebook without what changes between runs: times, temp paths, random ids."""
    notebook = _replace_strings(copy.deepcopy(notebook), replacements)
    papermill_meta = notebook.metadata.setdefault("papermill", {})
    papermill_meta.update(start_time=None, end_time=None, duration=None, input_path=display_path(source),
                          output_path=f"{output_dir}/{Path(output_dir).name}.ipynb")
    source_ids = {cell.get("id") for cell in nbformat.read(str(source), as_version=4).cells} - {None}
    used: set[str] = set()
    for index, cell in enumerate(notebook.cells):
        cell.metadata.pop("execution", None)
        if "papermill" in cell.metadata:
            cell.metadata.papermill.update(start_time=None, end_time=None, duration=None)
        # nbformat gives new cells (the injected one, ids added on upgrade) random ids; derive them instead.
        if cell.get("id") not in source_ids or cell.get("id") in used:
            base = _INJECTED_TAG if _INJECTED_TAG in cell.metadata.get("tags", []) else f"cell-{index}"
            cell["id"] = base if base not in source_ids | used else f"{base}-{index}"
        used.add(cell["id"])
    return notebook


def _replace_strings(value: object, replacements: Mapping[str, str]) -> object:
    if isinstance(value, str):
        for old, new in replacements.items():
            value = value.replace(old, new)
        return value
    if isinstance(value, list):
        return [_replace_strings(item, replacements) for item in value]
    if isinstance(value, dict):
        return nbformat.NotebookNode({key: _replace_strings(item, replacements)
                                      for key, item in value.items()})
    return value


def notebook_json(notebook: nbformat.NotebookNode) -> str:
    """The notebook as nbformat writes it (sorted keys), ending with a newline."""
    return nbformat.writes(notebook).rstrip("\n") + "\n"


def notebook_html(notebook: nbformat.NotebookNode, title: str, base_dir: Path) -> str:
    """A self-contained HTML page: images inline, styles inline, no script fetched from the network."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[DictLoader({"report.html.j2": _HTML_TEMPLATE})],
        template_file="report.html.j2",
        embed_images=True,  # markdown images too, resolved from the notebook's folder
        # Data text reaches the page through Markdown and HTML outputs (a brief, a table): keep only safe markup,
        # so a title such as '<img onerror=...>' is shown, never run.
        sanitize_html=True,
    )
    resources = {"metadata": {"name": title, "path": str(base_dir)}}
    body, _ = exporter.from_notebook_node(notebook, resources=resources)
    return body.rstrip("\n") + "\n"


def describe_cell_error(report: Report, error: PapermillExecutionError) -> tuple[str, str]:
    """(one line naming the report, the cell and the error; the traceback) for a PapermillExecutionError."""
    cells = nbformat.read(str(report.notebook), as_version=4).cells
    cell_number = _source_cell_number(cells, error.cell_index)
    details = _ANSI.sub("", "\n".join(error.traceback or []))
    lines = (error.source or "").splitlines()
    # IPython names the failing line of the cell ("Cell In[5], line 9"); without it, show the cell's first line.
    failing = _CELL_LINE.search(details)
    number = int(failing.group(1)) if failing and 0 < int(failing.group(1)) <= len(lines) else None
    shown = lines[number - 1] if number else next((line for line in lines if line.strip()), "")
    where = (f"cell {cell_number} of {display_path(report.notebook)}" if cell_number
             else "its injected parameters cell")
    at_line = f", line {number}" if number else ""
    message = (f"report {report.name!r} failed at {where}{at_line} (In [{error.exec_count}]: {shown.strip()!r}): "
               f"{error.ename}: {error.evalue}")
    return message, details


def _source_cell_number(cells: Sequence[nbformat.NotebookNode], executed_index: int) -> int | None:
    """1-based number in the notebook as written of an executed notebook's cell (None: the injected one)."""
    tags = [cell.get("metadata", {}).get("tags", []) for cell in cells]
    if any(_INJECTED_TAG in cell_tags for cell_tags in tags):
        return executed_index + 1  # papermill replaced the injected cell in place
    parameters = next((i for i, cell_tags in enumerate(tags) if "parameters" in cell_tags), -1)
    injected = parameters + 1  # papermill inserts it after the parameters cell (at the top when none)
    if executed_index == injected:
        return None
    return executed_index + (1 if executed_index < injected else 0)


def _result_line(result: ReportResult) -> str:
    if result.skipped:
        return f"{result.name}: {result.message}"
    if result.ok:
        return f"{result.name}: ok in {result.seconds:.1f} s -> {display_path(result.output_dir)}"
    kept = "previous output kept" if result.kept_previous else "no previous output"
    return f"{result.name}: FAILED after {result.seconds:.1f} s; {kept}\n  {result.message}"


def _output_cell(result: ReportResult) -> str:
    if result.skipped:
        return "(skipped)"
    if result.ok:
        return display_path(result.output_dir)
    return "(previous kept)" if result.kept_previous else "(none)"


def format_summary(results: Sequence[ReportResult]) -> str:
    """A table of report, status, seconds and output folder, and a count line."""
    rows = [("report", "status", "seconds", "output")]
    rows += [(r.name, r.status, f"{r.seconds:.1f}", _output_cell(r)) for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = ["  ".join(cell.rjust(w) if i == 2 else cell.ljust(w)
                       for i, (cell, w) in enumerate(zip(row, widths, strict=True))).rstrip()
             for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    failed = sum(not r.ok for r in results)
    skips = sum(r.skipped for r in results)
    lines.append(f"{len(results) - failed - skips} ok, {failed} failed" + (f", {skips} skipped" if skips else ""))
    return "\n".join(lines)


def format_listing(plans: Sequence[Plan], reports_dir: Path) -> str:
    """Each report, its notebook and its parameters: type, notebook default, and the value it runs with."""
    blocks = []
    for plan in plans:
        report = plan.report
        target = display_path(Path(reports_dir) / report.name)
        lines = [f"{report.name}: {display_path(report.notebook)} -> {target}"]
        if report.description:
            lines.append(f"  {report.description}")
        if report.requires:
            lines.append(f"  skipped unless given: {', '.join(report.requires)}")
        rows = []
        for name, parameter in plan.declared.items():
            if name == OUTPUT_DIR:
                value = "set by the runner"
            elif name in plan.values:
                value = f"-> {plan.values[name]!r} ({plan.origins.get(name, '')})"
            else:
                value = ""
            rows.append((name, parameter.type_name, f"= {parameter.source}", value,
                         f"# {parameter.help}" if parameter.help else ""))
        if not rows:
            lines.append("  (no parameters)")
        widths = [max((len(row[i]) for row in rows), default=0) for i in range(5)]
        lines += ["  " + "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
                  for row in rows]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) if blocks else "no reports configured"


def configure_parser(parser: argparse.ArgumentParser, command: str) -> None:
    parser.epilog = ("Parameters come from each notebook's cell tagged 'parameters'; reports.yml and -p "
                     "override them. Exit status: 0 all ran, 1 a report failed, 2 a config or parameter "
                     "error (nothing ran).")
    parser.add_argument("--list", action="store_true",
                        help="show the reports and their parameters; run nothing")
    parser.add_argument("--only", action="append", metavar="NAME", help="run only this report (repeatable)")
    parser.add_argument("-p", "--parameter", action="append", default=[], metavar="NAME=VALUE",
                        dest="parameters",
                        help="override a parameter for this run (repeatable), read as the type of the "
                             "notebook's default: 5, 0.5, true, a,b or [\"a\"], 2020-10-01, None")
    parser.add_argument("--config", type=Path, default=paths.REPORTS_CONFIG,
                        help="reports file (default: %(default)s)")
    parser.add_argument("--reports-dir", type=Path, default=paths.REPORTS_DIR,
                        help="folder that receives one folder per report (default: %(default)s)")
    parser.add_argument("--refresh-notebooks", action="store_true",
                        help="rerun the reports' notebooks with their own defaults and store the outputs in "
                             "place (what nbval in `make test` compares against); run no report")


def run_command(args: argparse.Namespace) -> int:
    """`report`: run the reports (or `--list` them); 0 all ran, 1 one failed, 2 nothing ran (bad input)."""
    try:
        overrides = parse_overrides(args.parameters)
        if args.refresh_notebooks:
            notebooks = sorted({r.notebook for r in select_reports(load_config(args.config), args.only)})
            for notebook in notebooks:
                print(f"refreshed {display_path(refresh_notebook(notebook))}")
            return 0
        if args.list:
            plans, problems = _plan(select_reports(load_config(args.config), args.only), overrides)
            print(format_listing(plans, args.reports_dir))
            if problems:
                raise ReportConfigError(problems)
            return 0
        from tqdm import tqdm

        results = run_reports(args.config, args.reports_dir, args.only, overrides, progress=None,
                              log=lambda line: tqdm.write(line, file=sys.stderr))
    except ReportConfigError as error:
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr)
        print("nothing was run.", file=sys.stderr)
        return 2
    if not results:
        print(f"no reports configured in {display_path(args.config)}")
        return 0
    for result in results:
        if result.details:
            print(f"\ntraceback of report {result.name!r}:\n{result.details}", file=sys.stderr)
    print(format_summary(results))
    return 0 if all(result.ok for result in results) else 1
