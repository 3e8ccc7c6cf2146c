"""Run the report notebooks named in reports.yml into reports/<name>/: executed notebook, offline HTML, files.

Each report runs through papermill in a `python3` kernel (this interpreter), with the report's folder passed
as the `output_dir` parameter; the notebook writes its charts and tables there. Reports run `--jobs` at a
time; each worker runs its reports one after another in one kernel, put back to a new kernel's state before
each (`ReportKernel`, `analysis.kernel_state`), so that start-up and imports are paid once per worker and a
report writes the same bytes whether it runs alone or after others. Every report's parameters are checked
before any notebook runs. A report replaces its folder only when it succeeds, and a rerun with unchanged data
and parameters writes the same bytes.

The HTML page is a reader's view: prose, tables and charts, code hidden (`--with-code` or `with_code: true`
keeps it), and a table of the parameters the report ran with, the data folder's content hash and the package
version near the top. A failed report leaves its partly executed notebook and a failure record in
reports/<name>/.failed/, beside the last good output. One run at a time writes into a reports folder (a lock
in reports/.run/); each run first removes what a killed run left there (temporary folders, kernel files).
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import logging
import os
import re
import secrets
import shutil
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat
import yaml

from analysis import markup, paths
from analysis.atomic import replacing_dir, write_text
from analysis.parameters import Parameter, Setting, absolute_paths, read_parameters, resolve

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
CONFIG_KEYS = ("notebook", "description", "parameters", "with_code", "requires")
DATA_DIR_PARAMETER = "data_dir"  # a notebook that declares it reads its data there (None: the bundled data/)
RUN_DIR = ".run"  # in the reports folder: the lock, the kernels' connection files, partial notebooks
FAILED_DIR = ".failed"  # in a report's folder: the partial notebook and failure record of its last failed run
# Errors a notebook raises on purpose for a user's mistake (a typo in a kind, an unknown figure id, bad data):
# their message says everything, so the runner prints it alone, without the traceback. By class name: that
# is all the kernel reports of an exception.
USER_MISTAKES = frozenset({"UnknownValueError", "ParameterError", "DataValidationError"})
_REPORT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_INJECTED_TAG = "injected-parameters"
_PARAMETERS_TABLE_ID = "report-parameters"
_CELL_LINE = re.compile(r"Cell In\[\d+\], line (\d+)")
_STALE = re.compile(r"\..+\.(?:[a-z0-9_]{8}\.tmp|old)")  # atomic.replacing_dir's temporary and old folders
# The page may load nothing: no script at all, images and fonts only from the page itself. A title such as
# '<img src=x onerror=...>' is escaped where it enters the page; this policy is the second line of defence.
CONTENT_SECURITY_POLICY = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; "
                           "base-uri 'none'; form-action 'none'")
# lab's template minus every script it would fetch from a CDN (require.js, MathJax, mermaid, widgets):
# the HTML opens offline. Charts are inline images already; LaTeX and mermaid stay as source text.
_HTML_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}
<meta http-equiv="Content-Security-Policy" content="{{ resources.content_security_policy }}">
{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block extra_css -%}
<style type="text/css">
/* A report's tables hold words: read left to right, top-aligned, from the left margin. The page's body is the
   .jp-Notebook; naming the element outranks the lab theme's later ':not(.jp-RenderedMarkdown).jp-RenderedHTMLCommon
   td { text-align: right }', which has the same specificity without it and right-aligned every DataFrame. */
body.jp-Notebook .jp-RenderedHTMLCommon table { margin-left: 0; }
body.jp-Notebook .jp-RenderedHTMLCommon td,
body.jp-Notebook .jp-RenderedHTMLCommon th { text-align: left; vertical-align: top; }
/* pandas' own '.dataframe tbody tr th:only-of-type { vertical-align: middle; }' would centre the row labels. */
body.jp-Notebook .jp-RenderedHTMLCommon .dataframe th { vertical-align: top; }
/* Printed text (a BibTeX entry, a check's listing) wraps between words: the lab theme's 'break-all' cut titles
   mid-word ("Russian Federat / ion"). A word longer than the line still breaks. */
body.jp-Notebook .jp-OutputArea-output pre { word-break: normal; overflow-wrap: anywhere; }
</style>
{%- endblock extra_css -%}
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
    with_code: bool = False  # the HTML shows the code cells too
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
    details: str = ""  # printed under the summary; empty for a user's mistake, whose message says it all
    kept_previous: bool = False  # a failed report whose output from an earlier run is still there
    failure_dir: Path | None = None  # where the partial notebook and the failure record are
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
    description, with_code = entry.get("description") or "", entry.get("with_code", False)
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
    if not isinstance(with_code, bool):
        problems.append(f"{label}: `with_code` must be true or false, not {with_code!r}")
    if problems:
        return None, problems
    return Report(name, (paths.REPO_DIR / notebook).resolve(), dict(parameters), description, with_code,
                  tuple(requires)), []


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
        # A relative path means what it means where it was written: -p from the folder the command runs in,
        # reports.yml from the repository root (as its `notebook:`), never the notebook's folder it runs in.
        values = absolute_paths(declared, values, origins, {"-p": Path.cwd(), "reports.yml": paths.REPO_DIR})
        plans.append(Plan(report, declared, values, origins))
    return plans, problems


def run_reports(
    config_path: Path = paths.REPORTS_CONFIG,
    reports_dir: Path = paths.REPORTS_DIR,
    only: Iterable[str] | None = None,
    overrides: Mapping[str, object] | None = None,
    *,
    with_code: bool = False,
    progress: bool | None = False,
    log: Callable[[str], None] | None = None,
    jobs: int | None = None,
) -> list[ReportResult]:
    """Check, then run the reports of `config_path` into `reports_dir`/<name>/, one result per report.

    Raises ReportConfigError, before any notebook runs, when the config or a parameter is wrong, or when
    another run is writing into `reports_dir`. `overrides` values that are strings are parsed like `-p`
    values. `with_code` keeps the code in every report's HTML. `progress` None: bars on a terminal.
    `jobs` reports run at once (None: `default_jobs()`), each worker's one after another in one kernel that is
    reset before each; the files are the same bytes as when they run one at a time or each alone, and results
    come in the order of the config.
    """
    plans = plan_reports(select_reports(load_config(config_path), only), overrides)
    reports_dir = Path(reports_dir).resolve()
    progress = sys.stderr.isatty() if progress is None else progress
    jobs = default_jobs() if jobs is None else jobs
    if jobs < 1:
        raise ReportConfigError([f"jobs must be 1 or more, not {jobs}"])
    from tqdm import tqdm  # here: `--list` and config errors need not pay for it

    workers = threading.local()
    kernels: list[ReportKernel] = []
    unstarted, counting = [len(plans)], threading.Lock()

    def one(plan: Plan) -> ReportResult:
        with counting:
            unstarted[0] -= 1
        try:
            if (skip := skipped(plan, reports_dir)) is not None:
                return skip
            if not hasattr(workers, "kernel"):  # each worker runs its reports in one kernel, reset before each
                workers.kernel = ReportKernel(run_dir / "runtime")
                kernels.append(workers.kernel)
            # A bar per notebook only when one runs at a time: bars of parallel runs would overwrite each other.
            return run_report(plan, reports_dir, run_dir, with_code=with_code or plan.report.with_code,
                              progress=progress and jobs == 1, kernel=workers.kernel)
        finally:
            if not unstarted[0] and hasattr(workers, "kernel"):
                workers.kernel.close()  # no report left for this worker: its kernel stops while others still run

    results: dict[int, ReportResult] = {}
    with run_folder(reports_dir) as run_dir, kernel_environment(kernel_env(run_dir / "runtime")):
        bar = tqdm(total=len(plans), desc="reports", unit="report", file=sys.stderr, disable=not progress)
        try:
            # Threads suffice: each report's work is in a kernel process; the threads wait on them.
            with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="report") as pool:
                running = {pool.submit(one, plan): i for i, plan in enumerate(plans)}
                for done in as_completed(running):
                    result = results[running[done]] = done.result()
                    bar.set_postfix_str(result.name)
                    bar.update()
                    if log is not None:
                        log(_result_line(result))
        finally:
            for kernel in kernels:  # stopped already, unless a worker was interrupted
                kernel.close()
        bar.close()
    return [results[i] for i in range(len(plans))]


def default_jobs() -> int:
    """Reports run at once by default: one per core this process may use, at most two (each kernel holds the
    data and its charts in memory; beyond two the machines this runs on gain little)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(2, cores))


def skipped(plan: Plan, reports_dir: Path) -> ReportResult | None:
    """A result saying the report was skipped when a parameter it `requires` has no value; None otherwise."""
    missing = [name for name in plan.report.requires
               if not plan.values.get(name, plan.declared[name].default if name in plan.declared else None)]
    if not missing:
        return None
    given = " ".join(f"-p {name}=..." for name in missing)
    target = Path(reports_dir) / plan.report.name
    # An earlier run's output is kept, as a failed run keeps it (it may be the only page of data no longer at
    # hand), but said to be such: beside freshly made reports it would otherwise pass for one of them.
    earlier = has_output(target)
    kept = (f"; {display_path(target)}/ is an earlier run's output, left as it was (its page's parameter table names "
            "the data it ran on)") if earlier else ""
    return ReportResult(plan.report.name, True, 0.0, target,
                        f"skipped: no {', '.join(missing)} given (run it with {given}){kept}", skipped=True,
                        kept_previous=earlier)


@contextmanager
def run_folder(reports_dir: Path) -> Iterator[Path]:
    """Hold `reports_dir`/.run/lock for the block, first removing what a killed run left behind.

    Yields the run folder; kernels keep their connection files in its `runtime/` (see `kernel_environment`).
    ReportConfigError when another run holds the lock: two runs must not replace the same folders.
    """
    run_dir = Path(reports_dir) / RUN_DIR
    run_dir.mkdir(parents=True, exist_ok=True)
    with open(run_dir / "lock", "a+") as lock:
        try:
            import fcntl
        except ImportError:  # Windows: no advisory locks here, and nothing to clean that a lock would protect
            fcntl = None
        if fcntl is not None:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise ReportConfigError([
                    f"another report run is writing into {display_path(reports_dir)} (it holds "
                    f"{display_path(run_dir / 'lock')}); wait for it to finish, or pass --reports-dir"]) from None
        remove_stale(Path(reports_dir))
        (run_dir / "runtime").mkdir()
        try:
            yield run_dir
        finally:
            for leftover in run_dir.iterdir():
                if leftover.name != "lock":
                    _remove(leftover)


def remove_stale(reports_dir: Path) -> list[Path]:
    """Remove what an interrupted run left in `reports_dir` (call it holding the lock); returns what went.

    Temporary and half-replaced folders (`.<name>.<random>.tmp`, `.<name>.old`) beside the reports and inside
    them, and everything in .run/ but the lock: partial notebooks, kernel connection files.
    """
    reports_dir = Path(reports_dir)
    if not reports_dir.is_dir():
        return []
    folders = [reports_dir, *(p for p in reports_dir.iterdir() if p.is_dir() and not p.name.startswith("."))]
    stale = [entry for folder in folders for entry in folder.iterdir() if _STALE.fullmatch(entry.name)]
    run_dir = reports_dir / RUN_DIR
    if run_dir.is_dir():
        stale += [entry for entry in run_dir.iterdir() if entry.name != "lock"]
    for entry in stale:
        _remove(entry)
    return stale


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def run_report(plan: Plan, reports_dir: Path, run_dir: Path, *, with_code: bool = False,
               progress: bool = False, kernel: ReportKernel | None = None) -> ReportResult:
    """Run one checked report into `reports_dir`/<name>/, which changes only if the run succeeds.

    A failure writes the partial notebook and a failure record into <name>/.failed/ instead, leaving the rest
    of the folder (the last good output) as it was. Call it inside `run_folder`, which gives `run_dir`.
    `kernel`: run it there (reset first) rather than in a kernel of its own.
    """
    name = plan.report.name
    target = Path(reports_dir) / name
    partial = Path(run_dir) / f"{name}.partial.ipynb"
    started = time.perf_counter()
    work: Path | None = None
    try:
        with replacing_dir(target) as work:
            executed = execute(plan, work, Path(run_dir) / "runtime", partial, progress=progress, kernel=kernel)
            notebook = finish_notebook(plan, executed, work, target)
            write_text(work / f"{name}.ipynb", notebook_json(notebook))
            write_text(work / f"{name}.html", notebook_html(notebook, name, plan.report.notebook.parent,
                                                             with_code=with_code))
    except Exception as error:  # a failing cell, a dead kernel, an export error: report it, run the others
        seconds = time.perf_counter() - started
        message, details, record = describe_failure(plan.report, error)
        failure_dir = write_failure(plan, target, partial, work, record, seconds)
        return ReportResult(name, False, seconds, target, message, details, kept_previous=has_output(target),
                            failure_dir=failure_dir)
    finally:
        partial.unlink(missing_ok=True)
    return ReportResult(name, True, time.perf_counter() - started, target)


def has_output(target: Path) -> bool:
    """True when a report folder holds output from a successful run (anything but a failure record)."""
    return Path(target).is_dir() and any(entry.name != FAILED_DIR for entry in Path(target).iterdir())


def execute(plan: Plan, output_dir: Path, runtime_dir: Path, partial: Path | None = None, *,
            progress: bool = False, kernel: ReportKernel | None = None) -> nbformat.NotebookNode:
    """Execute the report's notebook with its parameters and `output_dir`; raises on a failing cell.

    Kernel connection files go to `runtime_dir`. Where a cell fails, papermill leaves the notebook as far as
    it ran in `partial`. `kernel`: run in it (reset first) instead of a kernel of its own.
    """
    notebook = plan.report.notebook
    bar: bool | dict[str, object] = False
    if progress:
        bar = {"desc": plan.report.name, "leave": False, "file": sys.stderr}
    values = {**plan.values, OUTPUT_DIR: str(output_dir)}
    # In the notebook's order, so the injected cell reads like the parameters cell, whatever the -p order.
    parameters = {name: values[name] for name in plan.declared if name in values}
    return _papermill(notebook, runtime_dir, partial, parameters, bar, kernel)


# The kernel's own log is noise here: "running over TCP without encryption" on every start, "KeyboardInterrupt
# caught" when jupyter_client stops it; cell errors come as outputs anyway. No history file (nbclient's default).
_KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL", "--HistoryManager.hist_file=:memory:"]


def _papermill(notebook: Path, runtime_dir: Path, partial: Path | None, parameters: Mapping[str, object],
               progress_bar: bool | dict[str, object], kernel: ReportKernel | None = None) -> nbformat.NotebookNode:
    _quiet_papermill()
    if kernel is not None:
        return kernel.execute(notebook, partial, parameters, progress_bar)
    import papermill  # imported here: it costs a second, and `--list` never needs it
    from traitlets.config import Config

    # jupyter_client would put the kernel's connection file in /tmp, where a killed run leaves it for good;
    # in `runtime_dir` the next run finds it and removes it.
    connection = Path(runtime_dir) / f"kernel-{os.getpid()}-{secrets.token_hex(4)}.json"
    with kernel_environment(kernel_env(runtime_dir)):
        return papermill.execute_notebook(
            str(notebook),
            None if partial is None else str(partial),  # written once at the end, or where a cell fails
            parameters=dict(parameters),
            kernel_name=KERNEL_NAME,
            language="python",
            progress_bar=progress_bar,
            request_save_on_cell_execute=False,
            cwd=str(notebook.parent),  # as Jupyter and nbval run it, so relative paths mean the same
            record_timing=False,  # no nbclient timestamps in cell metadata
            extra_arguments=_KERNEL_ARGUMENTS,
            config=Config({"KernelManager": {"connection_file": str(connection)}}),
        )


class ReportKernel:
    """A kernel that runs reports one after another (one per worker of `run_reports`), reset before each.

    Starting a kernel and importing pandas, matplotlib and the package costs more than most reports; this pays
    it once per worker. Before its first report the kernel imports what every report imports and records its
    settings (`analysis.kernel_state.prepare`); before each report it is put back to them (`reset`: namespace,
    `In [n]` numbers, options, rcParams, warnings already shown, working folder, ...), so that a report writes
    the same bytes whichever reports ran before it in the kernel. A kernel that died, or a run that failed
    otherwise than in a cell, makes the next report start a new one. Use from one thread at a time; `close`
    when done.
    """

    def __init__(self, runtime_dir: Path):
        self.runtime_dir = Path(runtime_dir)
        self.manager = None  # a jupyter_client KernelManager while a kernel runs
        self.client = None  # nbclient's connection to it, kept from one report to the next

    def execute(self, notebook: Path, partial: Path | None, parameters: Mapping[str, object],
                progress_bar: bool | dict[str, object]) -> nbformat.NotebookNode:
        """papermill.execute_notebook in this kernel, reset first to a fresh state in the notebook's folder."""
        folder = Path(notebook).parent
        setup = f"from analysis import kernel_state; kernel_state.reset({str(folder)!r})"
        if self.manager is not None and not self.manager.is_alive():
            self.close()
        if self.manager is None:
            self._start(folder)  # first: the kernel starts up while papermill is imported
            setup = "from analysis import kernel_state; kernel_state.prepare()\n" + setup
        import papermill
        from papermill.exceptions import PapermillExecutionError

        try:
            return papermill.execute_notebook(
                str(notebook), None if partial is None else str(partial), parameters=dict(parameters),
                engine_name=_kept_kernel_engine(), report_kernel=self, kernel_setup=setup, kernel_name=KERNEL_NAME,
                language="python", progress_bar=progress_bar, request_save_on_cell_execute=False,
                record_timing=False)
        except PapermillExecutionError:
            raise  # a cell failed: the kernel is fine, and the next report resets it
        except BaseException:
            self.close()  # a dead or confused kernel: the next report starts a new one
            raise

    def close(self) -> None:
        """Disconnect, and shut the kernel down (its connection file goes with it)."""
        client, self.client = self.client, None
        if client is not None:
            client.stop_channels()
        manager, self.manager = self.manager, None
        if manager is not None:
            with suppress(Exception):  # already dead: run_folder removes what is left
                manager.shutdown_kernel()

    def _start(self, folder: Path) -> None:
        from jupyter_client.manager import KernelManager

        # Connection file in the run folder (a killed run leaves it there, the next run removes it); the
        # manager is synchronous, its clients (nbclient's) asynchronous.
        connection = self.runtime_dir / f"kernel-{os.getpid()}-{secrets.token_hex(4)}.json"
        manager = KernelManager(kernel_name=KERNEL_NAME, connection_file=str(connection),
                                client_class="jupyter_client.asynchronous.AsyncKernelClient")
        manager.start_kernel(extra_arguments=_KERNEL_ARGUMENTS, cwd=str(folder),
                             env={**os.environ, **kernel_env(self.runtime_dir)})
        self.manager = manager


class KernelSetupError(RuntimeError):
    """The code that prepares or resets a report kernel failed (the report did not run)."""


@cache
def _kept_kernel_engine() -> str:
    """Register (once) and name a papermill engine that runs in a `ReportKernel` (`report_kernel=`).

    Before the first cell it runs `kernel_setup` silently. The first report connects a client to the kernel
    as papermill's own engine does; the next ones reuse it (connecting waits at least 0.2 s for messages to
    settle), and `ReportKernel.close` stops it. (papermill's engine, given a kernel it did not start, would
    leave each client it connects running.)
    """
    from jupyter_core.utils import run_sync
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger
    from papermill.utils import remove_args

    class Client(PapermillNotebookClient):
        def __init__(self, nb_man, report_kernel: ReportKernel, kernel_setup: str, **kwargs):
            super().__init__(nb_man, km=report_kernel.manager, **kwargs)
            self.report_kernel, self.kernel_setup = report_kernel, kernel_setup
            self.kc = report_kernel.client  # None before the first report: connected in setup_kernel

        async def async_start_new_kernel_client(self):
            client = await super().async_start_new_kernel_client()
            self.report_kernel.client = client
            await self._async_setup()
            return client

        start_new_kernel_client = run_sync(async_start_new_kernel_client)

        async def _async_setup(self) -> None:
            sent = self.kc.execute(self.kernel_setup, silent=True, store_history=False, allow_stdin=False)
            reply = (await self.async_wait_for_reply(sent))["content"]
            if reply["status"] != "ok":
                raise KernelSetupError(f"the report kernel could not be prepared or reset: {reply.get('ename')}: "
                                       f"{reply.get('evalue')}")

        def execute(self, **kwargs):
            if self.kc is not None:
                run_sync(self._async_setup)()
            return super().execute(**kwargs)

    class Engine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=60, execution_timeout=None, **kwargs):
            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            return Client(nb_man, kernel_name=kernel_name, log=logger, log_output=log_output,
                          stdout_file=stdout_file, stderr_file=stderr_file, startup_timeout=start_timeout,
                          timeout=execution_timeout, **kwargs).execute()

    name = "analysis-kept-kernel"
    papermill_engines.register(name, Engine)
    return name


def refresh_notebook(notebook: Path, runtime_dir: Path) -> Path:
    """Run a committed notebook with its own defaults and store its outputs in place, normalised.

    nbval (`make test`) compares a fresh run against these stored outputs; `make notebooks` calls this after
    the data or the package changes. Raises PapermillExecutionError on a failing cell, leaving the file as it was.
    """
    notebook = Path(notebook).resolve()
    executed = _papermill(notebook, runtime_dir, None, {}, False)
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


def kernel_env(runtime_dir: Path) -> dict[str, str]:
    """KERNEL_ENV with the folder for the kernels' connection files."""
    return {**KERNEL_ENV, "JUPYTER_RUNTIME_DIR": str(runtime_dir)}


@contextmanager
def kernel_environment(env: Mapping[str, str] = KERNEL_ENV) -> Iterator[None]:
    """Set `env` in os.environ while kernels start (they inherit it), then restore what was there.

    Parallel report runs set it once around all of them (`run_reports`), so that the threads' own entries and
    exits, which may interleave, save and restore the same values.
    """
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


def notebook_html(notebook: nbformat.NotebookNode, title: str, base_dir: Path, *, with_code: bool = False) -> str:
    """A self-contained HTML page: images inline, styles inline, nothing fetched from the network, and no script
    but the interactive timeline's own, allowed by its hash (`page_policy`).

    Markdown, headings and tables render as they do in Jupyter; data text is escaped where it enters the
    notebook (`analysis.markup`), not by sanitising the page. Without `with_code`, the reader's view: prose,
    tables and charts, no code and no In/Out prompts. Every report page is made here.
    """
    exporter, lock = _html_exporter(with_code)
    resources = {"metadata": {"name": title, "path": str(base_dir)},
                 "content_security_policy": page_policy(notebook)}
    with lock:
        body, _ = exporter.from_notebook_node(notebook, resources=resources)
    return body.rstrip("\n") + "\n"


@cache
def _html_exporter(with_code: bool) -> tuple[object, threading.Lock]:
    """One exporter per process and setting, and a lock to use it from one thread at a time: building one
    loads and compiles lab's templates, about as long as exporting a report."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[DictLoader({"report.html.j2": _HTML_TEMPLATE})],
        template_file="report.html.j2",
        embed_images=True,  # markdown images too, resolved from the notebook's folder
        exclude_input=not with_code,
        exclude_input_prompt=not with_code,
        exclude_output_prompt=not with_code,
    )
    return exporter, threading.Lock()


def page_policy(notebook: nbformat.NotebookNode) -> str:
    """CONTENT_SECURITY_POLICY, letting the interactive timeline's own script run (by its hash) where an output
    holds it; every other script stays blocked."""
    from analysis.page_script import content_security_policy  # not analysis.interactive: no pandas here

    html = "".join("".join(output.get("data", {}).get("text/html", "")) for cell in notebook.cells
                   for output in cell.get("outputs", []))
    return content_security_policy(CONTENT_SECURITY_POLICY, html)


# ------------------------------------------------------------------------------------------- what ran


def finish_notebook(plan: Plan, executed: nbformat.NotebookNode, work: Path, target: Path) -> nbformat.NotebookNode:
    """The executed notebook as it is kept: normalised, told its final folder, with the parameters table."""
    # The kernel saw the temporary folder; the files record the folder they end up in.
    replacements = {str(work): display_path(target), work.name: target.name}
    notebook = normalise_notebook(executed, plan.report.notebook, replacements, display_path(target))
    return with_parameters_table(with_title(notebook, plan), parameters_table(plan))


TITLE_PARAMETER = "title"  # a report that sets it (reports.yml, -p) gets it as its page's heading too


def with_title(notebook: nbformat.NotebookNode, plan: Plan) -> nbformat.NotebookNode:
    """A copy whose first heading ('# ...' opening the first Markdown cell) is the report's own `title` where
    reports.yml or -p sets one: two reports of one notebook (timeline, timeline-war) each head their page with
    their own title, not the notebook's."""
    title = plan.values.get(TITLE_PARAMETER)
    first = notebook.cells[0] if notebook.cells else None
    if not isinstance(title, str) or not title.strip() or first is None or first.cell_type != "markdown" \
            or not first.source.startswith("# "):
        return notebook
    notebook = copy.deepcopy(notebook)
    rest = notebook.cells[0].source.partition("\n")[2]
    notebook.cells[0].source = f"# {markup.escape_markdown(title)}" + ("\n" + rest if rest else "")
    return notebook


def with_parameters_table(notebook: nbformat.NotebookNode, table: str) -> nbformat.NotebookNode:
    """A copy with `table` as a Markdown cell after the notebook's title (its first cell, when Markdown)."""
    notebook = copy.deepcopy(notebook)
    cell = nbformat.v4.new_markdown_cell(table, id=_PARAMETERS_TABLE_ID)
    cell.metadata["tags"] = [_PARAMETERS_TABLE_ID]
    first = next((i for i, c in enumerate(notebook.cells) if "papermill-error-cell-tag" not in
                  c.metadata.get("tags", [])), 0)
    at = first + 1 if notebook.cells and notebook.cells[first].cell_type == "markdown" else first
    notebook.cells.insert(at, cell)
    return notebook


def parameters_table(plan: Plan) -> str:
    """Markdown: each parameter with the value the report ran with and where it came from, then the data
    folder's content hash and the package version, so that two readers can tell they read the same thing."""
    rows = []
    for name, parameter in plan.declared.items():
        if name == OUTPUT_DIR:
            continue
        if name in plan.values:
            value, origin = repr(plan.values[name]), plan.origins.get(name, "")
            if parameter.path and isinstance(plan.values[name], str):
                value = repr(display_path(Path(plan.values[name])))  # the same on every machine
        else:
            value, origin = (repr(parameter.default) if parameter.literal else parameter.source), "notebook"
        rows.append((name, value, origin))
    folder = data_folder(plan)
    if folder is not None:
        shown = display_path(folder) + ("/" if folder.is_dir() else " (not found)")
        rows.append(("data folder", f"{shown}, content sha256 {content_hash(folder)[:16]}", ""))
    rows.append(("analysis package", f"{package_version()}, code sha256 {content_hash(paths.PACKAGE_DIR)[:16]}", ""))
    return ("**This report ran with** these parameters (set in the notebook unless marked), data and code:\n\n"
            + markup.markdown_table(["parameter", "value", "set in"], rows))


def data_folder(plan: Plan) -> Path | None:
    """The folder the notebook reads its data from, when it declares `data_dir`; None when it does not."""
    declared = plan.declared.get(DATA_DIR_PARAMETER)
    if declared is None:
        return None
    value = plan.values.get(DATA_DIR_PARAMETER, declared.default if declared.literal else None)
    if value is None:
        return paths.DATA_DIR
    folder = Path(str(value)).expanduser()
    return (folder if folder.is_absolute() else plan.report.notebook.parent / folder).resolve()


def content_hash(folder: Path) -> str:
    """sha256 over the names and bytes of every file under `folder` (hidden files and caches left out)."""
    digest = hashlib.sha256()
    folder = Path(folder)
    if not folder.is_dir():
        return digest.hexdigest()
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and not any(part.startswith(".") or part == "__pycache__" for part in relative.parts):
            data = path.read_bytes()
            digest.update(f"{relative.as_posix()}\0{len(data)}\0".encode())
            digest.update(data)
    return digest.hexdigest()


def package_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("analysis")
    except PackageNotFoundError:
        return "not installed"


# ------------------------------------------------------------------------------------------- failures


def describe_failure(report: Report, error: BaseException) -> tuple[str, str, dict[str, object]]:
    """(the line to print, the traceback to print, the failure record) for any error a report run raised."""
    from papermill.exceptions import PapermillExecutionError

    if isinstance(error, PapermillExecutionError):
        message, details, where = describe_cell_error(report, error)
        record = {"error": f"{error.ename}: {error.evalue}", **where, "traceback": details}
        if error.ename in USER_MISTAKES:
            # A mistake the notebook stopped on purpose (a typo in a kind): its message is the whole story.
            message = f"report {report.name!r} stopped: {error.evalue}"
            details = ""
        return message, details, {"message": message, **record}
    message = f"report {report.name!r} failed: {type(error).__name__}: {error}"
    trace = "".join(traceback.format_exception(error))
    return message, "", {"message": message, "error": f"{type(error).__name__}: {error}", "traceback": trace}


def describe_cell_error(report: Report, error: PapermillExecutionError) -> tuple[str, str, dict[str, object]]:
    """(one line naming the report, the cell and the error; the traceback; where) for a PapermillExecutionError."""
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
    return message, details, {"cell": cell_number, "line": number, "source_line": shown.strip()}


def write_failure(plan: Plan, target: Path, partial: Path, work: Path | None, record: Mapping[str, object],
                  seconds: float) -> Path | None:
    """Write <target>/.failed/: the notebook as far as it ran (and as HTML, code shown) and failure.json.

    The rest of `target`, the last good output, is left as it was. Returns the folder, or None when even this
    cannot be written (the failure is still reported).
    """
    name = plan.report.name
    failed = Path(target) / FAILED_DIR
    # The values asked for, with where each came from; every other parameter kept the notebook's default.
    asked = {key: {"value": value, "from": plan.origins.get(key, "")} for key, value in plan.values.items()}
    facts = {"report": name, "notebook": display_path(plan.report.notebook), "parameters": asked,
             "seconds": round(seconds, 1), **record}
    try:
        with replacing_dir(failed) as folder:
            if partial.is_file():
                executed = nbformat.read(str(partial), as_version=4)
                replacements = {str(work): display_path(target), work.name: target.name} if work else {}
                notebook = normalise_notebook(executed, plan.report.notebook, replacements, display_path(target))
                notebook = with_parameters_table(notebook, parameters_table(plan))
                write_text(folder / f"{name}.ipynb", notebook_json(notebook))
                write_text(folder / f"{name}.html", notebook_html(notebook, f"{name} (failed)",
                                                                   plan.report.notebook.parent, with_code=True))
            write_text(folder / "failure.json", json.dumps(facts, indent=1, ensure_ascii=False, default=str) + "\n")
    except Exception:  # noqa: BLE001 - a record that cannot be written must not hide the failure itself
        return None
    return failed


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
    line = f"{result.name}: FAILED after {result.seconds:.1f} s; {kept}\n  {result.message}"
    if result.failure_dir is not None:
        line += f"\n  partial notebook and failure record: {display_path(result.failure_dir)}/"
    return line


def _output_cell(result: ReportResult) -> str:
    if result.skipped:
        return "(skipped; earlier output kept)" if result.kept_previous else "(skipped)"
    if result.ok:
        return display_path(result.output_dir)
    return "(previous kept)" if result.kept_previous else "(none)"


def format_summary(results: Sequence[ReportResult], width: int | None = None) -> str:
    """A table of report, status, seconds and output folder, and a count line."""
    rows = [(r.name, r.status, f"{r.seconds:.1f}", _output_cell(r)) for r in results]
    table = markup.text_table(rows, ("report", "status", "seconds", "output"), right=(2,), nowrap=(0, 1, 2),
                              width=width or markup.terminal_width())
    failed = sum(not r.ok for r in results)
    skips = sum(r.skipped for r in results)
    return f"{table}\n{len(results) - failed - skips} ok, {failed} failed" + (f", {skips} skipped" if skips else "")


def format_listing(plans: Sequence[Plan], reports_dir: Path, width: int | None = None) -> str:
    """Each report, its notebook and its parameters: type, notebook default, and the value it runs with.

    Fitted to `width` (the terminal's): long values and help texts wrap within their column, never cut.
    """
    width = width or markup.terminal_width()
    blocks = []
    for plan in plans:
        report = plan.report
        target = display_path(Path(reports_dir) / report.name)
        lines = [markup.wrap(f"{report.name}: {display_path(report.notebook)} -> {target}", width, "", "    ")]
        if report.description:
            lines.append(markup.wrap(report.description, width, "  "))
        if report.with_code:
            lines.append("  (its HTML keeps the code)")
        if report.requires:
            lines.append(markup.wrap(f"skipped unless given: {', '.join(report.requires)}", width, "  "))
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
        else:
            lines.append(markup.text_table(rows, ("parameter", "type", "default", "runs with", "help"),
                                           width=width, indent="  ", nowrap=(0, 1)))
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
    parser.add_argument("--with-code", action="store_true",
                        help="keep the code cells in the HTML pages (by default they show prose, tables and "
                             "charts only; `with_code: true` in reports.yml does this for one report)")
    parser.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                        help="reports run at once (default: one per core, at most 2), each worker's in one "
                             "kernel, reset before each report; the output is the same bytes whichever")
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
            with run_folder(Path(args.reports_dir).resolve()) as run_dir:
                for notebook in notebooks:
                    print(f"refreshed {display_path(refresh_notebook(notebook, run_dir / 'runtime'))}")
            return 0
        if args.list:
            plans, problems = _plan(select_reports(load_config(args.config), args.only), overrides)
            print(format_listing(plans, args.reports_dir))
            if problems:
                raise ReportConfigError(problems)
            return 0
        from tqdm import tqdm

        results = run_reports(args.config, args.reports_dir, args.only, overrides, with_code=args.with_code,
                              progress=None, log=lambda line: tqdm.write(line, file=sys.stderr), jobs=args.jobs)
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
