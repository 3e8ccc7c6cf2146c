"""The committed notebooks keep their contract: one parameters cell, thin code, runnable by the reports."""

from __future__ import annotations

import ast

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
        tree = ast.parse(cell.source)
        defined = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.ClassDef | ast.For | ast.While)]
        assert not defined, f"{path.name}: logic belongs in the analysis package:\n{cell.source}"
    markdown = [c for c in book.cells if c.cell_type == "markdown"]
    assert len(markdown) >= len(code) // 2, f"{path.name}: say what the reader sees"
    assert all(not c.outputs or all(o.output_type != "error" for o in c.outputs) for c in code)
