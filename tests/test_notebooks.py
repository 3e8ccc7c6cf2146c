"""The committed notebooks keep their contract: one parameters cell, thin code, runnable by the reports."""

from __future__ import annotations

import ast
import re

import nbformat
import pytest

from analysis import parameters, paths, reports

NOTEBOOKS = sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb"))


def test_every_notebook_is_a_report():
    configured = {report.notebook.resolve() for report in reports.load_config(paths.REPORTS_CONFIG).values()}
    assert {path.resolve() for path in NOTEBOOKS} == configured


def test_reports_yml_parameters_check_out_before_running():
    plans = reports.plan_reports(list(reports.load_config(paths.REPORTS_CONFIG).values()))
    assert {plan.report.name for plan in plans} >= {"timeline", "casualties", "sources", "brief"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_one_tagged_parameters_cell_with_output_dir_none(path):
    book = nbformat.read(path, as_version=4)
    tagged = [c for c in book.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    declared = parameters.read_parameters(path)
    assert declared["output_dir"].default is None, "exploring a notebook must not write files"
    assert declared["data_dir"].default is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_are_thin_and_explained(path):
    book = nbformat.read(path, as_version=4)
    code = [c for c in book.cells if c.cell_type == "code"]
    for cell in code:
        tree = ast.parse("\n".join(line for line in cell.source.splitlines() if not line.startswith("%")))
        defined = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.ClassDef | ast.For | ast.While)]
        assert not defined, f"{path.name}: logic belongs in the analysis package:\n{cell.source}"
    markdown = [c for c in book.cells if c.cell_type == "markdown"]
    assert len(markdown) >= len(code) // 2, f"{path.name}: say what the reader sees"
    assert all(not c.outputs or all(o.output_type != "error" for o in c.outputs) for c in code)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_chart_is_shown_as_an_image(path):
    book = nbformat.read(path, as_version=4)
    drawing = [c for c in book.cells if c.cell_type == "code" and "charts." in c.source]
    shown = [c for c in book.cells if c.cell_type == "code"
             and any("image/png" in o.get("data", {}) for o in c.outputs)]
    assert len(shown) >= len(drawing), f"{path.name}: a chart is drawn but not shown (inline backend off?)"


@pytest.mark.slow
def test_a_report_page_embeds_its_chart_and_escapes_data_text(tmp_path, editable):
    import csv
    import io

    rows = editable.rows("figures")
    for row in rows:
        if row["figure_id"] == "an-deaths-total":
            row["scope"] = "dead <img src=x onerror=alert(1)>"
    editable.write("figures", rows)
    config = tmp_path / "reports.yml"
    config.write_text(f"reports:\n  sources:\n    notebook: {paths.NOTEBOOKS_DIR / 'sources.ipynb'}\n"
                      f"    parameters:\n      data_dir: {editable.folder}\n", encoding="utf-8")
    results = reports.run_reports(config, tmp_path / "out", None, {})
    assert all(r.ok for r in results), [r.message for r in results]
    page = (tmp_path / "out" / "sources" / "sources.html").read_text(encoding="utf-8")
    assert re.search(r'<img [^>]*src="data:image/png;base64,', page), "the estimates chart is embedded"
    assert "<img src=x" not in page and "onerror=alert" not in page.replace("&lt;img src=x onerror=alert", "")
    assert (tmp_path / "out" / "sources" / "estimates-deaths.png").exists()
    csv.reader(io.StringIO((tmp_path / "out" / "sources" / "claims-deaths.csv").read_text(encoding="utf-8")))
