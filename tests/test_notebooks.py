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
    interactive = [c for c in book.cells if c.cell_type == "code"  # charts.interactive_timeline: HTML, not an image
                   and any('class="analysis-timeline"' in "".join(o.get("data", {}).get("text/html", ""))
                           for o in c.outputs)]
    assert len(shown) + len(interactive) >= len(drawing), \
        f"{path.name}: a chart is drawn but not shown (inline backend off?)"


def test_notebooks_escape_the_data_text_they_put_into_markdown():
    """Markdown a notebook builds from the data goes through analysis.markup (or a helper that escapes)."""
    for path in NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code" and "Markdown(f" in cell.source:
                fields = re.findall(r"\{([^{}]+)\}", cell.source.split("Markdown(f", 1)[1])
                data_text = [f for f in fields if not re.fullmatch(r"len\(.*\)|.*\.nunique\(\)|.*\[.*\]\.sum\(\)", f)]
                assert not data_text, f"{path.name}: {data_text} reach Markdown unescaped: use markup.markdown()"


@pytest.mark.parametrize("stem", ["casualties", "sources"])
def test_every_figure_a_report_tables_shows_its_excerpt_on_the_page(stem, data):
    """A table of figures (an "as stated" column) shows each figure's passage, and its note quotes it whole."""
    import html as html_module

    from analysis.citations import quoted_excerpt

    book = nbformat.read(paths.NOTEBOOKS_DIR / f"{stem}.ipynb", as_version=4)
    shown = ["".join(output.get("data", {}).get("text/html", "")) for cell in book.cells if cell.cell_type == "code"
             for output in cell.outputs]
    tables = [html for html in shown if "<th>as stated</th>" in html]
    assert tables, f"{stem}: no table of figures"
    for table in tables:
        assert re.search(r'<table [^>]*class="[^"]*\bwith-excerpts\b', table) and "<th>excerpt</th>" in table, \
            f"{stem}: no excerpts"
        notes = {anchor: " ".join(html_module.unescape(re.sub(r"<[^>]+>", "", item)).split())
                 for anchor, item in re.findall(r'<li id="([^"]+)">(.*?)</li>', table, re.S)}
        rows = re.findall(r"<tr>\s*<th>([^<]+)</th>.*?href=\"#([^\"]+)\"", table.split("<tbody>")[1], re.S)
        assert len(rows) == table.split("<tbody>")[1].count("<tr>"), f"{stem}: a figure without its excerpt"
        for figure_id, anchor in rows:
            assert quoted_excerpt(data.figures.loc[figure_id, "excerpt"]) in notes[anchor], (stem, figure_id)
