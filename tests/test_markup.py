"""Data text shown as written in Markdown and HTML; tables and listings that fit a terminal without cut words."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from analysis import add_source, briefs, checks, loading, markup, paths
from analysis import archives as archives_module
from tests import fixture_sources
from tests.conftest import SEED

# Text that means something to Markdown, HTML, MathJax or pandoc, each of which must reach the reader as written.
HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", '"><script>alert(3)</script>', "$x$",
           "\\frac{1}{", "*bold*", "a|b", "__under__", "`code`", "[link](javascript:alert(4))", "&amp;", "~sub~",
           "^sup^", "# not a heading", "1. not a list", "> not a quote", "[^note]"]


def _visible(html: str) -> str:
    """The text a browser shows for a fragment of HTML (tags dropped, entities decoded)."""
    import html as html_module

    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", "", html)).split())


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_markdown_renders_as_exactly_the_text(text):
    rendered = markdown2html_mistune(f"Before {markup.escape_markdown(text)} after")
    assert _visible(rendered).strip() == f"Before {text} after"
    assert "<script" not in rendered and "<img" not in rendered and "<a " not in rendered
    alone = markdown2html_mistune(markup.escape_markdown(text))  # at the start of a line too
    assert _visible(alone).strip() == text and alone.startswith("<p>")


def test_escaping_leaves_ordinary_punctuation_alone():
    """An editor's ellipsis, an ampersand or a comparison need no backslash in the Markdown file."""
    for text in ["[…] said", "AT&T", "5 < 6 and 7 > 2", "50% of (some) people!", "2020-12-12", "5,600."]:
        assert markup.escape_markdown(text) == text


def test_a_markdown_table_keeps_pipes_and_tags_inside_their_cell():
    table = markup.markdown_table(["name", "value"], [["a|b <b>bold</b>", "$5"], ["line\nbreak", "*x*"]])
    rendered = markdown2html_mistune(table)
    cells = re.findall(r"<td>(.*?)</td>", rendered)
    assert [_visible(cell) for cell in cells] == ["a|b <b>bold</b>", "$5", "line break", "*x*"]


def test_escape_html():
    assert markup.escape_html('"><script>') == "&quot;&gt;&lt;script&gt;"


def test_escaping_a_column_of_html_escapes_each_text_as_escape_html_does():
    import pandas as pd

    texts = HOSTILE + ["it's &amp; <b>", "&lt;already&gt;", ""]
    assert markup.escape_html_column(pd.Series(texts, dtype="str")).tolist() == [markup.escape_html(t) for t in texts]


def test_checks_summary_shows_data_words_as_written():
    import pandas as pd

    stated, derived = "over 5,000 *really* <b>bold</b> $x$", "a|b \\frac{1}{"
    table = pd.DataFrame([{"check": "figures agree", "subject": "x", "stated": stated, "derived": derived,
                           "verdict": checks.CONTRADICTS, "sources": "a vs b", "detail": ""}])
    text = _visible(markdown2html_mistune(checks.summarise(table)))
    assert f"{stated} against {derived}" in text


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed (CI installs it: apt-get "
                    "install pandoc)")
@pytest.mark.parametrize("style", briefs.BRIEF_STYLES)
def test_a_brief_shows_titles_scopes_and_excerpts_as_written(editable, tmp_path, style):
    """Data text enters the brief's Markdown escaped: pandoc renders it as written, never as markup."""
    hostile = " ".join(HOSTILE[:8])
    editable.set("sources", SEED, "title", f"Ceasefire broke {hostile}")
    rows = editable.rows("figures")
    row = next(r for r in rows if r["figure_id"] == "an-deaths-total")
    row["scope"] = f"dead {hostile}"
    # Excerpts are verbatim: the test's own copy of the seed's archived text gains a paragraph of the passage the
    # excerpt quotes followed by the markup (the other excerpts keep theirs), and sources.csv the copy's checksum.
    archives = fixture_sources.archives_with_bundled(tmp_path / "archives")
    seed = next(r for r in editable.rows("sources") if r["source_id"] == SEED)
    archived = archives / seed["archive_path"]
    passage = row["excerpt"].split(archives_module.EXCERPT_SEPARATOR)[-1]
    archived.write_text(archived.read_text(encoding="utf-8") + f"\n{passage} {hostile}\n", encoding="utf-8")
    editable.set("sources", SEED, "archive_sha256", add_source.sha256_of(archived))
    row["excerpt"] = row["excerpt"] + f" {hostile}"
    editable.write("figures", rows)
    data = loading.load(editable.folder, archives_dir=archives)
    assert SEED in data.archives.verified
    brief = briefs.render_brief(briefs.SAMPLE_TEMPLATE, data, style=style)
    # Without pandoc's "smart" typography, which would curl the straight quotes of '"><script>'.
    html = subprocess.run(["pandoc", "--from", "markdown-smart", "--to", "html"], input=brief, capture_output=True,
                          text=True, check=True).stdout
    assert "<script" not in html and "<img" not in html and "javascript:" not in html.replace(
        "[link](javascript:alert(4))", "")
    text = _visible(html)
    assert f"dead {hostile}" in text, "the scope, as written"
    assert f"Ceasefire broke {hostile}" in text or style == "pandoc", "the source title (pandoc styles cite keys)"
    if style == "markdown":
        assert any(hostile in note for note in text.split("Excerpt:")[1:]), "the excerpt, as written"


# --------------------------------------------------------------------------------------- terminal width


def test_text_table_wraps_cells_within_the_width_and_never_cuts_a_word():
    rows = [("an-deaths-total", "The Armenian Defence Ministry said more than 5,600 people were killed", "ok"),
            ("x", "short", "contradicts")]
    for width in (40, 60, 80, 200):
        table = markup.text_table(rows, ("id", "stated", "verdict"), width=width)
        assert max(len(line) for line in table.splitlines()) <= width, table
        words = table.split()
        for row in rows:
            for word in " ".join(row).split():
                assert word in words, (width, word)
        assert "…" not in table
    assert markup.text_table(rows, ("id", "stated", "verdict"), width=200).splitlines()[0].split() == [
        "id", "stated", "verdict"]


def test_text_table_gives_one_block_per_row_where_no_table_fits():
    rows = [("resolved date", "an-war-start-month", "'late September', recorded as late September 2020")]
    blocks = markup.text_table(rows, ("check", "subject", "stated"), width=40, title_columns=2)
    assert blocks.splitlines()[0] == "resolved date · an-war-start-month"
    assert blocks.splitlines()[1].split()[0] == "stated"
    assert max(len(line) for line in blocks.splitlines()) <= 40


def _run(*args: str, columns: int) -> str:
    env = {"COLUMNS": str(columns), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True, env=env,
                          cwd=paths.REPO_DIR)
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


@pytest.mark.parametrize("columns", [80, 120])
def test_check_fits_the_terminal_and_keeps_every_word(data, columns):
    out = _run("check", columns=columns)
    assert max(len(line) for line in out.splitlines()) <= columns
    assert "…" not in out
    table = checks.worded(checks.run_checks(data))
    printed = set(out.split())
    for cell in table["stated"].astype(str).head(40):
        assert set(cell.split()) <= printed, cell


def test_report_list_fits_the_terminal_and_keeps_every_word():
    out = _run("report", "--list", columns=80)
    assert max(len(line) for line in out.splitlines()) <= 80
    printed = set(out.split())
    for word in ("'territory_change',", "'ceasefire_violation']", "Nagorno-Karabakh", "(reports.yml)"):
        assert word in printed
    assert "…" not in out
