"""The report runner: config, checks before anything runs, real runs, failures, byte-identical reruns."""

from __future__ import annotations

import contextlib
import html as html_module
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from analysis import paths, reports
from analysis.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
TOY = "tests/fixtures/notebooks/toy.ipynb"
FAILING = "tests/fixtures/notebooks/failing.ipynb"
MISTAKE = "tests/fixtures/notebooks/mistake.ipynb"
SLEEPY = "tests/fixtures/notebooks/sleepy.ipynb"
STATEFUL = "tests/fixtures/notebooks/stateful.ipynb"
DIES = "tests/fixtures/notebooks/dies.ipynb"
# Text that must reach the reader as written: in the parameters table, the HTML, the notebook.
HOSTILE_TITLE = 'Beta <script>alert(1)</script> "><img src=x onerror=alert(2)> *b* | c'
# beta's date is unquoted on purpose: YAML reads it as a date, the runner passes it on as an ISO string.
CONFIG = f"""\
reports:
  alpha:
    notebook: {TOY}
    description: The toy with two values
    parameters: {{top_n: 2}}
  beta:
    notebook: {TOY}
    with_code: true
    parameters:
      title: '{HOSTILE_TITLE}'
      regions: [Aghdam, Fuzuli]
      date_to: 2020-10-01
  broken:
    notebook: {FAILING}
  typo:
    notebook: {MISTAKE}
"""


def run_cli(*args: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of `python -m analysis report ARGS`, in this process."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["report", *args])
    return code, out.getvalue(), err.getvalue()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file()}


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "reports.yml"
    path.write_text(CONFIG, encoding="utf-8")
    return path


@pytest.fixture
def no_kernel(monkeypatch):
    """Fail the test if any notebook would execute."""
    def refuse(*args, **kwargs):
        raise AssertionError("a notebook was executed")
    monkeypatch.setattr(reports, "execute", refuse)


# --- configuration and checks: no kernel ------------------------------------------------------------------


def test_the_repository_reports_file_is_valid():
    assert isinstance(reports.load_config(paths.REPORTS_CONFIG), dict)


def test_load_config_reads_reports_in_order(config):
    loaded = reports.load_config(config)
    assert list(loaded) == ["alpha", "beta", "broken", "typo"]
    assert loaded["alpha"].notebook == (paths.REPO_DIR / TOY).resolve()
    assert loaded["alpha"].parameters == {"top_n": 2}
    assert loaded["alpha"].description == "The toy with two values"


@pytest.mark.parametrize(("text", "expected"), [
    ("reports:\n  x:\n    notebook: nope/missing.ipynb\n", "notebook nope/missing.ipynb not found"),
    (f"reports:\n  x:\n    notebook: {TOY}\n    paramters: {{}}\n", "unknown key 'paramters'"),
    (f"reports:\n  ../x:\n    notebook: {TOY}\n", "a report name is its folder name"),
    ("reports:\n  x: notebooks/x.ipynb\n", "expected a mapping"),
    ("report: {}\n", "expected a mapping with one key, `reports`"),
    ("reports: [\n", "not valid YAML"),
])
def test_load_config_explains_what_is_wrong(tmp_path, text, expected):
    path = tmp_path / "reports.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(reports.ReportConfigError, match=re.escape(expected)):
        reports.load_config(path)


def test_an_empty_reports_file_runs_nothing(tmp_path):
    path = tmp_path / "reports.yml"
    path.write_text("reports: {}\n", encoding="utf-8")
    code, out, _ = run_cli("--config", str(path), "--reports-dir", str(tmp_path / "out"))
    assert code == 0 and "no reports configured" in out


def test_list_shows_parameters_with_defaults_types_and_overrides(config, tmp_path, no_kernel, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")
    code, out, _ = run_cli("--list", "--config", str(config), "--reports-dir", str(tmp_path / "out"),
                           "-p", "scale=4")
    assert code == 0
    alpha, beta, broken, typo = out.split("\n\n")
    assert alpha.startswith(f"alpha: {TOY} -> ")
    assert "The toy with two values" in alpha
    assert re.search(r"top_n\s+int\s+= 3\s+-> 2 \(reports.yml\)\s+# how many values", alpha)
    assert re.search(r"scale\s+float\s+= 1.5\s+-> 4.0 \(-p\)", alpha)
    assert re.search(r"regions\s+list\[str\]\s+= \['Stepanakert', 'Shusha'\]", alpha)
    assert re.search(r"output_dir\s+any\s+= None\s+set by the runner", alpha)
    assert re.search(r"date_to\s+str \| None\s+= '2020-11-10'\s+-> '2020-10-01' \(reports.yml\)", beta)
    assert re.search(r"fail\s+bool\s+= True\s+# divide by zero", broken)
    assert "(its HTML keeps the code)" in beta and "keeps the code" not in alpha
    assert typo.startswith("typo: ")
    assert not (tmp_path / "out").exists()


def test_list_fits_a_narrow_terminal_without_cutting_words(config, tmp_path, no_kernel, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    code, out, _ = run_cli("--list", "--config", str(config), "--reports-dir", str(tmp_path / "out"))
    assert code == 0
    assert all(len(line) <= 60 or len(line.split()) == 1 for line in out.splitlines()), "a long path stays whole"
    for word in ("['Stepanakert',", "'Shusha']", "regions", "divide", "zero"):
        assert word in out.split()


@pytest.mark.parametrize(("args", "expected"), [
    (["-p", "colour=red"], ["report 'alpha': parameter 'colour' = 'red' (from -p): unknown parameter",
                            "report 'broken': parameter 'colour'"]),
    (["-p", "top_n=three"], ["report 'alpha': parameter 'top_n' = 'three' (from -p): "
                             "expected an int (default 3)", "report 'beta': parameter 'top_n' = 'three'"]),
    (["-p", "date_from=2020-10-15"], ["report 'beta': empty date window: date_from = '2020-10-15' (from -p) "
                                      "is after date_to = '2020-10-01' (from reports.yml)"]),
    (["-p", "fail=perhaps", "--only", "broken"], ["report 'broken': parameter 'fail' = 'perhaps'",
                                                  "expected a bool"]),
    (["--only", "gamma"], ["unknown report 'gamma'; known reports: alpha, beta, broken, typo"]),
    (["-p", "top_n"], ["-p 'top_n': expected NAME=VALUE"]),
])
def test_bad_input_exits_2_before_any_notebook_runs(config, tmp_path, no_kernel, args, expected):
    out_dir = tmp_path / "out"
    code, _, err = run_cli("--config", str(config), "--reports-dir", str(out_dir), *args)
    assert code == 2
    for text in expected:
        assert text in err
    assert "nothing was run" in err
    assert not out_dir.exists()


def test_a_bad_value_in_the_reports_file_stops_every_report(tmp_path, no_kernel):
    path = tmp_path / "reports.yml"
    path.write_text(CONFIG.replace("top_n: 2", "top_n: many"), encoding="utf-8")
    with pytest.raises(reports.ReportConfigError) as caught:
        reports.run_reports(path, tmp_path / "out")
    assert caught.value.problems == [
        "report 'alpha': parameter 'top_n' = 'many' (from reports.yml): expected an int (default 3)"]
    assert not (tmp_path / "out").exists()


def test_a_relative_path_given_with_p_means_the_users_folder_and_in_reports_yml_the_repository(
        tmp_path, monkeypatch):
    """The notebook runs in its own folder; `-p event_data=imported/ged` must still mean ./imported/ged."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "from pathlib import Path\n\noutput_dir = None\nstore: Path | None = None  # a folder\n"
        "where: Path | None = None  # another\nlabel = 'x'  # not a path",
        metadata={"tags": ["parameters"]})])
    nbformat.write(notebook, tmp_path / "paths.ipynb")
    config = tmp_path / "reports.yml"
    config.write_text(f"reports:\n  p:\n    notebook: {tmp_path / 'paths.ipynb'}\n"
                      "    parameters: {where: data/mine, label: imported/ged}\n", encoding="utf-8")
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    plan, = reports.plan_reports(list(reports.load_config(config).values()), {"store": "imported/ged"})
    assert plan.values == {"store": str(tmp_path / "work" / "imported" / "ged"),
                           "where": str(paths.REPO_DIR / "data" / "mine"), "label": "imported/ged"}
    assert "| where | 'data/mine' | reports.yml |" in reports.parameters_table(plan), "shown machine-free"


def test_the_reports_path_parameters_are_declared_as_paths():
    for report in reports.load_config(paths.REPORTS_CONFIG).values():
        declared = reports.read_parameters(report.notebook)
        assert [name for name, p in declared.items() if p.path] == [
            name for name in ("data_dir", "event_data", "template") if name in declared], report.name


def test_override_goes_only_to_reports_that_declare_it(config):
    plans = reports.plan_reports(list(reports.load_config(config).values()), {"scale": "3", "fail": "no"})
    values = {plan.report.name: plan.values for plan in plans}
    assert values["alpha"] == {"top_n": 2, "scale": 3.0}
    assert values["beta"] == {"title": HOSTILE_TITLE, "regions": ["Aghdam", "Fuzuli"], "date_to": "2020-10-01",
                              "scale": 3.0}
    assert values["broken"] == {"fail": False}


def test_a_fixed_set_parameter_is_checked_before_the_run_naming_the_allowed_values(tmp_path, no_kernel):
    code, _, err = run_cli("--only", "timeline", "-p", "color_by=side", "--reports-dir", str(tmp_path / "out"))
    assert code == 2
    assert ("report 'timeline': parameter 'color_by' = 'side' (from -p): expected one of 'kind', 'claimant'"
            in err)
    assert not (tmp_path / "out").exists()


def test_with_code_in_reports_yml_must_be_true_or_false(tmp_path):
    path = tmp_path / "reports.yml"
    path.write_text(f"reports:\n  x:\n    notebook: {TOY}\n    with_code: sometimes\n", encoding="utf-8")
    with pytest.raises(reports.ReportConfigError, match="`with_code` must be true or false, not 'sometimes'"):
        reports.load_config(path)


def test_one_run_at_a_time_per_reports_folder(config, tmp_path, no_kernel):
    import fcntl

    out = tmp_path / "out"
    (out / reports.RUN_DIR).mkdir(parents=True)
    with open(out / reports.RUN_DIR / "lock", "a+") as held:  # as a run in another process holds it
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        code, _, err = run_cli("--config", str(config), "--reports-dir", str(out), "--only", "alpha")
    assert code == 2
    assert "another report run is writing into" in err and "nothing was run" in err
    assert sorted(p.name for p in out.iterdir()) == [reports.RUN_DIR]


def test_a_new_run_removes_what_a_killed_run_left(tmp_path):
    out = tmp_path / "out"
    stale = [out / ".alpha.k3x_9q2z.tmp", out / ".alpha.old", out / "beta" / "..failed.ab12cd34.tmp",
             out / reports.RUN_DIR / "runtime" / "kernel-1234.json", out / reports.RUN_DIR / "alpha.partial.ipynb"]
    kept = [out / "beta" / "beta.html", out / ".notes.tmp", out / "mine.abcdefgh.tmp", out / "README.md"]
    for path in stale + kept:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix in (".tmp", ".old") and path.name.startswith("."):
            path.mkdir()
            (path / "half-written.png").write_bytes(b"\x89PNG")
        else:
            path.write_text("x")
    with reports.run_folder(out) as run_dir:
        assert [p.name for p in run_dir.iterdir()] != []
        assert not any(path.exists() for path in stale)
        assert all(path.exists() for path in kept)
    assert sorted(p.name for p in (out / reports.RUN_DIR).iterdir()) == ["lock"], "the kernels' folder goes too"


def _executed(tmp_path: Path) -> nbformat.NotebookNode:
    """A notebook as papermill returns it: timings, a temporary output folder, random ids."""
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("output_dir = None", metadata={"tags": ["parameters"]}, id="cell-0"),
        nbformat.v4.new_markdown_cell("$x^2$ and ![](missing.png)", id="cell-1"),
    ])
    source = tmp_path / "source.ipynb"
    nbformat.write(nb, source)
    executed = nbformat.reads(nbformat.writes(nb), as_version=4)
    injected = nbformat.v4.new_code_cell(f'output_dir = "{tmp_path}/.r.abc123.tmp"',
                                         metadata={"tags": ["injected-parameters"]})
    injected.outputs = [nbformat.v4.new_output("stream", text=f"wrote {tmp_path}/.r.abc123.tmp/chart.png\n"),
                        nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo=",
                                                                     "text/plain": "<Figure>"})]
    executed.cells.insert(1, injected)
    executed.metadata.papermill = {"start_time": "2024-01-01T00:00:00", "end_time": "2024-01-01T00:00:01",
                                   "duration": 1.0, "input_path": str(source), "output_path": None,
                                   "parameters": {"output_dir": f"{tmp_path}/.r.abc123.tmp"}}
    for cell in executed.cells:
        cell.metadata.papermill = {"start_time": "2024", "end_time": "2024", "duration": 0.5}
        cell.metadata.execution = {"iopub.status.busy": "2024-01-01T00:00:00.1Z"}
    return executed, source


def test_normalise_removes_times_temporary_paths_and_random_ids(tmp_path):
    executed, source = _executed(tmp_path)
    out = reports.normalise_notebook(executed, source, {f"{tmp_path}/.r.abc123.tmp": "reports/r",
                                                        ".r.abc123.tmp": "r"}, "reports/r")
    text = reports.notebook_json(out)
    assert "abc123" not in text and "2024" not in text and '"execution"' not in text
    assert out.metadata.papermill.parameters == {"output_dir": "reports/r"}
    assert out.metadata.papermill.output_path == "reports/r/r.ipynb"
    assert out.cells[1].source == 'output_dir = "reports/r"'
    assert out.cells[1].outputs[0].text == "wrote reports/r/chart.png\n"
    assert [cell.id for cell in out.cells] == ["cell-0", "injected-parameters", "cell-1"]
    assert executed.cells[1].id != "injected-parameters"  # the input is left alone


def test_html_opens_offline_and_is_stable(tmp_path):
    executed, source = _executed(tmp_path)
    html = reports.notebook_html(executed, "r", tmp_path)
    assert html == reports.notebook_html(executed, "r", tmp_path)
    assert "<title>r</title>" in html
    assert "data:image/png;base64,iVBORw0KGgo=" in html
    assert "<script" not in html  # no require.js, MathJax or mermaid from a CDN, no script at all
    assert "cdnjs" not in html and "unpkg" not in html
    policy = re.search(r'<meta content="([^"]*)" http-equiv="Content-Security-Policy"/>', html)
    assert policy and policy.group(1) == reports.CONTENT_SECURITY_POLICY, "no script runs, nothing is fetched"


def test_html_is_a_readers_view_unless_the_code_is_asked_for(tmp_path):
    executed, _ = _executed(tmp_path)
    reader = reports.notebook_html(executed, "r", tmp_path)
    coder = reports.notebook_html(executed, "r", tmp_path, with_code=True)
    editor = 'class="jp-CodeMirrorEditor'  # a code cell's input
    assert editor not in reader and "In [" not in reader and 'class="n">output_dir' not in reader
    assert editor in coder and 'class="n">output_dir' in coder
    for page in (reader, coder):
        assert "data:image/png;base64,iVBORw0KGgo=" in page, "the outputs stay"
        assert "<p>" in page and "&lt;p&gt;" not in page, "Markdown renders"


def test_the_parameters_table_shows_values_as_written_with_the_data_hash_and_version(config, tmp_path):
    [plan] = reports.plan_reports([reports.load_config(config)["beta"]], {"scale": "2"})
    table = reports.parameters_table(plan)
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    rendered = markdown2html_mistune(table)
    assert "<script" not in rendered and "<img" not in rendered
    cells = [html_module.unescape(re.sub(r"<[^>]+>", "", c)) for c in re.findall(r"<td>(.*?)</td>", rendered)]
    rows = [cells[i:i + 3] for i in range(0, len(cells), 3)]
    assert [repr(HOSTILE_TITLE), "reports.yml"] == next(r[1:] for r in rows if r[0] == "title")
    assert next(r[1:] for r in rows if r[0] == "scale") == ["2.0", "-p"]
    assert next(r[1:] for r in rows if r[0] == "top_n") == ["3", "notebook"]
    assert not any(r[0] == "output_dir" for r in rows), "the folder the reader is in"
    package = next(r[1] for r in rows if r[0] == "analysis package")
    assert re.fullmatch(r"\S+, code sha256 [0-9a-f]{16}", package)
    assert reports.parameters_table(plan) == table, "the same bytes on every run"
    executed, _ = _executed(tmp_path)
    with_table = reports.with_parameters_table(executed, table)
    assert with_table.cells[0].id == "report-parameters", "at the top of a notebook without a title"
    titled = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title", id="t"), *executed.cells])
    assert [c.id for c in reports.with_parameters_table(titled, table).cells][:2] == ["t", "report-parameters"]


def test_the_data_hash_changes_with_the_data_and_only_with_it(editable):
    before = reports.content_hash(editable.folder)
    assert before == reports.content_hash(paths.DATA_DIR)
    (editable.folder / ".hidden").write_text("editor state")
    assert reports.content_hash(editable.folder) == before
    editable.set("events", "an-war-start", "title", "Renewed fighting")
    assert reports.content_hash(editable.folder) != before


def test_summary_table():
    results = [reports.ReportResult("alpha", True, 2.04, paths.REPORTS_DIR / "alpha"),
               reports.ReportResult("broken", False, 0.8, paths.REPORTS_DIR / "broken", "boom",
                                    kept_previous=True),
               reports.ReportResult("new", False, 0.1, paths.REPORTS_DIR / "new", "boom")]
    assert reports.format_summary(results).splitlines() == [
        "report  status  seconds  output",
        "------  ------  -------  ---------------",
        "alpha   ok          2.0  reports/alpha",
        "broken  failed      0.8  (previous kept)",
        "new     failed      0.1  (none)",
        "1 ok, 2 failed",
    ]


# --- real runs: one kernel per report ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, object]:
    """Three runs into one folder: broken made to pass, then everything, then alpha again."""
    root = tmp_path_factory.mktemp("runs")
    config = root / "reports.yml"
    config.write_text(CONFIG, encoding="utf-8")
    out = root / "reports"
    state: dict[str, object] = {"config": config, "out": out}
    # 1. --only broken, with an override that makes it succeed: its "previous good output".
    state["seed"] = run_cli("--config", str(config), "--reports-dir", str(out), "--only", "broken",
                            "-p", "fail=no")
    state["after_seed"] = sorted(path.name for path in out.iterdir())
    state["broken_before"] = snapshot(out / "broken")
    # 2. Everything: alpha and beta succeed, broken fails, typo stops on a user's mistake.
    state["full"] = run_cli("--config", str(config), "--reports-dir", str(out), "-p", "scale=2")
    state["alpha_first"] = snapshot(out / "alpha")
    state["broken_after_failure"] = snapshot(out / "broken")
    state["after_full"] = sorted(path.name for path in out.iterdir())
    state["run_dir_after_full"] = sorted(path.name for path in (out / reports.RUN_DIR).iterdir())
    # 3. alpha again, through the Python API, with the same inputs.
    state["rerun"] = reports.run_reports(config, out, only=["alpha"], overrides={"scale": "2"})
    # 4. broken fixed: its folder is replaced whole, the failure record with it.
    state["fixed"] = run_cli("--config", str(config), "--reports-dir", str(out), "--only", "broken", "-p", "fail=no")
    state["broken_fixed"] = snapshot(out / "broken")
    return state


@pytest.mark.slow
def test_only_runs_the_named_report_and_the_override_reaches_it(runs):
    code, out, _ = runs["seed"]
    assert code == 0
    assert runs["after_seed"] == [reports.RUN_DIR, "broken"]
    assert re.search(r"^broken\s+ok\s", out, re.MULTILINE)
    notebook = nbformat.reads(runs["broken_before"]["broken.ipynb"].decode(), as_version=4)
    injected = next(cell for cell in notebook.cells if "injected-parameters" in cell.metadata.get("tags", []))
    assert "fail = False" in injected.source
    assert runs["broken_before"]["partial.txt"] == b"fail=False\n"


@pytest.mark.slow
def test_a_run_writes_notebook_html_and_the_notebooks_files(runs):
    code, out, err = runs["full"]
    assert code == 1  # broken failed
    folder = runs["out"] / "alpha"
    assert sorted(runs["alpha_first"]) == ["alpha.html", "alpha.ipynb", "chart.png", "parameters.json",
                                          "table.csv"]
    assert runs["alpha_first"]["chart.png"].startswith(b"\x89PNG")
    notebook = nbformat.reads(runs["alpha_first"]["alpha.ipynb"].decode(), as_version=4)
    assert [cell.id for cell in notebook.cells][:2] == ["cell-0", "report-parameters"], "the table under the title"
    html = runs["alpha_first"]["alpha.html"].decode()
    assert "This report ran with" in html and "import json" not in html, "the reader's view: no code"
    beta = (runs["out"] / "beta" / "beta.html").read_text(encoding="utf-8")
    assert "import json" in re.sub(r"<[^>]+>", "", beta), "with_code: true keeps the code"
    assert "<script>alert" not in beta and "<img src=x" not in beta
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in beta, "the title, as written"
    assert (folder / "table.csv").read_text() == "rank,value\n1,2.0\n2,4.0\n"
    notebook = nbformat.read(folder / "alpha.ipynb", as_version=4)
    assert notebook.metadata.kernelspec.name == "python3"
    assert notebook.metadata.papermill.input_path == TOY
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert [cell.execution_count for cell in code_cells] == [1, 2, 3, 4]
    assert "Toy report: [2.0, 4.0] for Stepanakert, Shusha" in reports.notebook_json(notebook)
    html = (folder / "alpha.html").read_text(encoding="utf-8")
    assert "data:image/png;base64," in html  # the chart, embedded
    assert "<script src=\"http" not in html and not re.search(r"<script[^>]+src=", html)
    for line in ("alpha: ok in", "beta: ok in", "broken: FAILED after"):
        assert line in err
    assert "previous output kept" in err
    assert re.search(r"^alpha\s+ok\s+[\d.]+\s+\S*alpha$", out, re.MULTILINE)


@pytest.mark.slow
def test_reports_yml_and_p_values_reach_the_notebook(runs):
    received = json.loads((runs["out"] / "beta" / "parameters.json").read_text())
    assert received == {"title": HOSTILE_TITLE, "regions": ["Aghdam", "Fuzuli"], "date_from": "2020-09-27",
                        "date_to": "2020-10-01", "scale": 2.0, "show_table": True, "top_n": 3}
    notebook = nbformat.read(runs["out"] / "beta" / "beta.ipynb", as_version=4)
    injected = notebook.cells[3]
    assert injected.metadata.tags == ["injected-parameters"]
    assert f"title = {json.dumps(HOSTILE_TITLE)}" in injected.source and "scale = 2.0" in injected.source
    # The notebook was told its final folder, not the temporary one it wrote into.
    assert f'output_dir = "{runs["out"] / "beta"}"' in injected.source
    assert ".tmp" not in (runs["out"] / "beta" / "beta.ipynb").read_text()


@pytest.mark.slow
def test_a_failing_notebook_is_named_keeps_its_previous_output_and_the_others_still_run(runs):
    code, out, err = runs["full"]
    assert code == 1
    assert ("report 'broken' failed at cell 3 of tests/fixtures/notebooks/failing.ipynb, line 2 "
            "(In [4]: 'ratio = 1 / (0 if fail else 1)  # the failing line'): "
            "ZeroDivisionError: division by zero") in err, "the failing line, not the cell's first"
    assert "----> 2 ratio = 1 / (0 if fail else 1)" in err  # the traceback, without colour codes
    assert "\x1b[" not in err
    assert re.search(r"^broken\s+failed\s+[\d.]+\s+\(previous kept\)$", out, re.MULTILINE)
    assert "2 ok, 2 failed" in out
    after = runs["broken_after_failure"]
    assert {k: v for k, v in after.items() if not k.startswith(".failed/")} == runs["broken_before"], "untouched"
    assert (runs["out"] / "alpha").is_dir() and (runs["out"] / "beta").is_dir()
    assert runs["after_full"] == [".run", "alpha", "beta", "broken", "typo"]  # no temporary folder left
    assert runs["run_dir_after_full"] == ["lock"], "no kernel file or partial notebook left"


@pytest.mark.slow
def test_a_failed_report_keeps_its_partial_notebook_and_a_failure_record(runs):
    _, _, err = runs["full"]
    after = runs["broken_after_failure"]
    assert sorted(k for k in after if k.startswith(".failed/")) == [
        ".failed/broken.html", ".failed/broken.ipynb", ".failed/failure.json"]
    assert "partial notebook and failure record: " in err and "broken/.failed/" in err
    record = json.loads(after[".failed/failure.json"])
    assert record["report"] == "broken" and record["notebook"] == FAILING
    assert record["parameters"] == {}, "broken ran with its defaults (-p scale is not its parameter)"
    assert (record["cell"], record["line"], record["error"]) == (3, 2, "ZeroDivisionError: division by zero")
    assert "ratio = 1 / (0 if fail else 1)" in record["traceback"] and record["seconds"] > 0
    partial = nbformat.reads(after[".failed/broken.ipynb"].decode(), as_version=4)
    ran = [c for c in partial.cells if c.cell_type == "code" and c.execution_count]
    assert [o.output_type for o in ran[-1].outputs] == ["stream", "error"], "printed 'dividing', then failed"
    assert "dividing" in ran[-1].outputs[0].text
    assert ".tmp" not in after[".failed/broken.ipynb"].decode(), "paths name the report's folder"
    page = re.sub(r"<[^>]+>", "", after[".failed/broken.html"].decode())
    assert "ratio = 1 / (0 if fail else 1)" in html_module.unescape(page), "the code, for debugging"
    code, _, _ = runs["fixed"]
    assert code == 0 and not any(k.startswith(".failed") for k in runs["broken_fixed"]), "fixed: record gone"


@pytest.mark.slow
def test_a_users_mistake_prints_its_message_not_a_traceback(runs):
    code, out, err = runs["full"]
    assert ("report 'typo' stopped: unknown kinds: 'ceasfire' (did you mean 'ceasefire'?)" in err)
    assert "traceback of report 'typo'" not in err and "traceback of report 'broken'" in err
    assert re.search(r"^typo\s+failed\s+[\d.]+\s+\(none\)$", out, re.MULTILINE)
    record = json.loads((runs["out"] / "typo" / ".failed" / "failure.json").read_text())
    assert "UnknownValueError" in record["traceback"], "the record keeps the traceback for whoever wants it"


@pytest.mark.slow
def test_a_rerun_is_byte_identical(runs):
    [result] = runs["rerun"]
    assert (result.name, result.ok, result.output_dir) == ("alpha", True, runs["out"] / "alpha")
    again = snapshot(runs["out"] / "alpha")
    assert again.keys() == runs["alpha_first"].keys()
    for name in ("alpha.ipynb", "alpha.html", "chart.png", "table.csv"):
        assert again[name] == runs["alpha_first"][name], name


def _process_with(argument: str) -> int | None:
    """The id of a process whose command line holds `argument` (Linux: read from /proc)."""
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if argument in cmdline.read_bytes().decode(errors="replace").split("\0"):
                return int(cmdline.parent.name)
        except OSError:  # the process ended while we looked
            continue
    return None


def _alive(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    try:
        return "State:\tZ" not in status.read_text()
    except OSError:
        return False


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="finds the orphaned kernel through /proc (Linux)")
def test_a_run_killed_with_sigkill_leaves_nothing_the_next_run_does_not_clean(tmp_path):
    config = tmp_path / "reports.yml"
    config.write_text(f"reports:\n  sleepy:\n    notebook: {SLEEPY}\n  alpha:\n    notebook: {TOY}\n",
                      encoding="utf-8")
    out = tmp_path / "out"
    run = subprocess.Popen([sys.executable, "-m", "analysis", "report", "--config", str(config), "--reports-dir",
                            str(out), "--only", "sleepy"], cwd=paths.REPO_DIR, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    kernel = None
    try:
        deadline = time.monotonic() + 180
        while not list(out.glob(".sleepy.*.tmp/started.txt")):  # the kernel is inside the notebook
            assert run.poll() is None and time.monotonic() < deadline, "the run never reached its notebook"
            time.sleep(0.2)
        connection = list((out / reports.RUN_DIR / "runtime").glob("kernel-*.json"))
        assert len(connection) == 1, "the kernel's connection file is under the reports folder, not in /tmp"
        kernel = _process_with(str(connection[0]))
        assert kernel is not None, "found the kernel by its connection file"
        os.kill(run.pid, signal.SIGKILL)
        run.wait()
        left = list(out.glob(".sleepy.*.tmp")) + connection
        assert all(path.exists() for path in left), "SIGKILL gives no chance to clean up: the next run must"
        deadline = time.monotonic() + 30
        while _alive(kernel) and time.monotonic() < deadline:  # its parent gone, the kernel stops itself
            time.sleep(0.2)
        assert not _alive(kernel), "the orphaned kernel exits on its own"
        code, _, err = run_cli("--config", str(config), "--reports-dir", str(out), "--only", "alpha")
        assert code == 0, err
        assert sorted(path.name for path in out.iterdir()) == [reports.RUN_DIR, "alpha"]
        assert sorted(path.name for path in (out / reports.RUN_DIR).iterdir()) == ["lock"]
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
        if kernel is not None and _alive(kernel):
            os.kill(kernel, signal.SIGKILL)


@pytest.mark.slow
def test_reports_run_in_parallel_write_the_bytes_of_a_one_at_a_time_run(tmp_path):
    """Two at once against one at a time, into the same folder: every file equal, failures recorded alike."""
    config = tmp_path / "reports.yml"
    config.write_text(CONFIG, encoding="utf-8")
    out = tmp_path / "reports"

    def run(jobs: int) -> tuple[list, dict[str, dict[str, bytes]]]:
        results = reports.run_reports(config, out, overrides={"scale": "2"}, jobs=jobs)
        files = {r.name: snapshot(r.output_dir) for r in results}
        for name in files:  # the one thing allowed to differ: how long the failing run took
            if ".failed/failure.json" in files[name]:
                record = json.loads(files[name][".failed/failure.json"])
                files[name][".failed/failure.json"] = json.dumps({**record, "seconds": None}).encode()
        shutil.rmtree(out)
        return results, files

    one_at_a_time, serial_files = run(1)
    in_parallel, parallel_files = run(2)
    assert [(r.name, r.ok) for r in in_parallel] == [(r.name, r.ok) for r in one_at_a_time] == [
        ("alpha", True), ("beta", True), ("broken", False), ("typo", False)]
    assert [r.message for r in in_parallel] == [r.message for r in one_at_a_time]
    assert parallel_files.keys() == serial_files.keys()
    for name, files in serial_files.items():
        assert parallel_files[name].keys() == files.keys(), name
        for file, content in files.items():
            assert parallel_files[name][file] == content, f"{name}/{file}"
    assert ".failed/failure.json" in parallel_files["broken"] and ".failed/failure.json" in parallel_files["typo"]


def test_jobs_must_be_at_least_one(config, tmp_path, no_kernel):
    with pytest.raises(reports.ReportConfigError, match="jobs must be 1 or more, not 0"):
        reports.run_reports(config, tmp_path / "out", jobs=0)


@pytest.mark.slow
def test_a_report_run_after_others_in_their_kernel_writes_the_bytes_of_a_run_alone(tmp_path):
    """One kernel runs a worker's reports one after another, reset before each: a notebook that changes every
    process-wide setting the runner puts back, run after itself, shows and writes what it does in a new kernel."""
    config = tmp_path / "reports.yml"
    config.write_text(f"reports:\n  first:\n    notebook: {STATEFUL}\n  second:\n    notebook: {STATEFUL}\n",
                      encoding="utf-8")
    out, pids = tmp_path / "reports", tmp_path / "pids.txt"
    results = reports.run_reports(config, out, overrides={"pids": str(pids)}, jobs=1)
    assert [(r.name, r.ok, r.message) for r in results] == [("first", True, ""), ("second", True, "")]
    first, second = pids.read_text().split()
    assert first == second, "both ran in one kernel"
    after_another = snapshot(out / "second")
    [alone] = reports.run_reports(config, out, ["second"], overrides={"pids": str(pids)}, jobs=1)
    assert alone.ok and pids.read_text().split()[-1] != first, "a kernel of its own"
    assert snapshot(out / "second") == after_another
    # And what both saw is a new kernel's state, not merely the same leftovers twice.
    notebook = nbformat.reads(after_another["second.ipynb"].decode(), as_version=4)
    shown = [output for cell in notebook.cells for output in cell.get("outputs", [])]
    printed = "".join(output.get("text", "") for output in shown)
    for fresh in ("'leftover': False", "'Out': []", "'open figures': []", "'lines.linewidth': 1.5",
                  "'display.max_rows': 60", "'numpy precision': 8", "'numpy divide': 'warn'", "'environment': None",
                  "'cwd': 'notebooks'", "'log level': 30", "'log handlers': 0", "'inline formats': ['png']",
                  "'close figures': True", "UserWarning: shown again by every report"):
        assert fresh in printed, fresh
    assert "'sys.path[0]': '/nowhere'" not in printed
    assert [o["data"]["text/plain"] for o in shown if o.output_type == "execute_result"] == ["42"]
    assert [cell.execution_count for cell in notebook.cells if cell.cell_type == "code"] == [1, 2, 3, 4, 5]


@pytest.mark.slow
def test_a_kernel_that_dies_fails_its_report_and_the_next_report_gets_a_new_one(tmp_path):
    config = tmp_path / "reports.yml"
    config.write_text(f"reports:\n  dies:\n    notebook: {DIES}\n  alpha:\n    notebook: {TOY}\n", encoding="utf-8")
    dies, alpha = reports.run_reports(config, tmp_path / "out", jobs=1)
    assert not dies.ok and "DeadKernelError" in dies.message, dies.message
    assert alpha.ok, alpha.message
    assert (tmp_path / "out" / "alpha" / "table.csv").read_text() == "rank,value\n1,1.5\n2,3.0\n3,4.5\n"
    assert sorted(path.name for path in (tmp_path / "out" / reports.RUN_DIR).iterdir()) == ["lock"]
