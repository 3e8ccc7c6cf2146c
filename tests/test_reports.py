"""The report runner: config, checks before anything runs, real runs, failures, byte-identical reruns."""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import nbformat
import pytest

from analysis import paths, reports
from analysis.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
TOY = "tests/fixtures/notebooks/toy.ipynb"
FAILING = "tests/fixtures/notebooks/failing.ipynb"
# beta's date is unquoted on purpose: YAML reads it as a date, the runner passes it on as an ISO string.
CONFIG = f"""\
reports:
  alpha:
    notebook: {TOY}
    description: The toy with two values
    parameters: {{top_n: 2}}
  beta:
    notebook: {TOY}
    parameters:
      title: Beta
      regions: [Aghdam, Fuzuli]
      date_to: 2020-10-01
  broken:
    notebook: {FAILING}
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
    assert list(loaded) == ["alpha", "beta", "broken"]
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


def test_list_shows_parameters_with_defaults_types_and_overrides(config, tmp_path, no_kernel):
    code, out, _ = run_cli("--list", "--config", str(config), "--reports-dir", str(tmp_path / "out"),
                           "-p", "scale=4")
    assert code == 0
    alpha, beta, broken = out.split("\n\n")
    assert alpha.startswith(f"alpha: {TOY} -> ")
    assert "The toy with two values" in alpha
    assert re.search(r"top_n\s+int\s+= 3\s+-> 2 \(reports.yml\)\s+# how many values", alpha)
    assert re.search(r"scale\s+float\s+= 1.5\s+-> 4.0 \(-p\)", alpha)
    assert re.search(r"regions\s+list\[str\]\s+= \['Stepanakert', 'Shusha'\]", alpha)
    assert re.search(r"output_dir\s+any\s+= None\s+set by the runner", alpha)
    assert re.search(r"date_to\s+str \| None\s+= '2020-11-10'\s+-> '2020-10-01' \(reports.yml\)", beta)
    assert re.search(r"fail\s+bool\s+= True\s+# divide by zero", broken)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("args", "expected"), [
    (["-p", "colour=red"], ["report 'alpha': parameter 'colour' = 'red' (from -p): unknown parameter",
                            "report 'broken': parameter 'colour'"]),
    (["-p", "top_n=three"], ["report 'alpha': parameter 'top_n' = 'three' (from -p): "
                             "expected an int (default 3)", "report 'beta': parameter 'top_n' = 'three'"]),
    (["-p", "date_from=2020-10-15"], ["report 'beta': empty date window: date_from = '2020-10-15' (from -p) "
                                      "is after date_to = '2020-10-01' (from reports.yml)"]),
    (["-p", "fail=perhaps", "--only", "broken"], ["report 'broken': parameter 'fail' = 'perhaps'",
                                                  "expected a bool"]),
    (["--only", "gamma"], ["unknown report 'gamma'; known reports: alpha, beta, broken"]),
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


def test_override_goes_only_to_reports_that_declare_it(config):
    plans = reports.plan_reports(list(reports.load_config(config).values()), {"scale": "3", "fail": "no"})
    values = {plan.report.name: plan.values for plan in plans}
    assert values["alpha"] == {"top_n": 2, "scale": 3.0}
    assert values["beta"] == {"title": "Beta", "regions": ["Aghdam", "Fuzuli"], "date_to": "2020-10-01",
                              "scale": 3.0}
    assert values["broken"] == {"fail": False}


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
    assert not re.search(r"<script[^>]+src=", html)  # no require.js, MathJax or mermaid from a CDN
    assert "cdnjs" not in html and "unpkg" not in html


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
    # 2. Everything: alpha and beta succeed, broken fails.
    state["full"] = run_cli("--config", str(config), "--reports-dir", str(out), "-p", "scale=2")
    state["alpha_first"] = snapshot(out / "alpha")
    # 3. alpha again, through the Python API, with the same inputs.
    state["rerun"] = reports.run_reports(config, out, only=["alpha"], overrides={"scale": "2"})
    return state


@pytest.mark.slow
def test_only_runs_the_named_report_and_the_override_reaches_it(runs):
    code, out, _ = runs["seed"]
    assert code == 0
    assert runs["after_seed"] == ["broken"]
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
    assert received == {"title": "Beta", "regions": ["Aghdam", "Fuzuli"], "date_from": "2020-09-27",
                        "date_to": "2020-10-01", "scale": 2.0, "show_table": True, "top_n": 3}
    notebook = nbformat.read(runs["out"] / "beta" / "beta.ipynb", as_version=4)
    injected = notebook.cells[2]
    assert injected.metadata.tags == ["injected-parameters"]
    assert 'title = "Beta"' in injected.source and "scale = 2.0" in injected.source
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
    assert "2 ok, 1 failed" in out
    assert snapshot(runs["out"] / "broken") == runs["broken_before"]
    assert (runs["out"] / "alpha").is_dir() and (runs["out"] / "beta").is_dir()
    assert sorted(path.name for path in runs["out"].iterdir()) == ["alpha", "beta", "broken"]  # no temp left


@pytest.mark.slow
def test_a_rerun_is_byte_identical(runs):
    [result] = runs["rerun"]
    assert (result.name, result.ok, result.output_dir) == ("alpha", True, runs["out"] / "alpha")
    again = snapshot(runs["out"] / "alpha")
    assert again.keys() == runs["alpha_first"].keys()
    for name in ("alpha.ipynb", "alpha.html", "chart.png", "table.csv"):
        assert again[name] == runs["alpha_first"][name], name
