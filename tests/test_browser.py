"""The report pages as a reader sees them, in a real headless Chromium, from data whose text holds markup.

Every report of reports.yml runs once (module fixture; the event-data report with the GED test export
imported) on a copy of the data where an event title, a figure's
scope and a source title hold `<script>`, `<img onerror>`, `"><script>`, `$x$`, `\\frac{1}{`, `*bold*` and `|`,
and with such a chart title. The pages must render (headings as elements, charts as loaded images, tables),
hide the code, show the parameters table, fetch nothing, run nothing and show the data text as written.

The browser is Debian's `chromium` driven by Playwright (its own browser download is not needed); where either
is missing the browser tests skip and say so (CI installs both: see .ci/run). Screenshots go to
$REPORT_SCREENSHOTS when set, else to the test's temporary folder; look at them.
"""

from __future__ import annotations

import html as html_module
import os
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from analysis import add_source, archives, importers, interactive, paths, reports
from tests import fixture_sources
from tests.conftest import EditableData

MARKUP = '<script>alert(1)</script> "><script>alert(2)</script> <img src=x onerror=alert(3)> $x$ \\frac{1}{ *bold* a|b'
EVENT_TITLE = f"Ceasefire violation reported in Hadrut {MARKUP}"
SCOPE = f"dead on both sides {MARKUP}"
SOURCE_TITLE = f"Nagorno-Karabakh ceasefire broke {MARKUP}"
CHART_TITLE = f"Key events {MARKUP}"
REPORT_NAMES = list(reports.load_config(paths.REPORTS_CONFIG))


def _flat(text: str) -> str:
    return " ".join(text.split())


def _foreign_scripts(page: str) -> list[str]:
    """The page's script elements but the interactive timeline's own (its data block and its fixed script)."""
    ours = {'<script class="analysis-timeline-data" type="application/json">', "<script>"}
    tags = re.findall(r"<script\b[^>]*>", page)
    bodies = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    return [tag for tag in tags if tag not in ours] + [body[:80] for body in bodies if body != interactive.SCRIPT]


@pytest.fixture(scope="module")
def planted(tmp_path_factory) -> dict[str, object]:
    """Every report run on data whose text holds markup; the results, pages and executed notebooks."""
    root = tmp_path_factory.mktemp("pages")
    shutil.copytree(paths.DATA_DIR, root / "data")
    data = EditableData(root / "data")
    data.set("events", "an-violation-hadrut", "title", EVENT_TITLE)
    data.set("figures", "an-deaths-total", "scope", SCOPE)
    data.set("sources", "asia-news-2020-12-12", "title", SOURCE_TITLE)
    excerpt = _plant_excerpt(data, root / "archives")
    # The event-data report runs only with an imported folder: the GED test export, imported as a user would.
    ged = importers.ged(paths.REPO_DIR / "tests" / "fixtures" / "ged_fixture.csv", root / "ged", version="23.1",
                        accessed="2024-01-10", sides={"Republic of Artsakh": "armenia"})
    saved = os.environ.get(paths.ARCHIVES_ENV)
    if excerpt:  # the kernels verify the excerpts against the test's own archives
        os.environ[paths.ARCHIVES_ENV] = str(root / "archives")
    try:
        results = reports.run_reports(paths.REPORTS_CONFIG, root / "reports", None,
                                      {"data_dir": str(root / "data"), "title": CHART_TITLE,
                                       "event_data": str(ged.data_dir)})
    finally:
        if saved is None:
            os.environ.pop(paths.ARCHIVES_ENV, None)
        else:
            os.environ[paths.ARCHIVES_ENV] = saved
    folder = root / "reports"
    return {"results": results, "folder": folder, "excerpt": excerpt,
            "pages": {name: (folder / name / f"{name}.html").read_text(encoding="utf-8") for name in REPORT_NAMES
                      if (folder / name / f"{name}.html").is_file()},
            "notebooks": {name: nbformat.read(folder / name / f"{name}.ipynb", as_version=4) for name in REPORT_NAMES
                          if (folder / name / f"{name}.ipynb").is_file()}}


def _plant_excerpt(data: EditableData, folder: Path) -> str | None:
    """The excerpt of an-deaths-total with MARKUP after it, or None where the archived texts are not here.

    Excerpts are verbatim: the test's own copy of the archives gains a paragraph of the passage followed by the
    markup, and sources.csv the copy's checksum (as tests/test_markup.py does for the brief)."""
    try:
        fixture_sources.archives_with_bundled(folder)
    except pytest.skip.Exception:  # a checkout without ../shared: the excerpt keeps its words
        return None
    rows = data.rows("figures")
    row = next(r for r in rows if r["figure_id"] == "an-deaths-total")
    seed = next(r for r in data.rows("sources") if r["source_id"] == row["source_id"])
    archived = folder / seed["archive_path"]
    passage = row["excerpt"].split(archives.EXCERPT_SEPARATOR)[-1]
    archived.write_text(archived.read_text(encoding="utf-8") + f"\n{passage} {MARKUP}\n", encoding="utf-8")
    data.set("sources", row["source_id"], "archive_sha256", add_source.sha256_of(archived))
    row["excerpt"] = f"{row['excerpt']} {MARKUP}"
    data.write("figures", rows)
    return row["excerpt"]


# --------------------------------------------------------------------------------- the pages, as HTML


@pytest.mark.slow
def test_every_report_runs_on_data_whose_text_holds_markup(planted):
    failed = [r.message for r in planted["results"] if not r.ok]
    assert not failed, failed  # a '$' in a title once made the timeline report fail in mathtext
    assert sorted(planted["pages"]) == sorted(REPORT_NAMES)


@pytest.mark.slow
@pytest.mark.parametrize("name", REPORT_NAMES)
def test_a_page_renders_its_markdown_runs_nothing_and_escapes_the_data(planted, name):
    page = planted["pages"][name]
    assert "&lt;p&gt;" not in page and "&lt;h1" not in page, "Markdown rendered, not shown as tags"
    assert re.search(r"<h1[ >]", page) and "<p>" in page
    assert not _foreign_scripts(page), "no script but the timeline's own: the data's '<script>' is text"
    assert not re.search(r"<img[^>]*onerror", page), "the data's '<img onerror>' is text"
    assert not re.search(r"<(?:link|iframe|object|embed)\b", page)
    assert not re.search(r"""\b(?:src|href)=["']?(?:https?:)?//""", page), "nothing fetched from the network"


@pytest.mark.slow
def test_the_data_text_reaches_the_pages_as_written(planted):
    def shown(name: str) -> str:
        return _flat(html_module.unescape(re.sub(r"<[^>]+>", " ", planted["pages"][name])))

    assert _flat(EVENT_TITLE) in shown("timeline-war"), "an event title in the events table"
    assert _flat(SCOPE) in shown("brief"), "a figure's scope in the rendered brief"
    assert _flat(SOURCE_TITLE) in shown("brief") and _flat(SOURCE_TITLE) in shown("sources"), "a source title"
    assert _flat(repr(CHART_TITLE)) in shown("timeline"), "a parameter value in the parameters table"
    if planted["excerpt"] is None:
        pytest.skip("the archived texts are not here, so no excerpt holds markup (the rest was checked)")
    for name in ("casualties", "sources"):
        assert _flat(planted["excerpt"]) in shown(name), f"{name}: a figure's excerpt, quoted whole under its table"


# --------------------------------------------------------------------------------- the pages, in Chromium


def _open(browser, path: Path):
    """The page at `path` with what it tried: requests leaving the file, dialogs opened, console errors."""
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    tried = {"requests": [], "dialogs": [], "errors": []}

    def route(request_route):
        url = request_route.request.url
        if url.startswith(("file://", "data:")):
            request_route.continue_()
        else:
            tried["requests"].append(url)
            request_route.abort()

    page.route("**/*", route)
    page.on("dialog", lambda dialog: (tried["dialogs"].append(dialog.message), dialog.dismiss()))
    page.on("console", lambda message: tried["errors"].append(message.text) if message.type == "error" else None)
    page.goto(path.as_uri(), wait_until="load")
    return page, tried


def _headings(notebook: nbformat.NotebookNode) -> list[str]:
    """The headings a notebook's Markdown cells write ('# Title', '## Section'), as a reader reads them: a title
    from the data (a report's `title`, escaped as Markdown) without its backslashes."""
    return [re.sub(r"\\(.)", r"\1", line.lstrip("#").strip()) for cell in notebook.cells
            if cell.cell_type == "markdown" for line in cell.source.splitlines() if re.match(r"#{1,3} ", line)]


@pytest.mark.slow
@pytest.mark.parametrize("name", REPORT_NAMES)
def test_a_reader_sees_headings_tables_charts_and_the_parameters_but_no_code(planted, browser, screenshots, name):
    path = planted["folder"] / name / f"{name}.html"
    page, tried = _open(browser, path)
    try:
        text = page.inner_text("body")
        for raw in ("<h1", "<h2", "<p>", "</p>", "<style", "<div", "&lt;"):
            assert raw not in text, f"{raw!r} shown as text on {name}"
        shown = [_flat(h).rstrip("¶").strip() for h in page.locator("h1, h2, h3").all_inner_texts()]
        for heading in _headings(planted["notebooks"][name]):
            assert heading in shown, f"{heading!r} is not a heading element on {name}"
        charts = sum("image/png" in output.get("data", {}) for cell in planted["notebooks"][name].cells
                     for output in cell.get("outputs", []))
        images = page.eval_on_selector_all("img", "els => els.map(e => [e.complete, e.naturalWidth, "
                                                  "e.naturalHeight, e.getBoundingClientRect().width])")
        assert len(images) == charts, f"{name}: every chart, and only the charts, as images"
        assert all(complete and w > 0 and h > 0 and shown_w > 0 for complete, w, h, shown_w in images), images
        assert page.locator(".jp-CodeMirrorEditor").count() == 0, "the code is hidden"
        assert "This report ran with" in text and "content sha256" in text and "code sha256" in text
        assert page.locator("table").count() >= 1
        aligned = page.eval_on_selector_all("td, th", "els => els.map(e => [getComputedStyle(e).textAlign, "
                                                     "getComputedStyle(e).verticalAlign])")
        assert set(map(tuple, aligned)) == {("left", "top")}, f"{name}: table cells hold words, read left to right"
        # Printed text wraps between words: the brief's BibTeX once read "Russian Federat / ion".
        wrapped = page.eval_on_selector_all(".jp-OutputArea-output pre", "els => els.map(e => "
                                            "getComputedStyle(e).wordBreak)")
        assert "break-all" not in wrapped, f"{name}: printed text cut mid-word"
        scripts = page.eval_on_selector_all("script", "els => els.map(e => [e.type, e.textContent])")
        expected = [interactive.SCRIPT] if name.startswith("timeline") else []  # the interactive chart's only
        assert [text for kind, text in scripts if kind != "application/json"] == expected
        assert not tried["requests"], f"requests left the machine: {tried['requests']}"
        assert not tried["dialogs"], f"the data ran as code: {tried['dialogs']}"
        assert not [e for e in tried["errors"] if "Content Security Policy" in e], tried["errors"]
        if name in ("timeline-war", "brief", "sources"):
            planted_text = {"timeline-war": EVENT_TITLE, "brief": SCOPE, "sources": SOURCE_TITLE}[name]
            assert _flat(planted_text) in _flat(text), f"{name}: the data's text as written"
        if name in ("casualties", "sources"):
            # Every figure of a table leads to its passage, and the table fits the page.
            notes = page.eval_on_selector_all("table.with-excerpts tbody tr", "rows => rows.map(r => { "
                                              "const a = r.querySelector('td:last-child a.excerpt-note'); "
                                              "const note = a && document.getElementById(a.hash.slice(1)); "
                                              "return note ? note.innerText : ''; })")
            assert notes and all("“" in note and " — " in note for note in notes), f"{name}: a figure without excerpt"
            wide = page.eval_on_selector_all("table.with-excerpts", "ts => ts.filter(t => "
                                             "t.getBoundingClientRect().right > document.body.clientWidth).length")
            assert wide == 0, f"{name}: a table of figures runs off the page"
        page.screenshot(path=str(screenshots / f"{name}.png"), full_page=True)
    finally:
        page.close()
    print(f"screenshot: {screenshots / f'{name}.png'}")


@pytest.mark.slow
def test_the_timeline_pages_interactive_chart_runs_offline_under_the_pages_policy(planted, browser, screenshots):
    """Beside the static chart, the interactive one: allowed by hash, drawing every event and span of the
    report, the data's markup shown as text, its excerpt and source on hover, nothing fetched."""
    path = planted["folder"] / "timeline-war" / "timeline-war.html"
    page, tried = _open(browser, path)
    try:
        page.wait_for_selector(".analysis-timeline[data-ready=true]", timeout=20_000)
        folder = planted["folder"] / "timeline-war"
        events = (folder / "timeline.csv").read_text(encoding="utf-8").count("\n") - 1
        spans = (folder / "spans.csv").read_text(encoding="utf-8").count("\n") - 1
        assert page.get_attribute(".analysis-timeline", "data-shown") == str(events + spans)
        page.fill(".tl-search", "hadrut")
        item = page.locator('.tl-item[data-id="an-violation-hadrut"]')
        assert _flat(EVENT_TITLE) in _flat(item.locator(".tl-label").text_content()), "the data's markup as text"
        item.locator(".tl-marker").hover()
        tip = page.locator(".tl-tooltip")
        tip.wait_for(state="visible")
        assert "A case of violation of the ceasefire was reported on December 11" in tip.inner_text()
        assert "Source: Asia News" in tip.inner_text()
        assert "timeline.q=hadrut" in page.evaluate("location.hash"), "the address keeps the view"
        page.locator(".analysis-timeline").screenshot(path=str(screenshots / "timeline-war-interactive.png"))
        assert not tried["requests"], f"requests left the machine: {tried['requests']}"
        assert not tried["dialogs"], f"the data ran as code: {tried['dialogs']}"
        assert not tried["errors"], tried["errors"]
    finally:
        page.close()
